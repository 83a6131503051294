package dev.bioprompt.api.promptset;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
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
     * Parses safetensors bytes.
     *
     * @param what names the source in error messages
     * @throws IOException naming the source and the problem (truncated, bad header, unsupported dtype)
     */
    public static Map<String, Tensor> read(byte[] bytes, String what) throws IOException {
        if (bytes.length < 8) {
            throw new IOException(what + ": not a safetensors file (" + bytes.length + " bytes, header length missing)");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = in.getLong();
        if (headerLength < 2 || headerLength > bytes.length - 8L) {
            throw new IOException(what + ": header length " + headerLength + " does not fit a " + bytes.length + "-byte file");
        }
        Map<String, Map<String, Object>> header;
        try {
            header = JSON.readValue(new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8),
                    new TypeReference<>() { });
        } catch (IOException e) {
            throw new IOException(what + ": unreadable safetensors header: " + e.getMessage(), e);
        }
        int dataStart = 8 + (int) headerLength;
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, Object>> e : header.entrySet()) {
            if (e.getKey().equals("__metadata__")) {
                continue;
            }
            String dtype = String.valueOf(e.getValue().get("dtype"));
            List<?> shapeList = (List<?>) e.getValue().get("shape");
            List<?> offsets = (List<?>) e.getValue().get("data_offsets");
            if (shapeList == null || offsets == null || offsets.size() != 2) {
                throw new IOException(what + ": tensor '" + e.getKey() + "' lacks shape or data_offsets");
            }
            long[] shape = shapeList.stream().mapToLong(o -> ((Number) o).longValue()).toArray();
            long begin = ((Number) offsets.get(0)).longValue();
            long end = ((Number) offsets.get(1)).longValue();
            if (begin < 0 || end < begin || dataStart + end > bytes.length) {
                throw new IOException(what + ": tensor '" + e.getKey() + "' data [" + begin + ", " + end
                        + ") lies outside the file (truncated?)");
            }
            int elementSize = switch (dtype) {
                case "F32" -> 4;
                case "F16", "BF16" -> 2;
                default -> throw new IOException(what + ": tensor '" + e.getKey() + "' has dtype " + dtype
                        + "; expected F32, F16 or BF16");
            };
            int count = Math.toIntExact((end - begin) / elementSize);
            float[] data = new float[count];
            ByteBuffer slice = ByteBuffer.wrap(bytes, dataStart + (int) begin, (int) (end - begin))
                    .order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < count; i++) {
                data[i] = switch (dtype) {
                    case "F32" -> slice.getFloat();
                    case "F16" -> halfToFloat(slice.getShort());
                    default -> Float.intBitsToFloat((slice.getShort() & 0xffff) << 16);
                };
            }
            try {
                out.put(e.getKey(), new Tensor(shape, data));
            } catch (IllegalArgumentException ex) {
                throw new IOException(what + ": tensor '" + e.getKey() + "': " + ex.getMessage(), ex);
            }
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
