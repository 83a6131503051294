package dev.bioprompt.backbone.io;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads every dtype of the safetensors format that {@link StateDtype} names, in pure Java. */
final class SafetensorsReader {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_HEADER = 100L << 20;

    private SafetensorsReader() {
    }

    static StateDict read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long fileSize = channel.size();
            if (fileSize < 8) {
                throw new IOException(file + ": not a safetensors file (" + fileSize + " bytes, header length missing)");
            }
            ByteBuffer lengthBytes = readFully(channel, 0, 8, file).order(ByteOrder.LITTLE_ENDIAN);
            long headerLength = lengthBytes.getLong(0);
            if (headerLength < 2 || headerLength > MAX_HEADER || headerLength > fileSize - 8) {
                throw new IOException(file + ": safetensors header length " + headerLength + " does not fit a "
                        + fileSize + "-byte file (truncated or not safetensors?)");
            }
            ByteBuffer headerBytes = readFully(channel, 8, (int) headerLength, file);
            Map<String, Object> header;
            try {
                header = JSON.readValue(new String(headerBytes.array(), StandardCharsets.UTF_8), new TypeReference<>() { });
            } catch (IOException e) {
                throw new IOException(file + ": unreadable safetensors header: " + e.getMessage(), e);
            }
            long dataStart = 8 + headerLength;
            Map<String, StateTensor> tensors = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : header.entrySet()) {
                if (e.getKey().equals("__metadata__")) {
                    continue;
                }
                String key = e.getKey();
                if (!(e.getValue() instanceof Map<?, ?> info)) {
                    throw new IOException(file + ": tensor '" + key + "' has no header object");
                }
                Object dtypeName = info.get("dtype");
                StateDtype dtype = StateDtype.fromSafetensors(String.valueOf(dtypeName)).orElseThrow(() ->
                        new IOException(file + ": tensor '" + key + "' has unsupported dtype " + dtypeName + "; expected one of "
                                + Arrays.toString(StateDtype.values())));
                if (!(info.get("shape") instanceof List<?> shapeList) || !(info.get("data_offsets") instanceof List<?> offsets)
                        || offsets.size() != 2) {
                    throw new IOException(file + ": tensor '" + key + "' lacks shape or data_offsets");
                }
                long[] shape = new long[shapeList.size()];
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = number(shapeList.get(i), file, key);
                }
                long begin = number(offsets.get(0), file, key);
                long end = number(offsets.get(1), file, key);
                if (begin < 0 || end < begin || dataStart + end > fileSize) {
                    throw new IOException(file + ": tensor '" + key + "' data [" + begin + ", " + end
                            + ") lies outside the " + (fileSize - dataStart) + "-byte data section (truncated?)");
                }
                ByteBuffer data = readFully(channel, dataStart + begin, Math.toIntExact(end - begin), file);
                try {
                    tensors.put(key, new StateTensor(key, dtype, shape, data));
                } catch (IllegalArgumentException ex) {
                    throw new IOException(file + ": " + ex.getMessage(), ex);
                }
            }
            return new StateDict(file, tensors);
        }
    }

    private static long number(Object o, Path file, String key) throws IOException {
        if (o instanceof Number n) {
            return n.longValue();
        }
        throw new IOException(file + ": tensor '" + key + "' has a non-numeric shape or offset " + o);
    }

    private static ByteBuffer readFully(FileChannel channel, long position, int length, Path file) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position + buffer.position());
            if (n < 0) {
                throw new IOException(file + ": ends early (truncated?)");
            }
        }
        return buffer.flip();
    }
}
