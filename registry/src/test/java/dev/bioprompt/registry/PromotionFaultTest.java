package dev.bioprompt.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bioprompt.api.promptset.PromptSet;
import dev.bioprompt.api.registry.AliasExpectation;
import dev.bioprompt.api.registry.AliasRecord;
import dev.bioprompt.api.registry.PromptSetRef;
import dev.bioprompt.api.registry.RegistryPromotion;
import dev.bioprompt.api.registry.RegistryVersion;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Promotions against a store that fails at every step: nothing half-published is seen, a retry completes. */
class PromotionFaultTest {

    @TempDir
    Path dir;

    private FaultyObjectStore store() {
        return new FaultyObjectStore(new FolderObjectStore(dir.resolve("registry-" + UUID.randomUUID())));
    }

    private static StoredPromptSetRegistry registry(FaultyObjectStore store) {
        return new StoredPromptSetRegistry(store, "", "faulty-" + UUID.randomUUID());
    }

    @Test
    void aFailedAliasWritePublishesNothingAndTheRetryCompletesTheSameVersion() throws Exception {
        FaultyObjectStore store = store();
        StoredPromptSetRegistry registry = registry(store);
        registry.promote("btmri", SamplePromptSets.sample("run-0", 0), "production", "first", AliasExpectation.any());
        store.inject(k -> k.contains("/aliases/"), FaultyObjectStore.Fault.FAIL_BEFORE, 1);
        PromptSet candidate = SamplePromptSets.sample("run-1", 1);

        assertThatThrownBy(() -> registry.promote("btmri", candidate, "production", "second",
                AliasExpectation.any())).isInstanceOf(IOException.class).hasMessageContaining("injected failure");
        assertThat(registry.versions("btmri")).extracting(RegistryVersion::version).containsExactly(1);
        assertThatThrownBy(() -> registry.load("btmri", 2)).isInstanceOf(IOException.class)
                .hasMessageContaining("does not exist");
        assertThat(registry.load(PromptSetRef.parse("btmri@production")).manifest().sourceRun()).isEqualTo("run-0");

        RegistryPromotion retried = registry.promote("btmri", candidate, "production", "second",
                AliasExpectation.any());
        assertThat(retried.version().version()).isEqualTo(2);
        assertThat(retried.resumed()).isTrue();
        assertThat(registry.versions("btmri")).extracting(RegistryVersion::version).containsExactly(1, 2);
        assertThat(registry.currentAlias("btmri", "production").orElseThrow().version()).isEqualTo(2);
        assertThat(new RegistryVerifier(registry).verify("btmri").problems()).isEmpty();
    }

    @Test
    void aLostReplyAtEveryStepNeitherBurnsANumberNorDuplicates() throws Exception {
        for (String step : List.of(StoredPromptSetRegistry.CLAIM, PromptSet.PROMPTS, PromptSet.MANIFEST, "/aliases/",
                StoredPromptSetRegistry.PUBLISHED)) {
            FaultyObjectStore store = store();
            StoredPromptSetRegistry registry = registry(store);
            store.inject(k -> k.contains(step), FaultyObjectStore.Fault.LOSE_REPLY, 1);
            PromptSet candidate = SamplePromptSets.sample("run-1", 1);
            RegistryPromotion done;
            try {
                done = registry.promote("btmri", candidate, "production", "x", AliasExpectation.any());
            } catch (IOException lost) {
                assertThat(lost).as(step).hasMessageContaining("injected lost reply");
                done = registry.promote("btmri", candidate, "production", "x", AliasExpectation.any());
            }
            assertThat(done.version().version()).as(step).isEqualTo(1);
            assertThat(registry.versions("btmri")).as(step).hasSize(1);
            assertThat(registry.aliasHistory("btmri", "production")).as(step).hasSize(1);
            assertThat(registry.promote("btmri", SamplePromptSets.sample("run-2", 2), "production", "y",
                    AliasExpectation.any()).version().version()).as(step).isEqualTo(2);
            assertThat(new RegistryVerifier(registry).verify("btmri").problems()).as(step).isEmpty();
        }
    }

    @Test
    void aNumberWhoseFilesAnotherWriterPutThereIsGivenUpAndTheirBytesKept() throws Exception {
        FaultyObjectStore store = store();
        StoredPromptSetRegistry registry = registry(store);
        registry.promote("btmri", SamplePromptSets.sample("run-0", 0), "production", "first", AliasExpectation.any());
        // what a racing writer that lost its claim of number 2 leaves behind: its manifest, no claim of its own
        byte[] foreign = SamplePromptSets.sample("run-other", 7).manifestBytes();
        store.put("btmri/versions/2/" + PromptSet.MANIFEST, foreign);

        RegistryPromotion done = registry.promote("btmri", SamplePromptSets.sample("run-1", 1), "production",
                "second", AliasExpectation.any());

        assertThat(done.version().version()).isEqualTo(3);
        assertThat(store.get("btmri/versions/2/" + PromptSet.MANIFEST)).hasValue(foreign);
        assertThat(registry.versions("btmri")).extracting(RegistryVersion::version).containsExactly(1, 3);
        assertThat(registry.load(PromptSetRef.parse("btmri@production")).manifest().sourceRun()).isEqualTo("run-1");
    }

    @Test
    void aStoreThatIgnoresCreateOnlyIsRefusedNamingTheEndpoint() throws Exception {
        FaultyObjectStore store = store().ignoreCreateOnly(true);
        StoredPromptSetRegistry registry = registry(store);

        assertThatThrownBy(() -> registry.publish("btmri", SamplePromptSets.sample("run-1", 1)))
                .isInstanceOf(IOException.class).hasMessageContaining("does not honour create-only writes")
                .hasMessageContaining(store.endpoint());
        assertThat(registry.versions("btmri")).isEmpty();
    }

    @Test
    void aGatedPromotionWhoseChampionMovedPublishesNothing() throws Exception {
        FaultyObjectStore store = store();
        StoredPromptSetRegistry registry = registry(store);
        registry.promote("btmri", SamplePromptSets.sample("run-0", 0), "production", "first", AliasExpectation.any());
        registry.promote("btmri", SamplePromptSets.sample("run-1", 1), "production", "second",
                AliasExpectation.holding(OptionalInt.of(1)));

        assertThatThrownBy(() -> registry.promote("btmri", SamplePromptSets.sample("run-2", 2), "production",
                "third", AliasExpectation.holding(OptionalInt.of(1)))).isInstanceOf(IOException.class)
                .hasMessageContaining("moved from v1 to v2").hasMessageContaining("nothing was published");
        assertThat(registry.versions("btmri")).extracting(RegistryVersion::version).containsExactly(1, 2);
    }

    @Test
    void sixteenConcurrentPromotionsGetDistinctVersionsAndAConsistentAliasLog() throws Exception {
        int writers = 16;
        // one registry instance per writer over the same folder, as separate processes have: the create-only writes
        // (link(2)) arbitrate, nothing in this JVM does
        List<RegistryPromotion> done = AbstractPromptSetRegistryTest.race(writers, i -> new LocalPromptSetRegistry(
                dir.resolve("shared")).promote("race", SamplePromptSets.sample("run-" + i, i), "production",
                "writer " + i, AliasExpectation.any()));
        StoredPromptSetRegistry registry = new LocalPromptSetRegistry(dir.resolve("shared"));

        Set<Integer> versions = new HashSet<>();
        done.forEach(p -> versions.add(p.version().version()));
        assertThat(versions).containsExactlyInAnyOrderElementsOf(AbstractPromptSetRegistryTest.range(1, writers));
        List<AliasRecord> log = registry.aliasHistory("race", "production");
        assertThat(log).hasSize(writers);
        assertThat(log).extracting(AliasRecord::sequence).containsExactlyElementsOf(
                AbstractPromptSetRegistryTest.range(1, writers).stream().map(Integer::longValue).toList());
        assertThat(log).containsExactlyInAnyOrderElementsOf(done.stream().map(RegistryPromotion::alias).toList());
        assertThat(registry.currentAlias("race", "production")).contains(log.get(log.size() - 1));
        assertThat(new RegistryVerifier(registry).verify("race").problems()).isEmpty();
    }
}
