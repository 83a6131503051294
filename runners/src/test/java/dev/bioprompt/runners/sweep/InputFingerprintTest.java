package dev.bioprompt.runners.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bioprompt.backbone.hub.HubDownloader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputFingerprintTest {

    @TempDir
    Path work;

    private Path file(String path, String text) throws IOException {
        Path file = work.resolve(path);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    @Test
    void smallFilesCountByNameAndContentNotByPlaceOrTime() throws IOException {
        Path one = file("one/split_BTMRI.json", "{\"train\": []}");
        Path two = file("two/split_BTMRI.json", "{\"train\": []}");
        Files.setLastModifiedTime(two, FileTime.fromMillis(0));

        assertThat(InputFingerprint.of(List.of(one))).isEqualTo(InputFingerprint.of(List.of(two))).hasSize(64);
        assertThat(InputFingerprint.of(List.of(one)))
                .isNotEqualTo(InputFingerprint.of(List.of(file("three/split_BTMRI.json", "{\"train\": [1]}"))))
                .isNotEqualTo(InputFingerprint.of(List.of(file("four/descriptions.json", "{\"train\": []}"))));
    }

    @Test
    void aLargeFileCountsByItsDownloadChecksumOrElseBySizeAndTime() throws IOException {
        Path weights = file("backbone/open_clip_pytorch_model.bin", "0123456789");
        Files.setLastModifiedTime(weights, FileTime.fromMillis(1_000_000));
        String bySizeAndTime = InputFingerprint.of(List.of(weights), 4);

        Files.setLastModifiedTime(weights, FileTime.fromMillis(2_000_000));
        assertThat(InputFingerprint.of(List.of(weights), 4)).as("touched").isNotEqualTo(bySizeAndTime);
        assertThat(InputFingerprint.of(List.of(weights), 100)).as("read whole when small enough")
                .isEqualTo(InputFingerprint.of(List.of(file("elsewhere/open_clip_pytorch_model.bin", "0123456789"))));

        Files.writeString(HubDownloader.checksumFile(weights), "sha256 " + "ab".repeat(32) + "\n");
        String byChecksum = InputFingerprint.of(List.of(weights), 4);
        Files.setLastModifiedTime(weights, FileTime.fromMillis(3_000_000));
        assertThat(InputFingerprint.of(List.of(weights), 4)).as("the download's checksum decides")
                .isEqualTo(byChecksum).isNotEqualTo(bySizeAndTime);
        Files.writeString(HubDownloader.checksumFile(weights), "sha256 " + "cd".repeat(32) + "\n");
        assertThat(InputFingerprint.of(List.of(weights), 4)).isNotEqualTo(byChecksum);
    }

    @Test
    void aMissingInputIsNamed() {
        Path missing = work.resolve("gone/split_BUSI.json");

        assertThatThrownBy(() -> InputFingerprint.of(List.of(missing))).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(missing.toString());
    }
}
