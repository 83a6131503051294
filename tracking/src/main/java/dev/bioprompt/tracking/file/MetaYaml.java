package dev.bioprompt.tracking.file;

import dev.bioprompt.api.io.Uninterruptibly;
import dev.bioprompt.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** {@code meta.yaml} as MLflow's file store writes it: block style, keys sorted, strings quoted only when needed. */
final class MetaYaml {
    private MetaYaml() {
    }

    static String render(Map<String, Object> fields) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setWidth(100_000);
        options.setSplitLines(false);
        options.setAllowUnicode(true);
        String yaml = new Yaml(options).dump(new TreeMap<>(fields));
        // PyYAML writes an empty list in flow style, as SnakeYAML does; nothing else to adjust
        return yaml;
    }

    /**
     * Replaces {@code file} atomically. On a full disk, where even the small temporary file cannot be written, an
     * existing {@code meta.yaml} is rewritten in place instead (one write of a few hundred bytes into the blocks it
     * already holds), so that a run can still be marked FAILED or KILLED rather than stay RUNNING.
     */
    static void write(Path file, Map<String, Object> fields) {
        String content = render(fields);
        try {
            AtomicFiles.writeString(file, content);
        } catch (IOException e) {
            if (isDiskFull(e) && Files.isRegularFile(file)) {
                try {
                    Uninterruptibly.call(() -> {
                        overwriteInPlace(file, content.getBytes(StandardCharsets.UTF_8));
                        return null;
                    });
                    return;
                } catch (IOException inPlace) {
                    e.addSuppressed(inPlace);
                }
            }
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    private static void overwriteInPlace(Path file, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer, buffer.position());
            }
            channel.truncate(bytes.length);
            channel.force(true);
        }
    }

    /** Whether a write failed for want of space (ENOSPC, EDQUOT, or an in-memory file system's size limit). */
    static boolean isDiskFull(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (message.contains("no space left on device") || message.contains("disk quota exceeded")
                    || message.contains("out of disk space")) {
                return true;
            }
        }
        return false;
    }

    static Map<String, Object> read(Path file) {
        try {
            Object loaded = new Yaml(new SafeConstructor(new LoaderOptions()))
                    .load(Files.readString(file, StandardCharsets.UTF_8));
            if (!(loaded instanceof Map<?, ?> map)) {
                throw new IllegalStateException("Malformed " + file + ": expected a YAML mapping");
            }
            Map<String, Object> result = new TreeMap<>();
            map.forEach((k, v) -> result.put(String.valueOf(k), v));
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
