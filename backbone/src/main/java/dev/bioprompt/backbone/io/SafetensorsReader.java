package dev.bioprompt.backbone.io;

import dev.bioprompt.api.io.CheckpointException;
import dev.bioprompt.api.io.ReadLimits;
import dev.bioprompt.api.io.SafetensorsHeader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads every dtype of the safetensors format that {@link StateDtype} names, in pure Java, within {@link ReadLimits}.
 * The header is checked by {@link SafetensorsHeader} before any tensor byte is read.
 */
final class SafetensorsReader {

    private static final Map<String, Integer> ELEMENT_SIZES = elementSizes();

    private SafetensorsReader() {
    }

    static StateDict read(Path file, ReadLimits limits) throws IOException {
        String source = file.toString();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long fileSize = channel.size();
            if (fileSize < SafetensorsHeader.PREFIX_BYTES) {
                throw new CheckpointException(file + ": not a safetensors file (" + fileSize
                        + " bytes, header length missing)");
            }
            long headerLength = readFully(channel, 0, 8, file).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
            int length = SafetensorsHeader.checkLength(headerLength, fileSize, source, limits);
            long dataStart = SafetensorsHeader.PREFIX_BYTES + (long) length;
            List<SafetensorsHeader.Entry> entries = SafetensorsHeader.parse(readFully(channel, 8, length, file).array(),
                    fileSize - dataStart, source, ELEMENT_SIZES, limits);
            Map<String, StateTensor> tensors = new LinkedHashMap<>();
            for (SafetensorsHeader.Entry e : entries) {
                if (e.length() > Integer.MAX_VALUE - 16) {
                    throw new CheckpointException(file + ": tensor '" + SafetensorsHeader.clip(e.name()) + "' has "
                            + e.length() + " bytes, more than one array holds");
                }
                StateDtype dtype = StateDtype.fromSafetensors(e.dtype()).orElseThrow();
                ByteBuffer data = readFully(channel, dataStart + e.begin(), (int) e.length(), file);
                tensors.put(e.name(), new StateTensor(e.name(), dtype, e.shape(), data));
            }
            return new StateDict(file, tensors);
        }
    }

    private static Map<String, Integer> elementSizes() {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        for (StateDtype d : StateDtype.values()) {
            sizes.put(d.safetensorsName(), d.byteSize());
        }
        return Collections.unmodifiableMap(sizes);
    }

    private static ByteBuffer readFully(FileChannel channel, long position, int length, Path file) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position + buffer.position());
            if (n < 0) {
                throw new CheckpointException(file + ": ends early (truncated?)");
            }
        }
        return buffer.flip();
    }
}
