package dev.bioprompt.runners.sweep;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.backbone.BiomedClipLoader;
import dev.bioprompt.backbone.hub.HubDownloader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.HexFormat;

/**
 * A digest of the input files a sweep's cells read besides the images (split files, descriptions, backbone files):
 * each file by its name and content. A file larger than {@value #CONTENT_LIMIT} bytes (a checkpoint, a MedMNIST+
 * {@code .npz}) counts by the checksum recorded when it was downloaded, or else by its size and modification time.
 * Where a file lies does not count (the settings name the folders).
 */
public final class InputFingerprint {
    /** Files up to this size count by their content. */
    public static final long CONTENT_LIMIT = 64L << 20;

    private InputFingerprint() {
    }

    /**
     * The digest (64 hex digits) of the files, in the order given.
     *
     * @throws UncheckedIOException naming a file that cannot be read
     */
    public static String of(Collection<Path> files) {
        return of(files, CONTENT_LIMIT);
    }

    static String of(Collection<Path> files, long contentLimit) {
        requireNonNull(files, "files is null");
        MessageDigest digest = CodeFingerprint.sha256();
        for (Path file : files) {
            digest.update((file.getFileName() + "\0" + identity(file, contentLimit) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String identity(Path file, long contentLimit) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            if (attributes.size() <= contentLimit) {
                return "sha256 " + BiomedClipLoader.sha256(file);
            }
            Path recorded = HubDownloader.checksumFile(file);
            if (Files.isRegularFile(recorded)) {
                return "downloaded " + Files.readString(recorded, StandardCharsets.US_ASCII).trim();
            }
            return "size " + attributes.size() + " modified " + attributes.lastModifiedTime().toMillis();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the input " + file + " for the sweep's input digest: "
                    + e.getMessage(), e);
        }
    }
}
