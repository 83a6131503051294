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
 * A sweep's identity is its cells, the code that runs them and the files they read:
 * {@code <experiment>-<cells hash>-<code and inputs hash>}, the first two parts from {@link SweepExpander}, the last
 * the first {@value #DIGITS} hex digits of a digest of a {@link CodeFingerprint} and an {@link InputFingerprint}.
 * Resubmitting the same cells with the same code and inputs resumes the sweep; after a change of code (a method, the
 * platform, a library, a plugin jar) or of an input (a split file, descriptions, backbone files) the same cells form
 * a new sweep with its own folder and parent run, so finished cells of the old sweep are neither skipped nor mixed
 * into the new results.
 */
public final class SweepIdentity {
    /** How many hex digits of the code and inputs digest the id carries. */
    public static final int DIGITS = 8;

    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    private SweepIdentity() {
    }

    /**
     * The sweep with the digits of its code and inputs appended to its id.
     *
     * @param codeDigest a {@link CodeFingerprint} digest
     * @param inputsDigest an {@link InputFingerprint} digest
     */
    public static SweepSpec of(SweepSpec cells, String codeDigest, String inputsDigest) {
        requireNonNull(cells, "cells is null");
        checkDigest(codeDigest, "code");
        checkDigest(inputsDigest, "inputs");
        String digits = CodeFingerprint.ofText(codeDigest + "\n" + inputsDigest).substring(0, DIGITS);
        return new SweepSpec(cells.sweepId() + "-" + digits, cells.experiment(), cells.cells());
    }

    private static void checkDigest(String digest, String what) {
        requireNonNull(digest, what + " digest is null");
        if (!HEX.matcher(digest).matches()) {
            throw new IllegalArgumentException("the " + what + " digest must be 64 lower-case hex digits, got '"
                    + digest + "'");
        }
    }

    /**
     * The sweeps under {@code runsDir} with the same cells as {@code sweepId} but other code or inputs: folders
     * holding a {@code sweep.json} named like it with other final digits, or without them (sweeps of versions before
     * these ids). Sorted by name.
     */
    public static List<String> sameCellsOtherCodeOrInputs(Path runsDir, String sweepId) {
        requireNonNull(runsDir, "runsDir is null");
        requireNonNull(sweepId, "sweepId is null");
        int cut = sweepId.length() - DIGITS - 1;
        if (cut <= 0 || sweepId.charAt(cut) != '-' || !Files.isDirectory(runsDir)) {
            return List.of();
        }
        String cells = sweepId.substring(0, cut);
        Pattern sibling = Pattern.compile(Pattern.quote(cells) + "(-[0-9a-f]{" + DIGITS + "})?");
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
