package dev.bioprompt.runners.testkit;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.bioprompt.api.tracking.ResumableTracker;
import dev.bioprompt.api.tracking.RunRecord;
import dev.bioprompt.api.tracking.RunRequest;
import dev.bioprompt.api.tracking.RunStatus;
import dev.bioprompt.api.tracking.TrackedRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * A minimal file-backed tracker for tests: one folder per run holding {@code run.json} (rewritten atomically) and
 * {@code metrics.jsonl}. Several processes may share a root as long as each writes only its own runs.
 */
public final class FileTestTracker implements ResumableTracker {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final Path root;

    public FileTestTracker(Path root) {
        this.root = requireNonNull(root, "root is null");
    }

    /** The state of one run as stored. */
    public record StoredRun(String runId, String experiment, String runName, String parentRunId, RunStatus status,
                            long startTime, Map<String, String> tags, Map<String, String> params, int resumes) {
    }

    @Override
    public synchronized TrackedRun startRun(RunRequest request) {
        String id = UUID.randomUUID().toString().replace("-", "");
        Map<String, String> tags = new HashMap<>(request.tags());
        request.parent().ifPresent(p -> tags.put("mlflow.parentRunId", p));
        StoredRun run = new StoredRun(id, request.experiment(), request.runName(), request.parentRunId(),
                RunStatus.RUNNING, System.currentTimeMillis(), tags, Map.of(), 0);
        save(run);
        return new Handle(id);
    }

    @Override
    public synchronized TrackedRun resumeRun(String runId) {
        StoredRun run = stored(runId).orElseThrow(() -> new IllegalArgumentException("no run " + runId));
        save(new StoredRun(run.runId(), run.experiment(), run.runName(), run.parentRunId(), RunStatus.RUNNING,
                run.startTime(), run.tags(), run.params(), run.resumes() + 1));
        return new Handle(runId);
    }

    @Override
    public Optional<RunRecord> getRun(String runId) {
        return stored(runId).map(r -> new RunRecord(r.runId(), r.experiment(), r.runName(), r.status(), r.startTime(),
                r.params(), latestMetrics(r.runId()), r.tags(), root.resolve(r.runId()).toUri().toString()));
    }

    @Override
    public List<RunRecord> listRuns(String experiment) {
        return storedRuns().stream().filter(r -> r.experiment().equals(experiment))
                .sorted(Comparator.comparingLong(StoredRun::startTime).reversed())
                .map(r -> getRun(r.runId()).orElseThrow()).toList();
    }

    /** Every stored run. */
    public List<StoredRun> storedRuns() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(root)) {
            List<StoredRun> runs = new ArrayList<>();
            for (Path dir : dirs.toList()) {
                stored(dir.getFileName().toString()).ifPresent(runs::add);
            }
            return runs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A stored run. */
    public Optional<StoredRun> stored(String runId) {
        Path file = root.resolve(runId).resolve("run.json");
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), StoredRun.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The artifacts of a run, as paths relative to its artifact root ({@code summary/results.csv}), sorted. */
    public List<String> artifacts(String runId) {
        Path dir = root.resolve(runId).resolve("artifacts");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).map(f -> dir.relativize(f).toString().replace('\\', '/'))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every logged metric line of a run ({@code step name value}). */
    public List<String> metricLines(String runId) {
        Path file = root.resolve(runId).resolve("metrics.jsonl");
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, Double> latestMetrics(String runId) {
        Map<String, Double> latest = new HashMap<>();
        for (String line : metricLines(runId)) {
            String[] parts = line.split(" ");
            latest.put(parts[1], Double.parseDouble(parts[2]));
        }
        return latest;
    }

    @Override
    public String uri() {
        return root.toUri().toString();
    }

    @Override
    public void close() {
    }

    private synchronized void update(String runId, UnaryOperator<StoredRun> change) {
        save(change.apply(stored(runId).orElseThrow()));
    }

    private void save(StoredRun run) {
        try {
            Path dir = Files.createDirectories(root.resolve(run.runId()));
            Path tmp = dir.resolve("run.json.tmp");
            Files.write(tmp, JSON.writeValueAsBytes(run));
            Files.move(tmp, dir.resolve("run.json"), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private final class Handle implements TrackedRun {
        private final String runId;
        private boolean ended;

        Handle(String runId) {
            this.runId = runId;
        }

        @Override
        public String runId() {
            return runId;
        }

        @Override
        public void logParams(Map<String, String> params) {
            update(runId, r -> {
                Map<String, String> all = new HashMap<>(r.params());
                params.forEach((k, v) -> {
                    String old = all.putIfAbsent(k, v);
                    if (old != null && !old.equals(v)) {
                        throw new IllegalStateException("param " + k + " changed from " + old + " to " + v);
                    }
                });
                return new StoredRun(r.runId(), r.experiment(), r.runName(), r.parentRunId(), r.status(),
                        r.startTime(), r.tags(), all, r.resumes());
            });
        }

        @Override
        public void logMetrics(Map<String, Double> metrics, long step) {
            StringBuilder lines = new StringBuilder();
            metrics.forEach((k, v) -> lines.append(step).append(' ').append(k).append(' ').append(v).append('\n'));
            try {
                Files.writeString(root.resolve(runId).resolve("metrics.jsonl"), lines, StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void setTags(Map<String, String> tags) {
            update(runId, r -> {
                Map<String, String> all = new HashMap<>(r.tags());
                all.putAll(tags);
                return new StoredRun(r.runId(), r.experiment(), r.runName(), r.parentRunId(), r.status(),
                        r.startTime(), all, r.params(), r.resumes());
            });
        }

        @Override
        public void logArtifact(Path file, String artifactPath) {
            if (!Files.isRegularFile(file)) {
                throw new UnsupportedOperationException("the test tracker stores files, not folders: " + file);
            }
            try {
                Path target = root.resolve(runId).resolve("artifacts").resolve(artifactPath)
                        .resolve(file.getFileName().toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void finish(RunStatus status) {
            if (ended) {
                throw new IllegalStateException("run " + runId + " already ended");
            }
            ended = true;
            update(runId, r -> new StoredRun(r.runId(), r.experiment(), r.runName(), r.parentRunId(), status,
                    r.startTime(), r.tags(), r.params(), r.resumes()));
        }

        @Override
        public void close() {
            if (!ended) {
                finish(RunStatus.FINISHED);
            }
        }
    }
}
