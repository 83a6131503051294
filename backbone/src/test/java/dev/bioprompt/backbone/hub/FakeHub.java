package dev.bioprompt.backbone.hub;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for the Hugging Face hub: {@code /{repo}/resolve/{revision}/{file}} answers large (LFS) files
 * with a redirect to {@code /cdn/...} carrying {@code X-Linked-Size} and {@code X-Linked-Etag}, small files directly
 * with a git blob SHA-1 {@code ETag}. Byte ranges are supported; a file can be made to break off half way once.
 */
final class FakeHub implements AutoCloseable {

    /** One request as the server saw it. */
    record Seen(String method, String path, String range, String authorization) { }

    private static final Pattern RESOLVE = Pattern.compile("/(.+?/.+?)/resolve/([^/]+)/(.+)");
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    private final HttpServer server;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Set<String> lfs = ConcurrentHashMap.newKeySet();
    private final Map<String, String> wrongSha256 = new ConcurrentHashMap<>();
    private final Set<String> cutOnce = ConcurrentHashMap.newKeySet();
    private final Set<String> stallOnce = ConcurrentHashMap.newKeySet();
    private final Map<String, String> gatedRepos = new ConcurrentHashMap<>();
    final List<Seen> requests = new CopyOnWriteArrayList<>();

    FakeHub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-hub");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    /** A plain URL of a stored file that first redirects ({@code /moved/cdn/...}), outside the hub's API. */
    URI plainUrl(String repo, String revision, String file) {
        String key = repo + "@" + revision + "/" + file;
        return URI.create(endpoint() + "/moved/cdn/" + HexFormat.of().formatHex(key.getBytes(StandardCharsets.UTF_8)));
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    FakeHub file(String repo, String revision, String file, byte[] content, boolean largeFile) {
        String key = repo + "@" + revision + "/" + file;
        files.put(key, content);
        if (largeFile) {
            lfs.add(key);
        }
        return this;
    }

    FakeHub announceWrongSha256(String repo, String revision, String file) {
        wrongSha256.put(repo + "@" + revision + "/" + file, "0".repeat(64));
        return this;
    }

    FakeHub cutOnce(String repo, String revision, String file) {
        cutOnce.add(repo + "@" + revision + "/" + file);
        return this;
    }

    FakeHub stallOnce(String repo, String revision, String file) {
        stallOnce.add(repo + "@" + revision + "/" + file);
        return this;
    }

    FakeHub gated(String repo, String token) {
        gatedRepos.put(repo, "Bearer " + token);
        return this;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        String range = exchange.getRequestHeaders().getFirst("Range");
        requests.add(new Seen(method, path, range, exchange.getRequestHeaders().getFirst("Authorization")));
        try (exchange) {
            if (path.startsWith("/moved/")) {
                exchange.getResponseHeaders().add("Location", path.substring("/moved".length()));
                exchange.sendResponseHeaders(302, -1);
                return;
            }
            if (path.startsWith("/cdn/")) {
                String key = new String(HexFormat.of().parseHex(path.substring(5)), StandardCharsets.UTF_8);
                serveBytes(exchange, key, files.get(key), range, method);
                return;
            }
            Matcher m = RESOLVE.matcher(path);
            if (!m.matches()) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            String repo = m.group(1);
            String required = gatedRepos.get(repo);
            if (required != null && !required.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            String key = repo + "@" + m.group(2) + "/" + m.group(3);
            byte[] content = files.get(key);
            if (content == null) {
                exchange.getResponseHeaders().add("X-Error-Code", "EntryNotFound");
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            if (lfs.contains(key)) {
                String sha = wrongSha256.getOrDefault(key, hex("SHA-256", content, null));
                exchange.getResponseHeaders().add("Location",
                        "/cdn/" + HexFormat.of().formatHex(key.getBytes(StandardCharsets.UTF_8)));
                exchange.getResponseHeaders().add("X-Linked-Size", String.valueOf(content.length));
                exchange.getResponseHeaders().add("X-Linked-Etag", "\"" + sha + "\"");
                exchange.sendResponseHeaders(302, -1);
                return;
            }
            exchange.getResponseHeaders().add("ETag", "\"" + hex("SHA-1", content,
                    ("blob " + content.length + "\0").getBytes(StandardCharsets.US_ASCII)) + "\"");
            serveBytes(exchange, key, content, range, method);
        }
    }

    private void serveBytes(HttpExchange exchange, String key, byte[] content, String range, String method)
            throws IOException {
        if (content == null) {
            exchange.sendResponseHeaders(404, -1);
            return;
        }
        int start = 0;
        if (range != null) {
            Matcher r = RANGE.matcher(range);
            if (!r.matches() || Integer.parseInt(r.group(1)) >= content.length) {
                exchange.sendResponseHeaders(416, -1);
                return;
            }
            start = Integer.parseInt(r.group(1));
            exchange.getResponseHeaders().add("Content-Range",
                    "bytes " + start + "-" + (content.length - 1) + "/" + content.length);
        }
        int length = content.length - start;
        if (method.equals("HEAD")) {
            exchange.getResponseHeaders().add("Content-Length", String.valueOf(length));
            exchange.sendResponseHeaders(range == null ? 200 : 206, -1);
            return;
        }
        exchange.sendResponseHeaders(range == null ? 200 : 206, length);
        OutputStream body = exchange.getResponseBody();
        if (cutOnce.remove(key)) {
            body.write(content, start, length / 2);
            body.flush();
            // a handler that fails makes the server drop the connection, short of Content-Length
            throw new IllegalStateException("connection cut on purpose");
        }
        if (stallOnce.remove(key)) {
            body.write(content, start, length / 2);
            body.flush();
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("stalled on purpose");
        }
        body.write(content, start, length);
    }

    static String hex(String algorithm, byte[] content, byte[] prefix) {
        try {
            MessageDigest md = MessageDigest.getInstance(algorithm);
            if (prefix != null) {
                md.update(prefix);
            }
            return HexFormat.of().formatHex(md.digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
