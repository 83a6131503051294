package dev.bioprompt.benchmarks;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import dev.bioprompt.api.method.ClassDescriptions;
import dev.bioprompt.api.method.FittedLearner;
import dev.bioprompt.api.method.FittingData;
import dev.bioprompt.api.method.LossResult;
import dev.bioprompt.api.method.MethodContext;
import dev.bioprompt.api.method.MethodParameters;
import dev.bioprompt.api.method.PromptLearner;
import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.api.method.TrainingBatch;
import dev.bioprompt.api.method.TrainingDefaults;
import dev.bioprompt.api.nd.OwnedArrays;
import dev.bioprompt.api.task.DatasetInfo;
import dev.bioprompt.api.task.Protocol;
import dev.bioprompt.backbone.BiomedClipModel;
import dev.bioprompt.backbone.OpenClipConfig;
import dev.bioprompt.backbone.RandomWeights;
import dev.bioprompt.backbone.image.ClipImagePreprocessor;
import dev.bioprompt.backbone.text.BertConfig;
import dev.bioprompt.backbone.text.BiomedTokenizer;
import dev.bioprompt.backbone.vision.VitConfig;
import dev.bioprompt.cli.plugins.PluginLoader;
import dev.bioprompt.cli.plugins.PluginRegistry;
import dev.bioprompt.data.catalog.DatasetCatalog;
import dev.bioprompt.data.catalog.DatasetEntry;
import dev.bioprompt.io.FileTrees;
import dev.bioprompt.runners.cell.TrainingCellExecutor;
import dev.bioprompt.runners.engine.Batches;
import dev.bioprompt.runners.engine.GuidedGradients;
import dev.bioprompt.runners.engine.TorchSgd;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Seconds per training step and per epoch of each prompt-tuning method at the real BiomedCLIP size (ViT-B/16 12x768,
 * BERT-base 12x768 with a 30522-token vocabulary, embed 512, context 256) with random weights built in memory.
 * Prints numbers; it is not a test. {@code tools/bench_methods.py} computes the same steps with open_clip and
 * PyTorch and prints the same table (and the ratio, given this program's output).
 *
 * <p>Each method is found by name among the plugins on the class path (as the command line finds them) and its
 * learner is built through its {@link PromptMethod} with the method's default parameters, overlaid with the
 * few-shot presets of {@code --dataset} (the catalogue's and the method's own, as a training run resolves them) and
 * then with {@code --set method.key=value}. Class names come from the dataset (extra classes are named
 * {@code class <i> lesion}); LLM descriptions are generated sentences, {@value #DESCRIPTIONS} per class. The
 * tokenizer is the real {@link BiomedTokenizer} over a generated WordPiece vocabulary that holds every word of those
 * texts, padded to 30522 entries.
 *
 * <p>One step is what the engine does per batch, minus loading the batch: a step-scoped manager, the learner's loss
 * inside a gradient collector, reading every loss term, backward, the training accuracy, the {@link TorchSgd} update
 * (momentum 0.9, weight decay 5e-4, the method's learning rate; gradients zeroed after it) and
 * {@link PromptLearner#afterStep()}. Images (and the extra views a method asks for) are random normal tensors made
 * before the clock starts. An epoch is {@code floor(shots * classes / batch)} steps (drop_last) times the median step
 * ({@code ceil} for a method that keeps the last batch); SGD uses the method's own momentum and weight decay.
 *
 * <p>A method that fits from frozen features ({@link PromptMethod#fitsFromFeatures()}) is measured by its whole fit,
 * on random features of the embedding width standing in for the engine's cached support passes and validation
 * features ({@code min(shots, 4)} images per class): a "step" is one fit and the epoch column is the fit. The image
 * encoding of the passes the fit asks for (printed) comes on top, at the image encoder's rate.
 *
 * <p>A loss with a gradient guide (ProGrad with {@code --set prograd.teacher=zeroshot}) is back-propagated twice and
 * combined as the engine does ({@link GuidedGradients}).
 *
 * <p>Options (all optional): {@code --methods coop,biomedcoop,biomed-dpt,biovlm,ogkd,cocoop,kgcoop,prograd,maple,dpt} {@code --classes 4}
 * {@code --batch 4} {@code --shots 16} {@code --warmup 1} {@code --steps 5} {@code --dataset BTMRI} (or
 * {@code none}: defaults only) {@code --seed 1} {@code --set ogkd.lambda-lgd=0.1} (repeatable), {@code --clock wall|cpu},
 * {@code --profile DIR} and {@code --turns FILE} (alternate step by step with {@code tools/bench_methods.py}, see
 * {@link TurnFile}). Each timed step is also printed as a {@code STEP} line. Threads:
 * {@code -Dai.djl.pytorch.num_threads=N}. Run it with the built benchmarks jar:
 * <pre>
 * mvn -B -o -q -pl benchmarks -am -DskipTests package
 * java -Xmx8g -Xmn4g -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=2 -Dai.djl.pytorch.num_interop_threads=1 \
 *     -cp 'benchmarks/target/bioprompt-benchmarks.jar:benchmarks/target/lib/*' \
 *     dev.bioprompt.benchmarks.MethodStepBenchmark
 * </pre>
 */
public final class MethodStepBenchmark {

    /** Text positions (the released BiomedCLIP context length). */
    static final int CONTEXT = 256;
    /** BERT-base vocabulary size: the rows of the word-embedding table. */
    static final int VOCAB_SIZE = BertConfig.BIOMEDCLIP.vocabSize();
    /** Generated descriptions per class (the reference's 50 LLM sentences). */
    static final int DESCRIPTIONS = 50;
    private static final int IMAGE_SIZE = VitConfig.BIOMEDCLIP.patchSize() * VitConfig.BIOMEDCLIP.gridSize();
    private static final List<String> DEFAULT_METHODS = List.of("coop", "biomedcoop", "biomed-dpt", "biovlm", "ogkd",
            "cocoop", "kgcoop", "prograd", "maple", "dpt", "clip-adapter", "tip-adapter", "tip-adapter-f",
            "linear-probe", "lp-plus-plus");
    private static final List<String> FEATURES = List.of("irregular margins", "heterogeneous intensity",
            "a well defined border", "scattered bright spots", "a central dark region");
    private static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
    private static final Pattern WORD = Pattern.compile("[a-z0-9]+");
    /** How long one side waits for its turn before it gives up (a BioVLM step on one thread takes seconds). */
    private static final Duration TURN_PATIENCE = Duration.ofMinutes(10);

    private MethodStepBenchmark() {
    }

    /** The parsed command line. */
    record Options(List<String> methods, int classes, int batch, int shots, int warmup, int steps, String dataset,
                   long seed, Map<String, Map<String, String>> overrides, Path profile, StepClock clock,
                   Path turns) {

        static Options parse(String[] args) {
            List<String> methods = DEFAULT_METHODS;
            int classes = 4;
            int batch = 4;
            int shots = 16;
            int warmup = 1;
            int steps = 5;
            String dataset = "BTMRI";
            long seed = 1;
            Path profile = null;
            StepClock clock = StepClock.WALL;
            Path turns = null;
            Map<String, Map<String, String>> overrides = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                String key = args[i];
                if (key.equals("-h") || key.equals("--help")) {
                    throw new IllegalArgumentException("usage");
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option " + key + " needs a value");
                }
                String value = args[++i];
                switch (key) {
                    case "--methods" -> methods = Arrays.stream(value.split(",")).map(String::trim)
                            .filter(s -> !s.isEmpty()).toList();
                    case "--classes" -> classes = positive(key, value);
                    case "--batch" -> batch = positive(key, value);
                    case "--shots" -> shots = positive(key, value);
                    case "--warmup" -> warmup = Math.max(0, Integer.parseInt(value));
                    case "--steps" -> steps = positive(key, value);
                    case "--dataset" -> dataset = value;
                    case "--seed" -> seed = Long.parseLong(value);
                    case "--profile" -> profile = Path.of(value);
                    case "--clock" -> clock = StepClock.parse(value);
                    case "--turns" -> turns = Path.of(value);
                    case "--set" -> {
                        int dot = value.indexOf('.');
                        int eq = value.indexOf('=');
                        if (dot < 1 || eq < dot + 2) {
                            throw new IllegalArgumentException("--set expects method.key=value, was '" + value + "'");
                        }
                        overrides.computeIfAbsent(value.substring(0, dot), m -> new LinkedHashMap<>())
                                .put(value.substring(dot + 1, eq), value.substring(eq + 1));
                    }
                    default -> throw new IllegalArgumentException("unknown option " + key);
                }
            }
            if (clock == StepClock.CPU && !"1".equals(System.getProperty("ai.djl.pytorch.num_threads"))) {
                throw new IllegalArgumentException("--clock cpu counts the calling thread's CPU time only, so it needs "
                        + "-Dai.djl.pytorch.num_threads=1");
            }
            return new Options(methods, classes, batch, shots, warmup, steps, dataset, seed, overrides, profile, clock,
                    turns);
        }

        private static int positive(String key, String value) {
            int n = Integer.parseInt(value);
            if (n <= 0) {
                throw new IllegalArgumentException(key + " must be positive, was " + value);
            }
            return n;
        }

        boolean hasDataset() {
            return !dataset.equalsIgnoreCase("none");
        }
    }

    /** One method's measurements. */
    record Result(String method, int stepsPerEpoch, double setupSeconds, double[] stepSeconds, double loss,
                  Map<String, Double> terms) {

        double median() {
            double[] s = stepSeconds.clone();
            Arrays.sort(s);
            int n = s.length;
            return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
        }

        double mean() {
            return Arrays.stream(stepSeconds).average().orElse(Double.NaN);
        }

        double min() {
            return Arrays.stream(stepSeconds).min().orElse(Double.NaN);
        }

        double epoch() {
            return stepsPerEpoch * median();
        }
    }

    public static void main(String[] args) throws IOException {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().equals("usage")) {
                System.err.println("method-step-benchmark: " + e.getMessage());
            }
            System.err.println("options: --methods a,b --classes C --batch B --shots K --warmup W --steps N "
                    + "--dataset NAME|none --seed S --set method.key=value (repeatable) --profile DIR (a libtorch trace of "
                    + "one more step per method, DIR/<method>.json) --clock wall|cpu (cpu: the thread's CPU time, "
                    + "with one libtorch thread; steady on a loaded machine) --turns FILE (take turns with "
                    + "tools/bench_methods.py through FILE, step by step; tools/bench_paired.sh starts both)");
            System.exit(2);
            return;
        }
        PluginRegistry plugins = PluginLoader.load(null, MethodStepBenchmark.class.getClassLoader());
        plugins.problems().forEach(p -> System.err.println("warning: " + p));
        List<PromptMethod> methods = options.methods().stream().map(name -> find(plugins, name)).toList();
        Set<String> known = new TreeSet<>();
        methods.forEach(m -> known.add(squash(m.name())));
        for (String name : options.overrides().keySet()) {
            if (!known.contains(squash(name))) {
                throw new IllegalArgumentException("--set names method '" + name + "', which is not benchmarked "
                        + options.methods());
            }
        }
        List<String> classNames = classNames(options);
        Map<String, List<String>> descriptions = descriptions(classNames);
        DatasetInfo dataset = datasetInfo(options, classNames, descriptions);
        int stepsPerEpoch = Batches.perEpoch(options.shots() * options.classes(), options.batch());

        VitConfig vision = VitConfig.BIOMEDCLIP;
        BertConfig text = BertConfig.BIOMEDCLIP;
        Path vocabDir = Files.createTempDirectory("method-step-benchmark-");
        List<Result> results = new ArrayList<>();
        try (TurnFile turns = options.turns() == null ? TurnFile.none()
                : TurnFile.javaSide(options.turns(), TURN_PATIENCE)) {
            Files.write(vocabDir.resolve("vocab.txt"), vocabulary(classNames, descriptions, dataset),
                    StandardCharsets.UTF_8);
            BiomedTokenizer tokenizer = BiomedTokenizer.open(vocabDir, CONTEXT);
            turns.take();
            try (NDManager root = NDManager.newBaseManager(BenchDevice.fromProperty());
                 BiomedClipModel model = new BiomedClipModel(RandomWeights.create(root.newSubManager(), vision, text,
                         512), text, vision, CONTEXT, tokenizer::tokenize,
                         new ClipImagePreprocessor(IMAGE_SIZE, OpenClipConfig.clipMean(), OpenClipConfig.clipStd()),
                         "random", tokenizer)) {
                turns.pass();
                System.out.printf(Locale.ROOT, "DJL %s, libtorch %s, device=%s threads=%s interop=%s%n",
                        Engine.getDjlVersion(), root.getEngine().getVersion(), root.getDevice(),
                        System.getProperty("ai.djl.pytorch.num_threads", "default"),
                        System.getProperty("ai.djl.pytorch.num_interop_threads", "default"));
                System.out.printf(Locale.ROOT, "dataset=%s classes=%d %s batch=%d shots=%d steps/epoch=%d "
                                + "warmup=%d steps=%d%n", options.hasDataset() ? options.dataset() : "none",
                        classNames.size(), classNames, options.batch(), options.shots(), stepsPerEpoch,
                        options.warmup(), options.steps());
                root.getEngine().setRandomSeed((int) options.seed());
                for (PromptMethod method : methods) {
                    Result r = measure(root, model, method, options, classNames, dataset, stepsPerEpoch, turns);
                    results.add(r);
                    StringBuilder terms = new StringBuilder();
                    r.terms().forEach((k, v) -> terms.append(terms.isEmpty() ? "" : ", ")
                            .append(String.format(Locale.ROOT, "%s %.4f", k, v)));
                    if (method.fitsFromFeatures()) {
                        System.out.printf(Locale.ROOT, "%s: setup %.1f s, fit median %.3f s mean %.3f s min %.3f s%n",
                                r.method(), r.setupSeconds(), r.median(), r.mean(), r.min());
                        continue;
                    }
                    System.out.printf(Locale.ROOT, "%s: setup %.1f s, step median %.3f s mean %.3f s min %.3f s, "
                                    + "epoch %.1f s, last loss %.4f (%s)%n", r.method(), r.setupSeconds(), r.median(),
                            r.mean(), r.min(), r.epoch(), r.loss(), terms);
                }
            }
        } finally {
            FileTrees.delete(vocabDir);
        }
        System.out.println();
        printTable(results, options.batch(), classNames.size());
    }

    /** A method by name; case and punctuation are ignored ({@code BiomedCoOp}, {@code Biomed-DPT}). */
    static PromptMethod find(PluginRegistry plugins, String name) {
        String wanted = squash(name);
        for (Map.Entry<String, PromptMethod> e : plugins.methods().entrySet()) {
            if (squash(e.getKey()).equals(wanted)) {
                return e.getValue();
            }
        }
        return plugins.method(name);
    }

    private static String squash(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    private static Result measure(NDManager root, BiomedClipModel model, PromptMethod method, Options options,
                                  List<String> classNames, DatasetInfo dataset, int stepsPerEpoch,
                                  TurnFile turns) throws IOException {
        MethodParameters parameters = parameters(method, options);
        System.out.printf("%s: %s%n", method.name(), parameters);
        ClassDescriptions descriptions = method.needsDescriptions()
                ? new ClassDescriptions("generated descriptions", dataset.descriptions()) : ClassDescriptions.none();
        if (method.fitsFromFeatures()) {
            return measureFit(root, model, method, parameters, options, classNames, dataset, descriptions, turns);
        }
        TrainingDefaults defaults = method.trainingDefaults(parameters);
        double rate = defaults.learningRate();
        stepsPerEpoch = Batches.perEpoch(options.shots() * options.classes(), options.batch(),
                defaults.keepLastBatch());
        Set<String> views = method.requiredViews(parameters);
        double[] seconds = new double[options.steps()];
        double[] loss = new double[1];
        Map<String, Double> terms = new LinkedHashMap<>();
        turns.take();
        long setupStart = System.nanoTime();
        JniUtils.setGradMode(false);
        try (NDManager learnerManager = root.newSubManager();
             PromptLearner learner = method.create(new MethodContext(model, classNames, dataset, descriptions,
                     parameters, learnerManager, options.seed()));
             TorchSgd sgd = new TorchSgd(root, defaults.momentum(), defaults.weightDecay())) {
            double setup = (System.nanoTime() - setupStart) / 1e9;
            turns.pass();
            for (int i = 0; i < options.warmup() + options.steps(); i++) {
                turns.take();
                double s = step(root, learner, sgd, rate, views, options.batch(), classNames.size(), i, loss,
                        terms, options.clock());
                turns.pass();
                if (i >= options.warmup()) {
                    seconds[i - options.warmup()] = s;
                    printStep(method, i - options.warmup(), s);
                }
            }
            if (options.profile() != null) {
                Files.createDirectories(options.profile());
                Path trace = options.profile().resolve(method.name() + ".json");
                turns.take();
                JniUtils.startProfile(false, true, false);
                step(root, learner, sgd, rate, views, options.batch(), classNames.size(), 0, loss,
                        new LinkedHashMap<>(), options.clock());
                JniUtils.stopProfile(trace.toString());
                turns.pass();
                System.out.printf("%s: profile of one more step in %s%n", method.name(), trace);
            }
            return new Result(method.name(), stepsPerEpoch, setup, seconds, loss[0], terms);
        }
    }

    /** Times whole fits of a fitted method on random features (see the class comment). */
    private static Result measureFit(NDManager root, BiomedClipModel model, PromptMethod method,
                                     MethodParameters parameters, Options options, List<String> classNames,
                                     DatasetInfo dataset, ClassDescriptions descriptions, TurnFile turns) {
        double[] seconds = new double[options.steps()];
        turns.take();
        long setupStart = System.nanoTime();
        JniUtils.setGradMode(false);
        try (NDManager learnerManager = root.newSubManager();
             PromptLearner learner = method.create(new MethodContext(model, classNames, dataset, descriptions,
                     parameters, learnerManager, options.seed()))) {
            if (!(learner instanceof FittedLearner fitted)) {
                throw new IllegalStateException(method.name() + " says it fits from features but its learner does "
                        + "not");
            }
            double setup = (System.nanoTime() - setupStart) / 1e9;
            turns.pass();
            int passes = 0;
            for (int i = 0; i < options.warmup() + options.steps(); i++) {
                turns.take();
                try (NDManager scope = root.newSubManager()) {
                    RandomFeatures data = new RandomFeatures(scope, classNames, options.shots(),
                            model.dimensions().embedDim(), options.seed());
                    long start = options.clock().now();
                    fitted.fit(scope, data);
                    double s = (options.clock().now() - start) / 1e9;
                    passes = data.passes.size();
                    if (i >= options.warmup()) {
                        seconds[i - options.warmup()] = s;
                        printStep(method, i - options.warmup(), s);
                    }
                }
                turns.pass();
            }
            System.out.printf(Locale.ROOT, "%s: the fit asked for %d augmented pass(es) of the %d support images%n",
                    method.name(), passes, options.shots() * classNames.size());
            return new Result(method.name(), 1, setup, seconds, Double.NaN, Map.of());
        }
    }

    /** Random support passes and validation features standing in for the engine's cached features. */
    private static final class RandomFeatures implements FittingData {
        private final NDManager manager;
        private final List<String> classNames;
        private final int shots;
        private final int dim;
        private final long seed;
        private final Map<Integer, NDArray> passes = new LinkedHashMap<>();

        RandomFeatures(NDManager manager, List<String> classNames, int shots, int dim, long seed) {
            this.manager = manager;
            this.classNames = classNames;
            this.shots = shots;
            this.dim = dim;
            this.seed = seed;
        }

        @Override
        public List<String> classNames() {
            return classNames;
        }

        @Override
        public int[] supportLabels() {
            int[] labels = new int[shots * classNames.size()];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = i % classNames.size();
            }
            return labels;
        }

        @Override
        public NDArray supportFeatures(NDManager target, int pass) {
            NDArray kept = passes.computeIfAbsent(pass, p -> {
                manager.getEngine().setRandomSeed((int) (seed * 1000 + p));
                return manager.randomNormal(new Shape((long) shots * classNames.size(), dim));
            });
            NDArray copy = kept.duplicate();
            copy.attach(target);
            return copy;
        }

        @Override
        public int[] validationLabels() {
            int[] labels = new int[Math.min(shots, 4) * classNames.size()];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = i % classNames.size();
            }
            return labels;
        }

        @Override
        public NDArray validationFeatures(NDManager target) {
            target.getEngine().setRandomSeed((int) seed + 7);
            return target.randomNormal(new Shape(validationLabels().length, dim));
        }

        @Override
        public long seed() {
            return seed;
        }

        @Override
        public void logMetric(String name, double value, int step) {
        }
    }

    /** One engine step on a random batch; returns its seconds (batch creation excluded) and records the loss. */
    private static double step(NDManager root, PromptLearner learner, TorchSgd sgd, double rate, Set<String> views,
                               int batchSize, int classes, int index, double[] loss, Map<String, Double> terms,
                               StepClock clock) {
        try (NDManager scope = root.newSubManager()) {
            Shape shape = new Shape(batchSize, 3, IMAGE_SIZE, IMAGE_SIZE);
            NDArray images = scope.randomNormal(0f, 1f, shape, DataType.FLOAT32);
            Map<String, NDArray> extra = new LinkedHashMap<>();
            for (String view : views) {
                extra.put(view, scope.randomNormal(0f, 1f, shape, DataType.FLOAT32));
            }
            long[] labels = new long[batchSize];
            for (int b = 0; b < batchSize; b++) {
                labels[b] = ((long) index * batchSize + b) % classes;
            }
            NDArray labelArray = OwnedArrays.of(scope, labels);
            TrainingBatch batch = new TrainingBatch(images, labelArray, extra);

            long start = clock.now();
            LossResult result;
            try (GradientCollector collector = root.getEngine().newGradientCollector()) {
                result = learner.loss(scope, batch);
                for (Map.Entry<String, NDArray> term : result.terms().entrySet()) {
                    terms.put(term.getKey(), scalar(term.getValue()));
                }
                loss[0] = scalar(result.total());
                if (result.guide().isPresent()) {
                    GuidedGradients.backward(scope, result, learner.trainable(),
                            MethodStepBenchmark::backwardKeepingGraph, collector::backward);
                } else {
                    collector.backward(result.total());
                }
            }
            result.logits().argMax(1).toType(DataType.INT64, false).eq(labelArray).sum().getLong();
            if (!sgd.step(learner.trainable(), rate)) {
                System.err.println("warning: step " + index + " had a non-finite gradient; the update was skipped");
            }
            learner.afterStep();
            return (clock.now() - start) / 1e9;
        }
    }

    /** One timed step as a machine-readable line ({@code tools/bench_methods.py --java} pairs them). */
    private static void printStep(PromptMethod method, int index, double seconds) {
        System.out.printf(Locale.ROOT, "STEP method=%s index=%d seconds=%.6f%n", method.name(), index, seconds);
    }

    private static void backwardKeepingGraph(NDArray loss) {
        try (NDArray seed = loss.onesLike()) {
            JniUtils.backward((PtNDArray) loss, (PtNDArray) seed, true,
                    false);
        }
    }

    private static double scalar(NDArray array) {
        return array.toType(DataType.FLOAT32, false).getFloat();
    }

    /**
     * The method's parameters as a few-shot training cell on {@code --dataset} resolves them
     * ({@link TrainingCellExecutor#methodParameters}: defaults, then the method's own presets),
     * with {@code --set} in place of the run's {@code method.<name>.*} settings; without a dataset, the defaults and
     * {@code --set}.
     */
    static MethodParameters parameters(PromptMethod method, Options options) {
        Map<String, String> overrides = new LinkedHashMap<>();
        options.overrides().forEach((name, values) -> {
            if (squash(name).equals(squash(method.name()))) {
                overrides.putAll(values);
            }
        });
        if (!options.hasDataset()) {
            return MethodParameters.resolve(method.name(), method.parameters(), List.of(overrides));
        }
        DatasetEntry entry = DatasetCatalog.get(options.dataset());
        return TrainingCellExecutor.methodParameters(method, entry.name(), Protocol.FEW_SHOT, overrides);
    }

    /** The first C classes of the dataset, then {@code class <i> lesion}. */
    static List<String> classNames(Options options) {
        List<String> fromDataset = options.hasDataset() ? DatasetCatalog.get(options.dataset()).classNames()
                : List.of();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < options.classes(); i++) {
            names.add(i < fromDataset.size() ? fromDataset.get(i) : "class " + i + " lesion");
        }
        return names;
    }

    /** {@value #DESCRIPTIONS} generated sentences per class (also used as BioVLM's attribute descriptors). */
    static Map<String, List<String>> descriptions(List<String> classNames) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String name : classNames) {
            List<String> sentences = new ArrayList<>(DESCRIPTIONS);
            for (int j = 0; j < DESCRIPTIONS; j++) {
                sentences.add(name + " shows finding " + j + " with " + FEATURES.get(j % FEATURES.size()) + " and "
                        + FEATURES.get((j + 2) % FEATURES.size()) + " in the image");
            }
            out.put(name, sentences);
        }
        return out;
    }

    private static DatasetInfo datasetInfo(Options options, List<String> classNames,
                                           Map<String, List<String>> descriptions) {
        if (!options.hasDataset()) {
            return new DatasetInfo("BENCHMARK", "random", "none", classNames, List.of(), descriptions);
        }
        DatasetInfo info = DatasetCatalog.get(options.dataset()).info();
        return new DatasetInfo(info.name(), info.modality(), info.organ(), info.classNames(), info.templates(),
                descriptions);
    }

    /**
     * A BERT vocabulary of exactly 30522 (BiomedCLIP's) entries: the special tokens at the PubMedBERT ids (PAD 0, UNK
     * 1, CLS 2, SEP 3, MASK 4), ASCII punctuation, every lower-cased word of the benchmark's texts (class names,
     * descriptions, dataset templates, the methods' prompt words), then {@code [unused<i>]} fillers.
     */
    static List<String> vocabulary(List<String> classNames, Map<String, List<String>> descriptions,
                                   DatasetInfo dataset) {
        List<String> texts = new ArrayList<>(classNames);
        descriptions.values().forEach(texts::addAll);
        texts.addAll(dataset.templates());
        texts.add("a photo of a x medical image which is has");
        Set<String> words = new TreeSet<>();
        for (String t : texts) {
            Matcher m = WORD.matcher(t.toLowerCase(Locale.ROOT));
            while (m.find()) {
                words.add(m.group());
            }
        }
        List<String> vocab = new ArrayList<>(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"));
        for (char c : PUNCTUATION.toCharArray()) {
            vocab.add(String.valueOf(c));
        }
        vocab.addAll(words);
        for (int i = 0; vocab.size() < VOCAB_SIZE; i++) {
            vocab.add("[unused" + i + "]");
        }
        if (vocab.size() > VOCAB_SIZE) {
            throw new IllegalStateException("the benchmark texts need " + vocab.size() + " vocabulary entries, more "
                    + "than " + VOCAB_SIZE);
        }
        return vocab;
    }

    static void printTable(List<Result> results, int batch, int classes) {
        System.out.printf(Locale.ROOT, "%-12s %6s %6s %11s %11s %11s %7s %11s%n", "method", "batch", "classes",
                "median s", "mean s", "min s", "steps", "s/epoch");
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "%-12s %6d %6d %11.3f %11.3f %11.3f %7d %11.1f%n", r.method(), batch,
                    classes, r.median(), r.mean(), r.min(), r.stepsPerEpoch(), r.epoch());
        }
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "RESULT method=%s median=%.6f mean=%.6f min=%.6f steps_per_epoch=%d "
                    + "epoch=%.6f%n", r.method(), r.median(), r.mean(), r.min(), r.stepsPerEpoch(), r.epoch());
        }
    }
}
