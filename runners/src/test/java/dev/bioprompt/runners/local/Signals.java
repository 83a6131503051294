package dev.bioprompt.runners.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A shell started without job control starts background commands with SIGINT ignored, and a JVM keeps an ignored
 * SIGINT ignored: a child JVM launched from such a test JVM never sees Ctrl-C. This prefix restores the default
 * disposition before exec when it is needed (through perl, present wherever git is).
 */
final class Signals {

    private Signals() {
    }

    /** The command prefix that gives a child process the default SIGINT disposition (empty when it already has). */
    static List<String> defaultSigint() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("SigIgn:")) {
                long ignored = Long.parseUnsignedLong(line.substring(7).trim(), 16);
                if ((ignored & 0x2) != 0) {
                    return List.of("perl", "-e", "$SIG{INT} = 'DEFAULT'; exec { $ARGV[0] } @ARGV or die $!");
                }
            }
        }
        return List.of();
    }
}
