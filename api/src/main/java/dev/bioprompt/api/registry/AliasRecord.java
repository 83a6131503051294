package dev.bioprompt.api.registry;

import static java.util.Objects.requireNonNull;

/**
 * One entry of an alias's append-only history: from {@code createdAt} on, {@code alias} pointed at {@code version}.
 *
 * @param name the prompt-set name
 * @param alias the alias ({@code production}, {@code staging}, any name)
 * @param sequence the record's position in the alias log, from 1
 * @param version the version the alias points at
 * @param createdAt ISO-8601 instant
 * @param reason why it moved (promotion, rollback...)
 * @param digest the {@link dev.bioprompt.api.promptset.PromptSetDigest} of the version it points at, checked on
 *     every load through the alias ({@code ""} for records written before digests were recorded)
 */
public record AliasRecord(String name, String alias, long sequence, int version, String createdAt, String reason,
                          String digest) {
    public AliasRecord {
        requireNonNull(digest, "digest is null");
        requireNonNull(name, "name is null");
        requireNonNull(alias, "alias is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(reason, "reason is null");
    }

    /** A record without a recorded digest. */
    public AliasRecord(String name, String alias, long sequence, int version, String createdAt, String reason) {
        this(name, alias, sequence, version, createdAt, reason, "");
    }
}
