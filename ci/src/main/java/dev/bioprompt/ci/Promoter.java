package dev.bioprompt.ci;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.promptset.PromptSetManifest;
import dev.bioprompt.api.registry.AliasExpectation;
import dev.bioprompt.api.registry.AliasRecord;
import dev.bioprompt.api.registry.PromptSetRegistry;
import dev.bioprompt.api.registry.RegistryPromotion;
import dev.bioprompt.api.registry.RegistryVersion;
import dev.bioprompt.api.tracking.RunRecord;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Publishes a prompt set to the registry and moves an alias to it, behind the promotion gate when a policy is given.
 * A failed gate publishes nothing. The champion is the prompt set holding the alias; the runs behind it are found
 * from its manifest's source run.
 */
public final class Promoter {

    private final PromptSetRegistry registry;
    private final CandidateSource source;

    /**
     * @param registry where prompt sets are published
     * @param source where candidate and champion runs are read
     */
    public Promoter(PromptSetRegistry registry, CandidateSource source) {
        this.registry = requireNonNull(registry, "registry is null");
        this.source = requireNonNull(source, "source is null");
    }

    /**
     * The current holder of an alias with the runs of its sweep (only runs of the same method, when runs record a
     * method).
     *
     * @return empty when the alias is not set
     * @throws IOException when the champion's prompt set or source run cannot be read
     */
    public Optional<Champion> champion(String name, String alias) throws IOException {
        Optional<AliasRecord> current = registry.currentAlias(name, alias);
        if (current.isEmpty()) {
            return Optional.empty();
        }
        int version = current.get().version();
        PromptSetManifest manifest = registry.load(name, version).manifest();
        List<RunRecord> runs = List.of();
        if (!manifest.sourceRun().isBlank()) {
            try {
                runs = source.sweepOf(manifest.sourceRun()).stream()
                        .filter(r -> !r.params().containsKey(RunValues.METHOD)
                                || manifest.method().equals(r.params().get(RunValues.METHOD)))
                        .toList();
            } catch (IOException e) {
                throw new IOException("cannot read the runs behind champion " + name + "@" + alias + " = v" + version
                        + " (source run " + manifest.sourceRun() + "): " + e.getMessage(), e);
            }
        }
        return Optional.of(new Champion(name, alias, version, manifest.sourceRun(), runs));
    }

    /**
     * Evaluates a candidate run or sweep against the holder of the policy's alias.
     *
     * @throws IOException when runs or the champion cannot be read
     */
    public GateResult gate(String name, GatePolicy policy, String candidateId) throws IOException {
        return PromotionGate.evaluate(policy, source.candidate(candidateId), champion(name, policy.alias()));
    }

    /**
     * Promotes: gate (when a policy is given), publish a new version, move the alias.
     *
     * @return the verdict and, when it passed, the new version and alias record
     * @throws IOException when the registry or the tracker fails, or when the alias moved while the gate ran (nothing
     *     is then published)
     */
    public PromotionResult promote(PromotionRequest request) throws IOException {
        Optional<GateResult> verdict = Optional.empty();
        OptionalInt gatedAgainst = OptionalInt.empty();
        if (request.gatePolicy().isPresent()) {
            GatePolicy policy = request.gatePolicy().get().withAlias(request.alias());
            Optional<Champion> champion = champion(request.name(), request.alias());
            GateResult result = PromotionGate.evaluate(policy, source.candidate(request.candidateId()), champion);
            verdict = Optional.of(result);
            if (!result.passed()) {
                return new PromotionResult(verdict, Optional.empty(), Optional.empty());
            }
            gatedAgainst = champion.map(c -> OptionalInt.of(c.version())).orElse(OptionalInt.empty());
        }
        // one idempotent operation: the version and the alias move appear together, and only if the alias still
        // holds the champion the gate compared against; a retry completes the same version
        RegistryPromotion promotion = registry.promote(request.name(), request.promptSet(), request.alias(),
                request.reason(), verdict.isPresent() ? AliasExpectation.holding(gatedAgainst)
                        : AliasExpectation.any());
        RegistryVersion version = promotion.version();
        AliasRecord moved = promotion.alias();
        return new PromotionResult(verdict, Optional.of(version), Optional.of(moved));
    }
}
