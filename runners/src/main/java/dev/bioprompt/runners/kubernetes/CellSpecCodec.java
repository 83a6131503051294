package dev.bioprompt.runners.kubernetes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.bioprompt.api.runner.JobSpec;
import dev.bioprompt.runners.sweep.SweepJson;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The {@code --spec} argument of {@code bioprompt run-cell}: the cell's {@link JobSpec} as compact JSON, base64
 * (URL-safe alphabet, no padding) so it survives any shell and YAML quoting. A spec is small (flat settings), far
 * below the 128 KiB limit of one argument; larger ones are refused.
 */
public final class CellSpecCodec {
    /** The largest encoded spec accepted. */
    public static final int MAX_ENCODED_LENGTH = 64 * 1024;

    private static final ObjectMapper COMPACT = SweepJson.mapper().copy()
            .disable(SerializationFeature.INDENT_OUTPUT);

    private CellSpecCodec() {
    }

    /** Encodes a cell. */
    public static String encode(JobSpec cell) {
        try {
            String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(COMPACT.writeValueAsBytes(cell));
            if (encoded.length() > MAX_ENCODED_LENGTH) {
                throw new IllegalArgumentException("cell " + cell.cellId() + ": its spec is " + encoded.length()
                        + " characters encoded, more than " + MAX_ENCODED_LENGTH + "; keep large settings in files");
            }
            return encoded;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise cell " + cell.cellId(), e);
        }
    }

    /**
     * Decodes a {@code --spec} value.
     *
     * @throws IllegalArgumentException naming {@code --spec} and what is wrong
     */
    public static JobSpec decode(String encoded) {
        byte[] json;
        try {
            json = Base64.getUrlDecoder().decode(encoded.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--spec: not base64url text: " + e.getMessage(), e);
        }
        try {
            return SweepJson.mapper().readValue(new String(json, StandardCharsets.UTF_8), JobSpec.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("--spec: not a JSON cell spec (method, dataset, protocol, shots, "
                    + "seed, targets, settings): " + e.getOriginalMessage(), e);
        }
    }
}
