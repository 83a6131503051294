package dev.bioprompt.pluginkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable jar as the launcher starts it ({@code java -jar cli/target/bioprompt.jar}): its manifest class path
 * must carry every run-time library, which the test class path of the in-process command tests cannot show (a
 * library declared test-only in the cli's POM is missing from {@code cli/target/lib} alone).
 */
class RunnableJarTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @Test
    void theRunnableJarListsTheMethods(@TempDir Path work) throws IOException, InterruptedException {
        Path jar = ROOT.resolve("cli/target/bioprompt.jar");
        assumeTrue(Files.isRegularFile(jar), "the cli jar is built by 'mvn package' before this module's tests");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-Dai.djl.offline=true", "-jar", jar.toString(),
                "methods", "coop").directory(work.toFile()).redirectErrorStream(true).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("finished in time").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("coop", "method.coop.n-ctx").doesNotContain("NoClassDefFoundError");
    }
}
