package dev.bioprompt.cli.commands;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.api.runner.CellResult;
import dev.bioprompt.api.runner.JobSpec;
import dev.bioprompt.api.runner.SweepSpec;
import dev.bioprompt.api.tracking.RunStatus;
import dev.bioprompt.cli.CliContext;
import dev.bioprompt.cli.ExitCodes;
import dev.bioprompt.runners.config.SweepKeys;
import dev.bioprompt.runners.config.TrackingKeys;
import dev.bioprompt.runners.config.TrainKeys;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bioprompt demo}: every loaded method, trained briefly on the toy world with the embedded toy backbone, then
 * compared with zero-shot. Needs no downloads.
 */
@Command(name = "demo",
        header = "Train every loaded method briefly on the toy world and compare it with zero-shot.",
        mixinStandardHelpOptions = true,
        description = {
            "Train every loaded method briefly on the built-in toy world with the embedded toy backbone",
            "(no downloads), print the results table, and check that every trained method beats zero-shot.",
            "Runs are tracked like any other (default: ./mlruns) and results go to runs/<sweep>/."})
public final class DemoCommand implements Callable<Integer> {

    /** The zero-shot baseline every trained method is compared with. */
    static final String BASELINE = "zero-shot";
    /** The demo's experiment unless tracking.experiment is set. */
    static final String DEMO_EXPERIMENT = "bioprompt-demo";
    private static final int DEMO_BATCH_SIZE = 4;
    private static final double DEMO_LEARNING_RATE = 0.002;
    /**
     * The demo rate of methods trained by plain SGD (no momentum, such as CLIP-Adapter): the step that SGD with the
     * reference momentum 0.9 takes at {@link #DEMO_LEARNING_RATE}, {@code 0.002 / (1 - 0.9)}.
     */
    private static final double DEMO_PLAIN_SGD_LEARNING_RATE = 0.02;
    private static final double DEMO_CROP_SCALE_MIN = 0.8;

    private final CliContext context;

    @Option(names = {"-d", "--dataset"}, split = ",", paramLabel = "DS",
            description = "Toy datasets (default TOY_US,TOY_XRAY).")
    List<String> datasets = new ArrayList<>(List.of("TOY_US", "TOY_XRAY"));

    @Option(names = {"-k", "--shots"}, paramLabel = "K", description = "Shots per class (default ${DEFAULT-VALUE}).")
    int shots = 16;

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs per method (default ${DEFAULT-VALUE}).")
    int epochs = 30;

    @Option(names = "--seed", paramLabel = "S", description = "Seed (default ${DEFAULT-VALUE}).")
    int seed = 1;

    @Option(names = {"-m", "--method"}, split = ",", paramLabel = "NAME",
            description = "Methods (default: every loaded method).")
    List<String> methods = new ArrayList<>();

    @Inject
    DemoCommand(CliContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public Integer call() throws Exception {
        List<String> chosen = methods.isEmpty() ? new ArrayList<>(context.plugins().methods().keySet())
                : new ArrayList<>(methods);
        chosen.forEach(context.plugins()::method);
        TrainCommand.checkOption("--shots", SweepKeys.SHOTS, Integer.toString(shots));
        TrainCommand.checkOption("--epochs", TrainKeys.EPOCHS, Integer.toString(epochs));
        chosen.remove(BASELINE);
        chosen.add(0, BASELINE);
        context.plugins().method(BASELINE);
        Map<String, Object> experiment = TrainingSession.experiment(context.settings());
        if (context.settings().origin(TrackingKeys.EXPERIMENT.key()).orElse("").equals("defaults.yaml")) {
            experiment.put("experiment", DEMO_EXPERIMENT);
        }
        boolean rateGiven = experiment.containsKey("train.learning-rate");
        // A short schedule that shows learning on the toy world in seconds; --set overrides each of these.
        experiment.putIfAbsent("train.batch-size", Integer.toString(DEMO_BATCH_SIZE));
        experiment.putIfAbsent("train.learning-rate", Double.toString(DEMO_LEARNING_RATE));
        // Toy lesions are small: the reference crops (down to 8% of the area) often cut them out of a 64-px image.
        experiment.putIfAbsent("train.crop-scale-min", Double.toString(DEMO_CROP_SCALE_MIN));
        // The toy world has 3 or 4 descriptions per class, so BioVLM's bank holds 3 contexts instead of 10.
        experiment.putIfAbsent("method.biovlm.bank-size", "3");
        // The toy ViT (2 blocks, 16 patches, pretrained without prompt tokens) collapses when even one zero prompt
        // token enters it, unlike BiomedCLIP; the demo runs Biomed-DPT's text side alone.
        experiment.putIfAbsent("method.biomed-dpt.visual-prompt-tokens", "0");
        // Prompt tokens that overwrite 4 of the toy ViT's 16 patch tokens at its input cost more than they learn on
        // TOY_XRAY: MaPLe's coupled tokens are inserted instead, and DPT runs its text side alone (its free tokens,
        // inserted or overwriting, 1 or 4 of them, stay at or below zero-shot there).
        experiment.putIfAbsent("method.maple.visual-prompt-mode", "insert");
        experiment.putIfAbsent("method.dpt.visual-prompt-tokens", "0");
        // Tip-Adapter-F encodes a fresh augmented pass of the support set for each of its 200 fine-tuning epochs (the
        // reference); the demo fine-tunes on the cache pass to stay quick.
        experiment.putIfAbsent("method.tip-adapter-f.fresh-features-per-epoch", "false");
        experiment.put("methods", chosen);
        experiment.put("datasets", List.copyOf(datasets));
        experiment.put("protocol", "few-shot");
        experiment.put("shots", shots);
        experiment.put("seeds", List.of(seed));
        experiment.putIfAbsent("train.epochs", Integer.toString(epochs));
        SweepSpec sweep = TrainingSession.expand(context, experiment);
        if (!rateGiven) {
            sweep = withPlainSgdRate(sweep);
        }
        List<CellResult> results = TrainingSession.run(context, sweep);
        return verdict(results);
    }

    /** The cells of methods that train by plain SGD get {@link #DEMO_PLAIN_SGD_LEARNING_RATE}. */
    private SweepSpec withPlainSgdRate(SweepSpec sweep) {
        List<JobSpec> cells = new ArrayList<>();
        for (JobSpec cell : sweep.cells()) {
            PromptMethod method = context.plugins().method(cell.method());
            if (method.trainingDefaults().epochs() > 0 && method.trainingDefaults().momentum() == 0) {
                Map<String, String> settings = new LinkedHashMap<>(cell.settings());
                settings.put("train.learning-rate", Double.toString(DEMO_PLAIN_SGD_LEARNING_RATE));
                cell = new JobSpec(cell.method(), cell.dataset(), cell.protocol(), cell.shots(), cell.seed(),
                        cell.targets(), settings);
            }
            cells.add(cell);
        }
        return new SweepSpec(sweep.sweepId(), sweep.experiment(), cells);
    }

    private int verdict(List<CellResult> results) {
        Map<String, Double> baseline = new LinkedHashMap<>();
        for (CellResult r : results) {
            if (r.cell().method().equals(BASELINE) && r.status() == RunStatus.FINISHED) {
                baseline.put(r.cell().dataset(), r.metrics().get("accuracy"));
            }
        }
        int below = 0;
        context.out().println();
        for (CellResult r : results) {
            PromptMethod method = context.plugins().method(r.cell().method());
            if (method.trainingDefaults().epochs() == 0 && !method.fitsFromFeatures()) {
                continue; // baselines without training (zero-shot and its ensemble) are shown, not judged
            }
            Double zero = baseline.get(r.cell().dataset());
            Double acc = r.metrics().get("accuracy");
            boolean better = r.status() == RunStatus.FINISHED && zero != null && acc != null && acc > zero;
            if (!better) {
                below++;
            }
            context.out().printf(Locale.ROOT, "%-20s %-10s %6s vs zero-shot %6s  %s%n", r.cell().method(),
                    r.cell().dataset(), acc == null ? "-" : String.format(Locale.ROOT, "%.2f", acc),
                    zero == null ? "-" : String.format(Locale.ROOT, "%.2f", zero), better ? "above" : "NOT above");
        }
        if (below == 0) {
            context.out().println("Every trained method is above zero-shot.");
            return ExitCodes.OK;
        }
        context.err().println(below + " run(s) did not beat zero-shot.");
        return ExitCodes.FAILURE;
    }
}
