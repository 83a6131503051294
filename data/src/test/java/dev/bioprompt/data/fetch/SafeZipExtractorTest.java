package dev.bioprompt.data.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeZipExtractorTest {

    @TempDir
    Path dir;

    private Path write(byte[] zip) throws IOException {
        return Files.write(dir.resolve("a.zip"), zip);
    }

    private static Map<String, byte[]> entries(String... namesAndContents) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (int i = 0; i < namesAndContents.length; i += 2) {
            out.put(namesAndContents[i], namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void extractsFoldersAndFiles() throws IOException {
        Path zip = write(ZipFixtures.zip(entries("BTMRI/", "", "BTMRI/a/x.txt", "hello", "split.json", "{}")));
        long files = SafeZipExtractor.DEFAULT.extract(zip, dir.resolve("out"));
        assertThat(files).isEqualTo(2);
        assertThat(Files.readString(dir.resolve("out/BTMRI/a/x.txt"))).isEqualTo("hello");
        assertThat(dir.resolve("out/split.json")).exists();
    }

    @Test
    void refusesParentSegmentsAndLeavesNothing() throws IOException {
        Path zip = write(ZipFixtures.zip(entries("ok.txt", "fine", "a/../../evil.txt", "pwned")));
        assertThatThrownBy(() -> SafeZipExtractor.DEFAULT.extract(zip, dir.resolve("out")))
                .isInstanceOf(IOException.class).hasMessageContaining("a/../../evil.txt")
                .hasMessageContaining("escapes");
        assertThat(dir.resolve("out")).doesNotExist();
        assertThat(dir.resolve("evil.txt")).doesNotExist();
    }

    @Test
    void refusesAbsoluteAndDriveNames() throws IOException {
        Path zip = write(ZipFixtures.zip(entries("/etc/evil", "x")));
        assertThatThrownBy(() -> SafeZipExtractor.DEFAULT.extract(zip, dir.resolve("out")))
                .hasMessageContaining("absolute or unsafe");
        Path drive = Files.write(dir.resolve("b.zip"), ZipFixtures.zip(entries("C:/evil", "x")));
        assertThatThrownBy(() -> SafeZipExtractor.DEFAULT.extract(drive, dir.resolve("out2")))
                .hasMessageContaining("absolute or unsafe");
        Path backslash = Files.write(dir.resolve("c.zip"), ZipFixtures.zip(entries("a\\..\\..\\evil", "x")));
        assertThatThrownBy(() -> SafeZipExtractor.DEFAULT.extract(backslash, dir.resolve("out3")))
                .hasMessageContaining("absolute or unsafe");
    }

    @Test
    void refusesSymbolicLinks() throws IOException {
        byte[] zip = ZipFixtures.markSymlink(ZipFixtures.zip(entries("img/link", "/etc/passwd", "img/a.txt", "a")),
                "img/link");
        assertThat(SafeZipExtractor.symbolicLinks(write(zip))).containsExactly("img/link");
        assertThatThrownBy(() -> SafeZipExtractor.DEFAULT.extract(dir.resolve("a.zip"), dir.resolve("out")))
                .hasMessageContaining("img/link").hasMessageContaining("symbolic link");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void enforcesEntryAndSizeLimits() throws IOException {
        Path zip = write(ZipFixtures.zip(entries("a", "1234", "b", "5678", "c", "9")));
        assertThatThrownBy(() -> new SafeZipExtractor(2, 1000).extract(zip, dir.resolve("out")))
                .hasMessageContaining("more than 2 entries");
        assertThatThrownBy(() -> new SafeZipExtractor(10, 6).extract(zip, dir.resolve("out")))
                .hasMessageContaining("more than 6 bytes");
        assertThat(dir.resolve("out")).doesNotExist();
        assertThat(new SafeZipExtractor(3, 9).extract(zip, dir.resolve("out"))).isEqualTo(3);
    }

    @Test
    void refusesAnExistingTargetAndGarbage() throws IOException {
        Files.createDirectories(dir.resolve("out"));
        Path zip = write(ZipFixtures.zip(entries("a", "1")));
        assertThatThrownBy(() -> SafeZipExtractor.DEFAULT.extract(zip, dir.resolve("out")))
                .hasMessageContaining("already exists");
        Path garbage = Files.writeString(dir.resolve("g.zip"), "not a zip at all");
        assertThatThrownBy(() -> SafeZipExtractor.DEFAULT.extract(garbage, dir.resolve("out2")))
                .hasMessageContaining("not a zip archive");
    }
}
