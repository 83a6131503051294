package dev.bioprompt.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.google.inject.Guice;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import dev.bioprompt.api.method.ClassDescriptions;
import dev.bioprompt.api.method.Classifier;
import dev.bioprompt.api.method.FittedLearner;
import dev.bioprompt.api.method.LossResult;
import dev.bioprompt.api.method.MethodContext;
import dev.bioprompt.api.method.MethodParameter;
import dev.bioprompt.api.method.MethodParameters;
import dev.bioprompt.api.method.MethodPlugin;
import dev.bioprompt.api.method.PromptLearner;
import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.api.method.TrainingBatch;
import dev.bioprompt.api.model.VisionLanguageModel;
import dev.bioprompt.api.nd.ScalarOps;
import dev.bioprompt.api.task.DatasetInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The method contract test kit: every {@link PromptMethod} plugin extends this class in its own tests and supplies
 * the method; the backbone is the kit's {@link TinyBiomedClip} unless {@link #openModel()} is overridden.
 *
 * <pre>{@code
 * class TaskResContractTest extends MethodContractTest {
 *     protected PromptMethod method() { return new TaskResMethod(); }
 * }
 * }</pre>
 *
 * <p>It checks what the platform relies on: exactly one {@link MethodPlugin} on the class path (listed in
 * {@code META-INF/services}) binds the method under its name and answers the current {@link MethodPlugin#SPI_VERSION};
 * names and parameters are well formed, presets parse, a learner trains (finite loss, gradients reach every
 * trainable tensor), classifiers have the right shape for any class list, an exported prompt set restores the same
 * predictions, and repeated training steps and classifiers leave no native arrays behind. A method that
 * {@linkplain PromptMethod#fitsFromFeatures() fits from features} is fitted on frozen features of random images
 * (several per class, a validation image per class) before the classifier and export checks; the kit checks that
 * its learner is a {@link FittedLearner}, that a fit is deterministic, and that repeated fits leave no native arrays
 * behind.
 */
public abstract class MethodContractTest {

    private static final Key<Map<String, PromptMethod>> METHODS = Key.get(new TypeLiteral<>() { });

    /** The method under test. */
    protected abstract PromptMethod method();

    /** A small real backbone, opened once per test and closed by the kit; {@link TinyBiomedClip} by default. */
    protected VisionLanguageModel openModel() {
        return TinyBiomedClip.open();
    }

    /** The task the contract tests train on; {@link ContractTask#standard()} (three classes) by default. */
    protected ContractTask task() {
        return ContractTask.standard();
    }

    /** The classes the contract tests train on (at least two). */
    protected List<String> classNames() {
        return task().classNames();
    }

    /** Catalogue facts for the contract dataset, with {@link #descriptions()}. */
    protected DatasetInfo dataset() {
        DatasetInfo base = task().dataset();
        return new DatasetInfo(base.name(), base.modality(), base.organ(), classNames(), base.templates(),
                descriptions().byClass());
    }

    /** Descriptions for every class of {@link #classNames()}. */
    protected ClassDescriptions descriptions() {
        return task().descriptions();
    }

    private VisionLanguageModel model;
    private NDManager root;

    @BeforeEach
    void openBackbone() {
        model = openModel();
        root = NDManager.newBaseManager(model.device());
    }

    @AfterEach
    void closeBackbone() {
        root.close();
        model.close();
    }

    /** The method's default parameters. */
    protected MethodParameters defaultParameters() {
        return MethodParameters.resolve(method().name(), method().parameters(), List.of());
    }

    /**
     * Parameter overrides for the repeated-steps memory check, for example to switch on a loss term that the defaults
     * leave off so that its path is checked too. None by default.
     */
    protected Map<String, String> memoryCheckOverrides() {
        return Map.of();
    }

    /** Shots per class of the features the kit fits fitted learners from. */
    protected int fitShots() {
        return 2;
    }

    /**
     * Fits a {@link FittedLearner} on the kit's frozen features (nothing happens to other learners).
     *
     * @return the names of the values the fit logged (empty for other learners)
     */
    protected List<String> fitIfFitted(PromptLearner learner) {
        if (!(learner instanceof FittedLearner fitted)) {
            return List.of();
        }
        try (KitFittingData data = new KitFittingData(model, classNames(), root, fitShots());
             NDManager scratch = root.newSubManager()) {
            fitted.fit(scratch, data);
            return List.copyOf(data.logged());
        }
    }

    /** Builds a learner with the method's defaults. */
    protected PromptLearner newLearner(NDManager manager, long seed) {
        return newLearner(manager, seed, defaultParameters());
    }

    private PromptLearner newLearner(NDManager manager, long seed, MethodParameters parameters) {
        return method().create(new MethodContext(model, classNames(), dataset(), descriptions(), parameters, manager,
                seed));
    }

    /**
     * A deterministic batch of random images, one per class, with every extra view the method asks for with its
     * default parameters.
     */
    protected TrainingBatch batch(NDManager manager) {
        return batch(manager, defaultParameters());
    }

    private TrainingBatch batch(NDManager manager, MethodParameters parameters) {
        int n = classNames().size();
        return TrainingBatches.random(manager, model, method(), parameters, n, n);
    }

    @Test
    void exactlyOnePluginOnTheClassPathBindsTheMethodUnderItsName() {
        List<MethodPlugin> owners = new ArrayList<>();
        List<PromptMethod> bound = new ArrayList<>();
        for (MethodPlugin plugin : ServiceLoader.load(MethodPlugin.class).stream().map(ServiceLoader.Provider::get)
                .toList()) {
            Map<String, PromptMethod> methods = Guice.createInjector(plugin.module()).getInstance(METHODS);
            methods.forEach((name, method) -> assertThat(method.name())
                    .as("name of the method that plugin %s binds as '%s'", plugin.id(), name).isEqualTo(name));
            if (methods.containsKey(method().name())) {
                owners.add(plugin);
                bound.add(methods.get(method().name()));
            }
        }
        assertThat(owners).as("plugins listed in META-INF/services/%s that bind '%s'", MethodPlugin.class.getName(),
                method().name()).hasSize(1);
        MethodPlugin plugin = owners.get(0);
        assertThat(plugin.id()).as("plugin id").matches("[a-z0-9]+(-[a-z0-9]+)*");
        assertThat(plugin.spiVersion()).as("SPI version compiled into %s", plugin.getClass().getName())
                .isEqualTo(MethodPlugin.SPI_VERSION);
        assertThat(bound.get(0)).isExactlyInstanceOf(method().getClass());
    }

    @Test
    void nameAndParametersAreWellFormed() {
        assertThat(method().name()).matches("[a-z0-9]+(-[a-z0-9]+)*");
        assertThat(method().description()).isNotBlank();
        assertThat(method().parameters()).extracting(MethodParameter::key).doesNotHaveDuplicates();
        assertThat(method().trainingDefaults()).isNotNull();
        assertThat(method().trainingDefaults(defaultParameters())).isEqualTo(method().trainingDefaults());
        if (method().fitsFromFeatures()) {
            assertThat(method().trainingDefaults().epochs()).as("a fitted method has no SGD epochs").isZero();
        }
    }

    @Test
    void learnerIsFittedExactlyWhenTheMethodSaysSo() {
        try (NDManager learnerManager = root.newSubManager(); PromptLearner learner = newLearner(learnerManager, 1)) {
            assertThat(learner instanceof FittedLearner).as("learner is a FittedLearner")
                    .isEqualTo(method().fitsFromFeatures());
            if (learner instanceof FittedLearner) {
                assertThat(learner.trainable()).as("a fitted learner has nothing for SGD").isEmpty();
            }
        }
    }

    @Test
    void fitIsDeterministicAndRepeatedFitsKeepMemoryFlat() {
        if (!method().fitsFromFeatures()) {
            return;
        }
        try (NDManager a = root.newSubManager(); NDManager b = root.newSubManager();
             PromptLearner first = newLearner(a, 1); PromptLearner second = newLearner(b, 1)) {
            int[] live = new int[4];
            for (int i = 0; i < live.length; i++) {
                fitIfFitted(first);
                try (NDManager m = root.newSubManager(); Classifier c = first.classifier(m, classNames())) {
                    c.logits(m, c.encodeImages(m, batch(m).images()));
                }
                live[i] = root.getManagedArrays().size();
            }
            assertThat(live[2]).as("live arrays after fits %s", Arrays.toString(live)).isEqualTo(live[1]);
            assertThat(live[3]).as("live arrays after fits %s", Arrays.toString(live)).isEqualTo(live[1]);
            fitIfFitted(second);
            try (NDManager m = root.newSubManager();
                 Classifier c1 = first.classifier(m, classNames()); Classifier c2 = second.classifier(m, classNames())) {
                NDArray images = batch(m).images();
                NDArray l1 = c1.logits(m, c1.encodeImages(m, images));
                NDArray l2 = c2.logits(m, c2.encodeImages(m, images));
                assertThat(l1.allClose(l2, 1e-5, 1e-5, false)).as("two fits with one seed agree").isTrue();
            }
        }
    }

    @Test
    void requiredViewsOfTheDefaultsAreTheParameterlessViews() {
        assertThat(method().requiredViews(defaultParameters())).isEqualTo(method().requiredViews());
    }

    @Test
    void presetsNameDeclaredParametersWithValidValues() {
        assertThat(presetProblems(method())).as("preset problems of %s", method().name()).isEmpty();
    }

    /**
     * What is wrong with a method's presets: a key the method does not declare as a parameter, or a value that does
     * not parse with the parameter's type or lies outside its range; empty when nothing is.
     */
    public static List<String> presetProblems(PromptMethod method) {
        Map<String, MethodParameter> declared = new LinkedHashMap<>();
        method.parameters().forEach(p -> declared.put(p.key(), p));
        List<String> problems = new ArrayList<>();
        method.presets().forEach((dataset, values) -> values.forEach((key, value) -> {
            MethodParameter p = declared.get(key);
            if (p == null) {
                problems.add("preset " + dataset + " names '" + key + "', which " + method.name()
                        + " does not declare (declared: " + declared.keySet() + ")");
                return;
            }
            try {
                p.parse(value);
            } catch (IllegalArgumentException e) {
                problems.add("preset " + dataset + ": " + e.getMessage());
            }
        }));
        return problems;
    }

    @Test
    void unknownParameterIsRejectedByName() {
        assertThatThrownBy(() -> MethodParameters.resolve(method().name(), method().parameters(),
                List.of(Map.of("no-such-key", "1"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no-such-key");
    }

    @Test
    void lossIsFiniteAndReachesEveryTrainableTensor() {
        try (NDManager learnerManager = root.newSubManager(); PromptLearner learner = newLearner(learnerManager, 1)) {
            Map<String, NDArray> trainable = learner.trainable();
            if (method().trainingDefaults().epochs() == 0) {
                assertThat(trainable).as("an untrained method has nothing to train").isEmpty();
                return;
            }
            assertThat(trainable).isNotEmpty();
            try (NDManager step = root.newSubManager();
                 GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                LossResult loss = learner.loss(step, batch(step));
                assertThat(loss.total().getShape().isScalar()).as("loss is a scalar").isTrue();
                assertThat(Float.isFinite(loss.total().toType(DataType.FLOAT32, false).getFloat())).isTrue();
                assertThat(loss.logits().getShape()).isEqualTo(new Shape(classNames().size(), classNames().size()));
                loss.guide().ifPresent(guide -> {
                    assertThat(guide.loss().getShape().isScalar()).as("guide loss is a scalar").isTrue();
                    assertThat(Float.isFinite(guide.loss().toType(DataType.FLOAT32, false).getFloat())).isTrue();
                });
                collector.backward(loss.total());
            }
            trainable.forEach((name, tensor) -> {
                try (NDArray grad = tensor.getGradient()) {
                    assertThat(grad.abs().sum().getFloat()).as("gradient of %s", name).isGreaterThan(0f);
                    grad.subi(grad);
                }
            });
        }
    }

    @Test
    void classifierScoresAnyClassList() {
        try (NDManager learnerManager = root.newSubManager(); PromptLearner learner = newLearner(learnerManager, 1)) {
            fitIfFitted(learner);
            List<String> other = List.of("benign lesion", "malignant lesion");
            try (NDManager m = root.newSubManager(); Classifier classifier = learner.classifier(m, other)) {
                assertThat(classifier.classNames()).isEqualTo(other);
                NDArray features = classifier.encodeImages(m, batch(m).images());
                assertThat(classifier.logits(m, features).getShape())
                        .isEqualTo(new Shape(classNames().size(), other.size()));
            }
        }
    }

    @Test
    void exportedTensorsRestoreTheSamePredictions() {
        try (NDManager a = root.newSubManager(); NDManager b = root.newSubManager();
             PromptLearner first = newLearner(a, 1); PromptLearner second = newLearner(b, 99)) {
            fitIfFitted(first);
            Map<String, NDArray> exported = first.exportTensors(a);
            second.importTensors(exported);
            try (NDManager m = root.newSubManager();
                 Classifier c1 = first.classifier(m, classNames()); Classifier c2 = second.classifier(m, classNames())) {
                NDArray images = batch(m).images();
                NDArray l1 = c1.logits(m, c1.encodeImages(m, images));
                NDArray l2 = c2.logits(m, c2.encodeImages(m, images));
                assertThat(l1.allClose(l2, 1e-5, 1e-5, false)).as("restored logits equal the original").isTrue();
            }
        }
    }

    @Test
    void repeatedStepsAndClassifiersKeepLongLivedMemoryFlat() {
        MethodParameters parameters = MethodParameters.resolve(method().name(), method().parameters(),
                List.of(memoryCheckOverrides()));
        try (NDManager learnerManager = root.newSubManager();
             PromptLearner learner = newLearner(learnerManager, 1, parameters)) {
            int[] live = new int[4];
            for (int i = 0; i < live.length; i++) {
                try (NDManager step = root.newSubManager()) {
                    if (!learner.trainable().isEmpty()) {
                        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                            collector.backward(learner.loss(step, batch(step, parameters)).total());
                        }
                        for (NDArray tensor : learner.trainable().values()) {
                            try (NDArray gradient = tensor.getGradient()) {
                                tensor.subi(ScalarOps.muli(gradient, 1e-3));
                                gradient.subi(gradient);
                            }
                        }
                        learner.afterStep();
                    }
                    try (Classifier classifier = learner.classifier(step, classNames())) {
                        classifier.logits(step, classifier.encodeImages(step, batch(step, parameters).images()));
                    }
                }
                live[i] = root.getManagedArrays().size();
            }
            assertThat(live[2]).as("live arrays after steps %s", Arrays.toString(live)).isEqualTo(live[1]);
            assertThat(live[3]).as("live arrays after steps %s", Arrays.toString(live)).isEqualTo(live[1]);
        }
    }
}
