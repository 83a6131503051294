package dev.bioprompt.cli.doctor;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Looks at the tracking and registry endpoints a command would use: reachable or not, credentials present or not.
 * Never prints a credential's value.
 */
final class StoreProbe {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private StoreProbe() {
    }

    /** The tracking store of {@code tracking.uri} (empty: the file store folder). */
    static List<Check> tracking(String uri, Path fileStore, Map<String, String> environment) {
        List<Check> checks = new ArrayList<>();
        if (uri.isBlank() || !(uri.startsWith("http://") || uri.startsWith("https://"))) {
            Path folder = uri.isBlank() ? fileStore : Path.of(uri.startsWith("file:") ? URI.create(uri).getPath() : uri);
            checks.add(folderCheck("tracking", "file store", folder.toAbsolutePath().normalize()));
            return checks;
        }
        boolean credentials = present(environment, "MLFLOW_TRACKING_TOKEN")
                || present(environment, "MLFLOW_TRACKING_USERNAME");
        checks.add(Check.info("tracking", "credentials", credentials
                ? "present (MLFLOW_TRACKING_TOKEN or MLFLOW_TRACKING_USERNAME set)" : "none in the environment"));
        String base = uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create(base
                    + "/api/2.0/mlflow/experiments/search?max_results=1")).timeout(TIMEOUT).GET().build();
            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            boolean ok = status < 400;
            String detail = base + " answered HTTP " + status
                    + (status == 401 || status == 403 ? " (credentials refused)" : "");
            checks.add(new Check("tracking", "MLflow server", detail, ok));
        } catch (IOException | IllegalArgumentException e) {
            checks.add(new Check("tracking", "MLflow server", base + " is not reachable: " + e.getMessage(), false));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            checks.add(new Check("tracking", "MLflow server", base + ": interrupted", false));
        }
        return checks;
    }

    /** The prompt-set registry of {@code registry.uri}: an s3:// location or a folder. */
    static List<Check> registry(String uri, String s3Endpoint, String region, Map<String, String> environment) {
        List<Check> checks = new ArrayList<>();
        if (!uri.startsWith("s3://")) {
            Path folder = uri.startsWith("file:") ? Path.of(URI.create(uri)) : Path.of(uri);
            checks.add(folderCheck("registry", "folder registry", folder.toAbsolutePath().normalize()));
            return checks;
        }
        boolean credentials = present(environment, "AWS_ACCESS_KEY_ID") || present(environment, "AWS_PROFILE")
                || present(environment, "AWS_WEB_IDENTITY_TOKEN_FILE")
                || present(environment, "AWS_CONTAINER_CREDENTIALS_FULL_URI")
                || present(environment, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")
                || Files.exists(Path.of(System.getProperty("user.home"), ".aws", "credentials"));
        checks.add(new Check("registry", "credentials", credentials
                ? "present (AWS credential chain)" : "none found in the AWS credential chain", credentials));
        URI endpoint = s3Endpoint.isBlank()
                ? URI.create("https://s3." + (region.isBlank() ? "us-east-1" : region) + ".amazonaws.com")
                : URI.create(s3Endpoint);
        int port = endpoint.getPort() > 0 ? endpoint.getPort() : "http".equals(endpoint.getScheme()) ? 80 : 443;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(endpoint.getHost(), port), (int) TIMEOUT.toMillis());
            checks.add(Check.info("registry", "S3 endpoint", endpoint + " is reachable (" + uri + ")"));
        } catch (IOException | IllegalArgumentException e) {
            checks.add(new Check("registry", "S3 endpoint", endpoint + " is not reachable: " + e.getMessage(),
                    false));
        }
        return checks;
    }

    private static Check folderCheck(String section, String name, Path folder) {
        Path existing = folder;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        boolean writable = existing != null && Files.isWritable(existing);
        String state = Files.isDirectory(folder) ? "exists, " + FolderSize.human(FolderSize.of(folder))
                : "created on first use";
        return new Check(section, name, folder + " (" + state + (writable ? ", writable" : ", NOT writable") + ")",
                writable);
    }

    private static boolean present(Map<String, String> environment, String name) {
        String value = environment.get(name);
        return value != null && !value.isBlank();
    }
}
