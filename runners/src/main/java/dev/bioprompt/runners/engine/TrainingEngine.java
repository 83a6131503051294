package dev.bioprompt.runners.engine;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.bioprompt.api.method.LossResult;
import dev.bioprompt.api.method.PromptLearner;
import dev.bioprompt.api.method.TrainingBatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training loop every method runs in. Per epoch: the rate from the reference {@link LearningRateSchedule}, the
 * batches from {@link Batches}, and per step a step-scoped {@link NDManager} and a per-thread recording section around
 * {@link PromptLearner#loss}, a NaN/Inf guard on every loss term (training stops, naming the term), backward (two
 * passes combined by the method's rule when the loss carries a guide, see {@link GuidedGradients}), a
 * check of the gradients (a step whose gradients are non-finite while its loss is finite is skipped with a warning,
 * and {@value #MAX_CONSECUTIVE_SKIPS} such steps in a row stop training), a {@link TorchSgd} step over
 * {@link PromptLearner#trainable()} and {@link PromptLearner#afterStep()}. After each epoch: a checkpoint (when a
 * folder is configured), metrics to the tracked run and the listener, and progress.
 *
 * <p>A run whose checkpoint folder already holds a checkpoint continues after its last completed epoch and ends with
 * the same tensors as an uninterrupted run: batch order, augmentations and the engine's random stream (dropout) are
 * derived per epoch from the run seed (see {@link Seeds}), and the learner tensors and momentum buffers are restored
 * bit for bit.
 *
 * <p>Engines on different threads train independently (autograd recording is per thread, see
 * {@link GradMode#record()}), so a process can train one cell per GPU at the same time. Dropout draws from libtorch's
 * process-wide generator, which every engine re-seeds per epoch: with dropout on, parallel cells stay correct but are
 * not bit-reproducible.
 */
public final class TrainingEngine {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingEngine.class);
    /** Steps in a row whose gradients may be non-finite (and are skipped) before training stops. */
    static final int MAX_CONSECUTIVE_SKIPS = 3;

    private final TrainingSettings settings;
    private final TrainingOptions options;

    public TrainingEngine(TrainingSettings settings, TrainingOptions options) {
        this.settings = requireNonNull(settings, "settings is null");
        this.options = requireNonNull(options, "options is null");
    }

    /** The settings this engine trains with. */
    public TrainingSettings settings() {
        return settings;
    }

    /**
     * Trains a learner for the configured epochs (or the remaining ones after a checkpoint).
     *
     * @param root the run's manager; step managers are created under it, restored tensors live in it
     * @param method the method name (for messages and checkpoints)
     * @param learner the learner; its trainable tensors are updated in place
     * @param data the training images
     * @param views the extra views the method needs in every batch
     * @return what happened, epoch by epoch
     * @throws NonFiniteLossException when a loss term becomes NaN or infinite
     * @throws IllegalStateException when the checkpoint folder holds a checkpoint of another method or settings
     * @throws UncheckedIOException when a checkpoint cannot be read or written
     */
    public TrainingSummary train(NDManager root, String method, PromptLearner learner, BatchSource data,
                                 Set<String> views) {
        requireNonNull(root, "root is null");
        requireNonNull(method, "method is null");
        requireNonNull(learner, "learner is null");
        requireNonNull(data, "data is null");
        requireNonNull(views, "views is null");
        GradMode.disableOnCurrentThread();
        if (settings.epochs() == 0 || learner.trainable().isEmpty()) {
            return new TrainingSummary(0, 0, List.of());
        }
        LearningRateSchedule schedule = LearningRateSchedule.of(settings);
        Optional<CheckpointStore> store = options.checkpointDir().map(CheckpointStore::new);
        List<EpochMetrics> history = new ArrayList<>();
        int stepsPerEpoch = Batches.perEpoch(data.size(), settings.batchSize(), settings.keepLastBatch());
        try (TorchSgd sgd = new TorchSgd(root, settings.momentum(), settings.weightDecay())) {
            int start = store.isPresent() ? resume(store.get(), root, method, learner, sgd, history) : 0;
            try (TrainingProgress progress = options.progress()
                    ? TrainingProgress.forTerminal(method, (long) settings.epochs() * stepsPerEpoch,
                            (long) start * stepsPerEpoch)
                    : TrainingProgress.silent()) {
                for (int epoch = start; epoch < settings.epochs(); epoch++) {
                    EpochMetrics metrics = runEpoch(root, method, learner, data, views, sgd, schedule, epoch,
                            progress);
                    history.add(metrics);
                    if (store.isPresent()) {
                        writeCheckpoint(store.get(), root, method, learner, sgd, epoch + 1, history);
                    }
                    options.run().ifPresent(run -> run.logMetrics(metrics.asMetrics(), metrics.epoch() + 1));
                    progress.epoch(metrics, settings.epochs());
                    options.listener().onEpoch(metrics);
                }
            }
            return new TrainingSummary(settings.epochs(), start, history);
        }
    }

    private EpochMetrics runEpoch(NDManager root, String method, PromptLearner learner, BatchSource data,
                                  Set<String> views, TorchSgd sgd, LearningRateSchedule schedule, int epoch,
                                  TrainingProgress progress) {
        long started = System.nanoTime();
        root.getEngine().setRandomSeed((int) Seeds.derive(settings.seed(), Seeds.ENGINE, epoch));
        List<int[]> batches = Batches.ofEpoch(data.size(), settings.batchSize(), settings.seed(), epoch,
                settings.keepLastBatch());
        double rate = schedule.rateAt(epoch, 0, batches.size());
        double lossSum = 0;
        Map<String, Double> termSums = new LinkedHashMap<>();
        long correct = 0;
        int consecutiveSkips = 0;
        long seen = 0;
        for (int step = 0; step < batches.size(); step++) {
            double stepRate = schedule.rateAt(epoch, step, batches.size());
            try (NDManager scope = root.newSubManager()) {
                TrainingBatch batch = data.load(scope, batches.get(step), views,
                        Seeds.derive(settings.seed(), Seeds.AUGMENT, epoch, step));
                if (step + 1 < batches.size()) {
                    data.prefetch(batches.get(step + 1), views, Seeds.derive(settings.seed(), Seeds.AUGMENT, epoch,
                            step + 1));
                }
                LossResult result;
                String where = String.format(Locale.ROOT, "training of method '%s' stopped at epoch %d/%d "
                        + "(step %d/%d, learning rate %.3g)", method, epoch + 1, settings.epochs(), step + 1,
                        batches.size(), stepRate);
                try (GradMode.Recording recording = GradMode.record()) {
                    try {
                        result = learner.loss(scope, batch);
                    } catch (RuntimeException e) {
                        throw OutOfDeviceMemory.explain(e, where + ": the training step on " + root.getDevice(),
                                settings.batchSize(), "train.batch-size");
                    }
                    String context = where;
                    for (Map.Entry<String, NDArray> term : result.terms().entrySet()) {
                        double value = scalar(term.getValue());
                        if (!Double.isFinite(value)) {
                            context = where + " [" + diagnose(learner, batch) + "]";
                        }
                        termSums.merge(term.getKey(), finite(value, context, "loss term '" + term.getKey() + "'"),
                                Double::sum);
                    }
                    lossSum += finite(scalar(result.total()), context, "the total loss");
                    if (result.guide().isPresent()) {
                        GuidedGradients.backward(scope, result, learner.trainable(), recording::backwardKeepingGraph,
                                recording::backward);
                    } else {
                        recording.backward(result.total());
                    }
                }
                correct += countCorrect(result.logits(), batch.labels());
                seen += batch.labels().size();
                if (!sgd.step(learner.trainable(), stepRate)) {
                    consecutiveSkips++;
                    LOG.warn("{}: skipped the update because a gradient became non-finite while the loss was finite",
                            where.replace(" stopped", ""));
                    if (consecutiveSkips >= MAX_CONSECUTIVE_SKIPS) {
                        throw new NonFiniteLossException(where + ": the gradients were non-finite in "
                                + consecutiveSkips + " consecutive steps although the loss was finite");
                    }
                    continue;
                }
                consecutiveSkips = 0;
                learner.afterStep();
            }
            progress.step((long) epoch * batches.size() + step + 1,
                    String.format(Locale.ROOT, "epoch %d/%d", epoch + 1, settings.epochs()));
        }
        int steps = batches.size();
        Map<String, Double> terms = new LinkedHashMap<>();
        termSums.forEach((name, sum) -> terms.put(name, sum / steps));
        return new EpochMetrics(epoch, rate, lossSum / steps, terms, 100.0 * correct / seen, steps,
                (System.nanoTime() - started) / 1_000_000);
    }

    private int resume(CheckpointStore store, NDManager root, String method, PromptLearner learner, TorchSgd sgd,
                       List<EpochMetrics> history) {
        Optional<Checkpoint> latest;
        try {
            latest = store.latest();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resume from " + store.dir() + ": " + e.getMessage(), e);
        }
        if (latest.isEmpty()) {
            return 0;
        }
        Checkpoint checkpoint = latest.get();
        if (!checkpoint.method().equals(method)) {
            throw new IllegalStateException("checkpoint folder " + store.dir() + " belongs to method '"
                    + checkpoint.method() + "', not '" + method + "'; use another folder or delete it");
        }
        if (!checkpoint.settings().equals(settings)) {
            throw new IllegalStateException("checkpoint folder " + store.dir() + " was written with settings "
                    + checkpoint.settings() + ", but this run uses " + settings
                    + "; a run resumes only with the same settings");
        }
        if (checkpoint.epochsCompleted() > settings.epochs()) {
            throw new IllegalStateException("checkpoint in " + store.dir() + " has " + checkpoint.epochsCompleted()
                    + " epochs, more than the " + settings.epochs() + " configured");
        }
        learner.importTensors(NdTensors.toArrays(root, checkpoint.learner()));
        try (NDManager scope = root.newSubManager()) {
            sgd.importState(NdTensors.toArrays(scope, checkpoint.momentum()));
        }
        history.addAll(checkpoint.history());
        return checkpoint.epochsCompleted();
    }

    private void writeCheckpoint(CheckpointStore store, NDManager root, String method, PromptLearner learner,
                                 TorchSgd sgd, int epochsCompleted, List<EpochMetrics> history) {
        try (NDManager scope = root.newSubManager()) {
            Checkpoint checkpoint = new Checkpoint(method, settings, epochsCompleted,
                    NdTensors.toTensors(learner.exportTensors(scope)), NdTensors.toTensors(sgd.exportState(scope)),
                    history);
            store.write(checkpoint);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a checkpoint into " + store.dir() + ": " + e.getMessage(), e);
        }
    }

    private static double scalar(NDArray array) {
        if (array.getShape().size() != 1) {
            throw new IllegalStateException("a loss must be a scalar, got shape " + array.getShape());
        }
        return array.getDataType() == DataType.FLOAT32 ? array.getFloat() : array.toType(DataType.FLOAT32, false)
                .getFloat();
    }

    /** Which inputs of a non-finite loss were already non-finite. */
    private static String diagnose(PromptLearner learner, TrainingBatch batch) {
        StringBuilder out = new StringBuilder("images finite: ").append(allFinite(batch.images()));
        learner.trainable().forEach((name, tensor) -> out.append(", ").append(name).append(" finite: ")
                .append(allFinite(tensor)));
        return out.toString();
    }

    private static boolean allFinite(NDArray array) {
        try (NDManager scope = array.getManager().newSubManager()) {
            NDArray copy = scope.zeros(array.getShape(), DataType.FLOAT32).add(array.toType(DataType.FLOAT32, false));
            return array.getShape().size() == 0 || Float.isFinite(copy.abs().max().getFloat());
        }
    }

    private static double finite(double value, String where, String what) {
        if (!Double.isFinite(value)) {
            throw new NonFiniteLossException(where + ": " + what + " became " + value);
        }
        return value;
    }

    private static long countCorrect(NDArray logits, NDArray labels) {
        NDArray predicted = logits.argMax(1).toType(DataType.INT64, false);
        return predicted.eq(labels.toType(DataType.INT64, false)).sum().getLong();
    }
}
