package dev.bioprompt.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bioprompt.api.registry.AliasExpectation;
import dev.bioprompt.api.registry.PromptSetRef;
import dev.bioprompt.api.registry.RegistryPromotion;
import dev.bioprompt.api.registry.RegistryVersion;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Promotions through a fault-injecting HTTP proxy in front of S3Proxy: a store that drops {@code If-None-Match} is
 * refused, lost replies and failed alias writes neither publish half a version nor burn or duplicate numbers, and a
 * stalled endpoint fails within the configured deadline.
 */
class S3FaultTest {

    private static final String BUCKET = "faults";
    private static final AtomicInteger PREFIXES = new AtomicInteger();
    private static final S3Timeouts FAST = new S3Timeouts(Duration.ofMillis(1500), 2, Duration.ofSeconds(4));
    private static S3ProxyServer server;
    private FaultyS3Proxy proxy;
    private final List<S3PromptSetRegistry> opened = new ArrayList<>();

    @BeforeAll
    static void startServer() throws Exception {
        server = new S3ProxyServer(false);
        server.createBucket(BUCKET);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @AfterEach
    void close() throws IOException {
        opened.forEach(S3PromptSetRegistry::close);
        if (proxy != null) {
            proxy.close();
        }
    }

    private S3PromptSetRegistry registry() throws IOException {
        return registry("p-" + PREFIXES.incrementAndGet());
    }

    private S3PromptSetRegistry registry(String prefix) throws IOException {
        if (proxy == null) {
            proxy = new FaultyS3Proxy(server.endpoint());
        }
        S3RegistryConfig config = S3RegistryConfig.of(BUCKET, prefix)
                .withEndpoint(proxy.endpoint(), true).withRegion("us-east-1");
        S3PromptSetRegistry registry = S3PromptSetRegistry.create(config, server.credentials(), FAST);
        opened.add(registry);
        return registry;
    }

    @Test
    void aStoreThatDropsIfNoneMatchIsRefusedNamingTheEndpoint() throws Exception {
        S3PromptSetRegistry registry = registry();
        proxy.dropIfNoneMatch(true);

        assertThatThrownBy(() -> registry.promote("btmri", SamplePromptSets.sample("run-1", 1), "production", "x",
                AliasExpectation.any())).isInstanceOf(IOException.class)
                .hasMessageContaining("does not honour create-only writes")
                .hasMessageContaining(proxy.endpoint().toString());
        assertThat(registry.versions("btmri")).isEmpty();
        assertThat(proxy.seen()).noneMatch(line -> line.contains("/versions/"));
    }

    @Test
    void aLostReplyToTheClaimNeitherBurnsNorDuplicatesANumber() throws Exception {
        S3PromptSetRegistry registry = registry();
        proxy.inject(line -> line.startsWith("PUT ") && line.contains("/versions/1/claim.json"),
                FaultyS3Proxy.Fault.LOSE_REPLY, 1);

        RegistryPromotion first = registry.promote("btmri", SamplePromptSets.sample("run-1", 1), "production", "x",
                AliasExpectation.any());
        RegistryPromotion second = registry.promote("btmri", SamplePromptSets.sample("run-2", 2), "production", "y",
                AliasExpectation.any());

        assertThat(first.version().version()).isEqualTo(1);
        assertThat(second.version().version()).isEqualTo(2);
        assertThat(proxy.seen()).filteredOn(l -> l.startsWith("PUT ") && l.contains("/versions/1/claim.json"))
                .hasSizeGreaterThanOrEqualTo(2); // the SDK retried the create-only write whose reply was lost
        assertThat(new RegistryVerifier(registry).verify("btmri").problems()).isEmpty();
    }

    @Test
    void aFailedAliasWritePublishesNothingAndTheRetryCompletesTheSameVersion() throws Exception {
        S3PromptSetRegistry registry = registry();
        registry.promote("btmri", SamplePromptSets.sample("run-0", 0), "production", "first", AliasExpectation.any());
        proxy.inject(line -> line.startsWith("PUT ") && line.contains("/aliases/"), FaultyS3Proxy.Fault.FAIL_500,
                FAST.maxAttempts());

        assertThatThrownBy(() -> registry.promote("btmri", SamplePromptSets.sample("run-1", 1), "production",
                "second", AliasExpectation.any())).isInstanceOf(IOException.class).hasMessageContaining("500");
        assertThat(registry.versions("btmri")).extracting(RegistryVersion::version).containsExactly(1);
        assertThat(registry.load(PromptSetRef.parse("btmri@production")).manifest().sourceRun()).isEqualTo("run-0");

        RegistryPromotion retried = registry.promote("btmri", SamplePromptSets.sample("run-1", 1), "production",
                "second", AliasExpectation.any());
        assertThat(retried.version().version()).isEqualTo(2);
        assertThat(retried.resumed()).isTrue();
        assertThat(registry.currentAlias("btmri", "production").orElseThrow().version()).isEqualTo(2);
    }

    @Test
    void aStalledEndpointFailsWithinTheDeadlineAfterRetrying() throws Exception {
        S3PromptSetRegistry registry = registry();
        registry.publish("btmri", SamplePromptSets.sample("run-0", 0)); // probe passed, store known good
        proxy.inject(line -> line.contains("manifest.json"), FaultyS3Proxy.Fault.STALL, 100);

        long t0 = System.nanoTime();
        assertThatThrownBy(() -> registry.publish("btmri", SamplePromptSets.sample("run-1", 1)))
                .isInstanceOf(IOException.class);
        double seconds = (System.nanoTime() - t0) / 1e9;

        assertThat(seconds).isLessThan(FAST.deadline().toMillis() / 1000.0 + 2);
        assertThat(proxy.seen()).filteredOn(l -> l.startsWith("PUT ") && l.contains("/versions/2/manifest.json"))
                .hasSize(FAST.maxAttempts());
        assertThat(registry.versions("btmri")).hasSize(1);
    }

    @Test
    void aStoreWhoseCreateOnlyCheckIsNotAtomicNeverGivesTwoPromotesTheSameVersion() throws Exception {
        String prefix = "p-" + PREFIXES.incrementAndGet();
        registry(prefix).publish("probe-first", SamplePromptSets.sample("run-probe", 99)); // the probe passes
        proxy.racyCreateOnly(150);
        int writers = 16;
        List<S3PromptSetRegistry> registries = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            registries.add(registry(prefix)); // one client each, as separate processes would have
        }
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<RegistryPromotion>> futures = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            int n = i;
            futures.add(pool.submit(() -> {
                start.await();
                return registries.get(n).promote("race", SamplePromptSets.sample("run-" + n, n), "production",
                        "racer " + n, AliasExpectation.any());
            }));
        }
        start.countDown();
        Map<Integer, String> printed = new TreeMap<>();
        List<String> refused = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            try {
                RegistryPromotion p = futures.get(i).get(120, TimeUnit.SECONDS);
                String earlier = printed.put(p.version().version(), "run-" + i);
                assertThat(earlier).as("version %d printed for run-%d and %s", p.version().version(), i, earlier)
                        .isNull();
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(IOException.class);
                refused.add(e.getCause().getMessage());
            }
        }
        pool.shutdownNow();

        // the fault happened: two racers' create-only writes of the same claim both succeeded
        assertThat(proxy.racyWrites()).as("racy create-only writes per key").containsValue(2);
        assertThat(printed).isNotEmpty();
        assertThat(refused).allSatisfy(m -> assertThat(m).containsAnyOf("overwritten by another writer",
                "committed by another promotion", "another writer"));
        // what was printed is what is served, byte for byte
        S3PromptSetRegistry reader = registry(prefix);
        for (var e : printed.entrySet()) {
            assertThat(reader.load("race", e.getKey()).manifest().sourceRun()).isEqualTo(e.getValue());
        }
        assertThat(reader.versions("race")).extracting(RegistryVersion::version)
                .containsAll(printed.keySet());
        // the alias serves one of the printed versions, with its own bytes
        int aliased = reader.currentAlias("race", "production").orElseThrow().version();
        RegistryVersion current = reader.versions("race").stream().filter(v -> v.version() == aliased).findFirst()
                .orElseThrow();
        assertThat(printed).containsEntry(current.version(), current.sourceRun());
        assertThat(reader.load(PromptSetRef.parse("race@production")).manifest().sourceRun())
                .isEqualTo(current.sourceRun());
        System.out.println("non-atomic create-only: " + printed.size() + " promoted " + printed + ", "
                + refused.size() + " refused " + refused + "; racy writes " + proxy.racyWrites().values().stream()
                .filter(v -> v > 1).count() + " keys written twice");
    }
}
