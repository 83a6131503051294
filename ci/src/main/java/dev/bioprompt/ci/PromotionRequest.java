package dev.bioprompt.ci;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.promptset.PromptSet;
import dev.bioprompt.api.registry.PromptSetRegistry;
import java.util.Optional;

/**
 * What to promote.
 *
 * @param name the prompt-set name in the registry
 * @param promptSet the prompt set to publish (its manifest names the run that produced it)
 * @param alias the alias to move to the new version
 * @param reason recorded in the alias log
 * @param candidateId the run or sweep whose runs the gate evaluates (needed with a policy)
 * @param policy the gate policy, or null to promote ungated
 */
public record PromotionRequest(String name, PromptSet promptSet, String alias, String reason, String candidateId,
                               GatePolicy policy) {
    public PromotionRequest {
        requireNonNull(name, "name is null");
        requireNonNull(promptSet, "promptSet is null");
        requireNonNull(alias, "alias is null");
        requireNonNull(reason, "reason is null");
        if (!PromptSetRegistry.isValidName(name)) {
            throw new IllegalArgumentException("invalid prompt-set name '" + name + "'");
        }
        if (!PromptSetRegistry.isValidName(alias)) {
            throw new IllegalArgumentException("invalid alias '" + alias + "'");
        }
        if (policy != null && (candidateId == null || candidateId.isBlank())) {
            throw new IllegalArgumentException("a gated promotion needs the candidate run or sweep id");
        }
    }

    /** The gate policy, if the promotion is gated. */
    public Optional<GatePolicy> gatePolicy() {
        return Optional.ofNullable(policy);
    }
}
