package dev.bioprompt.tracking.mlflow;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.tracking.mlflow.JournalRecord.CreateRun;
import dev.bioprompt.tracking.mlflow.JournalRecord.UploadArtifact;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write path of an {@link MlflowTracker} through outages: a record goes to the server through
 * {@link MlflowWrites} while nothing waits; when the server is unreachable, answers 5xx, or refuses the credentials
 * (401/403), the record and every later one are appended to an {@link OutageJournal} in the spool folder and
 * replayed, in order and idempotently, on a later write and on {@link #close(Duration)}.
 *
 * <p>The replay rule: while records wait, a write replays them once the replay delay has passed since the last
 * attempt. The delay starts at the replay interval, doubles after each failed attempt up to
 * {@link #MAX_REPLAY_DELAY}, and drops back once the server answers, so a backlog drains at the first write at most
 * {@link #MAX_REPLAY_DELAY} after the server answers again. While the server refuses the credentials it is probed
 * at most every {@link #CREDENTIAL_PROBE_INTERVAL}. Journals left by a stopped process in the same spool folder are
 * adopted and replayed first.
 */
final class OutageBacklog {
    private static final Logger LOG = LoggerFactory.getLogger(OutageBacklog.class);
    /** The longest wait between replay attempts while records keep being written. */
    static final Duration MAX_REPLAY_DELAY = Duration.ofSeconds(30);
    /** While the server refuses the credentials (401/403), it is probed at most this often. */
    static final Duration CREDENTIAL_PROBE_INTERVAL = Duration.ofSeconds(30);

    private final MlflowWrites writes;
    private final RunIds runIds;
    private final URI server;
    private final Path spoolDir;
    private final Duration replayInterval;
    private final Deque<OutageJournal> journals = new ArrayDeque<>();
    private OutageJournal ownJournal;
    private long lastReplayAttempt;
    private Duration replayDelay;
    private volatile boolean credentialsRefused;
    private boolean closed;

    /** A backlog in {@code spoolDir}, adopting the journals other processes left there. */
    OutageBacklog(MlflowWrites writes, RunIds runIds, URI server, Path spoolDir, Duration replayInterval) {
        this.writes = requireNonNull(writes, "writes is null");
        this.runIds = requireNonNull(runIds, "runIds is null");
        this.server = requireNonNull(server, "server is null");
        this.spoolDir = requireNonNull(spoolDir, "spoolDir is null");
        this.replayInterval = requireNonNull(replayInterval, "replayInterval is null");
        this.replayDelay = replayInterval;
        for (OutageJournal journal : OutageJournal.adoptOrphans(spoolDir)) {
            journals.addLast(journal);
            runIds.mapAll(journal.runIds());
        }
    }

    Path spoolDir() {
        return spoolDir;
    }

    /**
     * Creates a run: on the server when nothing waits and it answers, returning the server's id; else journaled,
     * returning empty (the run keeps its provisional id until the replay creates it).
     *
     * @throws MlflowApiException when the server rejects the run (including refused credentials)
     */
    synchronized Optional<String> create(CreateRun create) {
        checkOpen();
        replayIfDue();
        if (!hasPending()) {
            try {
                return Optional.of(writes.sendWithRetries(create));
            } catch (TrackingUnavailableException e) {
                LOG.warn("MLflow server unreachable; run '{}' is recorded locally and created when it is back "
                        + "({})", create.runName(), e.getMessage());
                lastReplayAttempt = System.nanoTime();
            }
        }
        spool(create);
        return Optional.empty();
    }

    /**
     * Sends a record, or journals it when records already wait, the server is unreachable or it refuses the
     * credentials.
     *
     * @throws MlflowApiException when the server rejects the record for another reason
     */
    synchronized void submit(JournalRecord record) {
        checkOpen();
        if (hasPending()) {
            spool(record);
            replayIfDue();
            return;
        }
        try {
            writes.sendWithRetries(record);
        } catch (TrackingUnavailableException e) {
            LOG.warn("MLflow server unreachable; spooling tracking records to {} ({})", spoolDir, e.getMessage());
            spool(record);
            lastReplayAttempt = System.nanoTime();
        } catch (MlflowApiException e) {
            if (!e.credentialsRefused()) {
                throw e;
            }
            if (!credentialsRefused) {
                LOG.error("MLflow server refuses the credentials ({}); this is not an outage: tracking records are "
                        + "journaled to {} and the server is probed at most every {} s; they are replayed in full "
                        + "once valid credentials are given", e.getMessage(), spoolDir,
                        CREDENTIAL_PROBE_INTERVAL.toSeconds());
            }
            credentialsRefused = true;
            spool(record);
            lastReplayAttempt = System.nanoTime();
        }
    }

    /** Whether a journaled record creates the run with this provisional id. */
    synchronized boolean createsRun(String provisionalId) {
        return journals.stream().anyMatch(j -> j.createsRun(provisionalId));
    }

    /** Notes that the server refused the credentials outside a write (probing then slows down). */
    void credentialsRefusedElsewhere() {
        credentialsRefused = true;
    }

    /** Whether the server refused the credentials (HTTP 401/403) since the last successful replay. */
    boolean credentialsRefused() {
        return credentialsRefused;
    }

    /** How many records wait in journals. */
    synchronized int pendingRecords() {
        return journals.stream().mapToInt(OutageJournal::size).sum();
    }

    /** Tries to replay the journals now; true when nothing is left. */
    synchronized boolean replayNow() {
        return replay();
    }

    /**
     * Refuses further writes, keeps replaying for at most {@code timeout} (probing refused credentials no more often
     * than usual), says what is left and how it will be replayed, and lets other processes adopt the journals.
     *
     * @return false when it was closed already
     */
    synchronized boolean close(Duration timeout) {
        if (closed) {
            return false;
        }
        closed = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (hasPending()) {
            boolean probeDue = !credentialsRefused
                    || System.nanoTime() - lastReplayAttempt >= CREDENTIAL_PROBE_INTERVAL.toNanos();
            if (probeDue && replay()) {
                break;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                wait(Math.max(1, Math.min(500, left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (hasPending() && credentialsRefused) {
            LOG.error("MLflow server {} refused the credentials (HTTP 401/403): {} tracking record(s) stay in {}. "
                    + "Run any bioprompt command against this server with valid credentials "
                    + "(MLFLOW_TRACKING_TOKEN, or MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD), for "
                    + "example 'bioprompt runs list', to replay them in full", server, pendingRecords(), spoolDir);
        } else if (hasPending()) {
            LOG.warn("MLflow server still unreachable: {} tracking record(s) stay in {} and are replayed by the "
                    + "next tracker for {}", pendingRecords(), spoolDir, server);
        }
        journals.forEach(OutageJournal::release);
        journals.clear();
        return true;
    }

    private boolean hasPending() {
        return journals.stream().anyMatch(j -> !j.isEmpty());
    }

    /** Replays when the current delay has passed since the last attempt, then adapts the delay. */
    private void replayIfDue() {
        Duration delay = credentialsRefused ? CREDENTIAL_PROBE_INTERVAL : replayDelay;
        if (hasPending() && System.nanoTime() - lastReplayAttempt >= delay.toNanos()) {
            if (replay()) {
                replayDelay = replayInterval;
            } else {
                Duration doubled = replayDelay.multipliedBy(2);
                replayDelay = doubled.compareTo(MAX_REPLAY_DELAY) > 0
                        ? (replayInterval.compareTo(MAX_REPLAY_DELAY) > 0 ? replayInterval : MAX_REPLAY_DELAY)
                        : doubled;
            }
        }
    }

    /**
     * Replays journals in order until one record fails to go through; true when all are replayed. A record the
     * server rejects for a reason other than the credentials is dropped with an error, as retrying cannot help.
     */
    private boolean replay() {
        lastReplayAttempt = System.nanoTime();
        writes.forgetStoredPoints();
        while (!journals.isEmpty()) {
            OutageJournal journal = journals.peekFirst();
            while (!journal.isEmpty()) {
                JournalRecord record = journal.peek();
                try {
                    String created = writes.send(record, true);
                    if (record instanceof CreateRun) {
                        journal.mapRunId(record.run(), created);
                    }
                } catch (TrackingUnavailableException e) {
                    LOG.debug("Replay paused: {}", e.getMessage());
                    writes.forgetStoredPoints();
                    return false;
                } catch (MlflowApiException e) {
                    if (e.credentialsRefused()) {
                        credentialsRefused = true;
                        LOG.debug("Replay paused: {}", e.getMessage());
                        writes.forgetStoredPoints();
                        return false;
                    }
                    dropRejected(record, e);
                } catch (IllegalArgumentException | UncheckedIOException e) {
                    dropRejected(record, e);
                }
                journal.acknowledge();
            }
            // our own journal too: a later outage starts a new one
            journal.delete();
            if (journal == ownJournal) {
                ownJournal = null;
            }
            journals.removeFirst();
        }
        LOG.info("MLflow server reachable again; spooled tracking records replayed");
        credentialsRefused = false;
        return true;
    }

    private static void dropRejected(JournalRecord record, RuntimeException e) {
        LOG.error("Dropping a spooled tracking record the server rejects ({}): {}", record.getClass().getSimpleName(),
                e.getMessage());
    }

    private void spool(JournalRecord record) {
        if (ownJournal == null) {
            ownJournal = OutageJournal.create(spoolDir);
            journals.addLast(ownJournal);
        }
        if (record instanceof UploadArtifact upload && !upload.spooled()) {
            record = upload.spooledFrom(copyArtifact(upload.source(), ownJournal.artifactDir()));
        }
        ownJournal.append(record);
    }

    /** Copies a file or folder whose upload is spooled, so that later changes to it do not change what is sent. */
    private static Path copyArtifact(Path source, Path artifactDir) {
        Path copyRoot = artifactDir.resolve(UUID.randomUUID().toString());
        Path copy = copyRoot.resolve(source.getFileName().toString());
        try {
            Files.createDirectories(copyRoot);
            if (Files.isDirectory(source)) {
                try (Stream<Path> walk = Files.walk(source)) {
                    for (Path p : walk.toList()) {
                        Path target = copy.resolve(source.relativize(p).toString());
                        if (Files.isDirectory(p)) {
                            Files.createDirectories(target);
                        } else {
                            Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
            } else {
                Files.copy(source, copy, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot spool artifact " + source + " to " + copyRoot, e);
        }
        return copy;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("The tracker for " + server + " is closed");
        }
    }
}
