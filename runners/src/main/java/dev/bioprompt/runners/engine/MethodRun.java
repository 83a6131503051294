package dev.bioprompt.runners.engine;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDManager;
import dev.bioprompt.api.method.ClassDescriptions;
import dev.bioprompt.api.method.FittedLearner;
import dev.bioprompt.api.method.MethodContext;
import dev.bioprompt.api.method.MethodParameters;
import dev.bioprompt.api.method.PromptLearner;
import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.api.model.VisionLanguageModel;
import dev.bioprompt.api.promptset.PromptSet;
import dev.bioprompt.api.task.DatasetInfo;
import dev.bioprompt.api.task.FewShotTask;
import dev.bioprompt.api.task.ImageSet;
import dev.bioprompt.api.tracking.TrackedRun;
import dev.bioprompt.data.augment.ImageTransform;
import dev.bioprompt.data.augment.ViewTransform;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * One method run on one task, as data flows: learner from the method, training by the {@link TrainingEngine},
 * last-epoch evaluation of every evaluation set with its own class names, and the prompt set. Final metrics go to the
 * tracked run (step 0).
 *
 * @param method the method
 * @param model the frozen backbone
 * @param task the task (training classes, seed, protocol)
 * @param dataset catalogue facts about the training dataset
 * @param descriptions LLM descriptions per class
 * @param parameters the resolved method parameters
 * @param settings the engine settings
 * @param support the training images
 * @param evaluations the evaluation sets, in report order
 * @param validation the few-shot validation set (features for {@link FittedLearner}s; may be empty)
 * @param options checkpoints, tracking, listener, progress
 * @param evaluationBatchSize images per encoder call during evaluation
 * @param featureCacheBytes the most bytes of cached evaluation features
 */
public record MethodRun(PromptMethod method, VisionLanguageModel model, FewShotTask task, DatasetInfo dataset,
                        ClassDescriptions descriptions, MethodParameters parameters, TrainingSettings settings,
                        BatchSource support, List<? extends EvaluationImages> evaluations,
                        EvaluationImages validation, TrainingOptions options, int evaluationBatchSize,
                        long featureCacheBytes) {

    /** The reference evaluation batch size. */
    public static final int EVALUATION_BATCH_SIZE = 100;
    /** The default feature-cache budget (1 GiB). */
    public static final long FEATURE_CACHE_BYTES = 1L << 30;

    public MethodRun {
        requireNonNull(method, "method is null");
        requireNonNull(model, "model is null");
        requireNonNull(task, "task is null");
        requireNonNull(dataset, "dataset is null");
        requireNonNull(descriptions, "descriptions is null");
        requireNonNull(parameters, "parameters is null");
        requireNonNull(settings, "settings is null");
        requireNonNull(support, "support is null");
        evaluations = List.copyOf(requireNonNull(evaluations, "evaluations is null"));
        requireNonNull(validation, "validation is null");
        requireNonNull(options, "options is null");
    }

    /**
     * A run over a task's own image sets: the support set with the training augmentation {@code train} (for example
     * {@code Augmentations.train(size)}) and {@code views} for the extra views the method asks for with
     * {@code parameters} ({@code PromptMethod.requiredViews(MethodParameters)}), every evaluation
     * set and the validation set with the model's evaluation transform, the method's training defaults for these
     * parameters and the task's protocol ({@code PromptMethod.trainingDefaults(MethodParameters, Protocol)}) and the
     * task seed.
     */
    public static MethodRun forTask(PromptMethod method, VisionLanguageModel model, FewShotTask task,
                                    DatasetInfo dataset, ClassDescriptions descriptions, MethodParameters parameters,
                                    ImageTransform train, Map<String, ViewTransform> views,
                                    TrainingOptions options) {
        List<EvaluationImages> evaluations = task.evaluations().stream()
                .map(set -> (EvaluationImages) ImageSetImages.evaluation(set, model.preprocessor())).toList();
        ImageSet supportSet = task.support();
        return new MethodRun(method, model, task, dataset, descriptions, parameters,
                TrainingSettings.of(method.trainingDefaults(parameters, task.protocol()), task.seed()),
                new ImageSetImages(supportSet, model.preprocessor(), train, views), evaluations,
                ImageSetImages.evaluation(task.validation(), model.preprocessor()), options,
                EVALUATION_BATCH_SIZE, FEATURE_CACHE_BYTES);
    }

    /** A copy with another evaluation batch size and feature-cache budget. */
    public MethodRun withEvaluationBudget(EvaluationBudget budget) {
        return new MethodRun(method, model, task, dataset, descriptions, parameters, settings, support, evaluations,
                validation, options, budget.batchSize(), budget.featureCacheBytes());
    }

    /** A copy with other engine settings. */
    public MethodRun withSettings(TrainingSettings newSettings) {
        return new MethodRun(method, model, task, dataset, descriptions, parameters, newSettings, support, evaluations,
                validation, options, evaluationBatchSize, featureCacheBytes);
    }

    /**
     * Trains (or, for a {@link FittedLearner}, fits from frozen features), evaluates and exports.
     *
     * @param root the run's manager (on the model's device)
     */
    public RunResult execute(NDManager root, Clock clock) {
        GradMode.disableOnCurrentThread();
        try (NDManager learnerManager = root.newSubManager();
             PromptLearner learner = method.create(new MethodContext(model, task.classNames(), dataset, descriptions,
                     parameters, learnerManager, task.seed()))) {
            TrainingSummary training;
            if (learner instanceof FittedLearner fitted) {
                training = new FeatureFitting(model, task.classNames(), support, validation, settings.seed(),
                        evaluationBatchSize, options).fit(root, method.name(), fitted);
            } else if (method.fitsFromFeatures()) {
                throw new IllegalStateException("method " + method.name() + " says it fits from features, but its "
                        + "learner " + learner.getClass().getName() + " is not a FittedLearner");
            } else {
                training = new TrainingEngine(settings, options)
                        .train(root, method.name(), learner, support, method.requiredViews(parameters));
            }
            EvaluationReport evaluation;
            try (FeatureCache cache = new FeatureCache(root, featureCacheBytes)) {
                evaluation = new ProtocolEvaluator(new Evaluator(root, evaluationBatchSize, cache))
                        .evaluate(root, learner, "trained", task.protocol(), evaluations);
            }
            options.run().ifPresent(run -> run.logMetrics(evaluation.metrics(), 0));
            PromptSet promptSet = PromptSets.export(root, learner, method.name(), parameters, model.fingerprint(),
                    task.dataset(), task.classNames(), List.of(), evaluation.metrics(),
                    options.run().map(TrackedRun::runId).orElse(""), clock.instant());
            return new RunResult(training, evaluation, promptSet);
        }
    }
}
