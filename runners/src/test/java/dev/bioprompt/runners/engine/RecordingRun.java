package dev.bioprompt.runners.engine;

import dev.bioprompt.api.tracking.RunStatus;
import dev.bioprompt.api.tracking.TrackedRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A tracked run that keeps everything it is given in memory. */
final class RecordingRun implements TrackedRun {

    record Logged(Map<String, Double> metrics, long step) {
    }

    final List<Logged> metrics = new ArrayList<>();
    final Map<String, String> params = new LinkedHashMap<>();
    RunStatus status;

    @Override
    public String runId() {
        return "run-1";
    }

    @Override
    public void logParams(Map<String, String> values) {
        params.putAll(values);
    }

    @Override
    public void logMetrics(Map<String, Double> values, long step) {
        metrics.add(new Logged(Map.copyOf(values), step));
    }

    @Override
    public void setTags(Map<String, String> tags) {
    }

    @Override
    public void logArtifact(Path file, String artifactPath) {
    }

    @Override
    public void finish(RunStatus runStatus) {
        status = runStatus;
    }

    @Override
    public void close() {
        if (status == null) {
            status = RunStatus.FINISHED;
        }
    }
}
