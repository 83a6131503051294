package dev.bioprompt.data.split;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A parsed BiomedCoOp split file: the fixed train, val and test lists and the class names in label order.
 *
 * @param source the file it was read from (for messages)
 * @param train the training entries in file order
 * @param val the validation entries in file order
 * @param test the test entries in file order
 * @param classNames class names indexed by label
 */
public record SplitFile(String source, List<SplitEntry> train, List<SplitEntry> val, List<SplitEntry> test,
                        List<String> classNames) {
    public SplitFile {
        requireNonNull(source, "source is null");
        train = List.copyOf(requireNonNull(train, "train is null"));
        val = List.copyOf(requireNonNull(val, "val is null"));
        test = List.copyOf(requireNonNull(test, "test is null"));
        classNames = List.copyOf(requireNonNull(classNames, "classNames is null"));
    }

    /** The entries of one split by name ({@code train}, {@code val} or {@code test}). */
    public List<SplitEntry> split(String name) {
        return switch (name) {
            case "train" -> train;
            case "val" -> val;
            case "test" -> test;
            default -> throw new IllegalArgumentException("unknown split '" + name + "': expected train, val or test");
        };
    }
}
