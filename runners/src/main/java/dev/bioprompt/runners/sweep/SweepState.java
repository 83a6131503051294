package dev.bioprompt.runners.sweep;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.bioprompt.api.runner.CellResult;
import dev.bioprompt.api.runner.SweepSpec;
import dev.bioprompt.api.tracking.RunStatus;
import dev.bioprompt.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The crash-safe record of a sweep's progress, in a run folder:
 *
 * <pre>
 * &lt;runs&gt;/&lt;sweep-id&gt;/sweep.json                       the sweep (cells) as submitted
 * &lt;runs&gt;/&lt;sweep-id&gt;/parent-run.json                  the sweep's parent tracking run
 * &lt;runs&gt;/&lt;sweep-id&gt;/cells/&lt;cell-id&gt;/running.json    written when the cell starts (its tracking run id)
 * &lt;runs&gt;/&lt;sweep-id&gt;/cells/&lt;cell-id&gt;/result.json     written when the cell ends (FINISHED or FAILED)
 * &lt;runs&gt;/&lt;sweep-id&gt;/cells/&lt;cell-id&gt;/checkpoint/     the cell's checkpoints
 * </pre>
 *
 * Every file is written to a temporary file, forced to disk and renamed over the target, so a crash leaves either
 * the old or the new content, never a partial file. A restarted sweep skips cells whose result is {@code FINISHED},
 * and resumes a started but unfinished cell with its recorded tracking run and its checkpoint folder. Cells that
 * failed run again. Safe for concurrent use by the cells of one sweep (each cell writes only its own folder).
 */
public final class SweepState {
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private final Path dir;
    private final String sweepId;

    private SweepState(Path dir, String sweepId) {
        this.dir = dir;
        this.sweepId = sweepId;
    }

    /**
     * Opens (creating when missing) the state of a sweep under {@code runsDir}, recording the sweep's cells the
     * first time.
     *
     * @throws IllegalStateException when the folder holds a different sweep
     */
    public static SweepState open(Path runsDir, SweepSpec sweep) {
        requireNonNull(runsDir, "runsDir is null");
        requireNonNull(sweep, "sweep is null");
        String sweepId = checkName(sweep.sweepId(), "sweep id");
        Path dir = runsDir.resolve(sweepId);
        SweepState state = new SweepState(dir, sweepId);
        Path spec = dir.resolve("sweep.json");
        if (Files.exists(spec)) {
            SweepSpec recorded = state.read(spec, SweepSpec.class);
            if (!recorded.sweepId().equals(sweepId)) {
                throw new IllegalStateException(spec + ": holds sweep '" + recorded.sweepId()
                        + "', expected '" + sweepId + "'");
            }
        } else {
            state.write(spec, sweep);
        }
        state.sweepTemporaryFiles();
        return state;
    }

    /**
     * Removes temporary files ({@code .bioprompt-tmp-*}, and {@code .NAME*.tmp} of earlier versions) older than a
     * minute: left by a process that died mid-write.
     */
    private void sweepTemporaryFiles() {
        long cutoff = System.currentTimeMillis() - 60_000;
        try (Stream<Path> files = Files.walk(dir, 4)) {
            for (Path file : files.filter(f -> AtomicFiles.isTemporary(f) || f.getFileName().toString().startsWith(".")
                    && f.getFileName().toString().endsWith(".tmp")).toList()) {
                try {
                    if (Files.getLastModifiedTime(file).toMillis() < cutoff) {
                        Files.deleteIfExists(file);
                    }
                } catch (IOException e) {
                    // swept by another process
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // housekeeping only
        }
    }

    /** The sweep's folder. */
    public Path dir() {
        return dir;
    }

    /** The sweep id. */
    public String sweepId() {
        return sweepId;
    }

    /** The recorded parent tracking run, if one was recorded. */
    public Optional<String> parentRunId() {
        Path file = dir.resolve("parent-run.json");
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        JsonNode node = read(file, JsonNode.class);
        JsonNode id = node.get("trackingRunId");
        if (id == null || !id.isTextual() || id.asText().isEmpty()) {
            throw new IllegalStateException(file + ": expected a non-empty string 'trackingRunId'");
        }
        return Optional.of(id.asText());
    }

    /** Records the parent tracking run. */
    public void recordParentRun(String trackingRunId) {
        requireNonNull(trackingRunId, "trackingRunId is null");
        write(dir.resolve("parent-run.json"), Map.of("sweepId", sweepId, "trackingRunId", trackingRunId));
    }

    /** The recorded result of a cell (finished or failed), if it ended. */
    public Optional<CellResult> result(String cellId) {
        Path file = cellDir(cellId).resolve("result.json");
        return Files.exists(file) ? Optional.of(read(file, CellResult.class)) : Optional.empty();
    }

    /** Whether the cell has a {@code FINISHED} result (a restarted sweep skips it). */
    public boolean isFinished(String cellId) {
        return result(cellId).map(r -> r.status() == RunStatus.FINISHED).orElse(false);
    }

    /** The start record of a cell, if it started. */
    public Optional<RunningCell> running(String cellId) {
        Path file = cellDir(cellId).resolve("running.json");
        return Files.exists(file) ? Optional.of(read(file, RunningCell.class)) : Optional.empty();
    }

    /**
     * Records that a cell starts with a tracking run (a new start increments the attempt count).
     *
     * @return the record written
     */
    public RunningCell markRunning(String cellId, String trackingRunId) {
        int attempt = running(cellId).map(r -> r.attempt() + 1).orElse(1);
        RunningCell record = new RunningCell(cellId, trackingRunId, attempt, System.currentTimeMillis());
        write(cellDir(cellId).resolve("running.json"), record);
        return record;
    }

    /**
     * Records the tracking run of the start claimed by {@link #markRunning} with an empty run id (same attempt).
     *
     * @return the record written
     */
    public RunningCell recordTrackingRun(String cellId, String trackingRunId) {
        RunningCell claim = running(cellId).orElseThrow(() -> new IllegalStateException("cell " + cellId
                + " has no start record to complete"));
        RunningCell record = new RunningCell(cellId, trackingRunId, claim.attempt(), claim.startedAt());
        write(cellDir(cellId).resolve("running.json"), record);
        return record;
    }

    /**
     * Records how a cell ended. {@code KILLED} results are not recorded: a cancelled cell stays resumable.
     *
     * @throws IllegalArgumentException for a {@code KILLED} or {@code RUNNING} result
     */
    public void recordResult(String cellId, CellResult result) {
        requireNonNull(result, "result is null");
        if (result.status() != RunStatus.FINISHED && result.status() != RunStatus.FAILED) {
            throw new IllegalArgumentException("only FINISHED or FAILED results are recorded, got "
                    + result.status() + " for cell " + cellId);
        }
        write(cellDir(cellId).resolve("result.json"), result);
    }

    /** The cell's checkpoint folder (created when missing); the same folder across restarts. */
    public Path checkpointDir(String cellId) {
        Path path = cellDir(cellId).resolve("checkpoint");
        try {
            Files.createDirectories(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + path, e);
        }
        return path;
    }

    private Path cellDir(String cellId) {
        return dir.resolve("cells").resolve(checkName(cellId, "cell id"));
    }

    private static String checkName(String name, String what) {
        requireNonNull(name, what + " is null");
        if (!SAFE_NAME.matcher(name).matches() || name.length() > 200) {
            throw new IllegalArgumentException(what + " '" + name
                    + "' is not a safe folder name (letters, digits, '.', '_', '-'; at most 200 characters)");
        }
        return name;
    }

    private <T> T read(Path file, Class<T> type) {
        try {
            return SweepJson.mapper().readValue(Files.readString(file, StandardCharsets.UTF_8), type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(file + ": not a valid " + type.getSimpleName() + " record: "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * Writes {@code file} atomically; a cancelled (interrupted) worker still records its state, as {@link AtomicFiles}
     * writes do not depend on the calling thread's interrupt status.
     */
    private void write(Path file, Object value) {
        try {
            AtomicFiles.write(file, SweepJson.mapper().writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }
}
