package dev.bioprompt.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.bioprompt.cli.CliRun;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DoctorCommandTest {

    @TempDir
    Path dir;

    @Test
    void reportsEngineDevicesCachesStoresAndTimesTheCpu() {
        CliRun run = CliRun.of(Map.of(), "doctor", "--forward-size", "tiny",
                "--set", "tracking.dir=" + dir.resolve("mlruns"), "--set", "registry.uri=" + dir.resolve("registry"),
                "--set", "cache.dir=" + dir.resolve("cache"));

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out())
                .contains("DJL", "libtorch", "PyTorch 2.7.1", "native library plan", "cpu libtorch 2.7.1")
                .contains("cpu", "processors", "free of")
                .contains("cache.dir", dir.resolve("cache").toString(), "DJL cache")
                .contains("file store", dir.resolve("mlruns").toString())
                .contains("folder registry", dir.resolve("registry").toString())
                .contains("matrix product on cpu()", "forward on cpu()", "tiny size")
                .contains("Everything the configured run needs is in place.");
    }

    @Test
    void aMissingBackboneFolderOrAnUnreachableServerFails() {
        CliRun run = CliRun.of(Map.of("MLFLOW_TRACKING_TOKEN", "secret-token-value"), "doctor", "--no-compute",
                "--set", "backbone.dir=" + dir.resolve("no-such-backbone"),
                "--set", "tracking.uri=http://127.0.0.1:1", "--set", "registry.uri=" + dir.resolve("registry"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("FAIL", "no-such-backbone", "127.0.0.1:1 is not reachable")
                .contains("credentials", "present").doesNotContain("secret-token-value")
                .doesNotContain("matrix product");
    }

    @Test
    void aServerThatRefusesTheCredentialsIsNamedSo() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(403, -1);
            exchange.close();
        });
        server.start();
        try {
            CliRun run = CliRun.of(Map.of(), "doctor", "--no-compute",
                    "--set", "tracking.uri=http://127.0.0.1:" + server.getAddress().getPort(),
                    "--set", "registry.uri=" + dir.resolve("registry"));
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.out()).contains("HTTP 403 (credentials refused)", "none in the environment");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void anUnknownForwardSizeIsAUsageError() {
        assertThat(CliRun.of("doctor", "--forward-size", "huge").exitCode()).isEqualTo(2);
    }
}
