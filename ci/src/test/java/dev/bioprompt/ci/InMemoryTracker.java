package dev.bioprompt.ci;

import dev.bioprompt.api.tracking.RunRecord;
import dev.bioprompt.api.tracking.RunRequest;
import dev.bioprompt.api.tracking.TrackedRun;
import dev.bioprompt.api.tracking.Tracker;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A read-only tracker holding run records of one experiment, for gate tests. */
final class InMemoryTracker implements Tracker {

    private final String experiment;
    private final Map<String, RunRecord> runs = new LinkedHashMap<>();

    InMemoryTracker(String experiment) {
        this.experiment = experiment;
    }

    InMemoryTracker add(Collection<RunRecord> records) {
        records.forEach(r -> runs.put(r.runId(), r));
        return this;
    }

    InMemoryTracker add(RunRecord record) {
        runs.put(record.runId(), record);
        return this;
    }

    @Override
    public TrackedRun startRun(RunRequest request) {
        throw new UnsupportedOperationException("read-only test tracker");
    }

    @Override
    public Optional<RunRecord> getRun(String runId) {
        return Optional.ofNullable(runs.get(runId));
    }

    @Override
    public List<RunRecord> listRuns(String experimentName) {
        if (!experiment.equals(experimentName)) {
            return List.of();
        }
        List<RunRecord> out = new ArrayList<>(runs.values());
        out.sort(Comparator.comparingLong(RunRecord::startTime).reversed());
        return out;
    }

    @Override
    public String uri() {
        return "memory:" + experiment;
    }

    @Override
    public void close() {
    }
}
