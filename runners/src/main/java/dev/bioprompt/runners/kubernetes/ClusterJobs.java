package dev.bioprompt.runners.kubernetes;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The cluster calls of the Kubernetes runner, in its namespace: the Jobs of a sweep, one Job by name, its newest pod
 * and that pod's log.
 */
final class ClusterJobs {
    private static final int LOG_HEAD_BYTES = 64 * 1024;
    private static final long DELETE_WAIT_MILLIS = 120_000;

    private final KubernetesClient client;
    private final KubernetesRunnerConfig config;
    private final Consumer<String> progress;

    ClusterJobs(KubernetesClient client, KubernetesRunnerConfig config, Consumer<String> progress) {
        this.client = requireNonNull(client, "client is null");
        this.config = requireNonNull(config, "config is null");
        this.progress = requireNonNull(progress, "progress is null");
    }

    /** The namespace the Jobs live in. */
    String namespace() {
        return config.namespace();
    }

    /** The Jobs of a sweep (found by its label), by cell id. */
    Map<String, Job> ofSweep(String sweepId) {
        Map<String, Job> jobs = new HashMap<>();
        for (Job job : client.batch().v1().jobs().inNamespace(namespace())
                .withLabels(CellJobFactory.sweepSelector(sweepId)).list().getItems()) {
            jobs.put(cellIdOf(job), job);
        }
        return jobs;
    }

    /** A Job by name, or null when there is none. */
    Job get(String jobName) {
        return client.batch().v1().jobs().inNamespace(namespace()).withName(jobName).get();
    }

    /**
     * Creates a Job.
     *
     * @throws KubernetesClientException as the API server answered (409 when it exists)
     */
    void create(Job job) {
        client.batch().v1().jobs().inNamespace(namespace()).resource(job).create();
    }

    /** Deletes a Job and its pods (background propagation); a failure is reported, not thrown. */
    void delete(String jobName) {
        try {
            client.batch().v1().jobs().inNamespace(namespace()).withName(jobName)
                    .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
        } catch (KubernetesClientException e) {
            progress.accept("cannot delete Job " + jobName + ": " + e.getMessage());
        }
    }

    /**
     * Deletes a Job and waits until it is gone.
     *
     * @throws IllegalStateException when it is still there after two minutes
     */
    void deleteAndWait(String jobName) throws InterruptedException {
        delete(jobName);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DELETE_WAIT_MILLIS);
        while (get(jobName) != null) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Job " + jobName + " was not deleted within "
                        + DELETE_WAIT_MILLIS / 1000 + " s; delete it and submit again");
            }
            Thread.sleep(Math.min(1000, config.pollInterval().toMillis()));
        }
    }

    /** The newest pod of a Job, if the cluster still has one. */
    Optional<Pod> latestPod(String jobName) {
        try {
            return client.pods().inNamespace(namespace()).withLabel(KubernetesRunner.JOB_NAME_LABEL, jobName).list()
                    .getItems().stream()
                    .max(Comparator.comparing(p -> p.getMetadata().getCreationTimestamp() == null ? ""
                            : p.getMetadata().getCreationTimestamp()));
        } catch (KubernetesClientException e) {
            return Optional.empty();
        }
    }

    /** The head (for the run id line) or the tail (for a failure) of the pod log; empty when there is none. */
    String podLog(Pod pod, boolean head) {
        try {
            var resource = client.pods().inNamespace(namespace()).withName(pod.getMetadata().getName())
                    .inContainer(CellJobFactory.CONTAINER);
            String log = head ? resource.limitBytes(LOG_HEAD_BYTES).getLog()
                    : resource.tailingLines(Math.max(1, config.logTailLines())).getLog();
            return log == null ? "" : log;
        } catch (KubernetesClientException e) {
            return "";
        }
    }

    private static String cellIdOf(Job job) {
        Map<String, String> annotations = job.getMetadata().getAnnotations();
        String id = annotations == null ? null : annotations.get(CellJobFactory.CELL_ANNOTATION);
        return id != null ? id : job.getMetadata().getLabels().getOrDefault(CellJobFactory.CELL_LABEL, "");
    }
}
