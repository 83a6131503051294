package dev.bioprompt.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bioprompt.api.registry.AliasRecord;
import dev.bioprompt.api.registry.PromptSetRef;
import dev.bioprompt.api.registry.RegistryVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sixteen promoting processes at once (child JVMs, released together by a start file), against one S3Proxy bucket
 * reached over HTTP and against one folder registry: every process exits 0 with a distinct version, every version is
 * served with its own bytes, and the alias log holds one record per promotion, in sequence, each pointing at the
 * version its process printed. The bucket case is tagged {@code slow} (about a minute on two cores); the folder case
 * takes about 15 s.
 */
class PromotionProcessRaceTest {
    private static final int PROCESSES = 16;
    private static final Pattern PRINTED = Pattern.compile("promoted race version (\\d+) alias record (\\d+)");

    @TempDir
    Path dir;

    @Test
    @Tag("slow") // about a minute on two cores: sixteen JVMs each starting an AWS SDK client
    void sixteenProcessesPromotingToOneBucketGetDistinctVersions() throws Exception {
        try (S3ProxyServer server = new S3ProxyServer()) {
            server.createBucket("race");
            String endpoint = server.endpoint().toString();
            Map<Integer, Integer> printed = race(i -> List.of("s3", endpoint, "race", "team/prompts",
                    dir.resolve("go").toString(), Integer.toString(i)));
            S3PromptSetRegistry registry = S3PromptSetRegistry.create(S3RegistryConfig.of("race", "team/prompts")
                    .withEndpoint(server.endpoint(), true).withRegion("us-east-1"), server.credentials());
            try {
                check(registry, printed);
            } finally {
                registry.close();
            }
        }
    }

    @Test
    void sixteenProcessesPromotingToOneFolderGetDistinctVersions() throws Exception {
        Path root = dir.resolve("registry");
        Map<Integer, Integer> printed = race(i -> List.of("folder", root.toString(), dir.resolve("go").toString(),
                Integer.toString(i)));
        check(new LocalPromptSetRegistry(root), printed);
    }

    /** Starts the processes, releases them together, and returns each version printed, by process. */
    private Map<Integer, Integer> race(IntFunction<List<String>> args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < PROCESSES; i++) {
            List<String> command = new ArrayList<>(List.of(java, "-Xmx128m", "-XX:TieredStopAtLevel=1",
                    "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), PromoteMain.class.getName()));
            command.addAll(args.apply(i));
            processes.add(new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("p" + i + ".log").toFile()).start());
        }
        Thread.sleep(3000); // let the JVMs start and open their clients
        Files.writeString(dir.resolve("go"), "go");
        Map<Integer, Integer> printed = new TreeMap<>();
        for (int i = 0; i < PROCESSES; i++) {
            Process p = processes.get(i);
            assertThat(p.waitFor(240, TimeUnit.SECONDS)).as("process %d finished", i).isTrue();
            String log = Files.readString(dir.resolve("p" + i + ".log"));
            assertThat(p.exitValue()).as(log).isZero();
            Matcher m = PRINTED.matcher(log);
            assertThat(m.find()).as(log).isTrue();
            printed.put(i, Integer.parseInt(m.group(1)));
        }
        return printed;
    }

    private static void check(StoredPromptSetRegistry registry, Map<Integer, Integer> printed) throws Exception {
        assertThat(printed.values()).doesNotHaveDuplicates().hasSize(PROCESSES)
                .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, PROCESSES).boxed()
                        .toList());
        assertThat(registry.versions("race")).extracting(RegistryVersion::version)
                .containsExactlyInAnyOrderElementsOf(printed.values());
        for (var e : printed.entrySet()) {
            assertThat(registry.load("race", e.getValue()).manifest().sourceRun()).isEqualTo("run-" + e.getKey());
        }
        List<AliasRecord> log = registry.aliasHistory("race", "production");
        assertThat(log).hasSize(PROCESSES);
        assertThat(log).extracting(AliasRecord::sequence).doesNotHaveDuplicates();
        assertThat(log).extracting(AliasRecord::version).containsExactlyInAnyOrderElementsOf(printed.values());
        for (AliasRecord a : log) {
            assertThat(a.digest()).isEqualTo(registry.versions("race").stream()
                    .filter(v -> v.version() == a.version()).findFirst().orElseThrow().digest());
        }
        AliasRecord last = log.stream().max(Comparator.comparingLong(AliasRecord::sequence)).orElseThrow();
        assertThat(registry.currentAlias("race", "production").orElseThrow().version()).isEqualTo(last.version());
        assertThat(registry.load(PromptSetRef.parse("race@production")).manifest().sourceRun())
                .isEqualTo(registry.load("race", last.version()).manifest().sourceRun());
        assertThat(new RegistryVerifier(registry).verify("race").problems()).isEmpty();
    }
}
