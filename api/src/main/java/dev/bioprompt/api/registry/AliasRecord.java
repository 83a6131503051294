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
 */
public record AliasRecord(String name, String alias, long sequence, int version, String createdAt, String reason) {
    public AliasRecord {
        requireNonNull(name, "name is null");
        requireNonNull(alias, "alias is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(reason, "reason is null");
    }
}
