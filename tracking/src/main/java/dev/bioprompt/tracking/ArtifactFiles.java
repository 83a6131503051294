package dev.bioprompt.tracking;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Which artifact paths a {@code logArtifact(file, artifactPath)} call produces: a file lands at
 * {@code artifactPath/<file name>}; a folder's files land under {@code artifactPath/} with their relative paths
 * (MLflow's {@code log_artifacts}).
 */
public final class ArtifactFiles {
    private ArtifactFiles() {
    }

    /**
     * The files to upload, keyed by their artifact path ('/' separated, relative to the run's artifact root).
     *
     * @throws IllegalArgumentException when the source does not exist or the artifact path is not relative
     */
    public static Map<String, Path> plan(Path source, String artifactPath) {
        requireNonNull(source, "source is null");
        String prefix = normalizeArtifactPath(artifactPath);
        Map<String, Path> plan = new LinkedHashMap<>();
        if (Files.isRegularFile(source)) {
            plan.put(join(prefix, source.getFileName().toString()), source);
            return plan;
        }
        if (!Files.isDirectory(source)) {
            throw new IllegalArgumentException("Artifact " + source + " does not exist; expected a file or a folder");
        }
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                String relative = source.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                plan.put(join(prefix, relative), file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list artifact folder " + source, e);
        }
        return plan;
    }

    /** {@code ""} for the root, else the path without leading or trailing slashes; rejects {@code ..}. */
    public static String normalizeArtifactPath(String artifactPath) {
        if (artifactPath == null) {
            return "";
        }
        String trimmed = artifactPath.replace('\\', '/');
        while (trimmed.startsWith("/")) {
            trimmed = trimmed.substring(1);
        }
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        for (String segment : trimmed.split("/")) {
            if (segment.equals("..")) {
                throw new IllegalArgumentException("Invalid artifact path '" + artifactPath
                        + "': expected a relative path inside the run's artifacts, without '..'");
            }
        }
        return trimmed;
    }

    private static String join(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }
}
