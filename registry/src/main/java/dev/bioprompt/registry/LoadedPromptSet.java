package dev.bioprompt.registry;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.promptset.PromptSet;

/**
 * A prompt set resolved from a registry.
 *
 * @param name the prompt-set name
 * @param version the version the reference resolved to
 * @param promptSet the verified prompt set
 * @param cacheHit whether it came from the local cache
 */
public record LoadedPromptSet(String name, int version, PromptSet promptSet, boolean cacheHit) {
    public LoadedPromptSet {
        requireNonNull(name, "name is null");
        requireNonNull(promptSet, "promptSet is null");
    }
}
