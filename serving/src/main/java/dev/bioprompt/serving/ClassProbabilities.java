package dev.bioprompt.serving;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The class probabilities of one image, in the classifier's class order.
 *
 * @param byClass probability per class name (they sum to 1)
 */
public record ClassProbabilities(Map<String, Double> byClass) {
    public ClassProbabilities {
        byClass = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(byClass, "byClass is null")));
        if (byClass.isEmpty()) {
            throw new IllegalArgumentException("no classes");
        }
    }

    /** The most probable class. */
    public String predicted() {
        return byClass.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    /** The probability of the most probable class. */
    public double confidence() {
        return byClass.get(predicted());
    }
}
