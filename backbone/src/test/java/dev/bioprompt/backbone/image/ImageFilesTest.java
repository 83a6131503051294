package dev.bioprompt.backbone.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFilesTest {

    @Test
    void decodesGreyAsGreyAndKeepsSixteenBits() throws IOException {
        BufferedImage grey = ImageFiles.read(ClipImagePreprocessorTest.resource("images/grey_120x90.jpg"));
        BufferedImage grey16 = ImageFiles.read(ClipImagePreprocessorTest.resource("images/grey16_80x64.tif"));
        BufferedImage rgbTiff = ImageFiles.read(ClipImagePreprocessorTest.resource("images/rgb_100x300.tif"));

        assertThat(grey.getRaster().getNumBands()).isEqualTo(1);
        assertThat(grey16.getRaster().getNumBands()).isEqualTo(1);
        assertThat(grey16.getRaster().getSampleModel().getSampleSize(0)).isEqualTo(16);
        assertThat(grey16.getRaster().getSample(1, 0, 0)).isGreaterThan(255);
        assertThat(rgbTiff.getWidth()).isEqualTo(100);
        assertThat(rgbTiff.getHeight()).isEqualTo(300);
        assertThat(rgbTiff.getRaster().getNumBands()).isEqualTo(3);
    }

    @Test
    void missingFileIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("nope.png");

        assertThatThrownBy(() -> ImageFiles.read(missing))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("nope.png");
    }

    @Test
    void nonImageIsNamed(@TempDir Path dir) throws IOException {
        Path text = Files.writeString(dir.resolve("notes.png"), "these are not pixels");

        assertThatThrownBy(() -> ImageFiles.read(text))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("notes.png")
                .hasMessageContaining("not a readable image");
    }

    @Test
    void truncatedPngIsNamed(@TempDir Path dir) throws IOException {
        byte[] png = Files.readAllBytes(ClipImagePreprocessorTest.resource("images/rgb_260x200.png"));
        Path truncated = Files.write(dir.resolve("cut.png"), Arrays.copyOf(png, png.length / 3));

        assertThatThrownBy(() -> ImageFiles.read(truncated))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("cut.png")
                .hasMessageContaining("corrupt or truncated");
    }
}
