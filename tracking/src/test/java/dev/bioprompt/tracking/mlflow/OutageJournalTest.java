package dev.bioprompt.tracking.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutageJournalTest {
    @TempDir
    Path tmp;

    @Test
    void resumesAfterTheLastAcknowledgedRecordAndSkipsATornLine() throws Exception {
        OutageJournal journal = OutageJournal.create(tmp);
        for (int i = 0; i < 4; i++) {
            journal.append(JsonNodeFactory.instance.objectNode().put("op", "batch").put("i", i));
        }
        journal.acknowledge();
        journal.mapRunId("local-1", "abc");
        assertThat(OutageJournal.adoptOrphans(tmp)).as("a locked journal is not adopted").isEmpty();
        journal.release();
        Files.writeString(journal.file(), "{\"op\":\"bat", StandardOpenOption.APPEND);

        List<OutageJournal> adopted = OutageJournal.adoptOrphans(tmp);
        assertThat(adopted).hasSize(1);
        OutageJournal again = adopted.get(0);
        assertThat(again.size()).isEqualTo(3);
        assertThat(again.peek().get("i").asInt()).isEqualTo(1);
        assertThat(again.runIds()).containsEntry("local-1", "abc");
        again.acknowledge();
        again.acknowledge();
        again.acknowledge();
        again.delete();
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files).isEmpty();
        }
    }
}
