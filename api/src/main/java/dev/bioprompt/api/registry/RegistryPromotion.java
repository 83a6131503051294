package dev.bioprompt.api.registry;

import static java.util.Objects.requireNonNull;

/**
 * The outcome of {@link PromptSetRegistry#promote}: the version published and the alias record that points at it.
 *
 * @param version the version (new, or the one an earlier attempt of the same promotion claimed)
 * @param alias the alias record pointing at it
 * @param resumed whether an earlier, interrupted attempt of the same promotion was completed instead of starting anew
 */
public record RegistryPromotion(RegistryVersion version, AliasRecord alias, boolean resumed) {
    public RegistryPromotion {
        requireNonNull(version, "version is null");
        requireNonNull(alias, "alias is null");
    }
}
