package dev.bioprompt.registry;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.registry.RegistryVersion;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The stored record of one registry version ({@code versions/N/claim.json}, written create-only to claim number N,
 * and repeated as {@code versions/N/published.json}, the commit marker written last).
 *
 * @param name the prompt-set name
 * @param version the version number
 * @param uri where the version lives
 * @param sourceRun the tracking run that produced it
 * @param createdAt ISO-8601 instant of the claim
 * @param digest the {@link dev.bioprompt.api.promptset.PromptSetDigest} of the version's files
 * @param files the SHA-256 (hex) of every file by file name
 * @param promotion the promotion that claimed the number: a hash of source run and digest, the same on every retry
 * @param claimToken random per claim attempt; reading it back tells this writer's claim from a foreign one
 * @param signature Base64 Ed25519 signature of name, version and digest ({@code ""} when unsigned)
 */
public record VersionRecord(String name, int version, String uri, String sourceRun, String createdAt, String digest,
                            Map<String, String> files, String promotion, String claimToken, String signature) {

    public VersionRecord {
        requireNonNull(name, "name is null");
        requireNonNull(uri, "uri is null");
        sourceRun = sourceRun == null ? "" : sourceRun;
        createdAt = createdAt == null ? "" : createdAt;
        digest = digest == null ? "" : digest;
        files = files == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(files));
        promotion = promotion == null ? "" : promotion;
        claimToken = claimToken == null ? "" : claimToken;
        signature = signature == null ? "" : signature;
    }

    /** The public view. */
    public RegistryVersion toVersion() {
        return new RegistryVersion(name, version, uri, sourceRun, createdAt, digest);
    }
}
