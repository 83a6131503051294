package dev.bioprompt.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bioprompt.api.tracking.RunRecord;
import dev.bioprompt.api.tracking.RunStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunTableFormatterTest {
    private static final RunRecord A = new RunRecord("aaaa", "1", "coop-seed1", RunStatus.FINISHED, 1_700_000_000_000L,
            Map.of("lr", "0.002"), Map.of("test/acc", 0.8125, "epochs", 50.0), Map.of("dataset", "BTMRI"),
            "mlflow-artifacts:/1/aaaa/artifacts");
    private static final RunRecord B = new RunRecord("bbbbbbbb", "1", "zs", RunStatus.RUNNING, 0L, Map.of(), Map.of(),
            Map.of(), "file:///m/1/bbbbbbbb/artifacts");

    @Test
    void rendersAnAlignedTable() {
        String table = new RunTableFormatter(List.of("test/acc")).table(List.of(A, B));
        assertThat(table).isEqualTo("""
                RUN ID    NAME        STATUS    STARTED (UTC)        test/acc
                aaaa      coop-seed1  FINISHED  2023-11-14 22:13:20  0.8125
                bbbbbbbb  zs          RUNNING   -                    -
                """);
    }

    @Test
    void rendersOneRunsDetails() {
        String details = new RunTableFormatter(List.of()).details(A);
        assertThat(details).contains("Run:          aaaa\n").contains("Status:       FINISHED\n")
                .contains("Params:\n  lr  0.002\n").contains("Metrics:\n  epochs    50\n  test/acc  0.8125\n")
                .contains("Tags:\n  dataset  BTMRI\n");
        assertThat(new RunTableFormatter(List.of()).details(B)).contains("Params:\n  (none)\n");
    }
}
