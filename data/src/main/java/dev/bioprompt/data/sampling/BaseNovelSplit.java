package dev.bioprompt.data.sampling;

import dev.bioprompt.api.task.ImageSet;
import dev.bioprompt.api.task.LabeledImage;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The base-to-novel class split of the reference: the labels present in the training set, sorted ascending; the
 * first {@code ceil(n/2)} are base, the rest novel. Each half is relabelled 0..size-1 in original order.
 *
 * @param baseLabels original labels of the base classes, ascending
 * @param novelLabels original labels of the novel classes, ascending
 */
public record BaseNovelSplit(List<Integer> baseLabels, List<Integer> novelLabels) {
    public BaseNovelSplit {
        baseLabels = List.copyOf(baseLabels);
        novelLabels = List.copyOf(novelLabels);
    }

    /** Splits the labels present in a (few-shot) training set. */
    public static BaseNovelSplit of(ImageSet train) {
        SortedSet<Integer> labels = new TreeSet<>();
        train.images().forEach(i -> labels.add(i.label()));
        List<Integer> sorted = new ArrayList<>(labels);
        int m = (sorted.size() + 1) / 2;
        return new BaseNovelSplit(sorted.subList(0, m), sorted.subList(m, sorted.size()));
    }

    /** The base classes of a set, relabelled; named {@code name}. */
    public ImageSet base(ImageSet set, String name) {
        return keep(set, baseLabels, name);
    }

    /** The novel classes of a set, relabelled; named {@code name}. */
    public ImageSet novel(ImageSet set, String name) {
        return keep(set, novelLabels, name);
    }

    /** Keeps the images whose label is in {@code labels} and relabels them by position in {@code labels}. */
    public static ImageSet keep(ImageSet set, List<Integer> labels, String name) {
        List<String> names = new ArrayList<>();
        for (int label : labels) {
            names.add(set.classNames().get(label));
        }
        List<LabeledImage> images = new ArrayList<>();
        for (LabeledImage image : set.images()) {
            int index = labels.indexOf(image.label());
            if (index >= 0) {
                images.add(new LabeledImage(image.source(), index));
            }
        }
        return new ImageSet(name, names, images);
    }
}
