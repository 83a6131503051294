package dev.bioprompt.api.io;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The strictly typed, checked JSON header of a safetensors file, shared by the prompt-set and checkpoint readers.
 * Every tensor's dtype is a string, its shape a list of non-negative integers whose product (times the element
 * size) is exactly the length of its byte range, and its {@code data_offsets} two integers that lie inside the data
 * section; byte ranges of distinct tensors do not overlap (the format forbids it). Any violation is a
 * {@link CheckpointException} naming the file and the tensor.
 */
public final class SafetensorsHeader {

    /**
     * One tensor of the header.
     *
     * @param name its key
     * @param dtype the dtype name as written ({@code F32}, {@code BF16}, ...)
     * @param shape its dimensions, outermost first
     * @param numel the product of the dimensions
     * @param begin first byte, relative to the start of the data section
     * @param end one past the last byte, relative to the start of the data section
     */
    public record Entry(String name, String dtype, long[] shape, long numel, long begin, long end) {
        public Entry {
            requireNonNull(name, "name is null");
            requireNonNull(dtype, "dtype is null");
            shape = shape.clone();
        }

        @Override
        public long[] shape() {
            return shape.clone();
        }

        /** The number of bytes, {@code end - begin}. */
        public long length() {
            return end - begin;
        }
    }

    /** Most dimensions a tensor may have. */
    public static final int MAX_RANK = 64;

    /** Bytes of the little-endian header length that starts every safetensors file. */
    public static final int PREFIX_BYTES = 8;

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).maxNumberLength(64).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private SafetensorsHeader() {
    }

    /**
     * Checks the header length read from the first 8 bytes against the file's size and the header budget.
     *
     * @throws CheckpointException naming the file when the length is impossible or over budget
     */
    public static int checkLength(long headerLength, long fileSize, String source, ReadLimits limits)
            throws CheckpointException {
        if (headerLength < 2 || headerLength > fileSize - PREFIX_BYTES) {
            throw new CheckpointException(source + ": safetensors header length " + headerLength + " does not fit a "
                    + fileSize + "-byte file (truncated or not safetensors?)");
        }
        limits.check(source, ReadBudget.MAX_HEADER_BYTES, headerLength, "a safetensors header of " + headerLength + " bytes");
        if (headerLength > Integer.MAX_VALUE - 16) {
            throw new CheckpointException(source + ": safetensors header of " + headerLength + " bytes is too large");
        }
        return (int) headerLength;
    }

    /**
     * Parses and checks a header. The JSON is read as a stream, so memory stays proportional to the tensors kept.
     *
     * @param json the header bytes (UTF-8 JSON)
     * @param dataSize bytes in the data section that follows the header
     * @param source names the file in error messages
     * @param elementSizes the dtypes the caller reads, by name, with their element size in bytes
     * @return the tensors in file order ({@code __metadata__} left out)
     * @throws CheckpointException naming the file and the tensor for any malformed, inconsistent or over-budget header
     */
    public static List<Entry> parse(byte[] json, long dataSize, String source, Map<String, Integer> elementSizes,
            ReadLimits limits) throws CheckpointException {
        source = clip(source);
        List<Entry> entries = new ArrayList<>();
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new CheckpointException(source + ": safetensors header is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("__metadata__")) {
                    readMetadata(p, value, source);
                    continue;
                }
                limits.check(source, ReadBudget.MAX_TENSORS, entries.size() + 1L, "more than " + entries.size()
                        + " tensors");
                entries.add(entry(p, value, name, dataSize, source, elementSizes));
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new CheckpointException(source + ": safetensors header has content after its JSON object");
            }
        } catch (CheckpointException e) {
            throw e;
        } catch (IOException e) {
            throw new CheckpointException(source + ": unreadable safetensors header: "
                    + (e instanceof JacksonException j ? j.getOriginalMessage() : e.getMessage()), e);
        }
        checkNoOverlap(entries, source);
        long total = 0;
        for (Entry e : entries) {
            total += e.length(); // ranges lie inside the data section and do not overlap: no overflow
        }
        limits.check(source, ReadBudget.MAX_TOTAL_BYTES, total, total + " bytes of tensor data");
        return entries;
    }

    private static Entry entry(JsonParser p, JsonToken token, String name, long dataSize, String source,
            Map<String, Integer> elementSizes) throws IOException {
        String where = source + ": tensor '" + clip(name) + "'";
        if (token != JsonToken.START_OBJECT) {
            throw new CheckpointException(where + " is " + kind(token) + ", expected an object with dtype, shape and "
                    + "data_offsets");
        }
        String dtype = null;
        long[] shape = null;
        long[] offsets = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "dtype" -> {
                    if (value != JsonToken.VALUE_STRING) {
                        throw new CheckpointException(where + " has dtype " + kind(value) + ", expected a string");
                    }
                    dtype = p.getText();
                }
                case "shape" -> shape = integers(p, value, where, "shape", -1);
                case "data_offsets" -> offsets = integers(p, value, where, "data_offsets", 2);
                default -> p.skipChildren();
            }
        }
        if (dtype == null || shape == null || offsets == null) {
            throw new CheckpointException(where + " lacks " + (dtype == null ? "dtype" : shape == null ? "shape"
                    : "data_offsets"));
        }
        Integer elementSize = elementSizes.get(dtype);
        if (elementSize == null) {
            throw new CheckpointException(where + " has dtype " + clip(dtype) + "; expected one of "
                    + elementSizes.keySet());
        }
        long begin = offsets[0];
        long end = offsets[1];
        if (end < begin || end > dataSize) {
            throw new CheckpointException(where + " data [" + begin + ", " + end + ") lies outside the " + dataSize
                    + "-byte data section (truncated?)");
        }
        long numel = 1;
        long bytes;
        try {
            for (long d : shape) {
                numel = Math.multiplyExact(numel, d);
            }
            bytes = Math.multiplyExact(numel, (long) elementSize);
        } catch (ArithmeticException e) {
            throw new CheckpointException(where + " has shape " + dims(shape) + ", whose element count overflows");
        }
        if (bytes != end - begin) {
            throw new CheckpointException(where + " has shape " + dims(shape) + " of " + dtype + " (" + bytes
                    + " bytes) but data [" + begin + ", " + end + ") of " + (end - begin) + " bytes");
        }
        return new Entry(name, dtype, shape, numel, begin, end);
    }

    private static long[] integers(JsonParser p, JsonToken token, String where, String field, int length)
            throws IOException {
        String expected = length >= 0 ? "a list of " + length + " non-negative integers"
                : "a list of at most " + MAX_RANK + " non-negative integers";
        if (token != JsonToken.START_ARRAY) {
            throw new CheckpointException(where + " has " + field + " " + kind(token) + ", expected " + expected);
        }
        long[] out = new long[length >= 0 ? length : 4];
        int n = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    || p.getLongValue() < 0) {
                throw new CheckpointException(where + " has " + field + " entry " + (t == JsonToken.VALUE_NUMBER_INT
                        || t == JsonToken.VALUE_NUMBER_FLOAT ? clip(p.getText()) : kind(t))
                        + ", expected a non-negative integer below 2^63");
            }
            if (n == (length >= 0 ? length : MAX_RANK)) {
                throw new CheckpointException(where + " has " + field + " with more entries, expected " + expected);
            }
            if (n == out.length) {
                out = Arrays.copyOf(out, Math.min(MAX_RANK, 2 * n));
            }
            out[n++] = p.getLongValue();
        }
        if (length >= 0 && n != length) {
            throw new CheckpointException(where + " has " + field + " of " + n + " entries, expected " + expected);
        }
        return Arrays.copyOf(out, n);
    }

    private static void readMetadata(JsonParser p, JsonToken token, String source) throws IOException {
        if (token != JsonToken.START_OBJECT) {
            throw new CheckpointException(source + ": safetensors __metadata__ is " + kind(token)
                    + ", expected an object of strings");
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken value = p.nextToken();
            if (value != JsonToken.VALUE_STRING) {
                throw new CheckpointException(source + ": safetensors __metadata__ entry '" + clip(key) + "' is "
                        + kind(value) + ", expected a string");
            }
        }
    }

    private static String kind(JsonToken t) {
        if (t == null) {
            return "missing";
        }
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "a list";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.name();
        };
    }

    private static void checkNoOverlap(List<Entry> entries, String source) throws CheckpointException {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.removeIf(e -> e.length() == 0);
        sorted.sort(Comparator.comparingLong(Entry::begin));
        for (int i = 1; i < sorted.size(); i++) {
            Entry before = sorted.get(i - 1);
            Entry after = sorted.get(i);
            if (after.begin() < before.end()) {
                throw new CheckpointException(source + ": tensors '" + clip(before.name()) + "' [" + before.begin() + ", "
                        + before.end() + ") and '" + clip(after.name()) + "' [" + after.begin() + ", " + after.end()
                        + ") overlap; safetensors tensors never share bytes");
            }
        }
    }

    /** At most 8 dimensions of {@code shape}, for messages. */
    public static String dims(long[] shape) {
        if (shape.length <= 8) {
            return Arrays.toString(shape);
        }
        return Arrays.toString(Arrays.copyOf(shape, 8)).replace("]", ", ... (" + shape.length + " dimensions)]");
    }

    /** {@code s} cut to 200 characters, for messages. */
    public static String clip(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
