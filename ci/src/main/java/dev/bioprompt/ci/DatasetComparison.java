package dev.bioprompt.ci;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.OptionalDouble;

/**
 * The primary metric on one dataset, candidate against champion.
 *
 * @param dataset the dataset
 * @param candidateMean the candidate's mean over seeds (empty when it has no result there)
 * @param candidateSeeds the seeds behind the candidate's mean
 * @param championMean the champion's mean over seeds (empty without a champion or result)
 * @param championSeeds the seeds behind the champion's mean
 */
public record DatasetComparison(String dataset, OptionalDouble candidateMean, List<String> candidateSeeds,
                                OptionalDouble championMean, List<String> championSeeds) {
    public DatasetComparison {
        requireNonNull(dataset, "dataset is null");
        requireNonNull(candidateMean, "candidateMean is null");
        candidateSeeds = List.copyOf(requireNonNull(candidateSeeds, "candidateSeeds is null"));
        requireNonNull(championMean, "championMean is null");
        championSeeds = List.copyOf(requireNonNull(championSeeds, "championSeeds is null"));
    }

    /** Candidate minus champion, when both exist. */
    public OptionalDouble delta() {
        return candidateMean.isPresent() && championMean.isPresent()
                ? OptionalDouble.of(candidateMean.getAsDouble() - championMean.getAsDouble()) : OptionalDouble.empty();
    }
}
