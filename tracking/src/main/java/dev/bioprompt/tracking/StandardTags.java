package dev.bioprompt.tracking;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The standard MLflow system tags a run carries ({@code mlflow.runName}, {@code mlflow.user}, source, git commit,
 * parent run) plus {@code bioprompt.version}, built with {@link #builder()}. The caller decides what a run records;
 * this only spares it from spelling the MLflow tag names.
 */
public final class StandardTags {
    public static final String RUN_NAME = "mlflow.runName";
    public static final String USER = "mlflow.user";
    public static final String SOURCE_NAME = "mlflow.source.name";
    public static final String SOURCE_TYPE = "mlflow.source.type";
    public static final String GIT_COMMIT = "mlflow.source.git.commit";
    public static final String PARENT_RUN_ID = "mlflow.parentRunId";
    public static final String BIOPROMPT_VERSION = "bioprompt.version";
    /** Client-generated id that makes a replayed run creation idempotent. */
    public static final String CORRELATION_ID = "bioprompt.correlationId";

    /** MLflow's source types that a BioPrompt run can have. */
    public enum SourceType {
        LOCAL(4), JOB(2);

        private final int code;

        SourceType(int code) {
            this.code = code;
        }

        /** The integer MLflow stores in a file-store run's {@code meta.yaml}. */
        public int code() {
            return code;
        }
    }

    private StandardTags() {
    }

    /**
     * A builder pre-filled with the user, the source type, the BioPrompt version of this process and, when the
     * working directory is inside a git working tree, its commit.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** The BioPrompt version from the build, or {@code "unknown"}. */
    public static String bioPromptVersion() {
        try (InputStream in = StandardTags.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                String version = properties.getProperty("version", "");
                if (!version.isBlank() && !version.startsWith("${")) {
                    return version;
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return "unknown";
    }

    /** {@link SourceType#JOB} inside a Kubernetes pod, else {@link SourceType#LOCAL}. */
    public static SourceType detectSourceType(Map<String, String> environment) {
        return environment.containsKey("KUBERNETES_SERVICE_HOST") ? SourceType.JOB : SourceType.LOCAL;
    }

    /**
     * The commit checked out in the git working tree containing {@code start}, read from {@code .git} files
     * (plain repositories and linked worktrees; loose and packed refs).
     */
    public static Optional<String> discoverGitCommit(Path start) {
        try {
            for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
                Path dotGit = dir.resolve(".git");
                if (Files.isDirectory(dotGit)) {
                    return readHead(dotGit, dotGit);
                }
                if (Files.isRegularFile(dotGit)) {
                    String pointer = Files.readString(dotGit, StandardCharsets.UTF_8).trim();
                    if (!pointer.startsWith("gitdir:")) {
                        return Optional.empty();
                    }
                    Path gitDir = dir.resolve(pointer.substring("gitdir:".length()).trim()).normalize();
                    Path commonDir = gitDir;
                    Path commonFile = gitDir.resolve("commondir");
                    if (Files.isRegularFile(commonFile)) {
                        commonDir = gitDir.resolve(Files.readString(commonFile, StandardCharsets.UTF_8).trim()).normalize();
                    }
                    return readHead(gitDir, commonDir);
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static Optional<String> readHead(Path gitDir, Path commonDir) throws IOException {
        String head = Files.readString(gitDir.resolve("HEAD"), StandardCharsets.UTF_8).trim();
        if (!head.startsWith("ref:")) {
            return isSha(head) ? Optional.of(head) : Optional.empty();
        }
        String ref = head.substring(4).trim();
        for (Path base : new Path[] {gitDir, commonDir}) {
            Path loose = base.resolve(ref);
            if (Files.isRegularFile(loose)) {
                String sha = Files.readString(loose, StandardCharsets.UTF_8).trim();
                return isSha(sha) ? Optional.of(sha) : Optional.empty();
            }
        }
        Path packed = commonDir.resolve("packed-refs");
        if (Files.isRegularFile(packed)) {
            for (String line : Files.readAllLines(packed, StandardCharsets.UTF_8)) {
                String[] parts = line.trim().split(" ");
                if (parts.length == 2 && parts[1].equals(ref) && isSha(parts[0])) {
                    return Optional.of(parts[0]);
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isSha(String s) {
        return s.matches("[0-9a-f]{40}|[0-9a-f]{64}");
    }

    /** Builds a tag map; only the values that were set (or detected) appear. */
    public static final class Builder {
        private final Map<String, String> tags = new LinkedHashMap<>();

        private Builder() {
            String user = System.getProperty("user.name");
            if (user != null && !user.isBlank()) {
                tags.put(USER, user);
            }
            tags.put(SOURCE_TYPE, detectSourceType(System.getenv()).name());
            tags.put(BIOPROMPT_VERSION, StandardTags.bioPromptVersion());
            discoverGitCommit(Path.of("")).ifPresent(commit -> tags.put(GIT_COMMIT, commit));
        }

        public Builder runName(String runName) {
            return put(RUN_NAME, runName);
        }

        public Builder user(String user) {
            return put(USER, user);
        }

        /** The program or config file the run comes from ({@code experiments/btmri.yaml}). */
        public Builder sourceName(String sourceName) {
            return put(SOURCE_NAME, sourceName);
        }

        public Builder sourceType(SourceType sourceType) {
            return put(SOURCE_TYPE, requireNonNull(sourceType, "sourceType is null").name());
        }

        public Builder gitCommit(String commit) {
            return put(GIT_COMMIT, commit);
        }

        /** Sets the git commit when {@code workingDirectory} is inside a git working tree. */
        public Builder gitCommitFrom(Path workingDirectory) {
            discoverGitCommit(workingDirectory).ifPresent(this::gitCommit);
            return this;
        }

        /** Marks the run as a child of a sweep's parent run. */
        public Builder parentRunId(String parentRunId) {
            return put(PARENT_RUN_ID, parentRunId);
        }

        public Builder bioPromptVersion(String version) {
            return put(BIOPROMPT_VERSION, version);
        }

        /** Any other tag. */
        public Builder tag(String key, String value) {
            MlflowKeys.validateKey("tag", key);
            return put(key, value);
        }

        public Map<String, String> build() {
            return Map.copyOf(tags);
        }

        private Builder put(String key, String value) {
            tags.put(key, requireNonNull(value, () -> "value of tag '" + key + "' is null"));
            return this;
        }
    }
}
