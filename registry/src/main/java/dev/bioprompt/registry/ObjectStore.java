package dev.bioprompt.registry;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The few storage operations the registry needs, over keys with {@code /} separators: plain writes, create-only
 * writes, reads and listings. Implemented over S3 and over a local folder.
 */
public interface ObjectStore {

    /**
     * Writes an object, replacing any previous content. Readers see the old or the new content, never a mix.
     *
     * @throws IOException naming the key when the write fails
     */
    void put(String key, byte[] bytes) throws IOException;

    /**
     * Writes an object only if no object exists under the key (S3 {@code If-None-Match: *}, or an atomic create on a
     * folder). Exactly one of several racing writers of the same key wins.
     *
     * @return true if this call created the object, false if the key already existed
     * @throws IOException naming the key when the write fails for another reason
     */
    boolean putIfAbsent(String key, byte[] bytes) throws IOException;

    /**
     * Reads an object.
     *
     * @return empty when no object exists under the key
     * @throws IOException naming the key when the read fails
     */
    Optional<byte[]> get(String key) throws IOException;

    /** Every key that starts with {@code prefix}, sorted. */
    List<String> listKeys(String prefix) throws IOException;

    /**
     * The immediate children of a folder-like prefix (ending in {@code /}): the next path segment of every key below
     * it, without separators, sorted and distinct.
     */
    List<String> listChildren(String prefix) throws IOException;

    /** A readable location of a key for messages ({@code s3://bucket/key} or a file path). */
    String locate(String key);

    /** The URI of a key ({@code s3://bucket/key} or {@code file:///...}). */
    default String uri(String key) {
        return locate(key);
    }

    /** The endpoint the store talks to, for messages ({@code ""} for a local folder or the provider's default). */
    default String endpoint() {
        return "";
    }
}
