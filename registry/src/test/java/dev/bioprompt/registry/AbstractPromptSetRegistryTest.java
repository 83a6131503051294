package dev.bioprompt.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bioprompt.api.promptset.PromptSet;
import dev.bioprompt.api.promptset.PromptSetDigest;
import dev.bioprompt.api.registry.AliasExpectation;
import dev.bioprompt.api.registry.AliasRecord;
import dev.bioprompt.api.registry.PromptSetRef;
import dev.bioprompt.api.registry.RegistryVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/**
 * Behaviour every registry backend must show: the same tests run against S3 (through S3Proxy) and a local folder.
 */
abstract class AbstractPromptSetRegistryTest {

    /** A fresh, empty registry. */
    abstract StoredPromptSetRegistry registry() throws Exception;

    /** Replaces an object's bytes behind the registry's back, straight in the storage backend. */
    abstract void overwriteInStore(StoredPromptSetRegistry registry, String key, byte[] bytes) throws Exception;

    /** Writes an object straight into the storage backend. */
    void writeInStore(StoredPromptSetRegistry registry, String key, byte[] bytes) throws Exception {
        overwriteInStore(registry, key, bytes);
    }

    @Test
    void publishThenLoadRoundTrips() throws Exception {
        StoredPromptSetRegistry registry = registry();
        PromptSet original = SamplePromptSets.sample("run-1", 1);

        RegistryVersion v1 = registry.publish("btmri", original);
        RegistryVersion v2 = registry.publish("btmri", SamplePromptSets.sample("run-2", 2));

        assertThat(v1.version()).isEqualTo(1);
        assertThat(v2.version()).isEqualTo(2);
        assertThat(v1.sourceRun()).isEqualTo("run-1");
        assertThat(v1.uri()).endsWith("btmri/versions/1");
        PromptSet loaded = registry.load("btmri", 1);
        assertThat(loaded.tensors()).isEqualTo(original.tensors());
        assertThat(loaded.manifest().sourceRun()).isEqualTo("run-1");
        assertThat(loaded.manifest().files()).containsKey(PromptSet.PROMPTS);
        assertThat(registry.versions("btmri")).extracting(RegistryVersion::version).containsExactly(1, 2);
        assertThat(registry.names()).containsExactly("btmri");
        assertThat(registry.versions("unknown")).isEmpty();
    }

    @Test
    void aliasesResolveToTheNewestRecordAndKeepHistory() throws Exception {
        StoredPromptSetRegistry registry = registry();
        registry.publish("btmri", SamplePromptSets.sample("run-1", 1));
        registry.publish("btmri", SamplePromptSets.sample("run-2", 2));

        assertThat(registry.currentAlias("btmri", "production")).isEmpty();
        assertThatThrownBy(() -> registry.load(PromptSetRef.parse("btmri@production")))
                .isInstanceOf(IOException.class).hasMessageContaining("alias 'production'").hasMessageContaining("not set");
        registry.setAlias("btmri", "production", 1, "first promotion");
        registry.setAlias("btmri", "staging", 2, "candidate");
        registry.setAlias("btmri", "production", 2, "promotion");
        AliasRecord rollback = registry.setAlias("btmri", "production", 1, "rollback");

        assertThat(rollback.sequence()).isEqualTo(3);
        assertThat(registry.currentAlias("btmri", "production")).contains(rollback);
        assertThat(registry.aliasHistory("btmri", "production")).extracting(AliasRecord::version)
                .containsExactly(1, 2, 1);
        assertThat(registry.aliases("btmri")).extracting(AliasRecord::alias, AliasRecord::version)
                .containsExactlyInAnyOrder(Tuple.tuple("production", 1),
                        Tuple.tuple("staging", 2));
        assertThat(registry.load(PromptSetRef.parse("btmri@production")).manifest().sourceRun()).isEqualTo("run-1");
        assertThat(registry.load(PromptSetRef.parse("btmri@2")).manifest().sourceRun()).isEqualTo("run-2");
        assertThatThrownBy(() -> registry.setAlias("btmri", "production", 7, "no such version"))
                .isInstanceOf(IOException.class).hasMessageContaining("btmri@7").hasMessageContaining("no such version");
        assertThatThrownBy(() -> registry.setAlias("btmri", "Bad/Alias", 1, "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Bad/Alias");
    }

    @Test
    void concurrentPublishersGetDistinctVersionsAndNoneIsLost() throws Exception {
        StoredPromptSetRegistry registry = registry();
        int writers = 16;
        List<Integer> versions = race(writers, i -> registry.publish("race", SamplePromptSets.sample("run-" + i, i))
                .version());

        assertThat(versions).containsExactlyInAnyOrderElementsOf(range(1, writers));
        List<RegistryVersion> listed = registry.versions("race");
        assertThat(listed).extracting(RegistryVersion::version).containsExactlyElementsOf(range(1, writers));
        List<String> runs = new ArrayList<>();
        for (RegistryVersion v : listed) {
            PromptSet loaded = registry.load("race", v.version());
            assertThat(loaded.manifest().sourceRun()).isEqualTo(v.sourceRun());
            runs.add(loaded.manifest().sourceRun());
        }
        assertThat(runs).containsExactlyInAnyOrderElementsOf(range(0, writers - 1).stream().map(i -> "run-" + i)
                .toList());
    }

    @Test
    void concurrentAliasMovesLeaveAConsistentHistory() throws Exception {
        StoredPromptSetRegistry registry = registry();
        for (int i = 1; i <= 3; i++) {
            registry.publish("moves", SamplePromptSets.sample("run-" + i, i));
        }
        int threads = 8;
        int movesPerThread = 5;
        List<List<AliasRecord>> perThread = race(threads, t -> {
            List<AliasRecord> mine = new ArrayList<>();
            for (int m = 0; m < movesPerThread; m++) {
                mine.add(registry.setAlias("moves", "production", 1 + (t + m) % 3, "mover " + t + " move " + m));
            }
            return mine;
        });

        List<AliasRecord> written = perThread.stream().flatMap(List::stream).toList();
        List<AliasRecord> history = registry.aliasHistory("moves", "production");
        assertThat(history).hasSize(threads * movesPerThread);
        assertThat(history).extracting(AliasRecord::sequence)
                .containsExactlyElementsOf(range(1, threads * movesPerThread).stream().map(Integer::longValue).toList());
        assertThat(history).containsExactlyInAnyOrderElementsOf(written);
        AliasRecord newest = history.get(history.size() - 1);
        assertThat(registry.currentAlias("moves", "production")).contains(newest);
        for (List<AliasRecord> mine : perThread) {
            // each mover's own moves are ordered in the log as it made them
            assertThat(mine).extracting(AliasRecord::sequence).isSorted();
        }
    }

    @Test
    void corruptedTensorFileIsDetectedWithTheObjectKey() throws Exception {
        StoredPromptSetRegistry registry = registry();
        registry.publish("corrupt", SamplePromptSets.sample("run-1", 1));
        String key = registry.versionKey("corrupt", 1, PromptSet.PROMPTS);
        byte[] bytes = registry.store().get(key).orElseThrow();
        byte[] flipped = bytes.clone();
        flipped[flipped.length - 3] ^= 0x40;
        overwriteInStore(registry, key, flipped);

        assertThatThrownBy(() -> registry.load("corrupt", 1)).isInstanceOf(IOException.class)
                .hasMessageContaining("was changed")
                .hasMessageContaining(registry.store().locate(key));
    }

    @Test
    void truncatedTensorFileIsDetectedWithTheObjectKey() throws Exception {
        StoredPromptSetRegistry registry = registry();
        registry.publish("truncated", SamplePromptSets.sample("run-1", 1));
        String key = registry.versionKey("truncated", 1, PromptSet.PROMPTS);
        byte[] bytes = registry.store().get(key).orElseThrow();
        overwriteInStore(registry, key, Arrays.copyOf(bytes, bytes.length / 2));

        assertThatThrownBy(() -> registry.load("truncated", 1)).isInstanceOf(IOException.class)
                .hasMessageContaining("truncated")
                .hasMessageContaining(registry.store().locate(key));
    }

    @Test
    void corruptedManifestIsDetectedWithTheObjectKey() throws Exception {
        StoredPromptSetRegistry registry = registry();
        registry.publish("badmanifest", SamplePromptSets.sample("run-1", 1));
        String key = registry.versionKey("badmanifest", 1, PromptSet.MANIFEST);
        overwriteInStore(registry, key, "{\"method\": ".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> registry.load("badmanifest", 1)).isInstanceOf(IOException.class)
                .hasMessageContaining("manifest")
                .hasMessageContaining(registry.store().locate(key));
    }

    @Test
    void versionWithoutCommitRecordIsInvisibleAndItsNumberIsNotReused() throws Exception {
        StoredPromptSetRegistry registry = registry();
        PromptSet first = SamplePromptSets.sample("run-1", 1);
        registry.publish("crash", first);
        // a publisher that died after claiming version 2 and uploading its tensors, before the manifest
        PromptSet crashed = SamplePromptSets.sample("run-crashed", 2);
        writeInStore(registry, registry.versionKey("crash", 2, StoredPromptSetRegistry.CLAIM),
                "{\"name\":\"crash\",\"version\":2,\"uri\":\"x\",\"sourceRun\":\"run-crashed\",\"createdAt\":\"t\"}"
                        .getBytes(StandardCharsets.UTF_8));
        writeInStore(registry, registry.versionKey("crash", 2, PromptSet.PROMPTS), crashed.promptBytes());

        assertThat(registry.versions("crash")).extracting(RegistryVersion::version).containsExactly(1);
        assertThatThrownBy(() -> registry.load("crash", 2)).isInstanceOf(IOException.class)
                .hasMessageContaining("crash@2 does not exist");
        assertThatThrownBy(() -> registry.setAlias("crash", "production", 2, "x")).isInstanceOf(IOException.class);

        RegistryVersion next = registry.publish("crash", SamplePromptSets.sample("run-3", 3));
        assertThat(next.version()).isEqualTo(3);
        assertThat(registry.versions("crash")).extracting(RegistryVersion::version).containsExactly(1, 3);
        assertThat(registry.load("crash", 3).manifest().sourceRun()).isEqualTo("run-3");
    }

    /** Rewrites a JSON object of the store through a text edit. */
    void editInStore(StoredPromptSetRegistry registry, String key, UnaryOperator<String> edit)
            throws Exception {
        String text = new String(registry.store().get(key).orElseThrow(), StandardCharsets.UTF_8);
        String edited = edit.apply(text);
        assertThat(edited).as("the edit of %s changes it", key).isNotEqualTo(text);
        overwriteInStore(registry, key, edited.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aRenamedClassInTheManifestIsRefusedNamingTheFileAndBothDigests() throws Exception {
        StoredPromptSetRegistry registry = registry();
        registry.publish("forged", SamplePromptSets.sample("run-1", 1));
        registry.setAlias("forged", "production", 1, "first");
        String key = registry.versionKey("forged", 1, PromptSet.MANIFEST);
        String recorded = registry.versions("forged").get(0).digest();
        byte[] original = registry.store().get(key).orElseThrow();
        editInStore(registry, key, t -> t.replace("\"meningioma\"", "\"no tumour\""));

        assertThatThrownBy(() -> registry.load(PromptSetRef.parse("forged@production")))
                .isInstanceOf(IOException.class).hasMessageContaining(registry.store().locate(key))
                .hasMessageContaining(PromptSet.sha256(original))
                .hasMessageContaining("refusing");
        assertThat(recorded).startsWith("sha256:");
        overwriteInStore(registry, key, original);
        assertThat(registry.load("forged", 1).manifest().classNames()).contains("meningioma");
    }

    @Test
    void aChangedTensorWithItsHashUpdatedInTheManifestIsRefused() throws Exception {
        StoredPromptSetRegistry registry = registry();
        PromptSet original = SamplePromptSets.sample("run-1", 1);
        registry.publish("rehashed", original);
        // the forger changes the tensors and writes their new SHA-256 into the manifest, consistently
        PromptSet forged = new PromptSet(original.manifest(), SamplePromptSets.sample("run-1", 9).tensors());
        overwriteInStore(registry, registry.versionKey("rehashed", 1, PromptSet.PROMPTS), forged.promptBytes());
        overwriteInStore(registry, registry.versionKey("rehashed", 1, PromptSet.MANIFEST), forged.manifestBytes());

        assertThatThrownBy(() -> registry.load("rehashed", 1)).isInstanceOf(IOException.class)
                .hasMessageContaining("was changed").hasMessageContaining(PromptSet.MANIFEST);
    }

    @Test
    void aSwappedMethodIsRefused() throws Exception {
        StoredPromptSetRegistry registry = registry();
        registry.publish("swapped", SamplePromptSets.sample("run-1", 1));
        editInStore(registry, registry.versionKey("swapped", 1, PromptSet.MANIFEST),
                t -> t.replace("\"coop\"", "\"biomed-coop\""));

        assertThatThrownBy(() -> registry.load("swapped", 1)).isInstanceOf(IOException.class)
                .hasMessageContaining("manifest.json was changed");
    }

    @Test
    void rewritingTheVersionRecordTooIsCaughtByTheCommitRecordAndTheAlias() throws Exception {
        StoredPromptSetRegistry registry = registry();
        PromptSet original = SamplePromptSets.sample("run-1", 1);
        registry.publish("rewritten", original);
        registry.setAlias("rewritten", "production", 1, "first");
        PromptSet forged = new PromptSet(original.manifest().withResults(Map.of("accuracy", 99.0),
                "run-1"), original.tensors());
        overwriteInStore(registry, registry.versionKey("rewritten", 1, PromptSet.MANIFEST), forged.manifestBytes());
        String claimKey = registry.versionKey("rewritten", 1, StoredPromptSetRegistry.CLAIM);
        VersionRecord claim = registry.readClaim("rewritten", 1).orElseThrow();
        VersionRecord forgedRecord = new VersionRecord(claim.name(), claim.version(), claim.uri(), claim.sourceRun(),
                claim.createdAt(), forged.digest(), PromptSetDigest.fileDigests(
                Map.of(PromptSet.MANIFEST, forged.manifestBytes(), PromptSet.PROMPTS,
                        forged.promptBytes())), claim.promotion(), claim.claimToken(), "");
        byte[] forgedJson = new ObjectMapper().writeValueAsBytes(forgedRecord);
        overwriteInStore(registry, claimKey, forgedJson);

        assertThatThrownBy(() -> registry.load("rewritten", 1)).isInstanceOf(IOException.class)
                .hasMessageContaining("differs from its commit record");
        // the forger rewrites the commit record as well: the alias record still holds the true digest
        overwriteInStore(registry, registry.versionKey("rewritten", 1, StoredPromptSetRegistry.PUBLISHED),
                forgedJson);
        assertThatThrownBy(() -> registry.load(PromptSetRef.parse("rewritten@production")))
                .isInstanceOf(IOException.class).hasMessageContaining(original.digest())
                .hasMessageContaining(forged.digest());
        assertThat(new RegistryVerifier(registry).verify("rewritten").problems())
                .anySatisfy(p -> assertThat(p).startsWith("dangling alias"));
    }

    @Test
    void withAVerificationKeyUnsignedAndWronglySignedVersionsAreRefused() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
        KeyPair publisher = generator.generateKeyPair();
        KeyPair forger = generator.generateKeyPair();
        StoredPromptSetRegistry registry = registry();
        registry.publish("unsigned", SamplePromptSets.sample("run-0", 1));
        registry.withSecurity(new RegistrySecurity(Optional.of(publisher.getPrivate()),
                Optional.empty()));
        registry.publish("signed", SamplePromptSets.sample("run-1", 1));
        registry.withSecurity(new RegistrySecurity(Optional.of(forger.getPrivate()),
                Optional.empty()));
        registry.publish("signed", SamplePromptSets.sample("run-2", 2));
        registry.withSecurity(new RegistrySecurity(Optional.empty(),
                Optional.of(publisher.getPublic())));

        assertThat(registry.load("signed", 1).manifest().sourceRun()).isEqualTo("run-1");
        assertThatThrownBy(() -> registry.load("signed", 2)).isInstanceOf(IOException.class)
                .hasMessageContaining("wrongly signed");
        assertThatThrownBy(() -> registry.load("unsigned", 1)).isInstanceOf(IOException.class)
                .hasMessageContaining("unsigned");
    }

    @Test
    void aPromotionIsIdempotentAndARetryCompletesTheSameVersion() throws Exception {
        StoredPromptSetRegistry registry = registry();
        PromptSet promptSet = SamplePromptSets.sample("run-1", 1);
        var first = registry.promote("idem", promptSet, "production", "first",
                AliasExpectation.any());
        var again = registry.promote("idem", promptSet, "production", "again",
                AliasExpectation.any());

        assertThat(first.version().version()).isEqualTo(1);
        assertThat(first.resumed()).isFalse();
        assertThat(again.version().version()).isEqualTo(1);
        assertThat(again.resumed()).isTrue();
        assertThat(registry.aliasHistory("idem", "production")).hasSize(1);
        assertThat(registry.versions("idem")).hasSize(1);
        assertThat(first.alias().digest()).isEqualTo(promptSet.digest());
    }

    @Test
    void promotingAnEarlierPromptSetAgainAfterARollbackMovesTheAliasBackToIt() throws Exception {
        StoredPromptSetRegistry registry = registry();
        PromptSet a = SamplePromptSets.sample("run-a", 1);
        PromptSet b = SamplePromptSets.sample("run-b", 2);
        registry.promote("again", a, "production", "a", AliasExpectation.any());
        registry.promote("again", b, "production", "b", AliasExpectation.any());
        registry.setAlias("again", "production", 1, "rollback");

        var repeated = registry.promote("again", b, "production", "b again",
                AliasExpectation.any());

        assertThat(repeated.version().version()).isEqualTo(2);
        assertThat(registry.versions("again")).hasSize(2);
        assertThat(registry.currentAlias("again", "production").orElseThrow().version()).isEqualTo(2);
        assertThat(registry.aliasHistory("again", "production")).extracting(AliasRecord::version)
                .containsExactly(1, 2, 1, 2);
    }

    @Test
    void verifyReportsGapsDanglingAliasesAndUnverifiableVersions() throws Exception {
        StoredPromptSetRegistry registry = registry();
        registry.publish("audit", SamplePromptSets.sample("run-1", 1));
        registry.publish("audit", SamplePromptSets.sample("run-2", 2));
        registry.setAlias("audit", "production", 2, "x");
        assertThat(new RegistryVerifier(registry).verify("audit").ok()).isTrue();
        // a claim that never completed, a corrupted version, an alias record pointing nowhere
        writeInStore(registry, registry.versionKey("audit", 4, StoredPromptSetRegistry.CLAIM),
                "{\"name\":\"audit\",\"version\":4,\"uri\":\"x\"}".getBytes(StandardCharsets.UTF_8));
        byte[] tensors = registry.store().get(registry.versionKey("audit", 2, PromptSet.PROMPTS)).orElseThrow();
        tensors[tensors.length - 1] ^= 1;
        overwriteInStore(registry, registry.versionKey("audit", 2, PromptSet.PROMPTS), tensors);
        writeInStore(registry, registry.aliasKey("audit", "staging", 1), ("{\"name\":\"audit\",\"alias\":"
                + "\"staging\",\"sequence\":1,\"version\":7,\"createdAt\":\"t\",\"reason\":\"r\"}")
                .getBytes(StandardCharsets.UTF_8));

        RegistryVerifier.Report report = new RegistryVerifier(registry).verify("audit");

        assertThat(report.ok()).isFalse();
        assertThat(report.problems()).anySatisfy(p -> assertThat(p).startsWith("gap: version 3 was never claimed"));
        assertThat(report.problems()).anySatisfy(p -> assertThat(p).startsWith("gap: version 4 was claimed"));
        assertThat(report.problems()).anySatisfy(p -> assertThat(p).startsWith("unverifiable: version 2")
                .contains(PromptSet.PROMPTS));
        assertThat(report.problems()).anySatisfy(p -> assertThat(p).contains("staging -> v7")
                .contains("a missing version"));
        assertThat(report.problems()).anySatisfy(p -> assertThat(p).contains("production -> v2")
                .contains("unverifiable"));
    }

    @Test
    void listenersHearPublicationsAndAliasMoves() throws Exception {
        StoredPromptSetRegistry registry = registry();
        List<String> events = new CopyOnWriteArrayList<>();
        registry.addListener(new RegistryListener() {
            @Override
            public void onPublished(RegistryVersion version, PromptSet promptSet) {
                events.add("published " + version.name() + "@" + version.version() + " from "
                        + promptSet.manifest().sourceRun());
            }

            @Override
            public void onAliasMoved(AliasRecord record) {
                events.add("moved " + record.alias() + " -> " + record.version());
            }
        });
        registry.addListener(new RegistryListener() {
            @Override
            public void onPublished(RegistryVersion version, PromptSet promptSet) {
                throw new IllegalStateException("mirror unavailable");
            }
        });

        registry.publish("heard", SamplePromptSets.sample("run-1", 1));
        registry.setAlias("heard", "production", 1, "first");

        assertThat(events).containsExactly("published heard@1 from run-1", "moved production -> 1");
        assertThat(registry.versions("heard")).hasSize(1);
    }

    @Test
    void invalidNamesAreRejected() throws Exception {
        StoredPromptSetRegistry registry = registry();
        assertThatThrownBy(() -> registry.publish("../escape", SamplePromptSets.sample("r", 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("../escape");
        assertThatThrownBy(() -> registry.load("Upper", 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Upper");
    }

    interface Task<T> {
        T run(int index) throws Exception;
    }

    /** Runs {@code n} tasks released at the same moment; fails on the first error, bounded in time. */
    static <T> List<T> race(int n, Task<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                Callable<T> c = () -> {
                    start.await();
                    return task.run(index);
                };
                futures.add(pool.submit(c));
            }
            start.countDown();
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get(60, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    static List<Integer> range(int from, int toInclusive) {
        List<Integer> out = new ArrayList<>();
        for (int i = from; i <= toInclusive; i++) {
            out.add(i);
        }
        return out;
    }
}
