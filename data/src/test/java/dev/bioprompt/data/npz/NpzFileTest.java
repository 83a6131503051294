package dev.bioprompt.data.npz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzFileTest {

    static Path resource(String name) throws URISyntaxException {
        return Path.of(NpzFileTest.class.getResource("/npz/" + name).toURI());
    }

    @Test
    void readsNumpyWrittenInt32AndRejectsFortranOrder() throws Exception {
        try (InputStream in = Files.newInputStream(resource("c_int32.npy"))) {
            NpyArray a = NpyFormat.read("c_int32.npy", in);
            assertThat(a.dtype()).isEqualTo(NpyDType.INT32);
            assertThat(a.shape()).containsExactly(3, 4);
            assertThat(a.getLong(6)).isEqualTo(6);
            assertThat(a.toLongArray()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
        }
        try (InputStream in = Files.newInputStream(resource("fortran.npy"))) {
            assertThatThrownBy(() -> NpyFormat.read("fortran.npy", in))
                    .hasMessageContaining("fortran.npy").hasMessageContaining("Fortran-ordered");
        }
    }

    @Test
    void readsCompressedNumpyArchive() throws Exception {
        try (NpzFile npz = NpzFile.open(resource("tiny_rgb_28.npz"))) {
            assertThat(npz.keys()).contains("train_images", "train_labels", "val_images", "test_labels");
            NpyArray images = npz.read("train_images");
            assertThat(images.shape()).containsExactly(5, 28, 28, 3);
            long base = ((3L * 28 + 5) * 28 + 7) * 3;
            assertThat(new long[] {images.getLong(base), images.getLong(base + 1), images.getLong(base + 2)})
                    .containsExactly(87, 252, 87);
            assertThat(npz.read("train_labels").toLongArray()).containsExactly(0, 1, 2, 1, 0);
            assertThatThrownBy(() -> npz.read("extra_labels"))
                    .hasMessageContaining("tiny_rgb_28.npz").hasMessageContaining("missing key 'extra_labels'");
        }
    }

    @Test
    void writeThenReadRoundTripsAndIsByteStable(@TempDir Path dir) throws IOException {
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        arrays.put("x", NpyArray.ofUInt8("x", new long[] {2, 3}, new byte[] {1, 2, 3, 4, 5, (byte) 255}));
        arrays.put("y", NpyArray.ofInt64("y", new long[] {2}, new long[] {-1, 1L << 40}));
        Path a = dir.resolve("a.npz");
        Path b = dir.resolve("b.npz");
        NpzFile.write(a, arrays);
        NpzFile.write(b, arrays);
        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
        try (NpzFile npz = NpzFile.open(a)) {
            assertThat(npz.read("x").toLongArray()).containsExactly(1, 2, 3, 4, 5, 255);
            assertThat(npz.read("y").toLongArray()).containsExactly(-1, 1L << 40);
            assertThat(npz.read("y").shape()).containsExactly(2);
        }
    }

    @Test
    void headerIsAlignedLikeNumpy() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        NpyFormat.write(NpyArray.ofUInt8("v", new long[] {4}, new byte[4]), out);
        byte[] bytes = out.toByteArray();
        assertThat((bytes.length - 4) % 64).isZero();
        String header = new String(bytes, 10, bytes.length - 14, StandardCharsets.ISO_8859_1);
        assertThat(header).startsWith("{'descr': '|u1', 'fortran_order': False, 'shape': (4,), }").endsWith("\n");
    }

    @Test
    void malformedInputIsNamed(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> NpyFormat.read("bad.npy", new ByteArrayInputStream(new byte[] {1, 2, 3, 4, 5, 6, 7, 8})))
                .hasMessageContaining("bad.npy").hasMessageContaining("bad magic");
        Path notZip = Files.writeString(dir.resolve("x.npz"), "hello");
        assertThatThrownBy(() -> NpzFile.open(notZip)).hasMessageContaining("x.npz").hasMessageContaining("zip");
        assertThatThrownBy(() -> NpzFile.open(dir.resolve("none.npz"))).hasMessageContaining("none.npz");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        NpyFormat.write(NpyArray.ofUInt8("v", new long[] {100}, new byte[100]), out);
        byte[] truncated = Arrays.copyOf(out.toByteArray(), 100);
        assertThatThrownBy(() -> NpyFormat.read("t.npy", new ByteArrayInputStream(truncated)))
                .hasMessageContaining("t.npy").hasMessageContaining("truncated");
    }
}
