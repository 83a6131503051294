package dev.bioprompt.cli.stores;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.promptset.PromptSet;
import dev.bioprompt.api.registry.AliasRecord;
import dev.bioprompt.api.registry.RegistryVersion;
import dev.bioprompt.registry.RegistryListener;
import dev.bioprompt.tracking.mlflow.MlflowApiException;
import dev.bioprompt.tracking.mlflow.MlflowModelRegistryClient;
import dev.bioprompt.tracking.mlflow.ModelVersionInfo;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Mirrors the prompt-set registry into MLflow's model registry: one registered model per prompt-set name, one model
 * version per registry version (source = the registry version's URI, run id = the run that produced it, tag
 * {@value #VERSION_TAG} = the registry version number) and the aliases kept in step. The registry stays the source of
 * truth: a failure here is reported by the registry as a warning and changes nothing there.
 */
public final class MlflowRegistryMirror implements RegistryListener {

    /** The model-version tag holding the registry version number. */
    public static final String VERSION_TAG = "bioprompt.registry.version";

    private final MlflowModelRegistryClient client;

    public MlflowRegistryMirror(MlflowModelRegistryClient client) {
        this.client = requireNonNull(client, "client is null");
    }

    @Override
    public void onPublished(RegistryVersion version, PromptSet promptSet) {
        client.createRegisteredModel(version.name(), "BioPrompt prompt set '" + version.name() + "'",
                Map.of("bioprompt.kind", "prompt-set"));
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(VERSION_TAG, Integer.toString(version.version()));
        tags.put("bioprompt.method", promptSet.manifest().method());
        tags.put("bioprompt.dataset", promptSet.manifest().dataset());
        tags.put("bioprompt.backbone", promptSet.manifest().backboneFingerprint());
        String runId = version.sourceRun() == null || version.sourceRun().isBlank() ? null : version.sourceRun();
        String description = promptSet.manifest().method() + " prompt set, registry version " + version.version();
        try {
            client.createModelVersion(version.name(), version.uri(), runId, description, tags);
        } catch (MlflowApiException e) {
            if (runId == null || !"RESOURCE_DOES_NOT_EXIST".equals(e.errorCode())) {
                throw e;
            }
            // the run was tracked elsewhere (e.g. the offline store): keep its id as a tag only
            tags.put("bioprompt.source-run", runId);
            client.createModelVersion(version.name(), version.uri(), null, description, tags);
        }
    }

    @Override
    public void onAliasMoved(AliasRecord record) {
        ModelVersionInfo mirrored = client.searchModelVersions("name='" + record.name() + "'").stream()
                .filter(v -> Integer.toString(record.version()).equals(v.tags().get(VERSION_TAG)))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("MLflow model '" + record.name() + "' has no version "
                        + "tagged " + VERSION_TAG + "=" + record.version() + "; alias '" + record.alias()
                        + "' was not mirrored"));
        client.setAlias(record.name(), record.alias(), mirrored.version());
    }

    @Override
    public String toString() {
        return "MLflow model-registry mirror";
    }
}
