package dev.bioprompt.ci;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.registry.AliasRecord;
import dev.bioprompt.api.registry.RegistryVersion;
import java.util.Optional;

/**
 * The outcome of a promotion.
 *
 * @param gate the gate verdict, when the promotion was gated
 * @param version the published version, when the gate passed (or there was none)
 * @param alias the appended alias record, when the gate passed (or there was none)
 */
public record PromotionResult(Optional<GateResult> gate, Optional<RegistryVersion> version,
                              Optional<AliasRecord> alias) {
    public PromotionResult {
        requireNonNull(gate, "gate is null");
        requireNonNull(version, "version is null");
        requireNonNull(alias, "alias is null");
    }

    /** Whether the alias now points at the new version. */
    public boolean promoted() {
        return alias.isPresent();
    }

    /** 0 when promoted, 3 when the gate did not pass. */
    public int exitCode() {
        return promoted() ? GateResult.EXIT_PASSED : GateResult.EXIT_NOT_PASSED;
    }
}
