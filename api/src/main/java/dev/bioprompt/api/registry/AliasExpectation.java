package dev.bioprompt.api.registry;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a promotion expects an alias to hold when it moves it (a compare-and-set precondition): anything, nothing yet,
 * or one version. A promotion gated against a champion expects the champion, so a concurrent move is detected.
 *
 * @param check whether the holder is checked at all
 * @param holder the expected version, empty for an unset alias
 */
public record AliasExpectation(boolean check, OptionalInt holder) {

    public AliasExpectation {
        Objects.requireNonNull(holder, "holder is null");
    }

    /** No precondition. */
    public static AliasExpectation any() {
        return new AliasExpectation(false, OptionalInt.empty());
    }

    /** The alias must hold {@code holder} (empty: the alias must be unset). */
    public static AliasExpectation holding(OptionalInt holder) {
        return new AliasExpectation(true, holder);
    }

    /** Whether the current holder satisfies the expectation. */
    public boolean matches(Optional<AliasRecord> current) {
        if (!check) {
            return true;
        }
        OptionalInt now = current.map(r -> OptionalInt.of(r.version())).orElse(OptionalInt.empty());
        return now.equals(holder);
    }

    /** {@code v3}, {@code unset} or {@code any}. */
    public String describe() {
        return !check ? "any" : holder.isPresent() ? "v" + holder.getAsInt() : "unset";
    }
}
