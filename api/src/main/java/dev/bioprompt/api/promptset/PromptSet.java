package dev.bioprompt.api.promptset;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.bioprompt.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The portable artifact of a trained method: {@code manifest.json} plus {@code prompts.safetensors}. Every payload
 * file's SHA-256 is recorded in the manifest and verified on load.
 *
 * @param manifest what the prompts are
 * @param tensors the learned tensors by name
 */
public record PromptSet(PromptSetManifest manifest, Map<String, Tensor> tensors) {

    /** The manifest file name. */
    public static final String MANIFEST = "manifest.json";
    /** The tensor file name. */
    public static final String PROMPTS = "prompts.safetensors";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    public PromptSet {
        requireNonNull(manifest, "manifest is null");
        tensors = Collections.unmodifiableMap(new TreeMap<>(requireNonNull(tensors, "tensors is null")));
    }

    /** The tensor file's bytes (deterministic for the same tensors). */
    public byte[] promptBytes() {
        return SafeTensors.write(tensors);
    }

    /** The manifest bytes, with the checksum of the tensor file filled in. */
    public byte[] manifestBytes() {
        try {
            return JSON.writeValueAsBytes(manifest.withFiles(Map.of(PROMPTS, sha256(promptBytes()))));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes the prompt set into a new folder. The folder appears complete or not at all, durably: files are written
     * into a sibling temporary folder that is then renamed (see the platform's {@code AtomicFiles}).
     *
     * @throws IOException if the folder exists or cannot be written
     */
    public void writeTo(Path dir) throws IOException {
        Path target = dir.toAbsolutePath();
        if (Files.exists(target)) {
            throw new IOException("refusing to overwrite existing prompt set folder " + target);
        }
        AtomicFiles.writeFolder(target, AtomicFiles.IfExists.FAIL, tmp -> {
            Files.write(tmp.resolve(PROMPTS), promptBytes());
            Files.write(tmp.resolve(MANIFEST), manifestBytes());
        });
    }

    /**
     * Reads and verifies a prompt set folder.
     *
     * @throws IOException naming the file and the problem (missing, bad JSON, checksum mismatch)
     */
    public static PromptSet readFrom(Path dir) throws IOException {
        Path manifestFile = dir.resolve(MANIFEST);
        Path promptsFile = dir.resolve(PROMPTS);
        try {
            return fromBytes(Files.readAllBytes(manifestFile), Files.readAllBytes(promptsFile), dir.toString());
        } catch (NoSuchFileException e) {
            throw new IOException("prompt set " + dir + " is incomplete: missing " + e.getFile(), e);
        }
    }

    /**
     * Parses and verifies a prompt set from its two files' bytes.
     *
     * @param where names the source in error messages
     * @throws IOException naming the problem (bad JSON, checksum mismatch, unreadable tensors)
     */
    public static PromptSet fromBytes(byte[] manifestBytes, byte[] promptBytes, String where) throws IOException {
        PromptSetManifest manifest;
        try {
            manifest = JSON.readValue(manifestBytes, PromptSetManifest.class);
        } catch (IOException e) {
            throw new IOException(where + "/" + MANIFEST + " is not a valid prompt-set manifest: " + e.getMessage(), e);
        }
        if (manifest.formatVersion() > PromptSetManifest.FORMAT_VERSION) {
            throw new IOException(where + "/" + MANIFEST + " has format version " + manifest.formatVersion()
                    + "; this BioPrompt reads up to " + PromptSetManifest.FORMAT_VERSION);
        }
        String expected = manifest.files().get(PROMPTS);
        String actual = sha256(promptBytes);
        if (expected == null) {
            throw new IOException(where + "/" + MANIFEST + " records no checksum for " + PROMPTS);
        }
        if (!expected.equals(actual)) {
            throw new IOException("checksum mismatch for " + where + "/" + PROMPTS + ": manifest says " + expected
                    + ", file has " + actual + " (corrupted or truncated)");
        }
        return new PromptSet(manifest, SafeTensors.read(promptBytes, where + "/" + PROMPTS));
    }

    /**
     * The digest of the whole prompt set ({@link PromptSetDigest}): manifest and tensor file as {@link #writeTo}
     * writes them.
     */
    public String digest() {
        return PromptSetDigest.of(manifestBytes(), promptBytes());
    }

    /** Hex SHA-256 of bytes. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The tensors as a mutable, name-ordered copy. */
    public Map<String, Tensor> tensorCopy() {
        return new LinkedHashMap<>(tensors);
    }

}
