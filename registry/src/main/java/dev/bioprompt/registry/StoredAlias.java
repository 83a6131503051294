package dev.bioprompt.registry;

import dev.bioprompt.api.registry.AliasRecord;

/**
 * The stored form of an alias record ({@code aliases/ALIAS/NNNNNNNNNNNN.json}): the public record plus the promotion
 * that wrote it, so a retried promotion finds its own record instead of appending another.
 */
record StoredAlias(String name, String alias, long sequence, int version, String createdAt, String reason,
                   String digest, String promotion, String claimToken) {

    StoredAlias {
        digest = digest == null ? "" : digest;
        promotion = promotion == null ? "" : promotion;
        claimToken = claimToken == null ? "" : claimToken;
        reason = reason == null ? "" : reason;
        createdAt = createdAt == null ? "" : createdAt;
    }

    AliasRecord toRecord() {
        return new AliasRecord(name, alias, sequence, version, createdAt, reason, digest);
    }
}
