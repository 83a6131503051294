package dev.bioprompt.cli.commands;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDManager;
import dev.bioprompt.api.method.ClassDescriptions;
import dev.bioprompt.api.method.Classifier;
import dev.bioprompt.api.model.VisionLanguageModel;
import dev.bioprompt.api.task.ImageSet;
import dev.bioprompt.cli.CliContext;
import dev.bioprompt.cli.UsageException;
import dev.bioprompt.cli.stores.PromptSetResolver;
import dev.bioprompt.cli.stores.Stores;
import dev.bioprompt.data.DatasetLoader;
import dev.bioprompt.data.DescriptionsReader;
import dev.bioprompt.data.LoadedDataset;
import dev.bioprompt.data.catalog.DatasetCatalog;
import dev.bioprompt.io.TextTable;
import dev.bioprompt.runners.cell.DataRoots;
import dev.bioprompt.runners.config.DataKeys;
import dev.bioprompt.runners.engine.Evaluator;
import dev.bioprompt.runners.engine.FeatureCache;
import dev.bioprompt.runners.engine.ImageSetImages;
import dev.bioprompt.runners.engine.Metrics;
import dev.bioprompt.runners.engine.SetEvaluation;
import dev.bioprompt.serving.PromptSetClassifier;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bioprompt eval}: scores a prompt set on a dataset split. */
@Command(name = "eval",
        header = "Score a prompt set on a dataset split.",
        mixinStandardHelpOptions = true,
        description = {"Score a prompt set (NAME@ALIAS, NAME@VERSION or a prompt-set folder) on a dataset split:",
            "accuracy, macro F1 and per-class accuracy (in percent)."})
public final class EvalCommand implements Callable<Integer> {

    private final CliContext context;

    @Option(names = "--prompt-set", required = true, paramLabel = "REF",
            description = "NAME@ALIAS, NAME@VERSION or a prompt-set folder.")
    String promptSet;

    @Option(names = "--dataset", required = true, paramLabel = "DS", description = "The dataset (see the catalogue).")
    String dataset;

    @Option(names = "--split", defaultValue = "test", paramLabel = "SPLIT",
            description = "train, val or test (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--data-root", paramLabel = "DIR",
            description = "Where datasets live (default: data.root; empty for the generated toy world).")
    Path dataRoot;

    @Option(names = "--backbone", paramLabel = "DIR",
            description = "The backbone folder (default: backbone.dir; empty for the embedded toy backbone).")
    String backbone;

    @Inject
    EvalCommand(CliContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public Integer call() throws IOException {
        if (!List.of("train", "val", "test").contains(split)) {
            throw new UsageException("--split must be train, val or test, was '" + split + "'");
        }
        PromptSetResolver.checkReference(promptSet);
        if (!DatasetCatalog.contains(dataset)) {
            throw new UsageException("--dataset: unknown dataset '" + dataset + "' (see 'bioprompt datasets')");
        }
        Stores stores = new Stores(context);
        Path root = dataRoot != null ? dataRoot
                : DataRoots.resolve(context.settings().get(DataKeys.DATA_ROOT), stores.cacheDir());
        LoadedDataset data = DatasetLoader.load(root, dataset);
        ImageSet set = switch (split) {
            case "train" -> data.train();
            case "val" -> data.val();
            default -> data.test();
        };
        PromptSetResolver.Resolved resolved = new PromptSetResolver(stores).resolve(promptSet);
        String folder = backbone != null ? backbone : context.settings().get(DataKeys.BACKBONE_DIR);
        SetEvaluation evaluation;
        try (VisionLanguageModel model = stores.backbone(folder);
             PromptSetClassifier classifier = PromptSetClassifier.open(resolved.promptSet(), model,
                     context.plugins().methods(), descriptions(root));
             NDManager manager = NDManager.newBaseManager(model.device());
             FeatureCache cache = new FeatureCache(manager, 0)) {
            Evaluator evaluator = new Evaluator(manager, 100, cache);
            ImageSetImages images = ImageSetImages.evaluation(set, model.preprocessor());
            if (classifier.classNames().equals(set.classNames())) {
                evaluation = evaluator.evaluate(classifier.classifier(), "eval", images);
            } else {
                // the prompt set was trained on other classes (e.g. base classes): score the split's classes
                context.err().println("note: the prompt set was trained on " + classifier.classNames()
                        + "; scoring the split's classes " + set.classNames());
                try (Classifier other = classifier.classifierFor(set.classNames())) {
                    evaluation = evaluator.evaluate(other, "eval", images);
                }
            }
        }
        print(context.out(), resolved.origin(), evaluation.metrics(), set.size());
        return 0;
    }

    /** {@code descriptions.file}, else {@code <root>/<DS>/descriptions.json} when present, else none. */
    private ClassDescriptions descriptions(Path root) throws IOException {
        String configured = context.settings().get(DataKeys.DESCRIPTIONS_FILE);
        String name = DatasetCatalog.contains(dataset)
                ? DatasetCatalog.get(dataset).name() : dataset;
        Path file = configured.isBlank() ? root.resolve(name).resolve("descriptions.json") : Path.of(configured);
        return Files.isRegularFile(file) ? DescriptionsReader.read(file, List.of())
                : ClassDescriptions.none();
    }

    private void print(PrintWriter out, String origin, Metrics metrics, int images) {
        out.printf("Prompt set: %s%nDataset:    %s/%s (%d images)%n", origin, dataset, split, images);
        out.printf(Locale.ROOT, "Accuracy:   %.2f%nMacro F1:   %.2f%n%n", metrics.accuracy(), metrics.macroF1());
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("CLASS", "ACCURACY"));
        metrics.perClassAccuracy().forEach((c, a) -> rows.add(List.of(c, String.format(Locale.ROOT, "%.2f", a))));
        out.print(TextTable.render(rows));
        out.flush();
    }
}
