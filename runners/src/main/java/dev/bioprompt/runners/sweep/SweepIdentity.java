package dev.bioprompt.runners.sweep;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.runner.SweepSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A sweep's identity is its cells and the code that runs them: {@code <experiment>-<cells hash>-<code hash>}, the
 * first two parts from {@link SweepExpander}, the last the first {@value #CODE_DIGITS} hex digits of a
 * {@link CodeFingerprint}. Resubmitting the same cells with the same code resumes the sweep; after a code change
 * (a method, the platform, a library, a plugin jar) the same cells form a new sweep with its own folder and parent
 * run, so finished cells of the old code are neither skipped nor mixed into the new results.
 */
public final class SweepIdentity {
    /** How many hex digits of the code digest the id carries. */
    public static final int CODE_DIGITS = 8;

    private static final Pattern HEX = Pattern.compile("[0-9a-f]+");

    private SweepIdentity() {
    }

    /**
     * The sweep with the code's digits appended to its id.
     *
     * @param codeDigest a {@link CodeFingerprint} digest (hex)
     */
    public static SweepSpec withCode(SweepSpec sweep, String codeDigest) {
        requireNonNull(sweep, "sweep is null");
        requireNonNull(codeDigest, "codeDigest is null");
        if (codeDigest.length() < CODE_DIGITS || !HEX.matcher(codeDigest).matches()) {
            throw new IllegalArgumentException("a code digest is at least " + CODE_DIGITS
                    + " lower-case hex digits, got '" + codeDigest + "'");
        }
        return new SweepSpec(sweep.sweepId() + "-" + codeDigest.substring(0, CODE_DIGITS), sweep.experiment(),
                sweep.cells());
    }

    /**
     * The sweeps under {@code runsDir} with the same cells as {@code sweepId} but other code: folders holding a
     * {@code sweep.json} named like it with other code digits, or without code digits (sweeps of versions before
     * code ids). Sorted by name.
     */
    public static List<String> sameCellsOtherCode(Path runsDir, String sweepId) {
        requireNonNull(runsDir, "runsDir is null");
        requireNonNull(sweepId, "sweepId is null");
        int cut = sweepId.length() - CODE_DIGITS - 1;
        if (cut <= 0 || sweepId.charAt(cut) != '-' || !Files.isDirectory(runsDir)) {
            return List.of();
        }
        String cells = sweepId.substring(0, cut);
        Pattern sibling = Pattern.compile(Pattern.quote(cells) + "(-[0-9a-f]{" + CODE_DIGITS + "})?");
        try (Stream<Path> folders = Files.list(runsDir)) {
            return folders.map(f -> f.getFileName().toString())
                    .filter(name -> !name.equals(sweepId) && sibling.matcher(name).matches())
                    .filter(name -> Files.isRegularFile(runsDir.resolve(name).resolve("sweep.json")))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + runsDir, e);
        }
    }
}
