package dev.bioprompt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BiopromptTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Bioprompt.run(args, Map.of(), new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void helpExplainsLayersAndExitCodes() {
        assertThat(run("--help")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("--set", "BIOPROMPT_", "Exit codes", "methods");
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertThat(run("no-such-command")).isEqualTo(ExitCodes.USAGE);
        assertThat(run("--set", "Bad Key=1", "methods")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("Bad Key");
    }

    @Test
    void unknownMethodIsAUsageErrorNamingIt() {
        assertThat(run("methods", "no-such-method")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("unknown method 'no-such-method'");
    }
}
