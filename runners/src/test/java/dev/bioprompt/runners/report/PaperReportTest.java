package dev.bioprompt.runners.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PaperReportTest {

    @TempDir
    Path dir;

    private static PaperReport.Run run(String method, String dataset, String protocol, int k, long seed,
                                       Map<String, Double> metrics) {
        return new PaperReport.Run(method, dataset, protocol, k, seed, metrics);
    }

    @Test
    void averagesSeedsPerDatasetThenDatasetsAndAddsThePublishedNumber() throws IOException {
        List<PaperReport.Run> runs = List.of(
                run("biomedcoop", "BTMRI", "few-shot", 1, 1, Map.of("accuracy", 50.0)),
                run("biomedcoop", "BTMRI", "few-shot", 1, 2, Map.of("accuracy", 60.0)),
                run("biomedcoop", "BTMRI", "few-shot", 1, 3, Map.of("accuracy", 70.0)),
                run("biomedcoop", "BUSI", "few-shot", 1, 1, Map.of("accuracy", 40.0)),
                run("biomedcoop", "BTMRI", "base-to-novel", 16, 1,
                        Map.of("base_accuracy", 80.0, "novel_accuracy", 60.0, "hm", 68.57)),
                run("biomedcoop", "KneeXray", "base-to-novel", 16, 1,
                        Map.of("base_accuracy", 70.0, "novel_accuracy", 50.0, "hm", 58.33)),
                run("coop", "BTMRI", "cross-dataset", 16, 1,
                        Map.of("test_accuracy", 90.0, "target_RETINA_accuracy", 30.0)),
                run("ogkd", "BTMRI", "few-shot", 16, 1, Map.of("accuracy", 75.0)));
        PaperReport report = PaperReport.of(runs, PublishedResults.builtIn());

        PaperReport.Row fewShot = report.rows().get(0);
        assertThat(fewShot.method()).isEqualTo("biomedcoop");
        assertThat(fewShot.value()).isCloseTo(50.0, within(1e-9)); // (60 + 40) / 2, not the mean of 4 runs (55)
        assertThat(fewShot.datasets()).containsExactly("BTMRI", "BUSI");
        assertThat(fewShot.runs()).isEqualTo(4);
        assertThat(fewShot.published()).contains(57.03);
        assertThat(fewShot.difference().orElseThrow()).isCloseTo(-7.03, within(1e-9));
        assertThat(fewShot.source()).contains("BiomedCoOp README");

        PaperReport.Row ogkd = report.rows().stream().filter(r -> r.method().equals("ogkd")).findFirst().orElseThrow();
        assertThat(ogkd.published()).isEmpty();

        List<PaperReport.Row> b2n = report.rows().stream().filter(r -> r.protocol().equals("base-to-novel")).toList();
        assertThat(b2n).extracting(PaperReport.Row::metric).containsExactly("base_accuracy", "novel_accuracy", "hm");
        assertThat(b2n.get(2).value()).isCloseTo((68.57 + 58.33) / 2, within(1e-9));
        assertThat(b2n.get(2).published()).contains(75.07);

        List<PaperReport.Row> cross = report.rows().stream().filter(r -> r.protocol().equals("cross-dataset"))
                .toList();
        assertThat(cross).extracting(PaperReport.Row::metric).containsExactly("target_RETINA_accuracy");

        String md = report.toMarkdown();
        assertThat(md).contains("## Few-shot accuracy (%)").contains("| biomedcoop | 1 | accuracy | 2 | 4 | 50.00 | 57.03 | -7.03 | [1] |")
                .contains("## Base-to-novel (%)").contains("## Cross-dataset accuracy per target (%)")
                .contains("[1] BiomedCoOp README");
        report.write(dir);
        JsonNode json = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
        assertThat(json.get("rows").get(0).get("published").asDouble()).isEqualTo(57.03);
        assertThat(Files.readAllLines(dir.resolve("report.csv")).get(1))
                .startsWith("few-shot,biomedcoop,1,accuracy,BTMRI;BUSI,4,50.0000,57.0300,-7.0300,");
    }

    @Test
    void readsOnlyFinishedRunsOfASweepsResults() throws IOException {
        Path results = Files.writeString(dir.resolve("results.json"), """
                {"runs": [
                  {"method": "coop", "dataset": "BTMRI", "protocol": "few-shot", "shots": 2, "seed": 1,
                   "status": "FINISHED", "metrics": {"accuracy": 61.5, "macro_f1": 50.0}},
                  {"method": "coop", "dataset": "BTMRI", "protocol": "few-shot", "shots": 2, "seed": 2,
                   "status": "FAILED", "metrics": {}}
                ], "mean_over_seeds": []}
                """);
        List<PaperReport.Run> runs = PaperReport.readRuns(results);
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0).metrics()).containsEntry("accuracy", 61.5);
    }

    @Test
    void everyPublishedNumberHasASourceAndEveryPrimaryKeyIsUnique() {
        PublishedResults published = PublishedResults.builtIn();
        assertThat(published.entries()).allSatisfy(e -> assertThat(e.source()).isNotBlank());
        assertThat(published.entries().stream().filter(PublishedResults.Entry::primary)
                .map(e -> e.protocol() + e.method() + e.shots() + e.metric()).distinct().count())
                .isEqualTo(published.entries().stream().filter(PublishedResults.Entry::primary).count());
        assertThat(published.find("few-shot", "biomed-dpt", 16, "accuracy").orElseThrow().value()).isEqualTo(73.51);
        assertThat(published.find("base-to-novel", "zero-shot", 16, "hm").orElseThrow().value()).isEqualTo(53.81);
    }
}
