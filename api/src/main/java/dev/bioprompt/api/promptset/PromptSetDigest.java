package dev.bioprompt.api.promptset;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The identity of a prompt set: one SHA-256 over every file of it ({@code manifest.json} included), so that no byte of
 * any file can change without changing the digest. It is the SHA-256 of the UTF-8 text made of one line
 * {@code NAME NUL SHA256-HEX LF} per file, in file-name order, written {@code sha256:HEX}.
 *
 * <p>The manifest's own checksums only tie the tensors to the manifest; the digest ties both to whatever recorded it
 * (a registry version record, an alias record, a tracking-run tag, a cache folder name, a signature).
 */
public final class PromptSetDigest {

    /** The tag of the tracking run that produced a prompt set, holding its digest. */
    public static final String RUN_TAG = "bioprompt.prompt-set.digest";

    /** The prefix of every digest. */
    public static final String PREFIX = "sha256:";

    private PromptSetDigest() {
    }

    /** The SHA-256 (hex) of every file, by file name. */
    public static Map<String, String> fileDigests(Map<String, byte[]> files) {
        Map<String, String> out = new TreeMap<>();
        requireNonNull(files, "files is null").forEach((name, bytes) -> out.put(name, PromptSet.sha256(bytes)));
        return out;
    }

    /** The digest of a prompt set from its files' SHA-256 (hex) by file name. */
    public static String of(Map<String, String> fileDigests) {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(requireNonNull(fileDigests, "fileDigests is null")).forEach((name, sha) ->
                text.append(name).append('\0').append(sha).append('\n'));
        return PREFIX + PromptSet.sha256(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The digest of a prompt set from its two files' bytes. */
    public static String of(byte[] manifestBytes, byte[] promptBytes) {
        return of(fileDigests(Map.of(PromptSet.MANIFEST, manifestBytes, PromptSet.PROMPTS, promptBytes)));
    }

    /**
     * Checks files against a recorded digest and recorded per-file SHA-256s.
     *
     * @param expectedDigest the recorded digest of the whole prompt set
     * @param expectedFiles the recorded SHA-256 by file name (may be empty when only the digest was recorded)
     * @param files the bytes read, by file name
     * @param where names the source in error messages (a folder, a registry URI)
     * @param recordedIn names where the expected values were recorded (for the message)
     * @throws IOException naming the first file that differs and both SHA-256s, or both digests
     */
    public static void verify(String expectedDigest, Map<String, String> expectedFiles, Map<String, byte[]> files,
                              String where, String recordedIn) throws IOException {
        requireNonNull(expectedDigest, "expectedDigest is null");
        Map<String, String> actual = fileDigests(files);
        for (Map.Entry<String, String> e : new TreeMap<>(expectedFiles).entrySet()) {
            String got = actual.get(e.getKey());
            if (got == null) {
                throw new IOException("prompt set file " + where + "/" + e.getKey() + " is missing (recorded in "
                        + recordedIn + ")");
            }
            if (!got.equals(e.getValue())) {
                throw new IOException("prompt set file " + where + "/" + e.getKey() + " was changed (corrupted, "
                        + "truncated or forged): " + recordedIn + " records SHA-256 " + e.getValue()
                        + ", the file has " + got + "; refusing it");
            }
        }
        String digest = of(actual);
        if (!digest.equals(expectedDigest)) {
            String file = actual.keySet().stream().filter(n -> !expectedFiles.containsKey(n)).findFirst()
                    .orElse(String.join(", ", actual.keySet()));
            throw new IOException("prompt set " + where + " does not match its recorded digest: " + recordedIn
                    + " records " + expectedDigest + ", the files (" + file + ") give " + digest + "; refusing it");
        }
    }
}
