package dev.bioprompt.ci;

import static dev.bioprompt.ci.TestRuns.run;
import static dev.bioprompt.ci.TestRuns.sweep;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bioprompt.api.tracking.RunRecord;
import dev.bioprompt.api.tracking.RunStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class PromotionGateTest {

    private static final GatePolicy POLICY = new GatePolicy("production", "hm", 0.5, 1.0,
            Map.of("protocol", "base-to-novel", "shots", "16"), List.of("1", "2", "3"), OptionalDouble.of(3.0),
            SpreadMeasure.RANGE);

    private static Optional<Champion> champion(Map<String, Double> hm) {
        return Optional.of(new Champion("btmri", "production", 3, "champ-btmri-1",
                sweep("champ", "champ-parent", "coop", hm, 1, 2, 3)));
    }

    private static List<String> failedChecks(GateResult result) {
        return result.failures().stream().map(CheckResult::name).toList();
    }

    @Test
    void betterCandidatePasses() {
        GateResult result = PromotionGate.evaluate(POLICY, "sweep-1",
                sweep("cand", "sweep-1", "biomedcoop", Map.of("btmri", 71.0, "busi", 65.0), 1, 2, 3),
                champion(Map.of("btmri", 70.0, "busi", 64.5)));

        assertThat(result.passed()).as(TextGateReport.render(result)).isTrue();
        assertThat(result.exitCode()).isZero();
        CheckResult improvement = result.checks().stream().filter(c -> c.name().startsWith("improvement"))
                .findFirst().orElseThrow();
        assertThat(improvement.name()).isEqualTo("improvement of mean hm over production v3");
        assertThat(improvement.actual()).startsWith("+0.750");
        assertThat(result.comparisons()).extracting(DatasetComparison::dataset).containsExactly("btmri", "busi");
        assertThat(result.comparisons().get(0).delta()).hasValue(1.0);
        assertThat(result.champion()).isEqualTo("btmri@production = v3 (run champ-btmri-1)");
    }

    @Test
    void tooSmallImprovementFails() {
        GateResult result = PromotionGate.evaluate(POLICY, "sweep-1",
                sweep("cand", "sweep-1", "biomedcoop", Map.of("btmri", 70.3), 1, 2, 3),
                champion(Map.of("btmri", 70.0)));

        assertThat(result.passed()).isFalse();
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(failedChecks(result)).containsExactly("improvement of mean hm over production v3");
    }

    @Test
    void regressionBeyondToleranceOnOneDatasetFails() {
        GateResult result = PromotionGate.evaluate(POLICY, "sweep-1",
                sweep("cand", "sweep-1", "biomedcoop", Map.of("btmri", 75.0, "busi", 62.0), 1, 2, 3),
                champion(Map.of("btmri", 70.0, "busi", 63.5)));

        assertThat(failedChecks(result)).containsExactly("no regression on busi");
        CheckResult regression = result.failures().get(0);
        assertThat(regression.expected()).startsWith(">= 62.500");
        assertThat(regression.actual()).isEqualTo("62.000 (-1.500)");
    }

    @Test
    void regressionWithinToleranceIsAccepted() {
        GateResult result = PromotionGate.evaluate(POLICY, "sweep-1",
                sweep("cand", "sweep-1", "biomedcoop", Map.of("btmri", 75.0, "busi", 63.0), 1, 2, 3),
                champion(Map.of("btmri", 70.0, "busi", 63.5)));

        assertThat(result.passed()).as(TextGateReport.render(result)).isTrue();
    }

    @Test
    void missingSeedsFail() {
        GateResult result = PromotionGate.evaluate(POLICY, "sweep-1",
                sweep("cand", "sweep-1", "biomedcoop", Map.of("btmri", 75.0), 1, 2),
                champion(Map.of("btmri", 70.0)));

        assertThat(failedChecks(result)).containsExactly("seeds on btmri");
        assertThat(result.failures().get(0).actual()).isEqualTo("1, 2");
        assertThat(result.failures().get(0).note()).isEqualTo("missing seed(s) 3");
    }

    @Test
    void runWithoutTheMetricDoesNotCountAsASeed() {
        List<RunRecord> runs = new ArrayList<>(sweep("cand", "sweep-1", "biomedcoop", Map.of("btmri", 75.0), 1, 2));
        runs.add(run("cand-btmri-3", "sweep-1", "biomedcoop", "btmri", 3, "16", RunStatus.FINISHED,
                Map.of("base_accuracy", 80.0)));

        GateResult result = PromotionGate.evaluate(POLICY, "sweep-1", runs, champion(Map.of("btmri", 70.0)));

        assertThat(failedChecks(result)).containsExactly("seeds on btmri");
        assertThat(result.notes()).anyMatch(n -> n.contains("cand-btmri-3 has no metric hm"));
    }

    @Test
    void everyRunIsCountedOrLeftOutWithItsReasonInEveryReport() {
        List<RunRecord> runs = new ArrayList<>(sweep("cand", "sweep-1", "biomedcoop", Map.of("btmri", 75.0), 1, 2));
        runs.add(run("cand-btmri-3", "sweep-1", "biomedcoop", "btmri", 3, "16", RunStatus.FINISHED,
                Map.of("base_accuracy", 80.0)));
        runs.add(run("four-shot", "sweep-1", "biomedcoop", "btmri", 1, "4", RunStatus.FINISHED, Map.of("hm", 99.0)));
        runs.add(run("crashed", "sweep-1", "biomedcoop", "btmri", 2, "16", RunStatus.FAILED, Map.of()));
        CandidateRuns resolved = new CandidateRuns("sweep-1", "sweep sweep-1 (parent run p), 5 run(s)", runs,
                List.of(RunDecision.leftOut(RunDecision.CANDIDATE, "p", "the sweep's parent run")));

        GateResult result = PromotionGate.evaluate(POLICY, resolved, champion(Map.of("btmri", 70.0)));

        Map<String, RunDecision> byRun = new HashMap<>();
        result.runs().stream().filter(r -> r.role().equals(RunDecision.CANDIDATE))
                .forEach(r -> byRun.put(r.runId(), r));
        assertThat(byRun.get("cand-btmri-1").counted()).isTrue();
        assertThat(byRun.get("cand-btmri-1").reason()).startsWith("hm=");
        assertThat(byRun.get("p").reason()).contains("parent run");
        assertThat(byRun.get("four-shot").reason()).isEqualTo("settings differ: shots=4 (policy: 16)");
        assertThat(byRun.get("crashed").reason()).contains("FAILED", "superseded by finished rerun cand-btmri-2");
        assertThat(byRun.get("cand-btmri-3").reason()).isEqualTo("no metric hm");
        assertThat(result.runs()).anyMatch(r -> r.role().equals(RunDecision.CHAMPION) && r.counted());
        assertThat(result.candidate()).contains("sweep sweep-1");
        assertThat(result.leftOut()).hasSize(4);
        for (String report : List.of(TextGateReport.render(result), MarkdownGateReport.render(result),
                JUnitGateReport.render(result))) {
            assertThat(report).contains("four-shot", "settings differ: shots=4 (policy: 16)", "no metric hm",
                    "the sweep's parent run");
        }
    }

    @Test
    void tooLargeSpreadFails() {
        List<RunRecord> runs = List.of(run("a", "p", "coop", "btmri", 1, 70.0), run("b", "p", "coop", "btmri", 2, 74.5),
                run("c", "p", "coop", "btmri", 3, 72.0));

        GateResult result = PromotionGate.evaluate(POLICY, "p", runs, champion(Map.of("btmri", 70.0)));

        assertThat(failedChecks(result)).containsExactly("range of hm over seeds on btmri");
        assertThat(result.failures().get(0).actual()).isEqualTo("4.500");
        GatePolicy lenientStd = new GatePolicy("production", "hm", 0.5, 1.0, POLICY.requiredSettings(),
                POLICY.requiredSeeds(), OptionalDouble.of(2.0), SpreadMeasure.STD);
        assertThat(PromotionGate.evaluate(lenientStd, "p", runs, champion(Map.of("btmri", 70.0))).passed()).isTrue();
    }

    @Test
    void missingChampionPassesImprovementButStillEnforcesSeedsAndSpread() {
        GateResult first = PromotionGate.evaluate(POLICY, "sweep-1",
                sweep("cand", "sweep-1", "biomedcoop", Map.of("btmri", 60.0), 1, 2, 3), Optional.empty());
        GateResult incomplete = PromotionGate.evaluate(POLICY, "sweep-2",
                sweep("cand", "sweep-2", "biomedcoop", Map.of("btmri", 60.0), 1, 3), Optional.empty());

        assertThat(first.passed()).as(TextGateReport.render(first)).isTrue();
        CheckResult improvement = first.checks().stream().filter(c -> c.name().startsWith("improvement"))
                .findFirst().orElseThrow();
        assertThat(improvement.passed()).isTrue();
        assertThat(improvement.note()).contains("first promotion");
        assertThat(first.champion()).contains("not set yet (first promotion)");
        assertThat(incomplete.passed()).isFalse();
        assertThat(failedChecks(incomplete)).containsExactly("seeds on btmri");
    }

    @Test
    void runsWithOtherSettingsAreIgnoredAndNoMatchingRunFails() {
        List<RunRecord> runs = new ArrayList<>(sweep("cand", "s", "coop", Map.of("btmri", 75.0), 1, 2, 3));
        runs.add(run("four-shot", "s", "coop", "btmri", 1, "4", RunStatus.FINISHED, Map.of("hm", 10.0)));

        GateResult withExtra = PromotionGate.evaluate(POLICY, "s", runs, champion(Map.of("btmri", 70.0)));
        GateResult none = PromotionGate.evaluate(POLICY, "s",
                List.of(run("x", "s", "coop", "btmri", 1, "8", RunStatus.FINISHED, Map.of("hm", 90.0))),
                champion(Map.of("btmri", 70.0)));

        assertThat(withExtra.passed()).as(TextGateReport.render(withExtra)).isTrue();
        assertThat(withExtra.notes()).anyMatch(n -> n.startsWith("1 candidate run(s) ignored"));
        assertThat(none.passed()).isFalse();
        assertThat(failedChecks(none)).contains("candidate runs with required settings");
    }

    @Test
    void unfinishedRunsFail() {
        List<RunRecord> runs = new ArrayList<>(sweep("cand", "s", "coop", Map.of("btmri", 75.0), 1, 2, 3));
        runs.add(run("crashed", "s", "coop", "btmri", 4, "16", RunStatus.FAILED, Map.of()));

        GateResult result = PromotionGate.evaluate(POLICY, "s", runs, champion(Map.of("btmri", 70.0)));

        assertThat(failedChecks(result)).containsExactly("candidate runs finished");
        assertThat(result.failures().get(0).actual()).isEqualTo("crashed FAILED");
    }

    @Test
    void failedRunWithAFinishedRerunIsSuperseded() {
        List<RunRecord> runs = new ArrayList<>();
        runs.add(run("crashed", "s", "coop", "btmri", 2, "16", RunStatus.FAILED, Map.of()));
        runs.addAll(sweep("cand", "s", "coop", Map.of("btmri", 75.0), 1, 2, 3));

        GateResult result = PromotionGate.evaluate(POLICY, "s", runs, champion(Map.of("btmri", 70.0)));

        assertThat(result.passed()).as(TextGateReport.render(result)).isTrue();
        assertThat(result.notes()).anyMatch(n -> n.contains("crashed (FAILED) was superseded"));
    }

    @Test
    void runsOfSeveralMethodsForOneSeedAreAmbiguous() {
        List<RunRecord> runs = new ArrayList<>(sweep("coop", "s", "coop", Map.of("btmri", 75.0), 1, 2, 3));
        runs.addAll(sweep("dpt", "s", "biomed-dpt", Map.of("btmri", 77.0), 1, 2, 3));
        GatePolicy pinned = new GatePolicy("production", "hm", 0.5, 1.0,
                Map.of("protocol", "base-to-novel", "shots", "16", "method", "biomed-dpt"), POLICY.requiredSeeds(),
                POLICY.maxSpread(), POLICY.spread());

        GateResult mixed = PromotionGate.evaluate(POLICY, "s", runs, champion(Map.of("btmri", 70.0)));
        GateResult one = PromotionGate.evaluate(pinned, "s", runs, champion(Map.of("btmri", 70.0)));

        assertThat(failedChecks(mixed)).containsExactly("one candidate run per dataset and seed");
        assertThat(mixed.failures().get(0).actual()).contains("btmri seed 1: coop-btmri-1 dpt-btmri-1");
        assertThat(mixed.failures().get(0).note()).contains("required-settings");
        assertThat(one.passed()).as(TextGateReport.render(one)).isTrue();
        assertThat(one.comparisons().get(0).candidateMean()).hasValue(77.0);
    }

    @Test
    void datasetTheChampionCoveredMustNotDisappear() {
        GateResult result = PromotionGate.evaluate(POLICY, "s",
                sweep("cand", "s", "coop", Map.of("btmri", 75.0), 1, 2, 3),
                champion(Map.of("btmri", 70.0, "busi", 60.0)));

        assertThat(failedChecks(result)).containsExactly("coverage of busi");
    }

    @Test
    void fewShotAccuracyMeanOverSeeds() {
        GatePolicy fewShot = new GatePolicy("production", "accuracy", 0.0, 0.5, Map.of("shots", "4"),
                List.of("1", "2", "3"), OptionalDouble.empty(), SpreadMeasure.RANGE);
        List<RunRecord> cand = List.of(
                run("a", "p", "coop", "btmri", 1, "4", RunStatus.FINISHED, Map.of("accuracy", 0.80)),
                run("b", "p", "coop", "btmri", 2, "4", RunStatus.FINISHED, Map.of("accuracy", 0.84)),
                run("c", "p", "coop", "btmri", 3, "4", RunStatus.FINISHED, Map.of("accuracy", 0.82)));
        Optional<Champion> champ = Optional.of(new Champion("btmri", "production", 1, "z", List.of(
                run("z", "q", "coop", "btmri", 1, "4", RunStatus.FINISHED, Map.of("accuracy", 0.81)))));

        GateResult result = PromotionGate.evaluate(fewShot, "p", cand, champ);

        assertThat(result.passed()).as(TextGateReport.render(result)).isTrue();
        assertThat(result.comparisons().get(0).candidateMean().getAsDouble()).isCloseTo(0.82,
                Offset.offset(1e-12));
    }
}
