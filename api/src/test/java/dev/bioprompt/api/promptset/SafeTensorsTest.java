package dev.bioprompt.api.promptset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bioprompt.api.io.CheckpointBudgetException;
import dev.bioprompt.api.io.CheckpointException;
import dev.bioprompt.api.io.ReadBudget;
import dev.bioprompt.api.io.ReadLimits;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SafeTensorsTest {

    @Test
    void writtenTensorsReadBackExactly() throws IOException {
        Map<String, Tensor> tensors = Map.of(
                "ctx", new Tensor(new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}),
                "empty", new Tensor(new long[] {0, 4}, new float[0]),
                "scalar", new Tensor(new long[0], new float[] {-0.5f}));

        Map<String, Tensor> read = SafeTensors.read(SafeTensors.write(tensors), "prompts.safetensors");

        assertThat(read).isEqualTo(tensors);
    }

    @Test
    void halfPrecisionIsWidenedAndMetadataAccepted() throws IOException {
        byte[] data = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) 0x3c00).putShort((short) 0xc000) // F16 1, -2
                .putShort((short) 0x3f80).putShort((short) 0x4040) // BF16 1, 3
                .array();
        byte[] bytes = file("{\"__metadata__\":{\"format\":\"pt\"},\"h\":{\"dtype\":\"F16\",\"shape\":[2],"
                + "\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"BF16\",\"shape\":[1,2],\"data_offsets\":[4,8]}}", data);

        Map<String, Tensor> read = SafeTensors.read(bytes, "p");

        assertThat(read.get("h").data()).containsExactly(1f, -2f);
        assertThat(read.get("b").data()).containsExactly(1f, 3f);
        assertThat(read.keySet()).containsExactly("h", "b");
    }

    @Test
    void inconsistentEntriesAreCheckpointErrorsNamingSourceAndTensor() {
        byte[] partial = file("{\"t\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,6]}}", new byte[6]);
        byte[] overflow = file("{\"t\":{\"dtype\":\"F32\",\"shape\":[4611686018427387905],\"data_offsets\":[0,4]}}",
                new byte[4]);
        byte[] hugeOffsets = file("{\"t\":{\"dtype\":\"F32\",\"shape\":[1],"
                + "\"data_offsets\":[9223372036854775800,9223372036854775804]}}", new byte[4]);

        assertThatThrownBy(() -> SafeTensors.read(partial, "p.safetensors")).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("p.safetensors: tensor 't'").hasMessageContaining("of 6 bytes");
        assertThatThrownBy(() -> SafeTensors.read(overflow, "p.safetensors")).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("overflows");
        assertThatThrownBy(() -> SafeTensors.read(hugeOffsets, "p.safetensors")).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("lies outside the 4-byte data section");
    }

    @Test
    void budgetErrorsNameThePropertyThatRaisesThem() {
        byte[] bytes = SafeTensors.write(Map.of("a", new Tensor(new long[] {1}, new float[] {1}),
                "b", new Tensor(new long[] {1}, new float[] {2})));

        assertThatThrownBy(() -> SafeTensors.read(bytes, "p", ReadLimits.defaults().with(ReadBudget.MAX_TENSORS, 1)))
                .isInstanceOf(CheckpointBudgetException.class)
                .hasMessageContaining("max-tensors budget of 1")
                .hasMessageContaining("-Dbioprompt.checkpoint.max-tensors=N");
    }

    /**
     * The bytes depend on nothing but the tensors: names sorted, and each header entry's fields in one fixed order
     * (an unordered map would change them from one JVM to the next, and with them the file's SHA-256).
     */
    @Test
    void theHeaderIsTheSameInEveryProcess() {
        byte[] bytes = SafeTensors.write(Map.of("b", new Tensor(new long[] {2}, new float[] {1f, 2f}),
                "a", new Tensor(new long[] {1}, new float[] {3f})));

        long length = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        String header = new String(bytes, 8, (int) length, StandardCharsets.UTF_8).trim();
        assertThat(header).isEqualTo("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}");
    }

    private static byte[] file(String header, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).put(h)
                .put(data).array();
    }
}
