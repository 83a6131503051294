package dev.bioprompt.api.registry;

import static java.util.Objects.requireNonNull;

/**
 * One immutable version of a registered prompt set.
 *
 * @param name the prompt-set name
 * @param version the version number, from 1
 * @param uri where the version lives ({@code s3://bucket/prefix/name/versions/3} or a folder URI)
 * @param sourceRun the tracking run that produced it
 * @param createdAt ISO-8601 instant
 * @param digest the {@link dev.bioprompt.api.promptset.PromptSetDigest} of the version's files, recorded create-only
 *     when the version was claimed ({@code ""} for a version published before digests were recorded)
 */
public record RegistryVersion(String name, int version, String uri, String sourceRun, String createdAt,
                              String digest) {
    public RegistryVersion {
        requireNonNull(name, "name is null");
        requireNonNull(digest, "digest is null");
        requireNonNull(uri, "uri is null");
        requireNonNull(sourceRun, "sourceRun is null");
        requireNonNull(createdAt, "createdAt is null");
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1, was " + version);
        }
    }

    /** A version without a recorded digest. */
    public RegistryVersion(String name, int version, String uri, String sourceRun, String createdAt) {
        this(name, version, uri, sourceRun, createdAt, "");
    }
}
