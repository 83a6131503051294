package dev.bioprompt.ci;

import dev.bioprompt.api.tracking.RunRecord;
import dev.bioprompt.api.tracking.RunStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Builds run records the way a base-to-novel sweep logs them. */
final class TestRuns {

    private static final AtomicLong CLOCK = new AtomicLong(1_700_000_000_000L);

    private TestRuns() {
    }

    static RunRecord run(String id, String parent, String method, String dataset, int seed, double hm) {
        return run(id, parent, method, dataset, seed, "16", RunStatus.FINISHED, Map.of("hm", hm,
                "base_accuracy", hm + 2, "novel_accuracy", hm - 2));
    }

    static RunRecord run(String id, String parent, String method, String dataset, int seed, String shots,
                         RunStatus status, Map<String, Double> metrics) {
        Map<String, String> tags = new HashMap<>();
        if (parent != null) {
            tags.put("mlflow.parentRunId", parent);
        }
        return new RunRecord(id, "1", method + "-" + dataset + "-seed" + seed, status, CLOCK.incrementAndGet(),
                Map.of("method", method, "dataset", dataset, "protocol", "base-to-novel", "shots", shots,
                        "seed", Integer.toString(seed)), metrics, tags, "file:///tmp/mlruns/1/" + id + "/artifacts");
    }

    /** One run per dataset and seed, with hm = base + seed offset (offsets -1, 0, +1 for seeds 1..3). */
    static List<RunRecord> sweep(String prefix, String parent, String method, Map<String, Double> hmByDataset,
                                 int... seeds) {
        List<RunRecord> out = new ArrayList<>();
        for (Map.Entry<String, Double> e : hmByDataset.entrySet()) {
            for (int seed : seeds) {
                out.add(run(prefix + "-" + e.getKey() + "-" + seed, parent, method, e.getKey(), seed,
                        e.getValue() + (seed - 2)));
            }
        }
        return out;
    }

    static RunRecord parent(String id) {
        return new RunRecord(id, "1", "sweep " + id, RunStatus.FINISHED, CLOCK.incrementAndGet(), Map.of(),
                Map.of(), Map.of(), "file:///tmp/mlruns/1/" + id + "/artifacts");
    }
}
