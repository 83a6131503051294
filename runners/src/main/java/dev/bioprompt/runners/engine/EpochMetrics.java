package dev.bioprompt.runners.engine;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one training epoch measured.
 *
 * @param epoch the 0-based epoch
 * @param learningRate the rate the epoch ran at
 * @param loss the mean total loss over the epoch's steps
 * @param terms the mean of every loss term by name
 * @param accuracy training accuracy in percent, from the batches' logits
 * @param steps optimiser steps in the epoch
 * @param millis wall time of the epoch
 */
public record EpochMetrics(int epoch, double learningRate, double loss, Map<String, Double> terms, double accuracy,
                           int steps, long millis) {

    public EpochMetrics {
        terms = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(terms, "terms is null")));
    }

    /**
     * The metrics as tracked per epoch: {@code train_loss}, {@code train_loss_<term>}, {@code train_accuracy}
     * (percent) and {@code learning_rate}.
     */
    public Map<String, Double> asMetrics() {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("train_loss", loss);
        terms.forEach((name, value) -> out.put("train_loss_" + name, value));
        out.put("train_accuracy", accuracy);
        out.put("learning_rate", learningRate);
        return out;
    }
}
