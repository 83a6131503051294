package dev.bioprompt.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextTableTest {

    private static final List<List<String>> ROWS = List.of(
            List.of("method", "accuracy", "note"),
            List.of("coop", "77.50", ""),
            List.of("zero-shot", "74.2", "baseline"));

    @Test
    void alignsColumnsLeftWithTwoSpacesAndNoTrailingSpaces() {
        assertThat(TextTable.render(ROWS)).isEqualTo(
                "method     accuracy  note\n"
                        + "coop       77.50\n"
                        + "zero-shot  74.2      baseline\n");
    }

    @Test
    void putsARuleAsWideAsEachColumnUnderTheHeader() {
        assertThat(TextTable.render(ROWS, true).lines().toList()).element(1).isEqualTo("---------  --------  --------");
        assertThat(TextTable.render(List.of())).isEmpty();
    }
}
