package dev.bioprompt.tracking.mlflow;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.promptset.PromptSet;
import dev.bioprompt.api.registry.RegistryVersion;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Mirrors prompt-set registry versions into MLflow's model registry: one registered model per prompt-set name, one
 * model version per registry version, and the aliases kept in step. The registry stays the source of truth.
 *
 * <p>A model version's {@code source} is one a real MLflow server accepts and that holds the same bytes as the
 * registry version: the version's own URI when the registry lies in an object store ({@code s3://...}), else
 * {@code runs:/<run>/prompt-set}, the prompt-set folder of the tracked run the prompt set was published from (then
 * {@code run_id} is that run). A folder registry's {@code file:} URI is never sent: MLflow accepts a local source only
 * inside the artifact folder of its run. Tags: {@value #VERSION_TAG} (the registry version number),
 * {@value #SHA256_TAG} (SHA-256 of the version's {@code manifest.json}, which records the SHA-256 of every prompt
 * file), {@value #URI_TAG}, {@value #ALIAS_TAG} (the alias it was last promoted or rolled back to), the method,
 * dataset and backbone, and
 * {@value #SOURCE_RUN_TAG} when the manifest names a run other than the model version's run.
 *
 * <p>Every operation is idempotent: a registry version already mirrored (found by its tags) is not created again, and
 * missing tags are added, so calling again after a failure repairs the mirror.
 */
public final class ModelRegistryMirror {

    /** The model-version tag holding the registry version number. */
    public static final String VERSION_TAG = "bioprompt.registry.version";
    /** The model-version tag holding the SHA-256 of the registry version's manifest. */
    public static final String SHA256_TAG = "bioprompt.registry.sha256";
    /** The model-version tag holding the registry version's URI. */
    public static final String URI_TAG = "bioprompt.registry.uri";
    /** The model-version tag holding the alias the version was last promoted or rolled back to. */
    public static final String ALIAS_TAG = "bioprompt.registry.alias";
    /** The model-version tag naming the run in the manifest when it is not the model version's run. */
    public static final String SOURCE_RUN_TAG = "bioprompt.source-run";
    /** The artifact folder of a run's prompt set. */
    public static final String RUN_FOLDER = "prompt-set";

    private final MlflowModelRegistryClient client;

    public ModelRegistryMirror(MlflowModelRegistryClient client) {
        this.client = requireNonNull(client, "client is null");
    }

    /**
     * Makes sure MLflow has a model version for a registry version, with its tags.
     *
     * @param version the registry version
     * @param promptSet its prompt set
     * @param trackedRun the run on this tracking server whose {@code prompt-set/} artifacts hold the same prompt set,
     *     or null / empty when there is none
     * @param alias the alias the version is promoted to, or empty
     * @return the model version
     * @throws ModelRegistryMirrorException when the version cannot be mirrored (no source MLflow can read, a model
     *     version that claims this registry version with other bytes, or a refusal by the server)
     */
    public ModelVersionInfo ensureVersion(RegistryVersion version, PromptSet promptSet, String trackedRun,
                                          String alias) {
        requireNonNull(version, "version is null");
        requireNonNull(promptSet, "promptSet is null");
        String sha = PromptSet.sha256(promptSet.manifestBytes());
        String where = version.name() + " v" + version.version();
        try {
            client.createRegisteredModel(version.name(), "BioPrompt prompt set '" + version.name() + "'",
                    Map.of("bioprompt.kind", "prompt-set"));
            Optional<ModelVersionInfo> existing = find(version);
            if (existing.isPresent()) {
                ModelVersionInfo mv = existing.get();
                String recorded = mv.tags().get(SHA256_TAG);
                if (recorded != null && !recorded.equals(sha)) {
                    throw new ModelRegistryMirrorException("MLflow model version " + version.name() + "/"
                            + mv.version() + " claims registry version " + where + " (" + version.uri()
                            + ") but records SHA-256 " + recorded + " while the registry version has " + sha);
                }
                Map<String, String> missing = new LinkedHashMap<>();
                missing.put(SHA256_TAG, sha);
                missing.put(URI_TAG, version.uri());
                if (alias != null && !alias.isBlank()) {
                    missing.put(ALIAS_TAG, alias);
                }
                missing.forEach((k, v) -> {
                    if (!v.equals(mv.tags().get(k))) {
                        client.setModelVersionTag(mv.name(), mv.version(), k, v);
                    }
                });
                return mv;
            }
            boolean tracked = trackedRun != null && !trackedRun.isBlank() && client.runExists(trackedRun);
            String source;
            String runId;
            if (isObjectStore(version.uri())) {
                source = version.uri();
                runId = tracked ? trackedRun : null;
            } else if (tracked) {
                source = "runs:/" + trackedRun + "/" + RUN_FOLDER;
                runId = trackedRun;
            } else {
                throw new ModelRegistryMirrorException("registry version " + where + " lies at " + version.uri()
                        + ", which the MLflow server " + client.trackingUri() + " cannot read, and it was not "
                        + "published from a run tracked on that server" + (trackedRun == null || trackedRun.isBlank()
                        ? "" : " (run " + trackedRun + " is unknown there)") + "; use an s3:// registry, or promote a"
                        + " run tracked on " + client.trackingUri());
            }
            Map<String, String> tags = new LinkedHashMap<>();
            tags.put(VERSION_TAG, Integer.toString(version.version()));
            tags.put(SHA256_TAG, sha);
            tags.put(URI_TAG, version.uri());
            if (alias != null && !alias.isBlank()) {
                tags.put(ALIAS_TAG, alias);
            }
            tags.put("bioprompt.method", promptSet.manifest().method());
            tags.put("bioprompt.dataset", promptSet.manifest().dataset());
            tags.put("bioprompt.backbone", promptSet.manifest().backboneFingerprint());
            String manifestRun = promptSet.manifest().sourceRun();
            if (manifestRun != null && !manifestRun.isBlank() && !manifestRun.equals(runId)) {
                tags.put(SOURCE_RUN_TAG, manifestRun);
            }
            String description = promptSet.manifest().method() + " prompt set, registry version " + version.version()
                    + " (" + version.uri() + ")";
            return client.createModelVersion(version.name(), source, runId, description, tags);
        } catch (MlflowApiException | TrackingUnavailableException e) {
            throw new ModelRegistryMirrorException("MLflow at " + client.trackingUri() + " refused to mirror "
                    + where + ": " + e.getMessage(), e);
        }
    }

    /**
     * Points an MLflow alias at the model version mirroring a registry version (and tags it with the alias when it
     * has no alias tag yet).
     *
     * @throws ModelRegistryMirrorException when the registry version is not mirrored or the server refuses
     */
    public ModelVersionInfo moveAlias(RegistryVersion version, String alias) {
        requireNonNull(alias, "alias is null");
        String where = version.name() + "@" + alias + " -> v" + version.version();
        try {
            ModelVersionInfo mv = find(version).orElseThrow(() -> new ModelRegistryMirrorException("MLflow model '"
                    + version.name() + "' at " + client.trackingUri() + " has no version mirroring registry version "
                    + version.version() + "; alias " + where + " was not mirrored"));
            client.setAlias(version.name(), alias, mv.version());
            if (!mv.tags().containsKey(ALIAS_TAG)) {
                client.setModelVersionTag(mv.name(), mv.version(), ALIAS_TAG, alias);
            }
            return mv;
        } catch (MlflowApiException | TrackingUnavailableException e) {
            throw new ModelRegistryMirrorException("MLflow at " + client.trackingUri() + " refused alias " + where
                    + ": " + e.getMessage(), e);
        }
    }

    /** The model version mirroring a registry version: tagged with its number and (when tagged) its URI. */
    public Optional<ModelVersionInfo> find(RegistryVersion version) {
        return find(version, versionsOf(version.name()));
    }

    /**
     * The model version mirroring a registry version among a model's versions: tagged with the registry version
     * number and the registry version's URI (two registries may mirror into one model), or, for a version mirrored
     * without a URI tag, with the number alone; the oldest when several match.
     */
    public static Optional<ModelVersionInfo> find(RegistryVersion version, List<ModelVersionInfo> candidates) {
        String number = Integer.toString(version.version());
        Comparator<ModelVersionInfo> oldest = Comparator.comparingLong(mv -> Long.parseLong(mv.version()));
        List<ModelVersionInfo> numbered = candidates.stream()
                .filter(mv -> number.equals(mv.tags().get(VERSION_TAG)) && mv.version().matches("\\d{1,18}"))
                .toList();
        Optional<ModelVersionInfo> exact = numbered.stream()
                .filter(mv -> version.uri().equals(mv.tags().get(URI_TAG))).min(oldest);
        return exact.isPresent() ? exact
                : numbered.stream().filter(mv -> !mv.tags().containsKey(URI_TAG)).min(oldest);
    }

    /** Every version of a registered model (empty when it does not exist). */
    public List<ModelVersionInfo> versionsOf(String name) {
        return client.searchModelVersions("name='" + name + "'");
    }

    /** Whether a registry URI lies in an object store MLflow reads itself ({@code s3://}, {@code gs://}...). */
    static boolean isObjectStore(String uri) {
        String lower = uri.toLowerCase(Locale.ROOT);
        return lower.startsWith("s3://") || lower.startsWith("gs://") || lower.startsWith("wasbs://")
                || lower.startsWith("abfss://");
    }

    @Override
    public String toString() {
        return "MLflow model-registry mirror at " + client.trackingUri();
    }
}
