package dev.bioprompt.api.runner;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.task.Protocol;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One cell of a sweep: a single (method, dataset, protocol, K, seed) training and evaluation run.
 *
 * @param method the method name
 * @param dataset the (source) dataset
 * @param protocol the evaluation protocol
 * @param shots K
 * @param seed the seed
 * @param targets target datasets for {@link Protocol#CROSS_DATASET} (empty otherwise)
 * @param settings the resolved configuration the cell runs with (flat keys), recorded with the run
 */
public record JobSpec(String method, String dataset, Protocol protocol, int shots, long seed, List<String> targets,
                      Map<String, String> settings) {
    public JobSpec {
        requireNonNull(method, "method is null");
        requireNonNull(dataset, "dataset is null");
        requireNonNull(protocol, "protocol is null");
        targets = List.copyOf(requireNonNull(targets, "targets is null"));
        settings = Map.copyOf(requireNonNull(settings, "settings is null"));
    }

    /** A stable id for the cell, safe in file names, Kubernetes labels and run names. */
    public String cellId() {
        return (method + "-" + dataset + "-" + protocol.key() + "-k" + shots + "-s" + seed)
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
    }
}
