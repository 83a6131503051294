package dev.bioprompt.tracking.file;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.io.Uninterruptibly;
import dev.bioprompt.api.tracking.RunStatus;
import dev.bioprompt.api.tracking.TrackedRun;
import dev.bioprompt.io.AtomicFiles;
import dev.bioprompt.tracking.ArtifactFiles;
import dev.bioprompt.tracking.MlflowKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A run of a {@link FileStoreTracker}: every call writes through to the run's folder. */
final class FileStoreRun implements TrackedRun {
    private final Path runDir;
    private final FileStoreTracker.RunMeta meta;
    private boolean ended;

    FileStoreRun(Path runDir, FileStoreTracker.RunMeta meta) {
        this.runDir = requireNonNull(runDir, "runDir is null");
        this.meta = requireNonNull(meta, "meta is null");
    }

    @Override
    public String runId() {
        return meta.runId();
    }

    @Override
    public synchronized void logParams(Map<String, String> params) {
        checkOpen();
        Map<String, String> checked = new TreeMap<>();
        params.forEach((key, value) -> {
            MlflowKeys.validateKey("param", key);
            checked.put(key, MlflowKeys.paramValue(key, value));
        });
        checked.forEach((key, value) -> {
            Path file = runDir.resolve("params").resolve(key);
            if (Files.exists(file)) {
                String old = read(file);
                if (!old.equals(value)) {
                    throw new IllegalArgumentException("Changing param values is not allowed: param '" + key
                            + "' of run " + meta.runId() + " was '" + old + "', new value '" + value + "'");
                }
                return;
            }
            writeString(file, value);
        });
    }

    @Override
    public synchronized void logMetrics(Map<String, Double> metrics, long step) {
        checkOpen();
        long timestamp = System.currentTimeMillis();
        Map<String, Double> checked = new TreeMap<>();
        metrics.forEach((key, value) -> {
            MlflowKeys.validateKey("metric", key);
            checked.put(key, requireNonNull(value, () -> "value of metric '" + key + "' is null"));
        });
        Uninterruptibly.run(() -> checked.forEach((key, value) -> {
            Path file = runDir.resolve("metrics").resolve(key);
            String line = timestamp + " " + MetricValues.format(value) + " " + step + "\n";
            try {
                Files.createDirectories(file.getParent());
                Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot append metric '" + key + "' to " + file + ": "
                        + e.getMessage(), e);
            }
        }));
    }

    @Override
    public synchronized void setTags(Map<String, String> tags) {
        checkOpen();
        Map<String, String> checked = new TreeMap<>();
        tags.forEach((key, value) -> {
            MlflowKeys.validateKey("tag", key);
            checked.put(key, MlflowKeys.tagValue(key, value));
        });
        checked.forEach((key, value) -> writeString(runDir.resolve("tags").resolve(key), value));
    }

    @Override
    public synchronized void logArtifact(Path file, String artifactPath) {
        checkOpen();
        Path artifacts = runDir.resolve("artifacts");
        Uninterruptibly.run(() -> ArtifactFiles.plan(file, artifactPath).forEach((relative, source) -> {
            Path target = artifacts.resolve(relative);
            try {
                // the temporary lives in the run's folder, which MLflow does not list as artifacts
                AtomicFiles.copy(source, target, runDir);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot copy artifact " + source + " to " + target + ": "
                        + e.getMessage(), e);
            }
        }));
    }

    @Override
    public synchronized void finish(RunStatus status) {
        requireNonNull(status, "status is null");
        checkOpen();
        ended = true;
        writeMeta(status, status == RunStatus.RUNNING ? null : System.currentTimeMillis());
    }

    @Override
    public synchronized void close() {
        if (!ended) {
            finish(RunStatus.FINISHED);
        }
    }

    void writeMeta(RunStatus status, Long endTime) {
        Map<String, Object> fields = new HashMap<>();
        fields.put("artifact_uri", meta.artifactUri());
        fields.put("end_time", endTime);
        fields.put("entry_point_name", "");
        fields.put("experiment_id", meta.experimentId());
        fields.put("lifecycle_stage", "active");
        fields.put("run_id", meta.runId());
        fields.put("run_uuid", meta.runId());
        fields.put("run_name", meta.runName());
        fields.put("source_name", "");
        fields.put("source_type", meta.sourceType());
        fields.put("source_version", "");
        fields.put("start_time", meta.startTime());
        fields.put("status", statusCode(status));
        fields.put("tags", List.of());
        fields.put("user_id", meta.userId());
        MetaYaml.write(runDir.resolve("meta.yaml"), fields);
    }

    static int statusCode(RunStatus status) {
        return switch (status) {
            case RUNNING -> 1;
            case FINISHED -> 3;
            case FAILED -> 4;
            case KILLED -> 5;
        };
    }

    private void checkOpen() {
        if (ended) {
            throw new IllegalStateException("Run " + meta.runId() + " has already ended");
        }
    }

    /**
     * Replaces a param or tag file. The temporary lives in the run's folder: MLflow reads every file of
     * {@code params/} and {@code tags/}, not the run folder's unknown files.
     */
    private void writeString(Path file, String value) {
        try {
            AtomicFiles.writeString(file, value, runDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }
}
