package dev.bioprompt.backbone.hub;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bioprompt.io.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Downloads files of a Hugging Face hub repository ({@code {endpoint}/{repo}/resolve/{revision}/{file}}) into a
 * cache folder, {@code <cache>/<owner>--<name>/<revision>/<file>}.
 *
 * <p>Downloads go to {@code <file>.part} and resume with an HTTP {@code Range} request after an interruption (in the
 * same call, up to {@value #ATTEMPTS} attempts, or in a later one). The size is checked against
 * {@code X-Linked-Size}/{@code Content-Length} and the content against the hub's checksum: the SHA-256 in
 * {@code X-Linked-Etag} for large (LFS) files, the git blob SHA-1 in {@code ETag} for small ones. Only a verified
 * file is renamed, atomically, to its final name. {@code HF_ENDPOINT} (default {@value #DEFAULT_ENDPOINT}) and
 * {@code HF_TOKEN} (sent as a bearer token to the endpoint's host only) come from the environment.
 */
public final class HubDownloader {

    /** The released BiomedCLIP model repository. */
    public static final String BIOMEDCLIP_REPO = "microsoft/BiomedCLIP-PubMedBERT_256-vit_base_patch16_224";
    /** The released BiomedCLIP weights and configuration. */
    public static final List<String> BIOMEDCLIP_FILES = List.of("open_clip_config.json", "open_clip_pytorch_model.bin");
    /** Tokenizer files, downloaded when the repository has them. */
    public static final List<String> TOKENIZER_FILES =
            List.of("tokenizer.json", "vocab.txt", "tokenizer_config.json", "special_tokens_map.json");
    public static final String DEFAULT_ENDPOINT = "https://huggingface.co";
    static final int ATTEMPTS = 3;

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern SHA1 = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

    private final Path cacheDir;
    private final URI endpoint;
    private final Optional<String> token;
    private final HttpClient client;
    private final Duration retryDelay;
    private final Duration readTimeout;

    /**
     * @param cacheDir the cache root
     * @param endpoint the hub, e.g. {@code https://huggingface.co}
     * @param token a Hugging Face access token, if any
     */
    public HubDownloader(Path cacheDir, URI endpoint, Optional<String> token) {
        this(cacheDir, endpoint, token, Duration.ofSeconds(2), Duration.ofSeconds(60));
    }

    HubDownloader(Path cacheDir, URI endpoint, Optional<String> token, Duration retryDelay, Duration readTimeout) {
        this.cacheDir = requireNonNull(cacheDir, "cacheDir is null");
        requireNonNull(endpoint, "endpoint is null");
        String e = endpoint.toString();
        this.endpoint = URI.create(e.endsWith("/") ? e.substring(0, e.length() - 1) : e);
        this.token = requireNonNull(token, "token is null").filter(t -> !t.isBlank());
        this.retryDelay = retryDelay;
        this.readTimeout = readTimeout;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(30))
                .build();
    }

    /** A downloader configured from {@code HF_ENDPOINT} and {@code HF_TOKEN} in the process environment. */
    public static HubDownloader fromEnvironment(Path cacheDir) {
        return fromEnvironment(cacheDir, System.getenv());
    }

    /** A downloader configured from {@code HF_ENDPOINT} and {@code HF_TOKEN} in {@code env}. */
    public static HubDownloader fromEnvironment(Path cacheDir, Map<String, String> env) {
        String endpoint = env.getOrDefault("HF_ENDPOINT", "");
        return new HubDownloader(cacheDir, URI.create(endpoint.isBlank() ? DEFAULT_ENDPOINT : endpoint.trim()),
                Optional.ofNullable(env.get("HF_TOKEN")));
    }

    /** The folder that holds (or will hold) a repository's files at a revision. */
    public Path folder(String repo, String revision) {
        checkName(repo, "repo");
        checkName(revision, "revision");
        return cacheDir.resolve(repo.replace("/", "--")).resolve(revision.replace("/", "--"));
    }

    /**
     * Downloads BiomedCLIP's weights and configuration, plus the tokenizer files the repository has. When it has
     * neither {@code tokenizer.json} nor {@code vocab.txt}, they are taken from the repository that
     * {@code open_clip_config.json} names as {@code model_cfg.text_cfg.hf_tokenizer_name} (at {@code main}) and
     * copied next to the weights, so that the returned folder is complete.
     *
     * @return the folder holding them
     */
    public Path downloadBiomedClip(String revision, DownloadProgress progress) throws IOException {
        return downloadOpenClipModel(BIOMEDCLIP_REPO, revision, progress);
    }

    /** Like {@link #downloadBiomedClip}, for another open_clip model repository in the same layout. */
    public Path downloadOpenClipModel(String repo, String revision, DownloadProgress progress) throws IOException {
        for (String file : BIOMEDCLIP_FILES) {
            download(repo, revision, file, progress);
        }
        for (String file : TOKENIZER_FILES) {
            downloadIfPresent(repo, revision, file, progress);
        }
        Path folder = folder(repo, revision);
        if (!Files.isRegularFile(folder.resolve("tokenizer.json")) && !Files.isRegularFile(folder.resolve("vocab.txt"))) {
            Path config = folder.resolve("open_clip_config.json");
            String tokenizerRepo;
            try {
                tokenizerRepo = new ObjectMapper().readTree(config.toFile())
                        .path("model_cfg").path("text_cfg").path("hf_tokenizer_name").asText("");
            } catch (IOException e) {
                throw new IOException(config + ": unreadable JSON: " + e.getMessage(), e);
            }
            if (tokenizerRepo.isBlank()) {
                throw new IOException(repo + " has no tokenizer files and " + config
                        + " names no model_cfg.text_cfg.hf_tokenizer_name");
            }
            boolean found = false;
            for (String file : TOKENIZER_FILES) {
                Optional<Path> got = downloadIfPresent(tokenizerRepo, "main", file, progress);
                if (got.isPresent()) {
                    AtomicFiles.copy(got.get(), folder.resolve(file));
                    found |= file.equals("tokenizer.json") || file.equals("vocab.txt");
                }
            }
            if (!found) {
                throw new IOException("neither " + repo + " nor its tokenizer repository " + tokenizerRepo
                        + " has tokenizer.json or vocab.txt");
            }
        }
        return folder;
    }

    /**
     * Downloads one file unless the cache already holds it.
     *
     * @return the verified file in the cache
     * @throws HubException for HTTP errors (401/403: token problem, 404: no such file), checksum or size mismatches
     */
    public Path download(String repo, String revision, String file, DownloadProgress progress) throws IOException {
        requireNonNull(progress, "progress is null");
        checkFileName(file);
        Path target = folder(repo, revision).resolve(file);
        return downloadTo(target, file, (channel, part) -> fetch(repo, revision, file, channel, part, progress),
                progress);
    }

    /**
     * Downloads any URL (not a hub file, for example a Zenodo record's file) to {@code target}, with the same
     * resume, lock and atomic-rename rules as {@link #download}. The hub token is sent only when the URL is on the
     * hub's endpoint. Without a hub checksum, the content is checked against {@code md5} when given.
     *
     * @param md5 the expected MD5 in hex, or empty to check only the size the server announces
     * @return {@code target}, verified
     * @throws HubException for HTTP errors and checksum or size mismatches (the download is then deleted)
     */
    public Path downloadUrl(URI url, Path target, Optional<String> md5, DownloadProgress progress)
            throws IOException {
        requireNonNull(url, "url is null");
        requireNonNull(target, "target is null");
        requireNonNull(md5, "md5 is null");
        requireNonNull(progress, "progress is null");
        String label = target.getFileName().toString();
        Optional<String> expected = md5.map(m -> m.trim().toLowerCase(Locale.ROOT));
        return downloadTo(target, label, (channel, part) -> {
            Remote remote = null;
            IOException last = null;
            for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                try {
                    if (remote == null) {
                        Remote found = metadata(url, url.getHost(), "", label);
                        remote = new Remote(found.url(), found.size(), found.sha256(), Optional.empty(), expected);
                    }
                    if (transfer(remote, channel, label, progress)) {
                        verify(remote, part, url.getHost(), label);
                        return;
                    }
                } catch (HubException e) {
                    if (!e.retryable()) {
                        throw e;
                    }
                    last = e;
                } catch (IOException e) {
                    last = e;
                }
                if (attempt < ATTEMPTS) {
                    pause(attempt);
                }
            }
            throw new IOException("downloading " + url + " failed after " + ATTEMPTS + " attempts (" + channel.size()
                    + " bytes kept in " + part + "; run again to resume): " + last.getMessage(), last);
        }, progress);
    }

    /** One transfer into an open, locked {@code .part} file. */
    private interface PartFetch {
        void fetch(FileChannel channel, Path part) throws IOException;
    }

    private Path downloadTo(Path target, String file, PartFetch action, DownloadProgress progress)
            throws IOException {
        if (Files.isRegularFile(target)) {
            verifyCached(target);
            long size = Files.size(target);
            progress.update(file, size, size);
            return target;
        }
        Files.createDirectories(target.getParent());
        Path part = target.resolveSibling(target.getFileName() + ".part");
        IOException failure = null;
        boolean nothingKept = false;
        try (FileChannel channel = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new IOException(part + " is being downloaded by another process");
            }
            try {
                action.fetch(channel, part);
            } catch (IOException e) {
                failure = e;
                nothingKept = channel.size() == 0;
            } finally {
                lock.release();
            }
        }
        if (failure != null) {
            if (nothingKept) {
                Files.deleteIfExists(part);
            }
            throw failure;
        }
        AtomicFiles.moveIntoPlace(part, target);
        return target;
    }

    /** Like {@link #download}, but a file the repository does not have (404) gives an empty result. */
    public Optional<Path> downloadIfPresent(String repo, String revision, String file, DownloadProgress progress)
            throws IOException {
        try {
            return Optional.of(download(repo, revision, file, progress));
        } catch (HubException e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Where and what to download, as the hub's metadata says. */
    private record Remote(URI url, long size, Optional<String> sha256, Optional<String> gitSha1,
                          Optional<String> md5) {
        Remote(URI url, long size, Optional<String> sha256, Optional<String> gitSha1) {
            this(url, size, sha256, gitSha1, Optional.empty());
        }
    }

    private void fetch(String repo, String revision, String file, FileChannel channel, Path part,
                       DownloadProgress progress) throws IOException {
        URI resolve = URI.create(endpoint + "/" + repo + "/resolve/" + encode(revision) + "/" + encodePath(file));
        Remote remote = null;
        IOException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                if (remote == null) {
                    remote = metadata(resolve, repo, revision, file);
                }
                if (transfer(remote, channel, file, progress)) {
                    verify(remote, part, repo, file);
                    return;
                }
            } catch (HubException e) {
                if (!e.retryable()) {
                    throw e;
                }
                last = e;
            } catch (IOException e) {
                last = e;
            }
            if (attempt < ATTEMPTS) {
                pause(attempt);
            }
        }
        throw new IOException("downloading " + file + " from " + repo + " failed after " + ATTEMPTS + " attempts ("
                + channel.size() + " bytes kept in " + part + "; run again to resume): " + last.getMessage(), last);
    }

    private Remote metadata(URI resolve, String repo, String revision, String file) throws IOException {
        URI url = resolve;
        for (int hop = 0; hop < 6; hop++) {
            HttpResponse<Void> response = send(request(url).method("HEAD", HttpRequest.BodyPublishers.noBody()),
                    HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            HttpHeaders h = response.headers();
            Optional<String> linkedEtag = h.firstValue("X-Linked-Etag").map(HubDownloader::etag);
            long linkedSize = h.firstValue("X-Linked-Size").map(Long::parseLong).orElse(-1L);
            if (status >= 300 && status < 400) {
                URI location = url.resolve(h.firstValue("Location").orElseThrow(() -> new HubException(status,
                        false, file + " in " + repo + ": redirect " + status + " without a Location header")));
                if (linkedEtag.isPresent() || linkedSize >= 0) {
                    return new Remote(location, linkedSize, linkedEtag.filter(e -> SHA256.matcher(e).matches()),
                            Optional.empty());
                }
                url = location;
                continue;
            }
            if (status == 200) {
                Optional<String> etag = linkedEtag.or(() -> h.firstValue("ETag").map(HubDownloader::etag));
                long size = linkedSize >= 0 ? linkedSize : h.firstValueAsLong("Content-Length").orElse(-1L);
                return new Remote(url, size, etag.filter(e -> SHA256.matcher(e).matches()),
                        etag.filter(e -> SHA1.matcher(e).matches()));
            }
            throw httpError(status, repo, revision, file, url);
        }
        throw new HubException(310, false, file + " in " + repo + ": too many redirects");
    }

    /** Appends the missing bytes; true when the server sent the rest of the file. */
    private boolean transfer(Remote remote, FileChannel channel, String file, DownloadProgress progress)
            throws IOException {
        long have = channel.size();
        if (remote.size() >= 0 && have == remote.size()) {
            progress.update(file, have, remote.size());
            return true;
        }
        if (remote.size() >= 0 && have > remote.size()) {
            channel.truncate(0);
            have = 0;
        }
        HttpRequest.Builder request = request(remote.url()).GET();
        if (have > 0) {
            request.header("Range", "bytes=" + have + "-");
        }
        long resumeAt = have;
        AtomicReference<ChannelBodySubscriber> subscriber = new AtomicReference<>();
        AtomicReference<IOException> refused = new AtomicReference<>();
        HttpResponse.BodyHandler<Long> handler = info -> {
            try {
                long start = startOffset(info, resumeAt, file, remote);
                channel.truncate(start);
                channel.position(start);
                long total = remote.size();
                if (total < 0) {
                    OptionalLong length = info.headers().firstValueAsLong("Content-Length");
                    total = length.isPresent() ? length.getAsLong() + start : -1;
                }
                ChannelBodySubscriber s = new ChannelBodySubscriber(channel, start, file, total, progress);
                subscriber.set(s);
                return s;
            } catch (IOException e) {
                refused.set(e);
                return HttpResponse.BodySubscribers.replacing(-1L);
            }
        };
        CompletableFuture<HttpResponse<Long>> future = client.sendAsync(request.build(), handler);
        long done;
        try {
            done = await(future, subscriber, file);
        } finally {
            channel.force(false);
        }
        if (refused.get() != null) {
            throw refused.get();
        }
        long total = remote.size();
        if (total >= 0 && done < total) {
            throw new IOException(file + ": connection ended after " + done + " of " + total + " bytes");
        }
        return true;
    }

    /** Where the body the server is sending starts in the file, or why it cannot be used. */
    private static long startOffset(HttpResponse.ResponseInfo info, long resumeAt, String file, Remote remote)
            throws IOException {
        int status = info.statusCode();
        if (status == 200) {
            return 0;
        }
        if (status == 206) {
            String range = info.headers().firstValue("Content-Range").orElse("no Content-Range");
            Matcher m = CONTENT_RANGE.matcher(range);
            if (m.matches() && Long.parseLong(m.group(1)) == resumeAt) {
                return resumeAt;
            }
            throw new HubException(206, true, file + ": server resumed at the wrong offset (" + range + ")");
        }
        if (status == 416) {
            throw new HubException(416, true, file + ": server refused to resume at byte " + resumeAt);
        }
        throw new HubException(status, status >= 500 || status == 429, file + ": download answered HTTP " + status
                + " from " + remote.url().getHost());
    }

    /** Waits for the body, aborting when no bytes arrive for the read timeout. */
    private long await(CompletableFuture<HttpResponse<Long>> future, AtomicReference<ChannelBodySubscriber> subscriber,
                       String file) throws IOException {
        while (true) {
            try {
                return future.get(Math.min(1000, readTimeout.toMillis()), TimeUnit.MILLISECONDS).body();
            } catch (TimeoutException e) {
                ChannelBodySubscriber s = subscriber.get();
                if (s != null && System.nanoTime() - s.lastActivityNanos() > readTimeout.toNanos()) {
                    IOException stalled = new IOException(file + ": no data for " + readTimeout.toSeconds()
                            + " s, connection dropped");
                    s.abort(stalled);
                    future.cancel(true);
                    throw stalled;
                }
            } catch (InterruptedException e) {
                future.cancel(true);
                Thread.currentThread().interrupt();
                throw new IOException("download of " + file + " interrupted", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof IOException io) {
                    throw io;
                }
                throw new IOException(file + ": " + cause, cause);
            }
        }
    }

    /** The file beside a cached download that keeps the checksum the hub gave for it. */
    public static Path checksumFile(Path target) {
        return target.resolveSibling("." + target.getFileName() + ".hub-checksum");
    }

    /**
     * Checks a cached download against the checksum the hub gave when it was downloaded (kept beside it), so a file
     * changed in the cache is refused instead of loaded. Files cached before checksums were kept are accepted.
     *
     * @throws HubException naming the file and both checksums when it differs
     */
    public static void verifyCached(Path target) throws IOException {
        Path sidecar = checksumFile(target);
        if (!Files.isRegularFile(sidecar)) {
            return;
        }
        String[] recorded = Files.readString(sidecar, StandardCharsets.US_ASCII).trim().split(" ");
        if (recorded.length != 2) {
            throw new HubException(0, false, "the checksum record " + sidecar + " is damaged; delete " + target
                    + " and it to download again");
        }
        long size = Files.size(target);
        String actual = recorded[0].equals("sha256") ? digest(target, "SHA-256", null)
                : digest(target, "SHA-1", ("blob " + size + "\0").getBytes(StandardCharsets.US_ASCII));
        if (!actual.equals(recorded[1])) {
            throw new HubException(0, false, "cached hub file " + target + " was changed: the hub gave " + recorded[0]
                    + " " + recorded[1] + " at download, the file has " + actual + "; refusing it (delete it to "
                    + "download again)");
        }
    }

    private void verify(Remote remote, Path part, String repo, String file) throws IOException {
        long size = Files.size(part);
        if (remote.size() >= 0 && size != remote.size()) {
            Files.deleteIfExists(part);
            throw new HubException(0, false, file + " from " + repo + " has " + size + " bytes, expected "
                    + remote.size() + "; the partial file was deleted");
        }
        if (remote.sha256().isPresent()) {
            String actual = digest(part, "SHA-256", null);
            if (!actual.equals(remote.sha256().get())) {
                Files.deleteIfExists(part);
                throw new HubException(0, false, "checksum mismatch for " + file + " from " + repo + ": expected SHA-256 "
                        + remote.sha256().get() + ", got " + actual + "; the download was deleted");
            }
        } else if (remote.md5().isPresent()) {
            String actual = digest(part, "MD5", null);
            if (!actual.equals(remote.md5().get())) {
                Files.deleteIfExists(part);
                throw new HubException(0, false, "checksum mismatch for " + file + " from " + repo + ": expected MD5 "
                        + remote.md5().get() + ", got " + actual + "; the download was deleted");
            }
        } else if (remote.gitSha1().isPresent()) {
            String actual = digest(part, "SHA-1", ("blob " + size + "\0").getBytes(StandardCharsets.US_ASCII));
            if (!actual.equals(remote.gitSha1().get())) {
                Files.deleteIfExists(part);
                throw new HubException(0, false, "checksum mismatch for " + file + " from " + repo + ": expected git blob "
                        + "SHA-1 " + remote.gitSha1().get() + ", got " + actual + "; the download was deleted");
            }
        }
        String record = remote.sha256().map(h -> "sha256 " + h)
                .orElse(remote.gitSha1().map(h -> "git-sha1 " + h).orElse(null));
        if (record != null) {
            String name = part.getFileName().toString();
            Path target = part.resolveSibling(name.substring(0, name.length() - ".part".length()));
            AtomicFiles.writeString(checksumFile(target), record + "\n");
        }
    }

    private HttpRequest.Builder request(URI url) {
        HttpRequest.Builder b = HttpRequest.newBuilder(url)
                .timeout(Duration.ofMinutes(2))
                .header("User-Agent", "bioprompt-hub-downloader");
        if (token.isPresent() && sameOrigin(url)) {
            b.header("Authorization", "Bearer " + token.get());
        }
        return b;
    }

    private boolean sameOrigin(URI url) {
        return url.getScheme().equalsIgnoreCase(endpoint.getScheme())
                && url.getHost().equalsIgnoreCase(endpoint.getHost()) && url.getPort() == endpoint.getPort();
    }

    private <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler)
            throws IOException {
        try {
            return client.send(request.build(), handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("download interrupted", e);
        } catch (ConnectException e) {
            throw new IOException("cannot connect to " + request.build().uri().getHost() + " (set HF_ENDPOINT to use "
                    + "a mirror): " + e.getMessage(), e);
        }
    }

    private HubException httpError(int status, String repo, String revision, String file, URI url) {
        String message = switch (status) {
            case 401, 403 -> "access to " + file + " in " + repo + " was denied (HTTP " + status + "): "
                    + (token.isPresent() ? "the token in HF_TOKEN was rejected or lacks access to this repository"
                            : "set HF_TOKEN to a Hugging Face access token with read access")
                    + " (the hub also answers 401 for repositories that do not exist)";
            case 404 -> file + " not found in " + repo + (revision.isEmpty() ? "" : " at revision " + revision)
                    + " (HTTP 404 from " + url + ")";
            default -> file + " in " + repo + ": HTTP " + status + " from " + url;
        };
        return new HubException(status, status >= 500 || status == 429, message);
    }

    private void pause(int attempt) throws IOException {
        try {
            Thread.sleep(retryDelay.toMillis() * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("download interrupted", e);
        }
    }

    private static String digest(Path file, String algorithm, byte[] prefix) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        if (prefix != null) {
            md.update(prefix);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 20];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                md.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static String etag(String value) {
        String v = value.trim();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
        }
        return v.toLowerCase(Locale.ROOT);
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String encodePath(String path) {
        StringBuilder out = new StringBuilder();
        for (String segment : path.split("/")) {
            if (out.length() > 0) {
                out.append('/');
            }
            out.append(encode(segment));
        }
        return out.toString();
    }

    private static void checkName(String name, String what) {
        requireNonNull(name, what + " is null");
        if (name.isBlank() || name.contains("..") || name.startsWith("/") || name.contains("\\")) {
            throw new IllegalArgumentException(what + " '" + name + "' is not a valid hub name");
        }
    }

    private static void checkFileName(String file) {
        checkName(file, "file");
        if (file.endsWith("/")) {
            throw new IllegalArgumentException("file '" + file + "' names a folder");
        }
    }
}
