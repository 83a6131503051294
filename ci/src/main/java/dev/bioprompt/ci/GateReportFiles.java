package dev.bioprompt.ci;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes gate reports to files, each complete or not at all (written beside the target, then moved). */
public final class GateReportFiles {

    private GateReportFiles() {
    }

    /** Writes the JUnit XML report. */
    public static void writeJUnit(GateResult result, Path file) throws IOException {
        write(file, JUnitGateReport.render(result));
    }

    /** Writes the Markdown report. */
    public static void writeMarkdown(GateResult result, Path file) throws IOException {
        write(file, MarkdownGateReport.render(result));
    }

    /** Writes the plain-text report. */
    public static void writeText(GateResult result, Path file) throws IOException {
        write(file, TextGateReport.render(result));
    }

    private static void write(Path file, String content) throws IOException {
        Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".partial");
        try {
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw new IOException("cannot write gate report " + target + ": " + e.getMessage(), e);
        }
    }
}
