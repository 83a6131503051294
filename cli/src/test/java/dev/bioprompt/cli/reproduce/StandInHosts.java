package dev.bioprompt.cli.reproduce;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
 * One local HTTP server playing the Hugging Face hub ({@code /{repo}/resolve/{rev}/{file}}: large files redirect to
 * {@code /cdn/...} with {@code X-Linked-Size} and the SHA-256 in {@code X-Linked-Etag}) and Zenodo
 * ({@code /records/...}, served directly). Byte ranges are honoured; a file can break off half way once.
 */
public final class StandInHosts implements AutoCloseable {

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    private final HttpServer server;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Set<String> cutOnce = ConcurrentHashMap.newKeySet();
    /** Every request: method, path and Range header. */
    public final List<String> requests = new CopyOnWriteArrayList<>();

    public StandInHosts() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "stand-in-hosts");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    /** The base URL, for {@code HF_ENDPOINT} and {@code datasets.zenodo-endpoint}. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Serves {@code content} at {@code path} ({@code /datasets/o/n/resolve/main/X.zip}, {@code /records/...}). */
    public StandInHosts file(String path, byte[] content) {
        files.put(path, content);
        return this;
    }

    /** The next download of {@code path} sends half the bytes and drops the connection. */
    public StandInHosts cutOnce(String path) {
        cutOnce.add(path);
        return this;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        String range = exchange.getRequestHeaders().getFirst("Range");
        requests.add(method + " " + path + (range == null ? "" : " " + range));
        try (exchange) {
            if (path.startsWith("/cdn/")) {
                String key = new String(HexFormat.of().parseHex(path.substring(5)), StandardCharsets.UTF_8);
                serve(exchange, key, files.get(key), range, method);
                return;
            }
            byte[] content = files.get(path);
            if (content == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            if (path.contains("/resolve/")) {
                exchange.getResponseHeaders().add("Location",
                        "/cdn/" + HexFormat.of().formatHex(path.getBytes(StandardCharsets.UTF_8)));
                exchange.getResponseHeaders().add("X-Linked-Size", String.valueOf(content.length));
                exchange.getResponseHeaders().add("X-Linked-Etag", "\"" + hex("SHA-256", content) + "\"");
                exchange.sendResponseHeaders(302, -1);
                return;
            }
            serve(exchange, path, content, range, method);
        }
    }

    private void serve(HttpExchange exchange, String key, byte[] content, String range, String method)
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
            throw new IllegalStateException("connection cut on purpose");
        }
        body.write(content, start, length);
    }

    /** A digest in lower-case hex. */
    public static String hex(String algorithm, byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
