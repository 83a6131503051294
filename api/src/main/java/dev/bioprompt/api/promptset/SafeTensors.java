package dev.bioprompt.api.promptset;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bioprompt.api.io.CheckpointException;
import dev.bioprompt.api.io.ReadLimits;
import dev.bioprompt.api.io.SafetensorsHeader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads and writes the safetensors format (an 8-byte little-endian header length, a JSON header, raw little-endian
 * data) for float32 tensors. Pure Java, so the registry and CI modules need no native engine. Reading also accepts
 * F16 and BF16 (widened to float32).
 */
public final class SafeTensors {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Integer> ELEMENT_SIZES = Map.of("F32", 4, "F16", 2, "BF16", 2);

    private SafeTensors() {
    }

    /** Serialises tensors (sorted by name, so the bytes are deterministic). */
    public static byte[] write(Map<String, Tensor> tensors) {
        Map<String, Object> header = new LinkedHashMap<>();
        long offset = 0;
        for (Map.Entry<String, Tensor> e : new TreeMap<>(tensors).entrySet()) {
            long bytes = 4L * e.getValue().data().length;
            // an ordered map: Map.of's iteration order changes from one JVM to the next, and with it the bytes
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("dtype", "F32");
            entry.put("shape", e.getValue().shape());
            entry.put("data_offsets", List.of(offset, offset + bytes));
            header.put(e.getKey(), entry);
            offset += bytes;
        }
        byte[] headerBytes;
        try {
            headerBytes = JSON.writeValueAsBytes(header);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        int pad = (8 - headerBytes.length % 8) % 8;
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(8 + headerBytes.length + pad + offset))
                .order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(headerBytes.length + pad).put(headerBytes);
        for (int i = 0; i < pad; i++) {
            out.put((byte) ' ');
        }
        for (Tensor t : new TreeMap<>(tensors).values()) {
            for (float f : t.data()) {
                out.putFloat(f);
            }
        }
        return out.array();
    }

    /**
     * Parses safetensors bytes within the budgets set by the {@code bioprompt.checkpoint.*} system properties.
     *
     * @param what names the source in error messages
     * @throws CheckpointException naming the source and the problem (truncated, bad header, unsupported dtype,
     *         inconsistent or overlapping byte ranges, a budget exceeded); no other exception leaves for any input
     */
    public static Map<String, Tensor> read(byte[] bytes, String what) throws IOException {
        return read(bytes, what, ReadLimits.fromSystemProperties());
    }

    /** Parses safetensors bytes within {@code limits}; see {@link #read(byte[], String)}. */
    public static Map<String, Tensor> read(byte[] bytes, String what, ReadLimits limits) throws CheckpointException {
        if (bytes.length < SafetensorsHeader.PREFIX_BYTES) {
            throw new CheckpointException(what + ": not a safetensors file (" + bytes.length
                    + " bytes, header length missing)");
        }
        long headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        int length = SafetensorsHeader.checkLength(headerLength, bytes.length, what, limits);
        int dataStart = SafetensorsHeader.PREFIX_BYTES + length;
        List<SafetensorsHeader.Entry> entries = SafetensorsHeader.parse(
                Arrays.copyOfRange(bytes, SafetensorsHeader.PREFIX_BYTES, dataStart), bytes.length - (long) dataStart,
                what, ELEMENT_SIZES, limits);
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (SafetensorsHeader.Entry e : entries) {
            // the entry lies inside the data section of this array, so every offset below fits an int
            int count = (int) e.numel();
            float[] data = new float[count];
            ByteBuffer slice = ByteBuffer.wrap(bytes, dataStart + (int) e.begin(), (int) e.length())
                    .order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < count; i++) {
                data[i] = switch (e.dtype()) {
                    case "F32" -> slice.getFloat();
                    case "F16" -> halfToFloat(slice.getShort());
                    default -> Float.intBitsToFloat((slice.getShort() & 0xffff) << 16);
                };
            }
            out.put(e.name(), new Tensor(e.shape(), data));
        }
        return out;
    }

    /** IEEE 754 binary16 to float32 (exact); also used by the backbone's checkpoint readers. */
    public static float halfToFloat(short half) {
        int h = half & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            float value = mantissa * 0x1p-24f;
            return sign == 0 ? value : -value;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }
}
