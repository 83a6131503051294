package dev.bioprompt.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {

    @TempDir
    Path dir;

    @Test
    void deletesANestedFolderAndIgnoresAMissingOne() throws Exception {
        Path root = dir.resolve("root");
        Files.createDirectories(root.resolve("a/b"));
        Files.writeString(root.resolve("a/b/file.txt"), "x");
        Files.writeString(root.resolve("top.txt"), "y");

        FileTrees.delete(root);
        FileTrees.delete(dir.resolve("never-created"));

        assertThat(root).doesNotExist();
        assertThat(dir).exists();
    }
}
