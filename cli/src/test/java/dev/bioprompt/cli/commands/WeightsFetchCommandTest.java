package dev.bioprompt.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.bioprompt.api.model.VisionLanguageModel;
import dev.bioprompt.backbone.BiomedClipLoader;
import dev.bioprompt.backbone.hub.HubDownloader;
import dev.bioprompt.cli.CliRun;
import dev.bioprompt.cli.ExitCodes;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bioprompt weights fetch} against a local stand-in for the Hugging Face hub: {@code /{repo}/resolve/{rev}/
 * {file}} answers the checkpoint as a large (LFS) file, a redirect carrying {@code X-Linked-Size} and the SHA-256 in
 * {@code X-Linked-Etag}, and small files directly with their git blob SHA-1 as {@code ETag}; the repository is gated
 * behind a bearer token.
 */
class WeightsFetchCommandTest {

    private static final String TOKEN = "hf_test_token";
    private static final Path TINY = EmbedCommandTest.TINY;

    @TempDir
    Path dir;

    private HttpServer server;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startHub() throws IOException {
        String prefix = "/" + HubDownloader.BIOMEDCLIP_REPO + "/resolve/main/";
        files.put(prefix + "open_clip_config.json", Files.readAllBytes(TINY.resolve("open_clip_config.json")));
        files.put(prefix + "vocab.txt", Files.readAllBytes(TINY.resolve("vocab.txt")));
        files.put(prefix + "tokenizer.json", Files.readAllBytes(TINY.resolve("tokenizer.json")));
        // the loader recognises the checkpoint format from its content, so safetensors bytes stand in for the .bin
        files.put(prefix + "open_clip_pytorch_model.bin",
                Files.readAllBytes(TINY.resolve("open_clip_model.safetensors")));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    @AfterEach
    void stopHub() {
        server.stop(0);
    }

    private String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            boolean head = exchange.getRequestMethod().equals("HEAD");
            if (path.startsWith("/cdn/")) {
                byte[] content = files.get(new String(HexFormat.of().parseHex(path.substring(5)),
                        StandardCharsets.UTF_8));
                send(exchange, content, head);
                return;
            }
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            authorizations.add(auth == null ? "" : auth);
            if (!("Bearer " + TOKEN).equals(auth)) {
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            byte[] content = files.get(path);
            if (content == null) {
                exchange.getResponseHeaders().add("X-Error-Code", "EntryNotFound");
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            if (path.endsWith(".bin")) {
                exchange.getResponseHeaders().add("Location",
                        "/cdn/" + HexFormat.of().formatHex(path.getBytes(StandardCharsets.UTF_8)));
                exchange.getResponseHeaders().add("X-Linked-Size", String.valueOf(content.length));
                exchange.getResponseHeaders().add("X-Linked-Etag", "\"" + hex("SHA-256", content, new byte[0]) + "\"");
                exchange.sendResponseHeaders(302, -1);
                return;
            }
            exchange.getResponseHeaders().add("ETag", "\"" + hex("SHA-1", content,
                    ("blob " + content.length + "\0").getBytes(StandardCharsets.US_ASCII)) + "\"");
            send(exchange, content, head);
        }
    }

    private static void send(HttpExchange exchange, byte[] content, boolean head) throws IOException {
        if (content == null) {
            exchange.sendResponseHeaders(404, -1);
            return;
        }
        if (head) {
            exchange.getResponseHeaders().add("Content-Length", String.valueOf(content.length));
            exchange.sendResponseHeaders(200, -1);
            return;
        }
        exchange.sendResponseHeaders(200, content.length);
        exchange.getResponseBody().write(content);
    }

    private static String hex(String algorithm, byte[] content, byte[] prefix) {
        try {
            MessageDigest md = MessageDigest.getInstance(algorithm);
            md.update(prefix);
            return HexFormat.of().formatHex(md.digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void downloadsTheReleasedLayoutAndPrintsTheFolder() throws IOException {
        Path cache = dir.resolve("hub");
        CliRun run = CliRun.of(Map.of("HF_ENDPOINT", endpoint(), "HF_TOKEN", TOKEN), "weights", "fetch",
                "--cache", cache.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        Path folder = cache.resolve(HubDownloader.BIOMEDCLIP_REPO.replace("/", "--")).resolve("main");
        assertThat(run.out().trim()).isEqualTo(folder.toString());
        assertThat(folder.resolve("open_clip_pytorch_model.bin")).hasSameBinaryContentAs(
                TINY.resolve("open_clip_model.safetensors"));
        assertThat(folder.resolve("open_clip_config.json")).hasSameBinaryContentAs(
                TINY.resolve("open_clip_config.json"));
        assertThat(folder.resolve("vocab.txt")).exists();
        assertThat(folder.resolve("tokenizer_config.json")).doesNotExist();
        // no console under the test runner: plain progress lines
        assertThat(run.err()).contains("downloading open_clip_pytorch_model.bin", "open_clip_pytorch_model.bin: done",
                "backbone.dir=" + folder);
        assertThat(authorizations).isNotEmpty().allMatch(("Bearer " + TOKEN)::equals);
        try (VisionLanguageModel model = BiomedClipLoader.load(folder, Device.cpu())) {
            assertThat(model.dimensions().embedDim()).isEqualTo(64);
        }

        // a second fetch finds every file in the cache
        int before = authorizations.size();
        CliRun again = CliRun.of(Map.of("HF_ENDPOINT", endpoint(), "HF_TOKEN", TOKEN), "weights", "fetch",
                "--cache", cache.toString());
        assertThat(again.exitCode()).as(again.err()).isEqualTo(ExitCodes.OK);
        assertThat(again.out().trim()).isEqualTo(folder.toString());
        assertThat(authorizations.size() - before).as("requests for the absent optional files only").isEqualTo(2);
    }

    @Test
    void aMissingTokenFailsNamingHfToken() {
        Path cache = dir.resolve("hub");
        CliRun run = CliRun.of(Map.of("HF_ENDPOINT", endpoint()), "weights", "fetch", "--cache", cache.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.err()).contains("HF_TOKEN", "open_clip_config.json");
        assertThat(run.out()).isEmpty();
    }
}
