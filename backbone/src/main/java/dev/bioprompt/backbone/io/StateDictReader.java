package dev.bioprompt.backbone.io;

import dev.bioprompt.api.io.CheckpointException;
import dev.bioprompt.api.io.ReadLimits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a checkpoint's tensors from a PyTorch zip checkpoint ({@code torch.save}, e.g. open_clip's
 * {@code open_clip_pytorch_model.bin}) or a {@code .safetensors} file. The format is recognised from the file's
 * first bytes. PyTorch pickles are read with an allow-list of globals: no code from a checkpoint is ever run. Files
 * are untrusted: every reader works within {@link ReadLimits} (the {@code bioprompt.checkpoint.*} system properties)
 * and reports any malformed content as a {@link CheckpointException}.
 */
public final class StateDictReader {

    private StateDictReader() {
    }

    /**
     * Reads every tensor of {@code file}.
     *
     * @throws IOException naming the file and the problem: missing, truncated, unknown format, a refused pickle global
     */
    public static StateDict read(Path file) throws IOException {
        return read(file, ReadLimits.fromSystemProperties());
    }

    /**
     * Reads every tensor of {@code file} within {@code limits}.
     *
     * @throws NoSuchFileException when the file does not exist
     * @throws CheckpointException naming the file and the problem for any malformed, inconsistent or over-budget
     *         content: truncated, unknown format, a refused pickle global, a budget exceeded
     * @throws IOException when the file cannot be read
     */
    public static StateDict read(Path file, ReadLimits limits) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "checkpoint file not found");
        }
        byte[] head = new byte[9];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        if (n >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return TorchZipReader.read(file, limits);
        }
        if (n == 9 && head[8] == '{') {
            return SafetensorsReader.read(file, limits);
        }
        if (n >= 2 && (head[0] & 0xff) == 0x80) {
            throw new CheckpointException(file + ": legacy (pre-zip) torch.save format is not supported; re-save it with "
                    + "torch.save(state_dict, path) from PyTorch 1.6 or later, or convert it to safetensors");
        }
        String name = file.getFileName().toString();
        if (name.endsWith(".safetensors") && n >= 8) {
            long len = ByteBuffer.wrap(head, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            throw new CheckpointException(file + ": not a valid safetensors file (header length " + len + ")");
        }
        throw new CheckpointException(file + ": unknown checkpoint format; expected a PyTorch zip checkpoint (.bin/.pt) or "
                + ".safetensors (" + n + " leading bytes read)");
    }
}
