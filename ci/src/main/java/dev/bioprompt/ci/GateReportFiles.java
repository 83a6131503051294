package dev.bioprompt.ci;

import dev.bioprompt.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;

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
        try {
            AtomicFiles.writeString(file, content);
        } catch (IOException e) {
            throw new IOException("cannot write gate report " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }
}
