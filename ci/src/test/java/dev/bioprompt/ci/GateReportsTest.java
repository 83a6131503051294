package dev.bioprompt.ci;

import static dev.bioprompt.ci.TestRuns.sweep;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class GateReportsTest {

    private static final GatePolicy POLICY = new GatePolicy("production", "hm", 0.5, 1.0,
            Map.of("protocol", "base-to-novel"), List.of("1", "2", "3"), OptionalDouble.of(3.0), SpreadMeasure.RANGE);

    /** Two failures: busi regresses beyond tolerance, and seed 3 is missing on busi. */
    private static GateResult failing() {
        var runs = new ArrayList<>(sweep("cand", "s", "coop", Map.of("btmri", 76.0), 1, 2, 3));
        runs.addAll(sweep("cand", "s", "coop", Map.of("busi", 60.0), 1, 2));
        return PromotionGate.evaluate(POLICY, "sweep <a&b> | \"x\"", runs, Optional.of(new Champion("btmri",
                "production", 2, "r", sweep("champ", "c", "coop", Map.of("btmri", 70.0, "busi", 63.0), 1, 2, 3))));
    }

    @Test
    void junitXmlParsesAndCountsFailures() throws Exception {
        GateResult result = failing();
        String xml = JUnitGateReport.render(result);

        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        Element suite = (Element) doc.getElementsByTagName("testsuite").item(0);
        NodeList cases = doc.getElementsByTagName("testcase");
        NodeList failures = doc.getElementsByTagName("failure");

        assertThat(result.failures()).hasSize(2);
        assertThat(suite.getAttribute("tests")).isEqualTo(Integer.toString(result.checks().size()));
        assertThat(suite.getAttribute("failures")).isEqualTo("2");
        assertThat(cases.getLength()).isEqualTo(result.checks().size());
        assertThat(failures.getLength()).isEqualTo(2);
        assertThat(((Element) failures.item(0).getParentNode()).getAttribute("name"))
                .isEqualTo(result.failures().get(0).name());
        assertThat(xml).contains("sweep &lt;a&amp;b&gt;");
    }

    @Test
    void junitXmlOfAPassingGateHasNoFailure() throws Exception {
        GateResult result = PromotionGate.evaluate(POLICY, "s", sweep("c", "s", "coop", Map.of("btmri", 60.0), 1, 2, 3),
                Optional.empty());
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(JUnitGateReport.render(result).getBytes(StandardCharsets.UTF_8)));

        assertThat(result.passed()).isTrue();
        assertThat(doc.getElementsByTagName("failure").getLength()).isZero();
        assertThat(doc.getElementsByTagName("testcase").getLength()).isEqualTo(result.checks().size());
    }

    @Test
    void markdownHasTheComparisonAndCheckTables() {
        GateResult result = failing();
        String md = MarkdownGateReport.render(result);

        assertThat(md).startsWith("## Promotion gate: **not passed**");
        assertThat(md).contains("| Dataset | Candidate hm | Seeds | Champion hm | Seeds | Delta |");
        assertThat(md).contains("| btmri | 76.000 | 1, 2, 3 | 70.000 | 1, 2, 3 | +6.000 |");
        assertThat(md).contains("| Check | Expected | Actual | Result |");
        assertThat(md).contains("| no regression on busi | >= 62.000 (champion 63.000 - 1.000) | 59.500 (-3.500) | **FAIL** |");
        assertThat(md).contains("- candidate: `sweep <a&b> | \"x\"`");
        assertThat(md).contains("| seeds on busi | 1, 2, 3 | 1, 2 | **FAIL**: missing seed(s) 3 |");
        long checkRows = md.lines().filter(l -> l.startsWith("| ") && (l.contains("| pass") || l.contains("**FAIL**")))
                .count();
        assertThat(checkRows).isEqualTo(result.checks().size());
    }

    @Test
    void reportFilesAreWrittenWhole(@TempDir Path dir) throws Exception {
        GateResult result = failing();
        Path junit = dir.resolve("reports/gate-junit.xml");
        Path md = dir.resolve("reports/gate.md");

        GateReportFiles.writeJUnit(result, junit);
        GateReportFiles.writeMarkdown(result, md);
        GateReportFiles.writeText(result, dir.resolve("reports/gate.txt"));

        assertThat(junit).hasContent(JUnitGateReport.render(result));
        assertThat(md).hasContent(MarkdownGateReport.render(result));
        try (var files = Files.list(dir.resolve("reports"))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("gate-junit.xml", "gate.md", "gate.txt");
        }
    }

    @Test
    void textReportShowsVerdictAndAlignedTables() {
        String text = TextGateReport.render(failing());

        assertThat(text).startsWith("Promotion gate: NOT PASSED (exit code 3)");
        assertThat(text).contains("champion:  btmri@production = v2 (run r)");
        assertThat(text).containsPattern("no regression on busi\\s+>= 62\\.000.*59\\.500 \\(-3\\.500\\)\\s+FAIL");
        assertThat(text).containsPattern("btmri\\s+76\\.000\\s+1,2,3\\s+70\\.000\\s+1,2,3\\s+\\+6\\.000");
    }
}
