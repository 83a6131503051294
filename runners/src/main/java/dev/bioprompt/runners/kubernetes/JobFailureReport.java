package dev.bioprompt.runners.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.util.ArrayList;
import java.util.List;

/** Explains why a Job failed, from its conditions and its pod's status. */
final class JobFailureReport {

    private JobFailureReport() {
    }

    /** The Job's failure condition: {@code reason: message}, or empty. */
    static String jobReason(Job job) {
        if (job.getStatus() == null || job.getStatus().getConditions() == null) {
            return "";
        }
        for (JobCondition c : job.getStatus().getConditions()) {
            if (("Failed".equals(c.getType()) || "FailureTarget".equals(c.getType()))
                    && "True".equals(c.getStatus())) {
                return join(c.getReason(), c.getMessage());
            }
        }
        return "";
    }

    /** What the pod says: its phase reason and each container's termination or waiting reason. */
    static String podReason(Pod pod) {
        List<String> parts = new ArrayList<>();
        if (pod.getStatus() == null) {
            return "";
        }
        String podLevel = join(pod.getStatus().getReason(), pod.getStatus().getMessage());
        if (!podLevel.isEmpty()) {
            parts.add(podLevel);
        }
        List<ContainerStatus> statuses = pod.getStatus().getContainerStatuses();
        if (statuses != null) {
            for (ContainerStatus s : statuses) {
                if (s.getState() == null) {
                    continue;
                }
                if (s.getState().getTerminated() != null) {
                    var t = s.getState().getTerminated();
                    parts.add("container " + s.getName() + " terminated: " + join(t.getReason(), t.getMessage())
                            + (t.getExitCode() != null ? " (exit code " + t.getExitCode() + ")" : ""));
                } else if (s.getState().getWaiting() != null) {
                    var w = s.getState().getWaiting();
                    parts.add("container " + s.getName() + " waiting: " + join(w.getReason(), w.getMessage()));
                }
            }
        }
        return String.join("; ", parts);
    }

    private static String join(String reason, String message) {
        String r = reason == null ? "" : reason;
        String m = message == null ? "" : message;
        return r.isEmpty() ? m : m.isEmpty() ? r : r + " (" + m + ")";
    }
}
