package dev.bioprompt.data.split;

import static java.util.Objects.requireNonNull;

/**
 * One entry of a BiomedCoOp split file.
 *
 * @param path image path relative to {@code <root>/<DS>/<DS>/}, always {@code class_folder/filename}
 * @param label 0-based label
 * @param className the class name used in prompts (lower case with spaces)
 */
public record SplitEntry(String path, int label, String className) {
    public SplitEntry {
        requireNonNull(path, "path is null");
        requireNonNull(className, "className is null");
        if (label < 0) {
            throw new IllegalArgumentException("label must be >= 0 for " + path + ", was " + label);
        }
    }
}
