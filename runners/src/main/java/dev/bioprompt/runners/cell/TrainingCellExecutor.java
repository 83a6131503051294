package dev.bioprompt.runners.cell;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDManager;
import dev.bioprompt.api.method.ClassDescriptions;
import dev.bioprompt.api.method.MethodParameters;
import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.api.method.TrainingDefaults;
import dev.bioprompt.api.model.VisionLanguageModel;
import dev.bioprompt.api.promptset.PromptSet;
import dev.bioprompt.api.promptset.PromptSetDigest;
import dev.bioprompt.api.runner.CellResult;
import dev.bioprompt.api.runner.JobSpec;
import dev.bioprompt.api.task.DatasetInfo;
import dev.bioprompt.api.task.FewShotTask;
import dev.bioprompt.api.task.Protocol;
import dev.bioprompt.api.tracking.RunStatus;
import dev.bioprompt.api.tracking.TrackedRun;
import dev.bioprompt.backbone.FrozenPrecision;
import dev.bioprompt.data.DescriptionsReader;
import dev.bioprompt.data.TaskBuilder;
import dev.bioprompt.data.augment.Augmentations;
import dev.bioprompt.data.augment.HorizontalFlip;
import dev.bioprompt.data.augment.ImageTransform;
import dev.bioprompt.data.augment.RandomResizedCrop;
import dev.bioprompt.data.augment.ViewTransform;
import dev.bioprompt.data.catalog.DatasetCatalog;
import dev.bioprompt.data.catalog.DatasetEntry;
import dev.bioprompt.io.FileTrees;
import dev.bioprompt.runners.config.DataKeys;
import dev.bioprompt.runners.config.EngineKeys;
import dev.bioprompt.runners.config.TrainKeys;
import dev.bioprompt.runners.engine.DeviceMemory;
import dev.bioprompt.runners.engine.EvaluationBudget;
import dev.bioprompt.runners.engine.MethodRun;
import dev.bioprompt.runners.engine.RunResult;
import dev.bioprompt.runners.engine.SetEvaluation;
import dev.bioprompt.runners.engine.TrainingOptions;
import dev.bioprompt.runners.engine.TrainingSettings;
import dev.bioprompt.runners.sweep.CellContext;
import dev.bioprompt.runners.sweep.CellExecutor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Runs one sweep cell as data flows through the platform: backbone (cached per process), few-shot task from the data
 * module, the method from the plugin map, training and evaluation by the engine, and the run's parameters, metrics and
 * artifacts (prompt set, resolved configuration, confusion matrices, learning curve, per-class table) to the tracker.
 */
public final class TrainingCellExecutor implements CellExecutor {

    /** The smallest RandomResizedCrop area of the reference training transform. */
    public static final double REFERENCE_CROP_SCALE_MIN = TrainingDefaults.REFERENCE_CROP_SCALE_MIN;

    private final Map<String, PromptMethod> methods;
    private final BackboneProvider backbones;
    private final Path cacheDir;
    private final boolean progress;
    private final Consumer<String> log;
    private final Map<String, PluginOrigin> plugins;

    /**
     * @param methods every loaded method by name
     * @param backbones the process-wide backbone cache
     * @param cacheDir where the toy world is generated when no dataset root is configured
     * @param progress whether to show per-epoch progress
     * @param log receives one line per notable event
     */
    public TrainingCellExecutor(Map<String, PromptMethod> methods, BackboneProvider backbones, Path cacheDir,
                                boolean progress, Consumer<String> log) {
        this(methods, backbones, cacheDir, progress, log, Map.of());
    }

    private TrainingCellExecutor(Map<String, PromptMethod> methods, BackboneProvider backbones, Path cacheDir,
                                 boolean progress, Consumer<String> log, Map<String, PluginOrigin> plugins) {
        this.methods = Map.copyOf(requireNonNull(methods, "methods is null"));
        this.backbones = requireNonNull(backbones, "backbones is null");
        this.cacheDir = requireNonNull(cacheDir, "cacheDir is null");
        this.progress = progress;
        this.log = requireNonNull(log, "log is null");
        this.plugins = Map.copyOf(requireNonNull(plugins, "plugins is null"));
    }

    /**
     * A copy that records, in every prompt set's manifest, the plugin (id and version) that provided the method.
     *
     * @param byMethod the providing plugin of each method name
     */
    public TrainingCellExecutor withPlugins(Map<String, PluginOrigin> byMethod) {
        return new TrainingCellExecutor(methods, backbones, cacheDir, progress, log, byMethod);
    }

    @Override
    public CellResult execute(JobSpec cell, CellContext ctx) throws Exception {
        CellSettings settings = new CellSettings(cell.settings());
        PromptMethod method = methods.get(cell.method());
        if (method == null) {
            throw new IllegalArgumentException("unknown method '" + cell.method() + "'; available: "
                    + String.join(", ", new TreeSet<>(methods.keySet())));
        }
        Path root = DataRoots.resolve(settings.text(DataKeys.DATA_ROOT), cacheDir);
        VisionLanguageModel model = backbones.get(settings.text(DataKeys.BACKBONE_DIR), ctx.device(),
                FrozenPrecision.parse(settings.text(EngineKeys.BACKBONE_PRECISION)));
        DatasetEntry entry = DatasetCatalog.get(cell.dataset());
        MethodParameters parameters = parameters(method, cell, settings);
        FewShotTask task = task(new TaskBuilder(root), cell, method.supportSeed(parameters, cell.seed()));
        ClassDescriptions descriptions = descriptions(settings, root, cell, task.classNames(), method);
        DatasetInfo dataset = withDescriptions(entry.info(), descriptions);
        TrackedRun run = FinalMetricsOnce.of(ctx.run(), ctx.checkpointDir());
        run.setTags(Map.of("method", method.name(), "dataset", cell.dataset(), "protocol", cell.protocol().key()));
        run.logParams(runParams(cell, parameters, model));

        int size = model.dimensions().imageSize();
        Map<String, ViewTransform> views = viewTransforms(method, parameters);
        TrainingOptions options = TrainingOptions.none().withRun(run).withProgress(progress);
        if (settings.flag(TrainKeys.CHECKPOINTS)) {
            options = options.withCheckpoints(ctx.checkpointDir());
        }
        TrainingDefaults defaults = method.trainingDefaults(parameters, cell.protocol());
        double cropScaleMin = settings.optionalReal(TrainKeys.CROP_SCALE_MIN).orElse(defaults.cropScaleMin());
        ImageTransform train = new RandomResizedCrop(size, cropScaleMin, 1.0, 3.0 / 4, 4.0 / 3);
        if (settings.find(TrainKeys.HORIZONTAL_FLIP).map(Boolean.class::cast).orElse(defaults.horizontalFlip())) {
            train = train.then(new HorizontalFlip(0.5));
        }
        MethodRun methodRun = MethodRun.forTask(method, model, task, dataset, descriptions, parameters, train, views,
                options);
        methodRun = methodRun.withSettings(trainingSettings(methodRun.settings(), settings))
                .withEvaluationBudget(EvaluationBudget.choose(settings.text(EngineKeys.EVAL_BATCH_SIZE),
                        settings.text(EngineKeys.EVAL_FEATURE_CACHE_SIZE), model.device(),
                        DeviceMemory.freeBytes(model.device()), model.dimensions()));
        RunResult result;
        try (NDManager manager = NDManager.newBaseManager(model.device())) {
            result = methodRun.execute(manager, Clock.systemUTC());
        }
        PluginOrigin plugin = plugins.get(method.name());
        if (plugin != null) {
            PromptSet named = new PromptSet(result.promptSet().manifest().withPlugin(plugin.id(), plugin.version()),
                    result.promptSet().tensors());
            result = new RunResult(result.training(), result.evaluation(), named);
        }
        run.logMetrics(perClassMetrics(result), 0);
        FinalMetricsOnce.markLogged(ctx.checkpointDir(), run.runId());
        Path artifacts = Files.createTempDirectory("bioprompt-artifacts-");
        try {
            RunArtifacts.write(artifacts, cell, result);
            run.logArtifact(artifacts, "");
            run.setTags(Map.of(PromptSetDigest.RUN_TAG, result.promptSet().digest()));
        } finally {
            FileTrees.delete(artifacts);
        }
        log.accept(cell.cellId() + ": " + RunArtifacts.summary(result.evaluation().metrics()));
        return new CellResult(cell, RunStatus.FINISHED, run.runId(), result.evaluation().metrics(), "");
    }

    /**
     * The platform's views, for the ones the method asks for with these parameters: {@code strong} and {@code weak}
     * are BioVLM's views on the image before normalisation, {@code strong-normalised} its strong view on the
     * normalised pixels (the released code's order).
     *
     * @throws IllegalArgumentException naming a view the platform does not provide
     */
    static Map<String, ViewTransform> viewTransforms(PromptMethod method, MethodParameters parameters) {
        Map<String, ViewTransform> views = new LinkedHashMap<>();
        for (String view : new TreeSet<>(method.requiredViews(parameters))) {
            views.put(view, switch (view) {
                case "strong" -> ViewTransform.image(Augmentations.strongView());
                case "weak" -> ViewTransform.image(Augmentations.weakView());
                case "strong-normalised" -> ViewTransform.pixels(Augmentations.strongViewNormalised());
                default -> throw new IllegalArgumentException("method " + method.name() + " asks for view '" + view
                        + "', which the platform does not provide (strong, weak, strong-normalised)");
            });
        }
        return views;
    }

    /** Final per-class accuracies as metrics: {@code per_class_accuracy/<set>/<class>}. */
    static Map<String, Double> perClassMetrics(RunResult result) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (SetEvaluation set : result.evaluation().sets()) {
            set.metrics().perClassAccuracy().forEach((className, accuracy) -> out.put(
                    ("per_class_accuracy/" + set.name() + "/" + className).replaceAll("[^A-Za-z0-9_\\-. /]", "_"),
                    accuracy));
        }
        return out;
    }

    private static TrainingSettings trainingSettings(TrainingSettings defaults, CellSettings s) {
        return new TrainingSettings(s.optionalInteger(TrainKeys.EPOCHS).orElse(defaults.epochs()),
                s.optionalInteger(TrainKeys.BATCH_SIZE).orElse(defaults.batchSize()),
                s.optionalReal(TrainKeys.LEARNING_RATE).orElse(defaults.learningRate()),
                s.optionalInteger(TrainKeys.WARMUP_EPOCHS).orElse(defaults.warmupEpochs()),
                s.optionalReal(TrainKeys.WARMUP_LEARNING_RATE).orElse(defaults.warmupLearningRate()),
                s.optionalReal(TrainKeys.MOMENTUM).orElse(defaults.momentum()),
                s.optionalReal(TrainKeys.WEIGHT_DECAY).orElse(defaults.weightDecay()), defaults.seed(),
                defaults.cosinePeriodIterations(), defaults.keepLastBatch());
    }

    /**
     * The cell's task, its support and validation sets sampled with {@code supportSeed} (the method's choice, see
     * {@code PromptMethod.supportSeed}) and everything else seeded with the cell seed.
     */
    static FewShotTask task(TaskBuilder builder, JobSpec cell, long supportSeed) throws IOException {
        FewShotTask sampled = builder.build(cell.dataset(), cell.protocol(), cell.shots(), supportSeed,
                cell.targets());
        if (supportSeed == cell.seed()) {
            return sampled;
        }
        return new FewShotTask(sampled.dataset(), sampled.protocol(), sampled.shots(), cell.seed(), sampled.support(),
                sampled.validation(), sampled.evaluations());
    }

    /**
     * The method's parameters of a cell: {@link #methodParameters} with the cell's dataset and protocol and its
     * {@code method.<name>.*} settings.
     *
     * @throws IllegalArgumentException naming the key of an unknown parameter or a value of the wrong type or range
     */
    public static MethodParameters parameters(PromptMethod method, JobSpec cell, CellSettings settings) {
        return methodParameters(method, cell.dataset(), cell.protocol(), settings.subset("method." + method.name()));
    }

    /**
     * A method's parameters as a training cell resolves them: the method's defaults, then the method's own presets
     * for {@code dataset} and for {@code dataset@protocol} (the presets' one home is the method plugin), then
     * {@code overrides} (a run's {@code method.<name>.*} settings).
     *
     * @param dataset the dataset name as the cell gives it (the key of the method's presets)
     * @throws IllegalArgumentException naming an unknown key or a badly typed value
     */
    public static MethodParameters methodParameters(PromptMethod method, String dataset, Protocol protocol,
                                                    Map<String, String> overrides) {
        requireNonNull(method, "method is null");
        requireNonNull(dataset, "dataset is null");
        requireNonNull(protocol, "protocol is null");
        requireNonNull(overrides, "overrides is null");
        List<Map<String, String>> layers = new ArrayList<>();
        layers.add(method.presets().getOrDefault(dataset, Map.of()));
        layers.add(method.presets().getOrDefault(dataset + "@" + protocol.key(), Map.of()));
        layers.add(overrides);
        return MethodParameters.resolve(method.name(), method.parameters(), layers);
    }

    /**
     * The descriptions of the training classes, plus, for cross-dataset cells, those of every target dataset found in
     * its own {@code descriptions.json} (a configured {@code descriptions.file} must then cover the target classes).
     */
    private static ClassDescriptions descriptions(CellSettings settings, Path root, JobSpec cell,
                                                  List<String> classNames, PromptMethod method) throws IOException {
        String configured = settings.text(DataKeys.DESCRIPTIONS_FILE);
        Path file = configured.isEmpty() ? root.resolve(cell.dataset()).resolve("descriptions.json")
                : Path.of(configured);
        if (!Files.isRegularFile(file)) {
            if (method.needsDescriptions()) {
                throw new IllegalArgumentException("method " + method.name() + " needs LLM descriptions per class:"
                        + " set descriptions.file to a JSON file {\"class name\": [\"sentence\", ...]} (looked for "
                        + file + ")");
            }
            return ClassDescriptions.none();
        }
        ClassDescriptions source = DescriptionsReader.read(file, method.needsDescriptions() ? classNames : List.of());
        if (!configured.isEmpty() || cell.targets().isEmpty()) {
            return source;
        }
        Map<String, List<String>> merged = new LinkedHashMap<>(source.byClass());
        StringBuilder sources = new StringBuilder(source.source());
        for (String target : cell.targets()) {
            Path targetFile = root.resolve(target).resolve("descriptions.json");
            if (Files.isRegularFile(targetFile)) {
                DescriptionsReader.read(targetFile, List.of()).byClass().forEach(merged::putIfAbsent);
                sources.append(", ").append(targetFile);
            }
        }
        return new ClassDescriptions(sources.toString(), merged);
    }

    private static DatasetInfo withDescriptions(DatasetInfo info, ClassDescriptions descriptions) {
        return new DatasetInfo(info.name(), info.modality(), info.organ(), info.classNames(), info.templates(),
                descriptions.byClass());
    }

    private static Map<String, String> runParams(JobSpec cell, MethodParameters parameters, VisionLanguageModel model) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("method", cell.method());
        params.put("dataset", cell.dataset());
        params.put("protocol", cell.protocol().key());
        params.put("shots", Integer.toString(cell.shots()));
        params.put("seed", Long.toString(cell.seed()));
        if (!cell.targets().isEmpty()) {
            params.put("targets", String.join(",", cell.targets()));
        }
        params.put("backbone", model.fingerprint());
        parameters.asStrings().forEach((k, v) -> params.put("method." + k, v));
        cell.settings().forEach((k, v) -> params.putIfAbsent("config." + k, v));
        return params;
    }
}
