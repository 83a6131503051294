package dev.bioprompt.data;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.task.FewShotTask;
import dev.bioprompt.api.task.ImageSet;
import dev.bioprompt.api.task.LabeledImage;
import dev.bioprompt.api.task.Protocol;
import dev.bioprompt.data.sampling.BaseNovelSplit;
import dev.bioprompt.data.sampling.FewShotDraw;
import dev.bioprompt.data.sampling.FewShotSampler;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the {@link FewShotTask} of one run from a dataset root, following the reference protocols.
 *
 * <ul>
 *   <li>{@link Protocol#FEW_SHOT}: K shots per class sampled from train (and min(K,4) from val) as the reference
 *       does; evaluation on the full test split ({@code test}).</li>
 *   <li>{@link Protocol#BASE_TO_NOVEL}: the K-shot draw over all classes, then only the base half is kept (and
 *       relabelled); evaluations {@code base} and {@code novel} (test images of each half, with that half's class
 *       names).</li>
 *   <li>{@link Protocol#CROSS_DATASET}: the few-shot task on the source, plus one evaluation {@code target:<DS>} per
 *       target with the target's full test split and class names.</li>
 * </ul>
 */
public final class TaskBuilder {

    private final Path root;

    /** A builder reading datasets under {@code root}. */
    public TaskBuilder(Path root) {
        this.root = requireNonNull(root, "root is null");
    }

    /**
     * Builds a task.
     *
     * @param targets target dataset names (cross-dataset only; must be empty otherwise)
     * @throws IOException naming the dataset file that is missing or malformed
     */
    public FewShotTask build(String dataset, Protocol protocol, int shots, long seed, List<String> targets)
            throws IOException {
        requireNonNull(protocol, "protocol is null");
        requireNonNull(targets, "targets is null");
        if (protocol != Protocol.CROSS_DATASET && !targets.isEmpty()) {
            throw new IllegalArgumentException("targets are only used by cross-dataset, not " + protocol.key());
        }
        if (protocol == Protocol.CROSS_DATASET && targets.isEmpty()) {
            throw new IllegalArgumentException("cross-dataset needs at least one target dataset");
        }
        LoadedDataset source = DatasetLoader.load(root, dataset);
        FewShotDraw<LabeledImage> draw = FewShotSampler.draw(source.train().images(), source.val().images(),
                LabeledImage::label, shots, seed);
        ImageSet support = new ImageSet("train", source.classNames(), draw.train());
        ImageSet validation = new ImageSet("val", source.classNames(), draw.val());
        List<ImageSet> evaluations = new ArrayList<>();
        switch (protocol) {
            case FEW_SHOT -> evaluations.add(source.test());
            case BASE_TO_NOVEL -> {
                BaseNovelSplit split = BaseNovelSplit.of(support);
                support = split.base(support, "train");
                validation = split.base(validation, "val");
                evaluations.add(split.base(source.test(), "base"));
                evaluations.add(split.novel(source.test(), "novel"));
            }
            case CROSS_DATASET -> {
                evaluations.add(source.test());
                for (String target : targets) {
                    LoadedDataset t = DatasetLoader.load(root, target);
                    evaluations.add(new ImageSet("target:" + t.name(), t.classNames(), t.test().images()));
                }
            }
            default -> throw new IllegalStateException("unhandled protocol " + protocol);
        }
        return new FewShotTask(source.name(), protocol, shots, seed, support, validation, evaluations);
    }
}
