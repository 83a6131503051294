package dev.bioprompt.tracking;

import dev.bioprompt.api.tracking.Tracker;
import dev.bioprompt.tracking.file.FileStoreTracker;
import dev.bioprompt.tracking.mlflow.MlflowTracker;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Chooses the tracker for a tracking URI: none → the offline {@code mlruns/} store in the default folder,
 * {@code file:} or a path → that file store, {@code http(s)://} → an MLflow server (credentials from
 * {@code MLFLOW_TRACKING_TOKEN} or {@code MLFLOW_TRACKING_USERNAME}/{@code PASSWORD}).
 */
public final class TrackerFactory {
    private TrackerFactory() {
    }

    /**
     * @param uriOrNull the tracking URI ({@code MLFLOW_TRACKING_URI}), or null/empty for the offline store
     * @param defaultDir the {@code mlruns} folder used when no URI is given
     */
    public static Tracker fromUri(String uriOrNull, Path defaultDir) {
        return fromUri(uriOrNull, defaultDir, System.getenv());
    }

    /** As {@link #fromUri(String, Path)}, reading credentials and settings from {@code environment}. */
    public static Tracker fromUri(String uriOrNull, Path defaultDir, Map<String, String> environment) {
        if (uriOrNull == null || uriOrNull.isBlank()) {
            return new FileStoreTracker(defaultDir == null ? Path.of("mlruns") : defaultDir);
        }
        String uri = uriOrNull.trim();
        String lower = uri.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            MlflowTracker.Builder builder = MlflowTracker.builder(URI.create(uri)).fromEnvironment(environment);
            String spool = environment.get("BIOPROMPT_TRACKING_SPOOL");
            if (spool != null && !spool.isBlank()) {
                builder.spoolDir(Path.of(spool));
            }
            return builder.build();
        }
        if (lower.startsWith("file:")) {
            return new FileStoreTracker(Path.of(URI.create(uri)));
        }
        if (lower.matches("^[a-z][a-z0-9+.-]*://.*")) {
            throw new IllegalArgumentException("Unsupported tracking URI '" + uri
                    + "': expected http(s)://host:port, file:///path or a folder path");
        }
        return new FileStoreTracker(Path.of(uri));
    }
}
