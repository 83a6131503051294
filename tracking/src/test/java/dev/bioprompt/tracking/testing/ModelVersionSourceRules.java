package dev.bioprompt.tracking.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The rules by which an MLflow server (3.x, {@code mlflow/server/handlers.py}: the source checks of
 * {@code model-versions/create}) accepts or refuses a model version's {@code source}, re-stated for the in-process
 * test server:
 *
 * <ul>
 *   <li>when the server sets {@code MLFLOW_CREATE_MODEL_VERSION_SOURCE_VALIDATION_REGEX}, a source the pattern does
 *       not find is refused;</li>
 *   <li>a local source (no scheme, or {@code file:} without a remote host) is accepted only with a {@code run_id}
 *       whose run has a local artifact location containing the source path (after resolving symbolic links);
 *       {@code file://remote-host/...} is a server error;</li>
 *   <li>any other source ({@code runs:/}, {@code s3://}, {@code mlflow-artifacts:}, {@code http(s)://}...) must not
 *       contain relative path references: after repeated URL-unquoting, no {@code ..} segment, no NUL, and its
 *       path (trailing slashes dropped, repeated slashes folded) must equal the same path made absolute and
 *       resolved on the server's file system (so no {@code .} segments, no empty path, no symbolic links).</li>
 * </ul>
 *
 * The run id of a non-local source is stored as given, without checking that the run exists.
 */
final class ModelVersionSourceRules {

    /** Schemes whose last path segment may carry {@code ;params}, which URL parsing drops from the path. */
    private static final List<String> USES_PARAMS = List.of("", "ftp", "hdl", "prospero", "http", "imap", "https",
            "shttp", "rtsp", "rtspu", "sip", "sips", "mms", "sftp", "tel");
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+\\-.]*$");

    /** A refusal: the HTTP status, MLflow's error code and message. */
    static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;
        final String code;

        Refused(int status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }
    }

    private ModelVersionSourceRules() {
    }

    /**
     * Checks a source.
     *
     * @param source the requested source
     * @param runId the requested run id, or {@code ""}
     * @param regex the server's source validation pattern, or null
     * @param runArtifactUri the artifact URI of a run; throws the server's 404 when the run does not exist
     * @throws Refused as the server would answer
     */
    static void check(String source, String runId, String regex, Function<String, String> runArtifactUri) {
        if (regex != null && !Pattern.compile(regex).matcher(source).find()) {
            throw invalid("Invalid model version source: '" + source + "'.");
        }
        if (isLocal(source)) {
            String shown = source;
            if (!runId.isEmpty()) {
                String artifactUri = runArtifactUri.apply(runId);
                Path path = realPath(localPath(source));
                shown = path.toString();
                if (isLocal(artifactUri)) {
                    Path dir = realPath(localPath(artifactUri));
                    if (path.startsWith(dir)) {
                        return;
                    }
                }
            }
            throw invalid("Invalid model version source: '" + shown + "'. To use a local path as a model version "
                    + "source, the run_id request parameter has to be specified and the local path has to be "
                    + "contained within the artifact directory of the run specified by the run_id.");
        }
        checkNoRelativePaths(source);
    }

    private static void checkNoRelativePaths(String original) {
        // the message names the source as sent, before unquoting
        String message = "Invalid model version source: '" + original + "'. If supplying a source as an http, https, "
                + "local file path, ftp, objectstore, or mlflow-artifacts uri, an absolute path must be provided "
                + "without relative path references present. Please provide an absolute path.";
        String source = original;
        for (String unquoted = unquotePlus(source); !unquoted.equals(source); unquoted = unquotePlus(source)) {
            source = unquoted;
        }
        String path = Url.parse(source).path.replaceAll("/+$", "").replaceAll("/+", "/");
        if (path.indexOf('\0') >= 0 || List.of(source.split("/", -1)).contains("..")) {
            throw invalid(message);
        }
        if (!realPath(path).toString().equals(path)) {
            throw invalid(message);
        }
    }

    /** Whether the server treats a URI as a path on its own file system. */
    static boolean isLocal(String uri) {
        if (uri.equals("databricks")) {
            return false;
        }
        Url url = Url.parse(uri);
        if (url.scheme.isEmpty()) {
            return true;
        }
        Optional<String> host = url.hostname();
        boolean remote = host.isPresent() && !(host.get().equals(".") || host.get().startsWith("localhost")
                || host.get().startsWith("127.0.0.1"));
        if (url.scheme.equals("file")) {
            if (remote) {
                throw new Refused(500, "INTERNAL_ERROR", uri + " is not a valid remote uri. For remote access on "
                        + "windows, please consider using a different scheme such as SMB (e.g. smb://<hostname>/<path>).");
            }
            return true;
        }
        return false;
    }

    private static String localPath(String uri) {
        String path = uri.startsWith("file:") ? Url.parse(uri).path : uri;
        return unquote(path, false);
    }

    /** The path made absolute, with {@code .} and {@code ..} applied and existing symbolic links resolved. */
    static Path realPath(String path) {
        Path result = Path.of(path.isEmpty() ? "." : path).isAbsolute() ? Path.of("/")
                : Path.of("").toAbsolutePath();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                result = result.getParent() == null ? result : result.getParent();
                continue;
            }
            Path next = result.resolve(part);
            try {
                result = Files.exists(next) ? next.toRealPath() : next;
            } catch (IOException e) {
                result = next;
            }
        }
        return result;
    }

    private static String unquotePlus(String s) {
        return unquote(s, true);
    }

    /** Percent-decoding as Python's {@code unquote}: invalid escapes stay, bytes decode as UTF-8 with replacement. */
    private static String unquote(String s, boolean plus) {
        String in = plus ? s.replace('+', ' ') : s;
        if (in.indexOf('%') < 0) {
            return in;
        }
        StringBuilder out = new StringBuilder();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < in.length(); i++) {
            char c = in.charAt(i);
            if (c == '%' && i + 2 < in.length() && hex(in.charAt(i + 1)) && hex(in.charAt(i + 2))) {
                bytes.write(Integer.parseInt(in.substring(i + 1, i + 3), 16));
                i += 2;
                continue;
            }
            if (bytes.size() > 0) {
                out.append(bytes.toString(StandardCharsets.UTF_8));
                bytes.reset();
            }
            out.append(c);
        }
        if (bytes.size() > 0) {
            out.append(bytes.toString(StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    private static boolean hex(char c) {
        return Character.digit(c, 16) >= 0 && c < 128;
    }

    private static Refused invalid(String message) {
        return new Refused(400, "INVALID_PARAMETER_VALUE", message);
    }

    /** A URL split as Python's {@code urllib.parse.urlparse} does. */
    private record Url(String scheme, String netloc, String path) {
        static Url parse(String url) {
            String scheme = "";
            String rest = url;
            int colon = url.indexOf(':');
            if (colon > 0 && SCHEME.matcher(url.substring(0, colon)).matches()) {
                scheme = url.substring(0, colon).toLowerCase(Locale.ROOT);
                rest = url.substring(colon + 1);
            }
            String netloc = "";
            if (rest.startsWith("//")) {
                int end = rest.length();
                for (char c : new char[] {'/', '?', '#'}) {
                    int at = rest.indexOf(c, 2);
                    if (at >= 0 && at < end) {
                        end = at;
                    }
                }
                netloc = rest.substring(2, end);
                rest = rest.substring(end);
            }
            int hash = rest.indexOf('#');
            if (hash >= 0) {
                rest = rest.substring(0, hash);
            }
            int query = rest.indexOf('?');
            if (query >= 0) {
                rest = rest.substring(0, query);
            }
            if (USES_PARAMS.contains(scheme) && rest.indexOf(';') >= 0) {
                int slash = rest.lastIndexOf('/');
                int semi = slash >= 0 ? rest.indexOf(';', slash) : rest.indexOf(';');
                if (semi >= 0) {
                    rest = rest.substring(0, semi);
                }
            }
            return new Url(scheme, netloc, rest);
        }

        Optional<String> hostname() {
            String host = netloc.substring(netloc.lastIndexOf('@') + 1);
            if (host.startsWith("[")) {
                int end = host.indexOf(']');
                host = end > 0 ? host.substring(1, end) : host.substring(1);
            } else if (host.indexOf(':') >= 0) {
                host = host.substring(0, host.indexOf(':'));
            }
            return host.isEmpty() ? Optional.empty() : Optional.of(host.toLowerCase(Locale.ROOT));
        }
    }
}
