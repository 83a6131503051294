package dev.bioprompt.ci;

import static dev.bioprompt.ci.TestRuns.sweep;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bioprompt.api.promptset.PromptSet;
import dev.bioprompt.api.promptset.PromptSetManifest;
import dev.bioprompt.api.promptset.Tensor;
import dev.bioprompt.api.registry.AliasRecord;
import dev.bioprompt.registry.LocalPromptSetRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromoterTest {

    private static final GatePolicy POLICY = new GatePolicy("production", "hm", 0.5, 1.0,
            Map.of("protocol", "base-to-novel", "shots", "16"), List.of("1", "2", "3"), OptionalDouble.of(3.0),
            SpreadMeasure.RANGE);

    @TempDir
    Path dir;

    private static PromptSet promptSet(String sourceRun, float value) {
        PromptSetManifest manifest = new PromptSetManifest(PromptSetManifest.FORMAT_VERSION, "coop", Map.of(),
                "biomedclip-test", "btmri", List.of("a", "b"), List.of(), Map.of(), sourceRun,
                "2026-11-23T14:00:00Z", Map.of());
        return new PromptSet(manifest, Map.of("ctx", new Tensor(new long[] {2}, new float[] {value, value})));
    }

    @Test
    void gatedPromotionsPublishOnlyWhenTheGatePasses() throws Exception {
        InMemoryTracker tracker = new InMemoryTracker("b2n")
                .add(TestRuns.parent("sweep-1")).add(sweep("s1", "sweep-1", "coop", Map.of("btmri", 70.0), 1, 2, 3))
                .add(TestRuns.parent("sweep-2")).add(sweep("s2", "sweep-2", "coop", Map.of("btmri", 70.2), 1, 2, 3))
                .add(TestRuns.parent("sweep-3")).add(sweep("s3", "sweep-3", "coop", Map.of("btmri", 72.0), 1, 2, 3));
        LocalPromptSetRegistry registry = new LocalPromptSetRegistry(dir.resolve("registry"));
        Promoter promoter = new Promoter(registry, new TrackerCandidateSource(tracker, "b2n"));

        PromotionResult first = promoter.promote(new PromotionRequest("btmri", promptSet("s1-btmri-1", 1),
                "production", "first promotion", "sweep-1", POLICY));
        PromotionResult tooSmall = promoter.promote(new PromotionRequest("btmri", promptSet("s2-btmri-1", 2),
                "production", "sweep 2", "sweep-2", POLICY));
        GateResult dryRun = promoter.gate("btmri", POLICY, "sweep-3");
        PromotionResult better = promoter.promote(new PromotionRequest("btmri", promptSet("s3-btmri-1", 3),
                "production", "sweep 3", "sweep-3", POLICY));

        assertThat(first.promoted()).isTrue();
        assertThat(first.gate().orElseThrow().champion()).contains("first promotion");
        assertThat(first.version().orElseThrow().version()).isEqualTo(1);
        assertThat(tooSmall.promoted()).isFalse();
        assertThat(tooSmall.exitCode()).isEqualTo(3);
        assertThat(tooSmall.version()).isEmpty();
        assertThat(tooSmall.gate().orElseThrow().champion()).isEqualTo("btmri@production = v1 (run s1-btmri-1)");
        assertThat(dryRun.passed()).isTrue();
        assertThat(better.promoted()).isTrue();
        assertThat(better.exitCode()).isZero();
        assertThat(better.version().orElseThrow().version()).isEqualTo(2);
        assertThat(registry.versions("btmri")).hasSize(2);
        assertThat(registry.aliasHistory("btmri", "production")).extracting(AliasRecord::version, AliasRecord::reason)
                .containsExactly(Tuple.tuple(1, "first promotion"),
                        Tuple.tuple(2, "sweep 3"));
        assertThat(promoter.champion("btmri", "production").orElseThrow().runs()).hasSize(3)
                .allMatch(r -> r.runId().startsWith("s3-"));
    }

    @Test
    void ungatedPromotionMovesTheAlias() throws Exception {
        LocalPromptSetRegistry registry = new LocalPromptSetRegistry(dir.resolve("registry"));
        Promoter promoter = new Promoter(registry, new TrackerCandidateSource(new InMemoryTracker("e"), "e"));

        PromotionResult result = promoter.promote(new PromotionRequest("btmri", promptSet("r", 1), "staging",
                "manual", null, null));

        assertThat(result.promoted()).isTrue();
        assertThat(result.gate()).isEmpty();
        assertThat(registry.currentAlias("btmri", "staging").orElseThrow().version()).isEqualTo(1);
    }
}
