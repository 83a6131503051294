package dev.bioprompt.data.augment;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.task.LabeledImage;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;

/**
 * One decoded and augmented batch.
 *
 * @param index batch number, from 0
 * @param items the images' sources and labels, in order
 * @param images the main view, RGB at the model's input size
 * @param views extra views by name (each derived from the main view), same order
 */
public record LoadedBatch(int index, List<LabeledImage> items, List<BufferedImage> images,
                          Map<String, List<BufferedImage>> views) {
    public LoadedBatch {
        items = List.copyOf(requireNonNull(items, "items is null"));
        images = List.copyOf(requireNonNull(images, "images is null"));
        views = Map.copyOf(requireNonNull(views, "views is null"));
    }

    /** The labels, in order. */
    public int[] labels() {
        return items.stream().mapToInt(LabeledImage::label).toArray();
    }
}
