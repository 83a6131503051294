package dev.bioprompt.data;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.task.ImageSet;
import java.util.List;

/**
 * A dataset read from disk: its fixed train, val and test splits (full, in file order).
 *
 * @param name the dataset key
 * @param classNames class names in label order
 * @param train the full train split
 * @param val the full val split
 * @param test the full test split
 */
public record LoadedDataset(String name, List<String> classNames, ImageSet train, ImageSet val, ImageSet test) {
    public LoadedDataset {
        requireNonNull(name, "name is null");
        classNames = List.copyOf(requireNonNull(classNames, "classNames is null"));
        requireNonNull(train, "train is null");
        requireNonNull(val, "val is null");
        requireNonNull(test, "test is null");
    }
}
