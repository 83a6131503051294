package dev.bioprompt.api.promptset;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SafeTensorsTest {

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
}
