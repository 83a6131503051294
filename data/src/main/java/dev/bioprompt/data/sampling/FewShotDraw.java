package dev.bioprompt.data.sampling;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The result of a few-shot draw.
 *
 * @param train K items per class, in draw order
 * @param val min(K, 4) items per class, in draw order
 * @param warnings one line per class that had fewer items than requested
 */
public record FewShotDraw<T>(List<T> train, List<T> val, List<String> warnings) {
    public FewShotDraw {
        train = List.copyOf(requireNonNull(train, "train is null"));
        val = List.copyOf(requireNonNull(val, "val is null"));
        warnings = List.copyOf(requireNonNull(warnings, "warnings is null"));
    }
}
