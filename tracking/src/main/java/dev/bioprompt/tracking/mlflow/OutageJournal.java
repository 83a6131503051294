package dev.bioprompt.tracking.mlflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.bioprompt.io.AtomicFiles;
import dev.bioprompt.io.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only, fsync'ed journal of tracking records ({@link JournalRecord}s, one JSON object a line) kept while
 * the server is unreachable. Next to {@code journal-<id>.jsonl} live {@code .ack} (how many records have been
 * replayed), {@code .ids.json} (provisional run id to server run id) and {@code .artifacts/} (copies of spooled artifacts).
 * A journal is locked by the process that writes or replays it; an unlocked one left by a crashed process is
 * adopted and replayed by the next tracker using the same spool folder. A line that is not a known record is
 * logged and skipped; a torn last line (a crash during an append) is skipped.
 */
final class OutageJournal {
    private static final Logger LOG = LoggerFactory.getLogger(OutageJournal.class);

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final Deque<Entry> pending = new ArrayDeque<>();
    private final Map<String, String> runIds = new HashMap<>();
    private long acknowledged;
    private long lines;

    private OutageJournal(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** Starts a new, empty journal in {@code dir}. */
    static OutageJournal create(Path dir) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve("journal-" + System.currentTimeMillis() + "-" + UUID.randomUUID() + ".jsonl");
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            return new OutageJournal(file, channel, channel.lock());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a tracking journal in " + dir, e);
        }
    }

    /** Opens the journals in {@code dir} that no live process holds, oldest first, with their unreplayed records. */
    static List<OutageJournal> adoptOrphans(Path dir) {
        List<OutageJournal> adopted = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return adopted;
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.getFileName().toString().matches("journal-.*\\.jsonl")).sorted().toList();
        } catch (IOException e) {
            LOG.warn("Cannot list tracking journals in {}: {}", dir, e.getMessage());
            return adopted;
        }
        for (Path file : files) {
            try {
                FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
                FileLock lock;
                try {
                    lock = channel.tryLock();
                } catch (OverlappingFileLockException e) {
                    lock = null;
                }
                if (lock == null) {
                    channel.close();
                    continue;
                }
                OutageJournal journal = new OutageJournal(file, channel, lock);
                journal.sweepTemporaries();
                journal.load();
                if (journal.isEmpty()) {
                    journal.delete();
                } else {
                    LOG.info("Replaying {} tracking record(s) left in {}", journal.pending.size(), file);
                    adopted.add(journal);
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("Cannot adopt tracking journal {}: {}", file, e.getMessage());
            }
        }
        return adopted;
    }

    /**
     * Deletes the temporaries of this journal's side files that a process killed mid-write left; only the holder of
     * the journal's lock writes those files, so none of them is in use.
     */
    private void sweepTemporaries() {
        try (Stream<Path> list = Files.list(file.getParent())) {
            for (Path leftover : list.filter(p -> AtomicFiles.isTemporaryOf(p, sibling(".ack"))
                    || AtomicFiles.isTemporaryOf(p, sibling(".ids.json"))).toList()) {
                Files.deleteIfExists(leftover);
            }
        } catch (IOException e) {
            LOG.warn("Cannot remove temporary files of tracking journal {}: {}", file, e.getMessage());
        }
    }

    /** Folder for copies of artifacts whose upload is spooled. */
    Path artifactDir() {
        return file.resolveSibling(file.getFileName() + ".artifacts");
    }

    boolean isEmpty() {
        return pending.isEmpty();
    }

    int size() {
        return pending.size();
    }

    JournalRecord peek() {
        return pending.isEmpty() ? null : pending.peekFirst().record();
    }

    /** Whether a pending record creates the run with this provisional id. */
    boolean createsRun(String provisionalId) {
        return pending.stream().anyMatch(e -> e.record() instanceof JournalRecord.CreateRun create
                && provisionalId.equals(create.run()));
    }

    Map<String, String> runIds() {
        return runIds;
    }

    /** Appends a record and forces it to disk before returning. */
    void append(JournalRecord record) {
        byte[] line = (record.toJson().toString() + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot append to tracking journal " + file, e);
        }
        pending.addLast(new Entry(lines++, record));
    }

    /** Marks the first pending record as replayed (durably). */
    void acknowledge() {
        acknowledged = pending.removeFirst().line() + 1;
        writeSmallFile(sibling(".ack"), Long.toString(acknowledged));
    }

    /** Records that a provisional run id now has a server run id (durably). */
    void mapRunId(String provisional, String real) {
        runIds.put(provisional, real);
        writeSmallFile(sibling(".ids.json"), MlflowRestClient.JSON.valueToTree(runIds).toString());
    }

    /** Removes the journal and its side files (when everything has been replayed). */
    void delete() {
        release();
        try {
            Files.deleteIfExists(sibling(".ack"));
            Files.deleteIfExists(sibling(".ids.json"));
            FileTrees.delete(artifactDir());
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Cannot delete replayed tracking journal {}: {}", file, e.getMessage());
        }
    }

    /** Lets another process adopt this journal. */
    void release() {
        try {
            if (lock.isValid()) {
                lock.release();
            }
            channel.close();
        } catch (IOException e) {
            LOG.debug("Cannot release {}: {}", file, e.getMessage());
        }
    }

    private void load() throws IOException {
        Path ack = sibling(".ack");
        acknowledged = Files.exists(ack) ? Long.parseLong(Files.readString(ack).trim()) : 0;
        Path ids = sibling(".ids.json");
        if (Files.exists(ids)) {
            MlflowRestClient.JSON.readTree(Files.readString(ids)).properties()
                    .forEach(e -> runIds.put(e.getKey(), e.getValue().asText()));
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode record;
            try {
                record = MlflowRestClient.JSON.readTree(line);
            } catch (JsonProcessingException e) {
                LOG.warn("Skipping a torn record at the end of {}", file);
                continue;
            }
            long index = lines++;
            if (index >= acknowledged) {
                try {
                    pending.addLast(new Entry(index, JournalRecord.fromJson(record)));
                } catch (IllegalArgumentException e) {
                    LOG.error("Dropping tracking record {} of {}, which is not a record this version knows: {}",
                            index + 1, file, e.getMessage());
                }
            }
        }
    }

    private Path sibling(String suffix) {
        return file.resolveSibling(file.getFileName() + suffix);
    }

    private static void writeSmallFile(Path target, String content) {
        try {
            AtomicFiles.writeString(target, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /** A pending record and its index among the journal's records (what {@code .ack} counts). */
    private record Entry(long line, JournalRecord record) {
    }

}
