package dev.bioprompt.tracking.file;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.promptset.PromptSet;
import dev.bioprompt.api.tracking.ResumableTracker;
import dev.bioprompt.api.tracking.RunRecord;
import dev.bioprompt.api.tracking.RunRequest;
import dev.bioprompt.api.tracking.RunStatus;
import dev.bioprompt.api.tracking.TrackedRun;
import dev.bioprompt.tracking.MlflowKeys;
import dev.bioprompt.tracking.StandardTags;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The offline tracker: writes MLflow's {@code mlruns/} file-store layout, which {@code mlflow ui --backend-store-uri
 * ./mlruns} reads (MLflow 2.x and 3.x; 3.13+ needs {@code MLFLOW_ALLOW_FILE_STORE=true}). One writer per run.
 */
public final class FileStoreTracker implements ResumableTracker {
    static final String DEFAULT_EXPERIMENT_ID = "0";
    private static final Logger LOG = LoggerFactory.getLogger(FileStoreTracker.class);

    private final Path root;

    /** Opens (or creates, with the "Default" experiment 0, as MLflow does) the store at {@code root}. */
    public FileStoreTracker(Path root) {
        this.root = requireNonNull(root, "root is null").toAbsolutePath().normalize();
        if (!Files.exists(this.root)) {
            try {
                Files.createDirectories(this.root);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot create the tracking store " + this.root, e);
            }
            writeExperiment(DEFAULT_EXPERIMENT_ID, "Default", System.currentTimeMillis());
        }
        // the repair first: the sweep's deletions would make a dead folder look freshly modified
        repairIncompleteRuns();
        sweepTemporaryFiles();
    }

    /** A temporary file older than this was left by a process that died while writing; it is removed on open. */
    static final Duration STALE_TEMPORARY = Duration.ofMinutes(1);
    private static final Duration STALE_CLAIM = Duration.ofSeconds(30);

    /** Removes the temporary files ({@code .bioprompt-tmp-*}) of writers that died mid-write. */
    private void sweepTemporaryFiles() {
        long cutoff = System.currentTimeMillis() - STALE_TEMPORARY.toMillis();
        try (Stream<Path> files = Files.walk(root, 3)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith(".bioprompt-tmp-")).toList()) {
                try {
                    if (Files.getLastModifiedTime(file).toMillis() < cutoff) {
                        Files.deleteIfExists(file);
                    }
                } catch (IOException e) {
                    // another process swept it first
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // sweeping is housekeeping: a store we cannot walk fails on its first real use instead
        }
    }

    /**
     * A run folder without {@code meta.yaml} older than this was left by a process killed while creating the run
     * (creation writes the folder, its tags, then {@code meta.yaml}, within milliseconds); it is repaired on open.
     */
    static final Duration STALE_RUN_FOLDER = Duration.ofSeconds(10);
    /** The tag a repaired run carries, saying why its {@code meta.yaml} was written afterwards. */
    public static final String REPAIRED_TAG = "bioprompt.repaired";
    private static final Pattern RUN_FOLDER = Pattern.compile("[0-9a-f]{32}");

    /**
     * Repairs the run folders that a process killed during {@link #startRun} left without {@code meta.yaml} (MLflow
     * refuses to list a store with such a folder): a folder holding no file is removed; one holding files (the run's
     * tags, which are written before {@code meta.yaml}) gets a complete {@code meta.yaml} with status {@code KILLED},
     * its start and end times taken from its files. Folders younger than {@link #STALE_RUN_FOLDER} may still be
     * being created by another process and are left alone.
     */
    private void repairIncompleteRuns() {
        long cutoff = System.currentTimeMillis() - STALE_RUN_FOLDER.toMillis();
        List<Path> experiments;
        try {
            experiments = experimentDirs();
        } catch (UncheckedIOException e) {
            return; // housekeeping: the first real use reports an unreadable store
        }
        for (Path experimentDir : experiments) {
            List<Path> incomplete;
            try (Stream<Path> children = Files.list(experimentDir)) {
                incomplete = children.filter(d -> RUN_FOLDER.matcher(d.getFileName().toString()).matches())
                        .filter(Files::isDirectory)
                        .filter(d -> !Files.exists(d.resolve("meta.yaml")))
                        .toList();
            } catch (IOException | UncheckedIOException e) {
                continue;
            }
            for (Path runDir : incomplete) {
                try {
                    repairIncompleteRun(experimentDir.getFileName().toString(), runDir, cutoff);
                } catch (IOException | RuntimeException e) {
                    LOG.warn("Cannot repair the run folder {} left without meta.yaml: {}", runDir, e.toString());
                }
            }
        }
    }

    private void repairIncompleteRun(String experimentId, Path runDir, long cutoff) throws IOException {
        List<Path> entries;
        try (Stream<Path> walk = Files.walk(runDir)) {
            entries = walk.toList();
        }
        long oldest = Long.MAX_VALUE;
        long newest = Long.MIN_VALUE;
        boolean holdsFiles = false;
        for (Path entry : entries) {
            long modified = Files.getLastModifiedTime(entry).toMillis();
            oldest = Math.min(oldest, modified);
            newest = Math.max(newest, modified);
            holdsFiles |= Files.isRegularFile(entry) && !entry.getFileName().toString().startsWith(".bioprompt-tmp-");
        }
        if (newest >= cutoff) {
            return;
        }
        if (!holdsFiles) {
            for (Path entry : entries.stream().sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(entry);
            }
            LOG.info("Removed the empty run folder {}, left without meta.yaml by a process that died creating it",
                    runDir);
            return;
        }
        Map<String, String> tags = readKeyedFiles(runDir.resolve("tags"));
        String runId = runDir.getFileName().toString();
        StandardTags.SourceType sourceType = "JOB".equals(tags.get(StandardTags.SOURCE_TYPE))
                ? StandardTags.SourceType.JOB : StandardTags.SourceType.LOCAL;
        RunMeta meta = new RunMeta(runId, experimentId, tags.getOrDefault(StandardTags.RUN_NAME, ""),
                tags.getOrDefault(StandardTags.USER, ""), sourceType.code(), oldest,
                fileUri(runDir.resolve("artifacts")));
        FileStoreRun run = new FileStoreRun(runDir, meta);
        run.setTags(Map.of(REPAIRED_TAG, "meta.yaml was missing (the process creating the run died); "
                + "written on the next start with status KILLED"));
        run.writeMeta(RunStatus.KILLED, Math.max(newest, oldest));
        LOG.warn("Run {} in {} had no meta.yaml (the process creating it died): marked KILLED", runId, runDir);
    }

    /** The store's root folder. */
    public Path root() {
        return root;
    }

    @Override
    public String uri() {
        return fileUri(root);
    }

    @Override
    public TrackedRun startRun(RunRequest request) {
        requireNonNull(request, "request is null");
        Map<String, String> tags = new LinkedHashMap<>();
        request.tags().forEach((k, v) -> {
            MlflowKeys.validateKey("tag", k);
            tags.put(k, MlflowKeys.tagValue(k, v));
        });
        tags.put(StandardTags.RUN_NAME, request.runName());
        tags.putIfAbsent(StandardTags.USER, System.getProperty("user.name", "unknown"));
        request.parent().ifPresent(parent -> tags.put(StandardTags.PARENT_RUN_ID, parent));

        String experimentId = experimentIdFor(request.experiment());
        String runId = UUID.randomUUID().toString().replace("-", "");
        Path runDir = root.resolve(experimentId).resolve(runId);
        try {
            Files.createDirectories(runDir.resolve("metrics"));
            Files.createDirectories(runDir.resolve("params"));
            Files.createDirectories(runDir.resolve("tags"));
            Files.createDirectories(runDir.resolve("artifacts"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create run folder " + runDir, e);
        }
        StandardTags.SourceType sourceType = "JOB".equals(tags.get(StandardTags.SOURCE_TYPE))
                ? StandardTags.SourceType.JOB : StandardTags.SourceType.LOCAL;
        RunMeta meta = new RunMeta(runId, experimentId, request.runName(), tags.get(StandardTags.USER),
                sourceType.code(), System.currentTimeMillis(), fileUri(runDir.resolve("artifacts")));
        FileStoreRun run = new FileStoreRun(runDir, meta);
        try {
            // the tags first, meta.yaml last: a run folder without meta.yaml is one whose creation did not finish
            // (repaired on the next open), and a run with meta.yaml always carries its tags (its sweep and cell)
            run.setTags(tags);
            run.writeMeta(RunStatus.RUNNING, null);
        } catch (RuntimeException e) {
            deleteQuietly(runDir);
            throw e;
        }
        return run;
    }

    /** Removes a run folder whose creation failed (a full disk), so that no folder without meta.yaml is left. */
    private static void deleteQuietly(Path runDir) {
        try (Stream<Path> walk = Files.walk(runDir)) {
            for (Path entry : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(entry);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Cannot remove the run folder {} whose creation failed: {}", runDir, e.toString());
        }
    }

    @Override
    public synchronized TrackedRun resumeRun(String runId) {
        Path runDir = findRunDir(requireNonNull(runId, "runId is null"))
                .orElseThrow(() -> new IllegalArgumentException("No run " + runId + " in the tracking store " + root));
        Map<String, Object> meta = MetaYaml.read(runDir.resolve("meta.yaml"));
        if ("deleted".equals(meta.get("lifecycle_stage"))) {
            throw new IllegalArgumentException("Run " + runId + " in " + root + " is deleted");
        }
        RunRecord record = readRun(runDir).orElseThrow();
        RunMeta runMeta = new RunMeta(runId, String.valueOf(meta.get("experiment_id")), record.runName(),
                meta.get("user_id") == null ? "" : String.valueOf(meta.get("user_id")),
                meta.get("source_type") instanceof Number n ? n.intValue() : StandardTags.SourceType.LOCAL.code(),
                record.startTime(), String.valueOf(meta.getOrDefault("artifact_uri", fileUri(runDir.resolve("artifacts")))));
        FileStoreRun run = new FileStoreRun(runDir, runMeta);
        run.writeMeta(RunStatus.RUNNING, null);
        return run;
    }

    private Optional<Path> findRunDir(String runId) {
        if (!runId.matches("[a-zA-Z0-9][\\w\\-]{0,255}")) {
            return Optional.empty();
        }
        for (Path experimentDir : experimentDirs()) {
            Path runDir = experimentDir.resolve(runId);
            if (Files.isRegularFile(runDir.resolve("meta.yaml"))) {
                return Optional.of(runDir);
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<RunRecord> getRun(String runId) {
        requireNonNull(runId, "runId is null");
        return findRunDir(runId).flatMap(FileStoreTracker::readRun);
    }

    @Override
    public List<RunRecord> listRuns(String experiment) {
        requireNonNull(experiment, "experiment is null");
        Optional<Path> experimentDir = findExperiment(experiment);
        if (experimentDir.isEmpty()) {
            return List.of();
        }
        List<RunRecord> runs = new ArrayList<>();
        try (Stream<Path> children = Files.list(experimentDir.get())) {
            for (Path child : children.toList()) {
                if (Files.isRegularFile(child.resolve("meta.yaml"))) {
                    readRun(child).ifPresent(runs::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list runs in " + experimentDir.get(), e);
        }
        runs.sort(Comparator.comparingLong(RunRecord::startTime).reversed());
        return runs;
    }

    @Override
    public void close() {
        // nothing is buffered: every record is on disk when its call returns
    }

    /**
     * The id of an experiment, created when missing. Creation is safe across processes: the creator first takes a
     * create-only claim on the name ({@code .bioprompt-experiment-HASH.claim}, a file MLflow ignores), checks again,
     * creates, and drops the claim; a process finding the claim taken waits for the experiment to appear (taking over
     * a claim older than 30 s, left by a process that died).
     */
    private synchronized String experimentIdFor(String name) {
        Optional<Path> existing = findExperiment(name);
        if (existing.isPresent()) {
            return existing.get().getFileName().toString();
        }
        if (name.isEmpty() || name.length() > 500) {
            throw new IllegalArgumentException("Invalid experiment name '" + name + "': expected 1 to 500 characters");
        }
        Path claim = root.resolve(".bioprompt-experiment-" + PromptSet.sha256(
                name.getBytes(StandardCharsets.UTF_8)).substring(0, 32) + ".claim");
        while (true) {
            try {
                Files.createFile(claim);
                break;
            } catch (FileAlreadyExistsException taken) {
                existing = findExperiment(name);
                if (existing.isPresent()) {
                    return existing.get().getFileName().toString();
                }
                try {
                    if (Files.getLastModifiedTime(claim).toMillis() < System.currentTimeMillis()
                            - STALE_CLAIM.toMillis()) {
                        Files.deleteIfExists(claim);
                        continue;
                    }
                    Thread.sleep(20);
                } catch (NoSuchFileException gone) {
                    // the creator finished: look again
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot read the experiment claim " + claim + ": " + e, e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for experiment '" + name
                            + "' to be created by another process", e);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot claim experiment name '" + name + "' in " + claim + ": " + e, e);
            }
        }
        try {
            existing = findExperiment(name);
            if (existing.isPresent()) {
                return existing.get().getFileName().toString();
            }
            return createExperiment(name);
        } finally {
            try {
                Files.deleteIfExists(claim);
            } catch (IOException e) {
                // a stale claim is taken over after 30 s
            }
        }
    }

    private String createExperiment(String name) {
        long next = 1;
        for (Path dir : experimentDirs()) {
            String id = dir.getFileName().toString();
            if (id.matches("\\d{1,18}")) {
                next = Math.max(next, Long.parseLong(id) + 1);
            }
        }
        while (true) {
            String id = Long.toString(next);
            try {
                Files.createDirectory(root.resolve(id));
                writeExperiment(id, name, System.currentTimeMillis());
                return id;
            } catch (FileAlreadyExistsException e) {
                next++;
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot create experiment folder " + root.resolve(id) + ": " + e, e);
            }
        }
    }

    private void writeExperiment(String id, String name, long now) {
        Path dir = root.resolve(id);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create experiment folder " + dir, e);
        }
        Map<String, Object> meta = new HashMap<>();
        meta.put("artifact_location", fileUri(dir));
        meta.put("creation_time", now);
        meta.put("experiment_id", id);
        meta.put("last_update_time", now);
        meta.put("lifecycle_stage", "active");
        meta.put("name", name);
        MetaYaml.write(dir.resolve("meta.yaml"), meta);
    }

    @Override
    public List<String> experimentNames() {
        List<String> names = new ArrayList<>();
        for (Path dir : experimentDirs()) {
            Map<String, Object> meta = MetaYaml.read(dir.resolve("meta.yaml"));
            if (!"deleted".equals(meta.get("lifecycle_stage")) && meta.get("name") != null) {
                names.add(String.valueOf(meta.get("name")));
            }
        }
        return names.stream().sorted().toList();
    }

    private Optional<Path> findExperiment(String name) {
        for (Path dir : experimentDirs()) {
            Map<String, Object> meta = MetaYaml.read(dir.resolve("meta.yaml"));
            if (name.equals(String.valueOf(meta.get("name"))) && !"deleted".equals(meta.get("lifecycle_stage"))) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }

    private List<Path> experimentDirs() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(root)) {
            return children.filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> Files.isRegularFile(p.resolve("meta.yaml")))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list experiments in " + root, e);
        }
    }

    private static Optional<RunRecord> readRun(Path runDir) {
        Map<String, Object> meta = MetaYaml.read(runDir.resolve("meta.yaml"));
        if ("deleted".equals(meta.get("lifecycle_stage"))) {
            return Optional.empty();
        }
        Map<String, String> tags = readKeyedFiles(runDir.resolve("tags"));
        Map<String, Double> metrics = new HashMap<>();
        Map<String, String> metricFiles = readKeyedFiles(runDir.resolve("metrics"));
        metricFiles.forEach((key, content) -> latestMetric(runDir, key, content).ifPresent(v -> metrics.put(key, v)));
        String runId = String.valueOf(meta.getOrDefault("run_id", meta.get("run_uuid")));
        Object runNameValue = meta.get("run_name");
        String runName = runNameValue == null || String.valueOf(runNameValue).isEmpty()
                ? tags.getOrDefault(StandardTags.RUN_NAME, "") : String.valueOf(runNameValue);
        return Optional.of(new RunRecord(runId, String.valueOf(meta.get("experiment_id")), runName,
                status(meta.get("status")), meta.get("start_time") instanceof Number n ? n.longValue() : 0L,
                readKeyedFiles(runDir.resolve("params")), metrics, tags,
                String.valueOf(meta.getOrDefault("artifact_uri", ""))));
    }

    /** The latest value: at the highest step, then the highest timestamp (as {@code runs/get} reports it). */
    private static Optional<Double> latestMetric(Path runDir, String key, String content) {
        long bestStep = Long.MIN_VALUE;
        long bestTimestamp = Long.MIN_VALUE;
        Double best = null;
        for (String line : content.split("\n")) {
            String trimmed = line.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            String[] fields = trimmed.split("\\s+");
            try {
                long timestamp = Long.parseLong(fields[0]);
                double value = MetricValues.parse(fields[1]);
                long step = fields.length > 2 ? Long.parseLong(fields[2]) : 0L;
                if (step > bestStep || (step == bestStep && timestamp >= bestTimestamp)) {
                    bestStep = step;
                    bestTimestamp = timestamp;
                    best = value;
                }
            } catch (RuntimeException e) {
                throw new IllegalStateException("Malformed metric line '" + trimmed + "' in "
                        + runDir.resolve("metrics").resolve(key) + ": expected '<timestamp> <value> [<step>]'", e);
            }
        }
        return Optional.ofNullable(best);
    }

    /** Files under {@code dir} keyed by their relative path with '/' separators (keys with '/' are folders). */
    private static Map<String, String> readKeyedFiles(Path dir) {
        Map<String, String> result = new HashMap<>();
        if (!Files.isDirectory(dir)) {
            return result;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String key = dir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                if (key.contains(".bioprompt-tmp-")) {
                    continue;
                }
                result.put(key, Files.readString(file, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + dir, e);
        }
        return result;
    }

    private static RunStatus status(Object value) {
        if (value instanceof Number n) {
            return switch (n.intValue()) {
                case 3 -> RunStatus.FINISHED;
                case 4 -> RunStatus.FAILED;
                case 5 -> RunStatus.KILLED;
                default -> RunStatus.RUNNING;
            };
        }
        try {
            return RunStatus.valueOf(String.valueOf(value));
        } catch (IllegalArgumentException e) {
            return RunStatus.RUNNING;
        }
    }

    /** {@code file:///abs/path} without a trailing slash, as MLflow writes artifact locations. */
    static String fileUri(Path path) {
        String uri = path.toAbsolutePath().normalize().toUri().toString();
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }

    /** Run fields that do not change after creation. */
    record RunMeta(String runId, String experimentId, String runName, String userId, int sourceType, long startTime,
                   String artifactUri) {
        RunMeta {
            requireNonNull(runId, "runId is null");
            requireNonNull(experimentId, "experimentId is null");
            requireNonNull(runName, "runName is null");
            requireNonNull(userId, "userId is null");
            requireNonNull(artifactUri, "artifactUri is null");
        }
    }
}
