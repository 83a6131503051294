package dev.bioprompt.registry;

import dev.bioprompt.api.promptset.PromptSet;
import dev.bioprompt.api.registry.AliasRecord;
import dev.bioprompt.api.registry.RegistryVersion;

/**
 * Observes a registry: told after a version became visible and after an alias moved, for example to mirror the
 * registry into an MLflow model registry. A listener that throws is logged and does not undo the registry change:
 * the registry stays the source of truth.
 */
public interface RegistryListener {

    /** Called once a new version is complete and visible. */
    default void onPublished(RegistryVersion version, PromptSet promptSet) {
    }

    /** Called once an alias record was appended. */
    default void onAliasMoved(AliasRecord record) {
    }
}
