package dev.bioprompt.backbone.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubDownloaderTest {

    private static final String REPO = HubDownloader.BIOMEDCLIP_REPO;
    private static final byte[] WEIGHTS = randomBytes(300_000);
    private static final byte[] CONFIG = "{\"model_cfg\": {\"embed_dim\": 512}}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path cache;
    private FakeHub hub;
    private final List<long[]> progress = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startHub() throws IOException {
        hub = new FakeHub()
                .file(REPO, "main", "open_clip_pytorch_model.bin", WEIGHTS, true)
                .file(REPO, "main", "open_clip_config.json", CONFIG, false);
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    private HubDownloader downloader() {
        return new HubDownloader(cache, hub.endpoint(), Optional.empty(), Duration.ZERO, Duration.ofMillis(400));
    }

    private DownloadProgress recorder() {
        return (file, done, total) -> progress.add(new long[] {done, total});
    }

    @Test
    void downloadsLargeFileThroughRedirectAndVerifiesSha256() throws IOException {
        Path file = downloader().download(REPO, "main", "open_clip_pytorch_model.bin", recorder());

        assertThat(file).isEqualTo(cache.resolve("microsoft--BiomedCLIP-PubMedBERT_256-vit_base_patch16_224")
                .resolve("main").resolve("open_clip_pytorch_model.bin"));
        assertThat(Files.readAllBytes(file)).isEqualTo(WEIGHTS);
        assertThat(file.resolveSibling("open_clip_pytorch_model.bin.part")).doesNotExist();
        assertThat(progress.get(progress.size() - 1)).containsExactly(WEIGHTS.length, WEIGHTS.length);
        assertThat(hub.requests).extracting(FakeHub.Seen::path).anyMatch(p -> p.startsWith("/cdn/"));
    }

    @Test
    void aCachedFileChangedAfterDownloadIsRefusedNamingBothChecksums() throws IOException {
        for (String name : new String[] {"open_clip_pytorch_model.bin", "open_clip_config.json"}) {
            Path file = downloader().download(REPO, "main", name, DownloadProgress.NONE);
            assertThat(HubDownloader.checksumFile(file)).isRegularFile();
            assertThat(downloader().download(REPO, "main", name, DownloadProgress.NONE)).isEqualTo(file);
            byte[] bytes = Files.readAllBytes(file);
            bytes[bytes.length / 2] ^= 0x20;
            Files.write(file, bytes);

            assertThatThrownBy(() -> downloader().download(REPO, "main", name, DownloadProgress.NONE))
                    .isInstanceOf(HubException.class).hasMessageContaining(file.toString())
                    .hasMessageContaining(Files.readString(HubDownloader.checksumFile(file)).trim())
                    .hasMessageContaining("refusing");
        }
    }

    @Test
    void smallFileIsVerifiedByItsGitBlobSha1() throws IOException {
        Path file = downloader().download(REPO, "main", "open_clip_config.json", DownloadProgress.NONE);

        assertThat(Files.readAllBytes(file)).isEqualTo(CONFIG);
    }

    @Test
    void resumesWithRangeAfterTheConnectionIsCut() throws IOException {
        hub.cutOnce(REPO, "main", "open_clip_pytorch_model.bin");

        Path file = downloader().download(REPO, "main", "open_clip_pytorch_model.bin", recorder());

        assertThat(Files.readAllBytes(file)).isEqualTo(WEIGHTS);
        List<String> ranges = hub.requests.stream().filter(r -> r.method().equals("GET")).map(FakeHub.Seen::range).toList();
        assertThat(ranges).hasSize(2);
        assertThat(ranges.get(0)).isNull();
        assertThat(ranges.get(1)).matches("bytes=\\d+-").isNotEqualTo("bytes=0-");
        assertThat(progress.get(progress.size() - 1)).containsExactly(WEIGHTS.length, WEIGHTS.length);
    }

    @Test
    void dropsAStalledConnectionAndResumes() throws IOException {
        hub.stallOnce(REPO, "main", "open_clip_pytorch_model.bin");

        Path file = downloader().download(REPO, "main", "open_clip_pytorch_model.bin", DownloadProgress.NONE);

        assertThat(Files.readAllBytes(file)).isEqualTo(WEIGHTS);
        assertThat(hub.requests).filteredOn(r -> r.method().equals("GET")).extracting(FakeHub.Seen::range)
                .last().asString().matches("bytes=\\d+-");
    }

    @Test
    void resumesAPartialFileLeftByAnEarlierRun() throws IOException {
        Path folder = downloader().folder(REPO, "main");
        Files.createDirectories(folder);
        Files.write(folder.resolve("open_clip_pytorch_model.bin.part"), Arrays.copyOf(WEIGHTS, 1000));

        Path file = downloader().download(REPO, "main", "open_clip_pytorch_model.bin", recorder());

        assertThat(Files.readAllBytes(file)).isEqualTo(WEIGHTS);
        assertThat(hub.requests).filteredOn(r -> r.method().equals("GET")).extracting(FakeHub.Seen::range)
                .containsExactly("bytes=1000-");
        assertThat(progress.get(0)).containsExactly(1000, WEIGHTS.length);
    }

    @Test
    void checksumMismatchFailsAndKeepsNothing() {
        hub.announceWrongSha256(REPO, "main", "open_clip_pytorch_model.bin");

        assertThatThrownBy(() -> downloader().download(REPO, "main", "open_clip_pytorch_model.bin", DownloadProgress.NONE))
                .isInstanceOf(HubException.class)
                .hasMessageContaining("checksum mismatch for open_clip_pytorch_model.bin")
                .hasMessageContaining(REPO);
        Path folder = downloader().folder(REPO, "main");
        assertThat(folder.resolve("open_clip_pytorch_model.bin")).doesNotExist();
        assertThat(folder.resolve("open_clip_pytorch_model.bin.part")).doesNotExist();
    }

    @Test
    void missingFileNamesFileAndRepo() throws IOException {
        assertThatThrownBy(() -> downloader().download(REPO, "main", "tokenizer.json", DownloadProgress.NONE))
                .isInstanceOf(HubException.class)
                .hasMessageContaining("tokenizer.json not found in " + REPO)
                .extracting(e -> ((HubException) e).statusCode()).isEqualTo(404);
        assertThat(downloader().downloadIfPresent(REPO, "main", "tokenizer.json", DownloadProgress.NONE)).isEmpty();
    }

    @Test
    void unauthorisedMentionsHfTokenAndTheTokenFromTheEnvironmentIsSent() throws IOException {
        hub.gated(REPO, "hf_secret");

        assertThatThrownBy(() -> downloader().download(REPO, "main", "open_clip_config.json", DownloadProgress.NONE))
                .isInstanceOf(HubException.class)
                .hasMessageContaining("HTTP 401")
                .hasMessageContaining("HF_TOKEN");

        HubDownloader withToken = HubDownloader.fromEnvironment(cache,
                Map.of("HF_ENDPOINT", hub.endpoint() + "/", "HF_TOKEN", "hf_secret"));
        Path file = withToken.download(REPO, "main", "open_clip_config.json", DownloadProgress.NONE);

        assertThat(Files.readAllBytes(file)).isEqualTo(CONFIG);
        assertThat(hub.requests.get(hub.requests.size() - 1).authorization()).isEqualTo("Bearer hf_secret");
    }

    @Test
    void cachedFileIsNotFetchedAgain() throws IOException {
        downloader().download(REPO, "main", "open_clip_config.json", DownloadProgress.NONE);
        int before = hub.requests.size();

        Path again = downloader().download(REPO, "main", "open_clip_config.json", recorder());

        assertThat(hub.requests).hasSize(before);
        assertThat(Files.readAllBytes(again)).isEqualTo(CONFIG);
        assertThat(progress).hasSize(1);
    }

    @Test
    void downloadsTheBiomedClipFilesAndTheTokenizerFilesPresent() throws IOException {
        hub.file(REPO, "main", "vocab.txt", "[PAD]\n[UNK]\n[CLS]\n[SEP]\n".getBytes(StandardCharsets.UTF_8), false);

        Path folder = downloader().downloadBiomedClip("main", DownloadProgress.NONE);

        try (var files = Files.list(folder)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")))
                    .containsExactlyInAnyOrder("open_clip_config.json", "open_clip_pytorch_model.bin", "vocab.txt");
        }
    }

    @Test
    void takesTheTokenizerFromTheTextModelRepositoryWhenTheModelHasNone() throws IOException {
        String textRepo = "microsoft/BiomedNLP-BiomedBERT-base-uncased-abstract";
        byte[] config = ("{\"model_cfg\": {\"text_cfg\": {\"hf_tokenizer_name\": \"" + textRepo + "\"}}}")
                .getBytes(StandardCharsets.UTF_8);
        byte[] vocab = "[PAD]\n[UNK]\n[CLS]\n[SEP]\n".getBytes(StandardCharsets.UTF_8);
        hub.file(REPO, "v1", "open_clip_config.json", config, false)
                .file(REPO, "v1", "open_clip_pytorch_model.bin", WEIGHTS, true)
                .file(textRepo, "main", "vocab.txt", vocab, false)
                .file(textRepo, "main", "tokenizer_config.json", "{\"do_lower_case\": true}".getBytes(StandardCharsets.UTF_8), false);

        Path folder = downloader().downloadBiomedClip("v1", DownloadProgress.NONE);

        assertThat(folder).isEqualTo(downloader().folder(REPO, "v1"));
        assertThat(Files.readAllBytes(folder.resolve("vocab.txt"))).isEqualTo(vocab);
        try (var files = Files.list(folder)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("."))).containsExactlyInAnyOrder("open_clip_config.json",
                    "open_clip_pytorch_model.bin", "vocab.txt", "tokenizer_config.json");
        }
    }

    @Test
    void rejectsPathsThatLeaveTheCache() {
        assertThatThrownBy(() -> downloader().download(REPO, "main", "../../etc/passwd", DownloadProgress.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("../../etc/passwd");
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new Random(42).nextBytes(b);
        return b;
    }

    @Test
    void downloadsAPlainUrlThroughARedirectAndChecksItsMd5() throws IOException {
        Path target = cache.resolve("zenodo").resolve("pathmnist_224.npz");
        Path file = downloader().downloadUrl(hub.plainUrl(REPO, "main", "open_clip_config.json"), target,
                Optional.of(FakeHub.hex("MD5", CONFIG, null).toUpperCase(Locale.ROOT)), recorder());
        assertThat(file).isEqualTo(target);
        assertThat(Files.readAllBytes(target)).isEqualTo(CONFIG);
        assertThat(hub.requests).extracting(FakeHub.Seen::path).anyMatch(p -> p.startsWith("/moved/"));
        assertThat(downloader().downloadUrl(hub.plainUrl(REPO, "main", "open_clip_config.json"), target,
                Optional.of("0".repeat(32)), DownloadProgress.NONE)).as("an existing file is kept").isEqualTo(target);
    }

    @Test
    void plainUrlResumesWithARangeAfterTheConnectionIsCut() throws IOException {
        hub.cutOnce(REPO, "main", "open_clip_pytorch_model.bin");
        Path target = cache.resolve("x.npz");
        downloader().downloadUrl(hub.plainUrl(REPO, "main", "open_clip_pytorch_model.bin"), target,
                Optional.of(FakeHub.hex("MD5", WEIGHTS, null)), recorder());
        assertThat(Files.readAllBytes(target)).isEqualTo(WEIGHTS);
        List<String> ranges = hub.requests.stream().filter(r -> r.method().equals("GET")).map(FakeHub.Seen::range)
                .toList();
        assertThat(ranges).hasSize(2);
        assertThat(ranges.get(0)).isNull();
        assertThat(ranges.get(1)).isEqualTo("bytes=" + WEIGHTS.length / 2 + "-");
    }

    @Test
    void plainUrlWithTheWrongMd5IsDeleted() {
        Path target = cache.resolve("y.npz");
        assertThatThrownBy(() -> downloader().downloadUrl(hub.plainUrl(REPO, "main", "open_clip_config.json"), target,
                Optional.of("0".repeat(32)), DownloadProgress.NONE))
                .isInstanceOf(HubException.class).hasMessageContaining("checksum mismatch")
                .hasMessageContaining("expected MD5 " + "0".repeat(32));
        assertThat(target).doesNotExist();
        assertThat(target.resolveSibling("y.npz.part")).doesNotExist();
    }
}
