package dev.bioprompt.cli.reproduce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bioprompt.cli.CliRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code datasets fetch} and {@code datasets verify} against a local stand-in for the hub and Zenodo. */
class DatasetsFetchCommandTest {

    static final String HUB_ZIP = "/datasets/TahaKoleilat/BiomedCoOp/resolve/main/";

    @TempDir
    Path dir;

    private StandInHosts hosts;

    @BeforeEach
    void start() throws IOException {
        hosts = new StandInHosts();
    }

    @AfterEach
    void stop() {
        hosts.close();
    }

    private CliRun run(String... args) {
        String[] all = Stream.concat(Stream.of("--set", "datasets.zenodo-endpoint=" + hosts.endpoint(), "--set",
                "cache.dir=" + dir.resolve("cache")), Stream.of(args)).toArray(String[]::new);
        return CliRun.of(Map.of("HF_ENDPOINT", hosts.endpoint()), all);
    }

    @Test
    void fetchesThroughTheRedirectResumesAfterACutAndVerifies() throws IOException {
        hosts.file(HUB_ZIP + "BTMRI.zip", TinyBtmri.zip(4)).cutOnce(HUB_ZIP + "BTMRI.zip");
        Path root = dir.resolve("data");

        CliRun fetch = run("datasets", "fetch", "BTMRI", "--root", root.toString());

        assertThat(fetch.exitCode()).as(fetch.err()).isZero();
        assertThat(fetch.out()).contains("BTMRI: 17 files in " + root.resolve("BTMRI"))
                .contains("split file from the archive");
        assertThat(root.resolve("BTMRI/split_BTMRI.json")).isRegularFile();
        assertThat(root.resolve("BTMRI/BTMRI/normal_brain/3.png")).isRegularFile();
        assertThat(hosts.requests).anyMatch(r -> r.startsWith("GET /cdn/") && r.endsWith("-"));
        try (Stream<Path> left = Files.list(root)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("BTMRI");
        }
        assertThat(run("datasets", "fetch", "BTMRI", "--root", root.toString()).out()).contains("already in");

        CliRun verify = run("datasets", "verify", "BTMRI", "--root", root.toString());
        assertThat(verify.out()).containsPattern("glioma tumor\\s+2\\s+1\\s+1")
                .containsPattern("total\\s+8\\s+4\\s+4")
                .containsPattern("catalogue\\s+2854 \\(differs\\)\\s+1141 \\(differs\\)\\s+1717 \\(differs\\)")
                .contains("BTMRI: FAILED");
        assertThat(verify.exitCode()).isEqualTo(1);
    }

    @Test
    void anArchiveWithParentSegmentsIsRefusedAndLeavesNothing() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>(TinyBtmri.entries("BTMRI/BTMRI/", "BTMRI/split_BTMRI.json", 2));
        entries.put("BTMRI/../../escaped.txt", "owned".getBytes(StandardCharsets.UTF_8));
        hosts.file(HUB_ZIP + "BTMRI.zip", TinyBtmri.zip(entries));
        Path root = dir.resolve("data");

        CliRun fetch = run("datasets", "fetch", "BTMRI", "--root", root.toString());

        assertThat(fetch.exitCode()).isEqualTo(1);
        assertThat(fetch.err()).contains("BTMRI/../../escaped.txt").contains("escapes the target folder");
        assertThat(dir.resolve("escaped.txt")).doesNotExist();
        try (Stream<Path> left = Files.list(root)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void anArchiveWithoutASplitFileAsksForOne() throws IOException {
        hosts.file(HUB_ZIP + "BTMRI.zip", TinyBtmri.zip(TinyBtmri.entries("BTMRI/", null, 4)));
        Path root = dir.resolve("data");

        CliRun without = run("datasets", "fetch", "BTMRI", "--root", root.toString());
        assertThat(without.exitCode()).isEqualTo(1);
        assertThat(without.err()).contains("has no split_BTMRI.json").contains("--split-file");
        assertThat(root.resolve("BTMRI")).doesNotExist();

        Path split = Files.writeString(dir.resolve("split_BTMRI.json"), TinyBtmri.split(4));
        CliRun with = run("datasets", "fetch", "BTMRI", "--root", root.toString(), "--split-file", split.toString());
        assertThat(with.exitCode()).as(with.err()).isZero();
        assertThat(with.out()).contains("split file from " + split);
        assertThat(root.resolve("BTMRI/BTMRI/glioma_tumor/0.png")).isRegularFile();
    }

    @Test
    void aMedMnistFileWithTheWrongChecksumIsDeleted() {
        byte[] notTheRealFile = "a stand-in npz".getBytes(StandardCharsets.UTF_8);
        hosts.file("/records/10519652/files/breastmnist_224.npz", notTheRealFile);
        Path root = dir.resolve("data");

        CliRun fetch = run("datasets", "fetch", "breastmnist", "--root", root.toString());

        assertThat(fetch.exitCode()).isEqualTo(1);
        assertThat(fetch.err()).contains("checksum mismatch for breastmnist_224.npz")
                .contains("expected MD5 b56378a6eefa9fed602bb16d192d4c8b")
                .contains(StandInHosts.hex("MD5", notTheRealFile));
        assertThat(root.resolve("breastmnist_224.npz")).doesNotExist();
        assertThat(root.resolve("breastmnist_224.npz.part")).doesNotExist();
        assertThat(hosts.requests).anyMatch(r -> r.equals("GET /records/10519652/files/breastmnist_224.npz"));
    }

    @Test
    void unknownDatasetsAndAMissingRootAreUsageErrors() {
        assertThat(run("datasets", "fetch", "NOPE", "--root", dir.toString()).exitCode()).isEqualTo(2);
        CliRun noRoot = run("datasets", "fetch", "BTMRI");
        assertThat(noRoot.exitCode()).isEqualTo(2);
        assertThat(noRoot.err()).contains("--root");
    }
}
