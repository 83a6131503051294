package dev.bioprompt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code bioprompt} launcher builds the runnable jar when it is missing, when a source is newer than it, and when
 * the sources differ from those it last built from (a file restored with an old time), and otherwise starts the jar
 * without building. Run on a copy of the launcher in a small tree, with {@code mvn} and {@code java} stand-ins on the
 * {@code PATH} that record their calls.
 */
class LauncherRebuildTest {
    private static final FileTime LONG_AGO = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));

    @TempDir
    Path repo;
    Path bin;
    Path source;

    @BeforeEach
    void tree() throws IOException {
        Files.copy(Path.of("..", "bioprompt"), repo.resolve("bioprompt"), StandardCopyOption.COPY_ATTRIBUTES);
        source = repo.resolve("methods/coop/src/main/java/Coop.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, "class Coop {}\n");
        Files.writeString(repo.resolve("pom.xml"), "<project/>\n");
        bin = Files.createDirectories(repo.resolve("fake-bin"));
        script("mvn", "echo mvn >> \"$LOG\"; mkdir -p cli/target; touch cli/target/bioprompt.jar");
        script("java", "echo java >> \"$LOG\"");
    }

    private void script(String name, String body) throws IOException {
        Path file = bin.resolve(name);
        Files.writeString(file, "#!/usr/bin/env bash\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Runs the launcher; the calls of the stand-ins, in order. */
    private List<String> launch() throws Exception {
        Path log = repo.resolve("calls.log");
        Files.deleteIfExists(log);
        ProcessBuilder builder = new ProcessBuilder("bash", repo.resolve("bioprompt").toString(), "--version")
                .directory(repo.toFile()).redirectErrorStream(true).redirectOutput(repo.resolve("out.log").toFile());
        builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        builder.environment().put("LOG", log.toString());
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(Files.readString(repo.resolve("out.log"))).isZero();
        return Files.readAllLines(log);
    }

    @Test
    void buildsOnFirstUseAndAfterAChangeOnlyThen() throws Exception {
        assertThat(launch()).containsExactly("mvn", "java");
        assertThat(launch()).containsExactly("java");

        Files.writeString(source, "class Coop { int changed; }\n");
        assertThat(launch()).as("a source newer than the jar").containsExactly("mvn", "java");
        assertThat(launch()).containsExactly("java");
    }

    @Test
    void aChangedSourceWithAnOldTimeIsRebuiltToo() throws Exception {
        assertThat(launch()).containsExactly("mvn", "java");

        Files.writeString(source, "class Coop { int changed; }\n");
        Files.setLastModifiedTime(source, LONG_AGO);
        assertThat(launch()).as("content differs from the last build").containsExactly("mvn", "java");

        Files.writeString(source, "class Coop {}\n");
        Files.setLastModifiedTime(source, LONG_AGO);
        assertThat(launch()).as("restored, with an old time").containsExactly("mvn", "java");
        assertThat(launch()).containsExactly("java");
    }

    @Test
    void aJarBuiltByMavenDirectlyIsTakenAsItIsAndChangesAfterItCount() throws Exception {
        Files.setLastModifiedTime(source, LONG_AGO);
        Files.setLastModifiedTime(repo.resolve("pom.xml"), LONG_AGO);
        Files.createDirectories(repo.resolve("cli/target"));
        Files.writeString(repo.resolve("cli/target/bioprompt.jar"), "built by mvn");

        assertThat(launch()).containsExactly("java");
        assertThat(repo.resolve("cli/target/bioprompt.sources")).isRegularFile();

        Files.writeString(source, "class Coop { int changed; }\n");
        Files.setLastModifiedTime(source, LONG_AGO);
        assertThat(launch()).containsExactly("mvn", "java");
    }
}
