package dev.bioprompt.tracking.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bioprompt.api.promptset.PromptSet;
import dev.bioprompt.api.promptset.PromptSetManifest;
import dev.bioprompt.api.promptset.Tensor;
import dev.bioprompt.api.registry.RegistryVersion;
import dev.bioprompt.api.tracking.RunRequest;
import dev.bioprompt.api.tracking.RunStatus;
import dev.bioprompt.api.tracking.TrackedRun;
import dev.bioprompt.api.tracking.Tracker;
import dev.bioprompt.tracking.TrackerFactory;
import dev.bioprompt.tracking.testing.InProcessMlflowServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model-registry mirror against the in-process server, which applies MLflow's model-version source rules. */
class ModelRegistryMirrorTest {

    @TempDir
    Path tmp;

    private InProcessMlflowServer server;
    private MlflowModelRegistryClient client;
    private ModelRegistryMirror mirror;
    private String trackedRun;

    @BeforeEach
    void setUp() {
        server = new InProcessMlflowServer().start();
        client = new MlflowModelRegistryClient(new MlflowRestClient(server.uri(), MlflowCredentials.none(),
                Duration.ofSeconds(2), Duration.ofSeconds(5)), RetryPolicy.once());
        mirror = new ModelRegistryMirror(client);
        try (Tracker tracker = TrackerFactory.fromUri(server.uri().toString(), tmp.resolve("spool"), Map.of())) {
            TrackedRun run = tracker.startRun(new RunRequest("bioprompt", "cell", null, Map.of()));
            trackedRun = run.runId();
            run.finish(RunStatus.FINISHED);
            run.close();
        }
    }

    @AfterEach
    void tearDown() {
        server.stop();
    }

    private static PromptSet promptSet(String sourceRun, float value) {
        PromptSetManifest manifest = new PromptSetManifest(PromptSetManifest.FORMAT_VERSION, "coop",
                Map.of("n-ctx", "4"), "biomedclip-test", "btmri", List.of("glioma", "meningioma"),
                List.of("a photo of a {}."), Map.of("accuracy", 80.0), sourceRun, "2026-11-23T14:00:00Z", Map.of());
        return new PromptSet(manifest, Map.of("ctx", new Tensor(new long[] {2}, new float[] {value, value})));
    }

    private RegistryVersion folderVersion(int n) {
        return new RegistryVersion("btmri", n, tmp.resolve("registry/btmri/versions/" + n).toUri().toString()
                .replaceAll("/$", ""), trackedRun, "2026-11-23T14:00:00Z");
    }

    @Test
    void theSourceTheOldMirrorSentIsRefusedByTheServer() {
        client.createRegisteredModel("btmri", null, Map.of());
        assertThatThrownBy(() -> client.createModelVersion("btmri", folderVersion(1).uri(), trackedRun, null,
                Map.of())).isInstanceOfSatisfying(MlflowApiException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("contained within the artifact directory of the run");
                });
    }

    @Test
    void aFolderRegistryVersionIsMirroredFromItsTrackedRunOnceWithTagsAndAlias() {
        PromptSet set = promptSet(trackedRun, 1f);
        ModelVersionInfo mv = mirror.ensureVersion(folderVersion(1), set, trackedRun, "production");

        assertThat(mv.source()).isEqualTo("runs:/" + trackedRun + "/prompt-set");
        assertThat(mv.runId()).isEqualTo(trackedRun);
        assertThat(mv.tags()).containsEntry(ModelRegistryMirror.VERSION_TAG, "1")
                .containsEntry(ModelRegistryMirror.SHA256_TAG, PromptSet.sha256(set.manifestBytes()))
                .containsEntry(ModelRegistryMirror.ALIAS_TAG, "production")
                .containsEntry(ModelRegistryMirror.URI_TAG, folderVersion(1).uri())
                .doesNotContainKey(ModelRegistryMirror.SOURCE_RUN_TAG);

        // again: the same model version, nothing new
        assertThat(mirror.ensureVersion(folderVersion(1), set, trackedRun, "production").version())
                .isEqualTo(mv.version());
        assertThat(client.searchModelVersions("name='btmri'")).hasSize(1);

        mirror.moveAlias(folderVersion(1), "production");
        assertThat(client.getModelVersionByAlias("btmri", "production").map(ModelVersionInfo::version)).contains("1");
    }

    @Test
    void anObjectStoreVersionIsItsOwnSourceAndAForeignRunBecomesATag() {
        RegistryVersion s3 = new RegistryVersion("btmri", 3, "s3://acme/registry/btmri/versions/3", "elsewhere-run",
                "2026-11-23T14:00:00Z");
        ModelVersionInfo mv = mirror.ensureVersion(s3, promptSet("elsewhere-run", 2f), "elsewhere-run", "");

        assertThat(mv.source()).isEqualTo("s3://acme/registry/btmri/versions/3");
        assertThat(mv.runId()).isEmpty();
        assertThat(mv.tags()).containsEntry(ModelRegistryMirror.SOURCE_RUN_TAG, "elsewhere-run")
                .containsEntry(ModelRegistryMirror.VERSION_TAG, "3").doesNotContainKey(ModelRegistryMirror.ALIAS_TAG);
        mirror.moveAlias(s3, "staging");
        assertThat(client.getModelVersionByAlias("btmri", "staging").orElseThrow().tags())
                .containsEntry(ModelRegistryMirror.ALIAS_TAG, "staging");
    }

    /** Two registries may mirror into one MLflow model: their version numbers overlap, their URIs do not. */
    @Test
    void twoRegistriesMirroringOneModelKeepTheirVersionsApart() {
        RegistryVersion other = new RegistryVersion("btmri", 1, "s3://other/registry/btmri/versions/1", "x",
                "2026-11-23T14:00:00Z");
        ModelVersionInfo first = mirror.ensureVersion(other, promptSet("x", 5f), "", "production");
        ModelVersionInfo second = mirror.ensureVersion(folderVersion(1), promptSet(trackedRun, 1f), trackedRun,
                "production");

        assertThat(second.version()).isNotEqualTo(first.version());
        assertThat(mirror.find(folderVersion(1)).map(ModelVersionInfo::version)).contains(second.version());
        assertThat(mirror.find(other).map(ModelVersionInfo::version)).contains(first.version());
        mirror.moveAlias(folderVersion(1), "production");
        assertThat(client.getModelVersionByAlias("btmri", "production").map(ModelVersionInfo::version))
                .contains(second.version());
        mirror.ensureVersion(folderVersion(1), promptSet(trackedRun, 1f), trackedRun, "production");
        assertThat(client.searchModelVersions("name='btmri'")).hasSize(2);
    }

    @Test
    void whatCannotBeMirroredIsNamed() {
        assertThatThrownBy(() -> mirror.ensureVersion(folderVersion(1), promptSet("x", 1f), "unknown-run", ""))
                .isInstanceOf(ModelRegistryMirrorException.class)
                .hasMessageContaining("cannot read").hasMessageContaining("run unknown-run is unknown there");
        assertThatThrownBy(() -> mirror.moveAlias(folderVersion(7), "production"))
                .isInstanceOf(ModelRegistryMirrorException.class).hasMessageContaining("no version mirroring");

        mirror.ensureVersion(folderVersion(1), promptSet(trackedRun, 1f), trackedRun, "");
        assertThatThrownBy(() -> mirror.ensureVersion(folderVersion(1), promptSet(trackedRun, 9f), trackedRun, ""))
                .isInstanceOf(ModelRegistryMirrorException.class).hasMessageContaining("SHA-256");

        server.sourceValidationRegex("^s3://");
        assertThatThrownBy(() -> mirror.ensureVersion(folderVersion(2), promptSet(trackedRun, 1f), trackedRun, ""))
                .isInstanceOf(ModelRegistryMirrorException.class).hasMessageContaining("Invalid model version source");
    }
}
