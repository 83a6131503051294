package dev.bioprompt.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bioprompt.api.method.ClassDescriptions;
import dev.bioprompt.data.toy.ToyWorld;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DescriptionsReaderTest {

    @Test
    void readsTheToyWorldDescriptionsInOrder(@TempDir Path dir) throws IOException {
        Path root = dir.resolve("w");
        new ToyWorld(1, new ToyWorld.Options(16, 1, 0, 1)).generate(root);
        List<String> classes = ToyWorld.modalities().get(1).classNames();
        ClassDescriptions d = DescriptionsReader.read(root.resolve("TOY_US/descriptions.json"), classes);
        assertThat(d.byClass().keySet()).containsExactlyElementsOf(classes);
        assertThat(d.of("anechoic cyst").get(0)).startsWith("a round black region");
    }

    @Test
    void badFilesAreNamed(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("d.json");
        Files.writeString(f, "{\"a\": \"not a list\"}");
        assertThatThrownBy(() -> DescriptionsReader.read(f, List.of())).hasMessageContaining(f.toString())
                .hasMessageContaining("'a' must be a list");
        Files.writeString(f, "{\"a\": [\"x\"]}");
        assertThatThrownBy(() -> DescriptionsReader.read(f, List.of("a", "b")))
                .hasMessageContaining("no sentences for class 'b'");
        assertThatThrownBy(() -> DescriptionsReader.read(dir.resolve("none.json"), List.of()))
                .hasMessageContaining("none.json");
    }
}
