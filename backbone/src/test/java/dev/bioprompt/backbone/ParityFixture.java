package dev.bioprompt.backbone;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The golden parity fixtures under {@code src/test/resources/parity} and helpers to read their JSON values. */
public final class ParityFixture {

    public static final Path ROOT = Path.of("src/test/resources/parity");

    private ParityFixture() {
    }

    public static Path dir(String model) {
        return ROOT.resolve(model);
    }

    public static JsonNode reference(String model) {
        try {
            return new ObjectMapper().readTree(dir(model).resolve("reference.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads an F32 safetensors checkpoint with DJL's own decoder (no dependency on the checkpoint readers). */
    public static Weights safetensorsWeights(NDManager parent, Path file) {
        NDManager manager = parent.newSubManager();
        try (InputStream in = Files.newInputStream(file)) {
            NDList list = NDList.decode(manager, in);
            Map<String, NDArray> arrays = new LinkedHashMap<>();
            for (NDArray a : list) {
                if (!Weights.isIgnored(a.getName())) {
                    arrays.put(a.getName(), a);
                }
            }
            return new Weights(manager, arrays);
        } catch (IOException e) {
            manager.close();
            throw new UncheckedIOException(e);
        }
    }

    /** All numbers of a (nested) JSON array, flattened in order. */
    public static float[] floats(JsonNode node) {
        List<Float> out = new ArrayList<>();
        flatten(node, out);
        float[] result = new float[out.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = out.get(i);
        }
        return result;
    }

    /** A nested JSON array as an NDArray of the same shape. */
    public static NDArray array(NDManager manager, JsonNode node) {
        List<Long> dims = new ArrayList<>();
        for (JsonNode n = node; n.isArray(); n = n.get(0)) {
            dims.add((long) n.size());
        }
        return manager.create(floats(node), new Shape(dims.stream().mapToLong(Long::longValue).toArray()));
    }

    public static long[] longs(JsonNode row) {
        long[] out = new long[row.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = row.get(i).asLong();
        }
        return out;
    }

    /** The fixture's synthetic image input: {@code u = ((i*2654435761 + 12345) mod 2^32) / 2^32; x = 4u - 2}. */
    public static NDArray syntheticImage(NDManager manager, int batch, int size) {
        int count = batch * 3 * size * size;
        float[] x = new float[count];
        for (int i = 0; i < count; i++) {
            long v = ((long) i * 2654435761L + 12345L) & 0xFFFFFFFFL;
            x[i] = (float) (4.0 * (v / 4294967296.0) - 2.0);
        }
        return manager.create(x, new Shape(batch, 3, size, size));
    }

    /** Largest absolute difference between two equally long vectors. */
    public static double maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
        }
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    private static void flatten(JsonNode node, List<Float> out) {
        if (node.isArray()) {
            node.forEach(n -> flatten(n, out));
        } else {
            out.add(node.floatValue());
        }
    }
}
