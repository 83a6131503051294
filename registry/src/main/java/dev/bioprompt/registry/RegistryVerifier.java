package dev.bioprompt.registry;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Audits one prompt set of a registry ({@code bioprompt registry verify NAME}): every version number from 1 to the
 * highest claimed is published and verifies byte for byte (and by signature, with a verification key); no promotion
 * published two versions; every alias record points at a published version with the same digest. Claims whose
 * publication never completed and unclaimed numbers below the highest are reported as gaps.
 */
public final class RegistryVerifier {

    /**
     * What was found.
     *
     * @param name the prompt-set name
     * @param published how many versions are published
     * @param aliasRecords how many alias records were checked
     * @param problems one line per problem (empty when the prompt set is sound)
     */
    public record Report(String name, int published, int aliasRecords, List<String> problems) {
        public Report {
            requireNonNull(name, "name is null");
            problems = List.copyOf(problems);
        }

        /** Whether nothing is wrong. */
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private final StoredPromptSetRegistry registry;

    public RegistryVerifier(StoredPromptSetRegistry registry) {
        this.registry = requireNonNull(registry, "registry is null");
    }

    /** Audits one prompt set. */
    public Report verify(String name) throws IOException {
        List<String> problems = new ArrayList<>();
        TreeSet<Integer> claimed = registry.claimedNumbers(name);
        Map<Integer, VersionRecord> good = new HashMap<>();
        Map<String, Integer> byPromotion = new HashMap<>();
        int highest = claimed.isEmpty() ? 0 : claimed.last();
        int published = 0;
        for (int n = 1; n <= highest; n++) {
            if (!claimed.contains(n)) {
                problems.add("gap: version " + n + " was never claimed (no objects under "
                        + registry.store().locate(registry.versionKey(name, n, "")) + ")");
                continue;
            }
            if (!registry.published(name, n)) {
                Optional<VersionRecord> claim = registry.readClaim(name, n);
                problems.add("gap: version " + n + " was claimed but its publication never completed"
                        + claim.map(c -> " (promotion of run " + (c.sourceRun().isEmpty() ? "-" : c.sourceRun())
                        + ", digest " + c.digest() + ", claimed " + c.createdAt() + "; promoting the same run again "
                        + "completes it)").orElse(" (no claim record)"));
                continue;
            }
            published++;
            try {
                VersionRecord record = registry.record(name, n);
                registry.files(record);
                good.put(n, record);
                Integer earlier = byPromotion.putIfAbsent(record.promotion(), n);
                if (earlier != null && !record.promotion().isEmpty()) {
                    problems.add("duplicate claim: versions " + earlier + " and " + n + " are the same promotion "
                            + "(run " + record.sourceRun() + ", digest " + record.digest() + ")");
                }
            } catch (IOException e) {
                problems.add("unverifiable: version " + n + ": " + e.getMessage());
            }
        }
        int aliasRecords = 0;
        for (String alias : registry.aliasNames(name)) {
            for (StoredAlias a : registry.storedAliases(name, alias)) {
                aliasRecords++;
                String where = "alias record " + registry.store().locate(registry.aliasKey(name, alias,
                        a.sequence()));
                VersionRecord target = good.get(a.version());
                if (target == null) {
                    boolean isPublished = a.version() >= 1 && registry.published(name, a.version());
                    problems.add("dangling alias: " + where + " (" + alias + " -> v" + a.version() + ") points at "
                            + (isPublished ? "an unverifiable" : a.version() >= 1 && claimed.contains(a.version())
                            ? "an unpublished" : "a missing") + " version");
                } else if (!a.digest().equals(target.digest())) {
                    problems.add("dangling alias: " + where + " (" + alias + " -> v" + a.version() + ") records "
                            + "digest " + (a.digest().isEmpty() ? "(none)" : a.digest()) + " but the version "
                            + "records " + target.digest());
                }
            }
        }
        return new Report(name, published, aliasRecords, problems);
    }
}
