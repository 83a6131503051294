package dev.bioprompt.tracking.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bioprompt.io.AtomicFiles;
import dev.bioprompt.tracking.mlflow.JournalRecord.LogRunBatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutageJournalTest {
    @TempDir
    Path tmp;

    private static LogRunBatch batch(int step) {
        return new LogRunBatch("local-1", new LogBatch(List.of(new MetricPoint("loss", 1.0 / (step + 1), 1000, step)),
                Map.of(), Map.of()));
    }

    private Path journalFile() throws Exception {
        return JournalFixtureWriter.journalIn(tmp);
    }

    @Test
    void resumesAfterTheLastAcknowledgedRecordAndSkipsATornLine() throws Exception {
        OutageJournal journal = OutageJournal.create(tmp);
        for (int i = 0; i < 4; i++) {
            journal.append(batch(i));
        }
        journal.acknowledge();
        journal.mapRunId("local-1", "abc");
        assertThat(OutageJournal.adoptOrphans(tmp)).as("a locked journal is not adopted").isEmpty();
        journal.release();
        Files.writeString(journalFile(), "{\"op\":\"bat", StandardOpenOption.APPEND);

        List<OutageJournal> adopted = OutageJournal.adoptOrphans(tmp);
        assertThat(adopted).hasSize(1);
        OutageJournal again = adopted.get(0);
        assertThat(again.size()).isEqualTo(3);
        assertThat(again.peek()).isEqualTo(batch(1));
        assertThat(again.runIds()).containsEntry("local-1", "abc");
        again.acknowledge();
        again.acknowledge();
        again.acknowledge();
        again.delete();
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files).isEmpty();
        }
    }

    /** A process killed while rewriting a journal's side file leaves a temporary; the adopter removes it. */
    @Test
    void adoptionRemovesTheTemporariesOfTheJournalsSideFilesOnly() throws Exception {
        OutageJournal journal = OutageJournal.create(tmp);
        journal.append(batch(0));
        journal.release();
        String name = journalFile().getFileName().toString();
        Path ackLeftover = Files.writeString(tmp.resolve(AtomicFiles.TEMPORARY_PREFIX
                + (name + ".ack").substring(0, 40) + "-k3x9"), "1");
        Path foreign = Files.writeString(tmp.resolve(AtomicFiles.TEMPORARY_PREFIX + "journal-1-other.jsonl.ack-q1"),
                "2");
        assertThat(AtomicFiles.isTemporaryOf(ackLeftover, journalFile().resolveSibling(name + ".ack"))).isTrue();

        OutageJournal adopted = OutageJournal.adoptOrphans(tmp).get(0);
        assertThat(ackLeftover).doesNotExist();
        assertThat(foreign).as("another journal's temporary").exists();
        assertThat(adopted.peek()).isEqualTo(batch(0));
        adopted.release();
    }

    @Test
    void anUnknownRecordIsSkippedAndTheAcknowledgementsStayInStep() throws Exception {
        OutageJournal journal = OutageJournal.create(tmp);
        journal.append(batch(0));
        journal.release();
        Files.writeString(journalFile(), "{\"op\":\"rename-run\",\"run\":\"local-1\"}\n", StandardOpenOption.APPEND);
        journal = OutageJournal.adoptOrphans(tmp).get(0);
        journal.append(batch(2));
        journal.append(batch(3));
        assertThat(journal.size()).isEqualTo(3);
        journal.acknowledge();
        journal.acknowledge();
        journal.release();

        OutageJournal adopted = OutageJournal.adoptOrphans(tmp).get(0);
        assertThat(adopted.size()).as("the record after the unknown one was acknowledged").isEqualTo(1);
        assertThat(adopted.peek()).isEqualTo(batch(3));
        adopted.delete();
    }
}
