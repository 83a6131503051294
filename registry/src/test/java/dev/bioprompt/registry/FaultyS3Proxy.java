package dev.bioprompt.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A fault-injecting HTTP proxy in front of S3Proxy: it can drop {@code If-None-Match} (a store that ignores
 * create-only writes), lose the reply of a request after the backend executed it, stall a request, or fail it with a
 * 500. Each request goes to the backend on its own connection; each reply closes the client connection.
 */
final class FaultyS3Proxy implements AutoCloseable {

    enum Fault { FAIL_500, LOSE_REPLY, STALL }

    private record Rule(Predicate<String> request, Fault fault, AtomicInteger remaining) {
    }

    private final ServerSocket server;
    private final URI backend;
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile boolean dropIfNoneMatch;
    private volatile long racyCreateOnlyMillis = -1;
    private final Map<String, AtomicInteger> racyWrites = new ConcurrentHashMap<>();

    FaultyS3Proxy(URI backend) throws IOException {
        this.backend = backend;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "faulty-s3-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    FaultyS3Proxy dropIfNoneMatch(boolean drop) {
        this.dropIfNoneMatch = drop;
        return this;
    }

    /**
     * Makes create-only writes non-atomic, as moto's are: the proxy checks that the key is absent, waits
     * {@code windowMillis} (the gap between moto's check and its write), then forwards the write without
     * {@code If-None-Match}, so two writers that check within the window both succeed and the later overwrites the
     * earlier. A single writer is refused (412) when the key exists, so a sequential probe passes.
     */
    FaultyS3Proxy racyCreateOnly(long windowMillis) {
        this.racyCreateOnlyMillis = windowMillis;
        return this;
    }

    /** How many create-only writes of each key the racy mode let through (above 1: both racers succeeded). */
    Map<String, Integer> racyWrites() {
        Map<String, Integer> out = new TreeMap<>();
        racyWrites.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** The next {@code times} requests whose request line ({@code PUT /bucket/key?...}) matches suffer the fault. */
    FaultyS3Proxy inject(Predicate<String> requestLine, Fault fault, int times) {
        rules.add(new Rule(requestLine, fault, new AtomicInteger(times)));
        return this;
    }

    void heal() {
        rules.clear();
    }

    /** Every request line seen, in order. */
    List<String> seen() {
        return List.copyOf(seen);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                open.add(client);
                Thread handler = new Thread(() -> handle(client), "faulty-s3-proxy-request");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private Fault faultFor(String requestLine) {
        for (Rule r : rules) {
            if (r.request().test(requestLine) && r.remaining().getAndDecrement() > 0) {
                return r.fault();
            }
        }
        return null;
    }

    private void handle(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            String head = readHead(in);
            if (head == null) {
                return;
            }
            String[] lines = head.split("\r\n");
            String requestLine = lines[0];
            seen.add(requestLine);
            List<String> headers = new ArrayList<>();
            long contentLength = -1;
            boolean chunked = false;
            boolean createOnly = false;
            long racyWindow = racyCreateOnlyMillis;
            for (int i = 1; i < lines.length; i++) {
                String lower = lines[i].toLowerCase(Locale.ROOT);
                createOnly |= lower.startsWith("if-none-match:");
                if (lower.startsWith("connection:") || ((dropIfNoneMatch || racyWindow >= 0)
                        && lower.startsWith("if-none-match:"))) {
                    continue;
                }
                if (lower.startsWith("content-length:")) {
                    contentLength = Long.parseLong(lines[i].substring(15).trim());
                }
                if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
                headers.add(lines[i]);
            }
            byte[] body = chunked ? readChunked(in) : in.readNBytes((int) Math.max(0, contentLength));
            Fault fault = faultFor(requestLine);
            if (fault == Fault.STALL) {
                Thread.sleep(Long.MAX_VALUE);
            }
            OutputStream out = client.getOutputStream();
            if (racyWindow >= 0 && createOnly && requestLine.startsWith("PUT ")) {
                String path = requestLine.split(" ")[1].split("\\?")[0];
                if (backendHas(path)) {
                    byte[] xml = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>PreconditionFailed</Code>"
                            + "<Message>At least one of the pre-conditions you specified did not hold</Message>"
                            + "</Error>").getBytes(StandardCharsets.UTF_8);
                    out.write(("HTTP/1.1 412 Precondition Failed\r\nContent-Type: application/xml\r\n"
                            + "Content-Length: " + xml.length + "\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.write(xml);
                    out.flush();
                    return;
                }
                Thread.sleep(racyWindow); // checked, not yet written: another writer can pass the same check
                racyWrites.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
            }
            if (fault == Fault.FAIL_500) {
                byte[] xml = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>InternalError</Code>"
                        + "<Message>injected failure</Message></Error>").getBytes(StandardCharsets.UTF_8);
                out.write(("HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/xml\r\nContent-Length: "
                        + xml.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(xml);
                out.flush();
                return;
            }
            byte[] reply;
            try (Socket up = new Socket(backend.getHost(), backend.getPort())) {
                OutputStream upOut = up.getOutputStream();
                StringBuilder forwarded = new StringBuilder(requestLine).append("\r\n");
                headers.forEach(h -> forwarded.append(h).append("\r\n"));
                forwarded.append("Connection: close\r\n\r\n");
                upOut.write(forwarded.toString().getBytes(StandardCharsets.ISO_8859_1));
                upOut.write(body);
                upOut.flush();
                reply = up.getInputStream().readAllBytes();
            }
            if (fault == Fault.LOSE_REPLY) {
                client.setSoLinger(true, 0); // reset: the backend executed the request, the client never hears
                return;
            }
            out.write(reply);
            out.flush();
        } catch (IOException | InterruptedException e) {
            // the client went away or the proxy closed
        } finally {
            open.remove(client);
        }
    }

    /** Whether the backend (unsigned, as the fault tests run S3Proxy) holds the object at {@code path}. */
    private boolean backendHas(String path) throws IOException {
        try (Socket up = new Socket(backend.getHost(), backend.getPort())) {
            up.getOutputStream().write(("HEAD " + path + " HTTP/1.1\r\nHost: " + backend.getHost() + ":"
                    + backend.getPort() + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            up.getOutputStream().flush();
            String status = readLine(up.getInputStream());
            if (status.contains(" 200 ")) {
                return true;
            }
            if (status.contains(" 404 ")) {
                return false;
            }
            throw new IOException("unexpected reply to HEAD " + path + ": " + status);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            state = (b == '\r' && (state == 0 || state == 2)) ? state + 1
                    : (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
            if (state == 4) {
                String text = head.toString(StandardCharsets.ISO_8859_1);
                return text.substring(0, text.length() - 4);
            }
        }
        return null;
    }

    /** Reads a chunked body and returns it re-encoded as it came (chunks and trailers). */
    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(in);
            raw.write((sizeLine + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
            if (size == 0) {
                String trailer;
                do {
                    trailer = readLine(in);
                    raw.write((trailer + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                } while (!trailer.isEmpty());
                return raw.toByteArray();
            }
            raw.write(in.readNBytes(size));
            raw.write((readLine(in) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : open) {
            s.close();
        }
    }
}
