package dev.bioprompt.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bioprompt.api.method.MethodParameters;
import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.api.task.DatasetInfo;
import dev.bioprompt.cli.plugins.PluginLoader;
import dev.bioprompt.cli.plugins.PluginRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The benchmark's set-up, without a model: method lookup, parameters, class names and the vocabulary. */
class MethodStepBenchmarkTest {

    private static final PluginRegistry PLUGINS = PluginLoader.load(null,
            MethodStepBenchmarkTest.class.getClassLoader());

    @Test
    void findsMethodsIgnoringCaseAndPunctuation() {
        assertThat(MethodStepBenchmark.find(PLUGINS, "BiomedCoOp").name()).isEqualTo("biomedcoop");
        assertThat(MethodStepBenchmark.find(PLUGINS, "Biomed-DPT").name()).isEqualTo("biomed-dpt");
        assertThat(MethodStepBenchmark.find(PLUGINS, "OGKD").name()).isEqualTo("ogkd");
        assertThatThrownBy(() -> MethodStepBenchmark.find(PLUGINS, "nope"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("biovlm");
    }

    @Test
    void parametersAreDefaultsThenDatasetPresetsThenOverrides() {
        PromptMethod ogkd = MethodStepBenchmark.find(PLUGINS, "ogkd");
        MethodParameters btmri = MethodStepBenchmark.parameters(ogkd,
                MethodStepBenchmark.Options.parse(new String[0]));
        assertThat(btmri.getDouble("lambda-lgd")).isEqualTo(0.05);
        assertThat(btmri.getDouble("topk-ratio")).isEqualTo(0.4);
        MethodParameters none = MethodStepBenchmark.parameters(ogkd,
                MethodStepBenchmark.Options.parse(new String[] {"--dataset", "none"}));
        assertThat(none.getDouble("lambda-lgd")).isZero();
        MethodParameters set = MethodStepBenchmark.parameters(ogkd,
                MethodStepBenchmark.Options.parse(new String[] {"--set", "OGKD.lambda-lgd=0.5"}));
        assertThat(set.getDouble("lambda-lgd")).isEqualTo(0.5);
        MethodParameters dpt = MethodStepBenchmark.parameters(MethodStepBenchmark.find(PLUGINS, "biomed-dpt"),
                MethodStepBenchmark.Options.parse(new String[0]));
        assertThat(dpt.getInt("n-ctx")).isEqualTo(5);
        assertThat(dpt.getString("template")).isEqualTo("a MR photo of a {} in the brain.");
    }

    @Test
    void classNamesComeFromTheDatasetThenAreGenerated() {
        assertThat(MethodStepBenchmark.classNames(MethodStepBenchmark.Options.parse(
                new String[] {"--classes", "6"}))).containsExactly("glioma tumor", "meningioma tumor",
                "pituitary tumor", "normal brain", "class 4 lesion", "class 5 lesion");
        assertThat(MethodStepBenchmark.classNames(MethodStepBenchmark.Options.parse(
                new String[] {"--classes", "2", "--dataset", "none"}))).containsExactly("class 0 lesion",
                "class 1 lesion");
    }

    @Test
    void vocabularyHasTheBertBaseSizeAndEveryWord() {
        List<String> names = List.of("glioma tumor", "normal brain");
        Map<String, List<String>> descriptions = MethodStepBenchmark.descriptions(names);
        assertThat(descriptions.get("glioma tumor")).hasSize(MethodStepBenchmark.DESCRIPTIONS);
        DatasetInfo info = new DatasetInfo("X", "m", "o", names, List.of("a MR photo of a {} in the brain."),
                descriptions);
        List<String> vocab = MethodStepBenchmark.vocabulary(names, descriptions, info);
        assertThat(vocab).hasSize(MethodStepBenchmark.VOCAB_SIZE).startsWith("[PAD]", "[UNK]", "[CLS]", "[SEP]",
                "[MASK]").contains("glioma", "mr", "margins", "x", ".", ",").doesNotHaveDuplicates();
    }

    @Test
    void rejectsBadOptions() {
        assertThatThrownBy(() -> MethodStepBenchmark.Options.parse(new String[] {"--batch", "0"}))
                .hasMessageContaining("--batch");
        assertThatThrownBy(() -> MethodStepBenchmark.Options.parse(new String[] {"--set", "lambda=1"}))
                .hasMessageContaining("method.key=value");
        assertThatThrownBy(() -> MethodStepBenchmark.Options.parse(new String[] {"--frobnicate", "1"}))
                .hasMessageContaining("unknown option");
        assertThatThrownBy(() -> MethodStepBenchmark.Options.parse(new String[] {"--clock", "sundial"}))
                .hasMessageContaining("--clock expects wall or cpu");
    }

    @Test
    void cpuClockNeedsOneLibtorchThread() {
        String before = System.getProperty("ai.djl.pytorch.num_threads");
        try {
            System.setProperty("ai.djl.pytorch.num_threads", "2");
            assertThatThrownBy(() -> MethodStepBenchmark.Options.parse(new String[] {"--clock", "cpu"}))
                    .hasMessageContaining("num_threads=1");
            System.setProperty("ai.djl.pytorch.num_threads", "1");
            assertThat(MethodStepBenchmark.Options.parse(new String[] {"--clock", "cpu"}).clock())
                    .isEqualTo(StepClock.CPU);
        } finally {
            if (before == null) {
                System.clearProperty("ai.djl.pytorch.num_threads");
            } else {
                System.setProperty("ai.djl.pytorch.num_threads", before);
            }
        }
        assertThat(MethodStepBenchmark.Options.parse(new String[0]).clock()).isEqualTo(StepClock.WALL);
    }

    @Test
    void cpuClockCountsThisThreadsWorkOnly() throws InterruptedException {
        long start = StepClock.CPU.now();
        Thread.sleep(200);
        long slept = StepClock.CPU.now() - start;
        long busyStart = StepClock.CPU.now();
        double x = 0;
        for (int i = 0; i < 20_000_000; i++) {
            x += Math.sqrt(i);
        }
        long busy = StepClock.CPU.now() - busyStart;
        assertThat(x).isPositive();
        assertThat(slept).as("CPU time while sleeping 200 ms").isLessThan(50_000_000L);
        assertThat(busy).as("CPU time of a busy loop").isGreaterThan(slept);
    }
}
