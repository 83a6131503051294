package dev.bioprompt.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two sides taking turns through one file, as the Java and Python step benchmarks do. */
class TurnFileTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void sidesAlternatePieceByPieceStartingWithTheFileHolder() throws Exception {
        Path file = dir.resolve("turns");
        assertThat(playBoth(file, "python", 4, 4)).containsExactly("P0", "J0", "P1", "J1", "P2", "J2", "P3", "J3");
    }

    @Test
    void aFinishedSideNoLongerHoldsTheOtherBack() throws Exception {
        Path file = dir.resolve("turns");
        assertThat(playBoth(file, "java", 1, 3)).containsExactly("J0", "P0", "P1", "P2");
        assertThat(TurnFile.pythonSide(file, PATIENCE).marker("python")).exists();
        assertThat(TurnFile.pythonSide(file, PATIENCE).marker("java")).exists();
    }

    /**
     * The Python side read the turn just before the Java side finished and handed it back just after: the finish
     * must still let the Python side go on (it used to wait out its patience for a turn that never came).
     */
    @Test
    void aPassThatRacesTheOtherSidesFinishDoesNotStrandTheOtherSide() throws IOException {
        Path file = dir.resolve("turns");
        Files.writeString(file, "python\n");
        TurnFile.javaSide(file, PATIENCE).close();
        Files.writeString(file, "java\n"); // the Python side's late pass
        TurnFile python = TurnFile.pythonSide(file, Duration.ofMillis(50));
        python.take();
        python.pass();
        assertThat(Files.readString(file).trim()).isEqualTo("java");
    }

    @Test
    void waitingForATurnThatNeverComesFailsNamingTheFile() throws IOException {
        Path file = dir.resolve("turns");
        Files.writeString(file, "python\n");
        TurnFile java = TurnFile.javaSide(file, Duration.ofMillis(50));
        assertThatThrownBy(java::take).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("'python'");
    }

    @Test
    void noTurnsNeverWaitsAndWritesNothing() {
        try (TurnFile none = TurnFile.none()) {
            none.take();
            none.pass();
        }
        assertThat(dir).isEmptyDirectory();
    }

    /** Both sides at once through {@code file}, which first says {@code holder}; the order their pieces ran in. */
    private static List<String> playBoth(Path file, String holder, int javaPieces, int pythonPieces)
            throws Exception {
        Files.writeString(file, holder + "\n");
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> java = CompletableFuture.runAsync(() -> play(
                TurnFile.javaSide(file, PATIENCE), "J", javaPieces, order));
        CompletableFuture<Void> python = CompletableFuture.runAsync(() -> play(
                TurnFile.pythonSide(file, PATIENCE), "P", pythonPieces, order));
        CompletableFuture.allOf(java, python).get();
        return order;
    }

    private static void play(TurnFile turns, String name, int pieces, List<String> order) {
        try (turns) {
            for (int i = 0; i < pieces; i++) {
                turns.take();
                order.add(name + i);
                turns.pass();
            }
        }
    }
}
