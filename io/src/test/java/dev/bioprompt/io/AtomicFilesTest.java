package dev.bioprompt.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void createsTheFolderReplacesTheFileAndLeavesNoTemporaryFile() throws Exception {
        Path target = dir.resolve("reports/gate.md");
        AtomicFiles.writeString(target, "first");
        AtomicFiles.writeString(target, "second é");
        assertThat(Files.readString(target)).isEqualTo("second é");
        try (Stream<Path> files = Files.list(target.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("gate.md");
        }
    }
}
