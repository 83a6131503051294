package dev.bioprompt.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One in-process run of {@code bioprompt} with its exit code and captured output.
 *
 * @param exitCode the exit code
 * @param out standard output
 * @param err standard error
 */
public record CliRun(int exitCode, String out, String err) {

    /** Runs {@code bioprompt args} with an environment. */
    public static CliRun of(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Bioprompt.run(args, environment, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliRun(code, out.toString(), err.toString());
    }

    /** Runs {@code bioprompt args} with an empty environment. */
    public static CliRun of(String... args) {
        return of(Map.of(), args);
    }

    /** The {@code results.json} a sweep wrote somewhere under {@code runsDir}, parsed. */
    public static JsonNode sweepResults(Path runsDir) throws IOException {
        try (Stream<Path> files = Files.walk(runsDir)) {
            Path results = files.filter(p -> p.getFileName().toString().equals("results.json")).findFirst()
                    .orElseThrow(() -> new AssertionError("no results.json under " + runsDir));
            return new ObjectMapper().readTree(results.toFile());
        }
    }
}
