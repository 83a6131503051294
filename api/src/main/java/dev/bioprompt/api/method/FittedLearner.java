package dev.bioprompt.api.method;

import ai.djl.ndarray.NDManager;

/**
 * A learner that is fitted from frozen image features instead of being trained by SGD epochs: cache models
 * (Tip-Adapter), linear probes solved by L-BFGS, probes trained by full-batch gradient descent on features (LP++).
 *
 * <p>The engine computes the features once and hands them over as {@link FittingData}: the backbone's pooled image
 * features of the support set (one or more augmented passes, each computed once and kept for the fit) and of the
 * few-shot validation set, with their labels. The learner fits in {@link #fit}, with whatever solver and
 * hyper-parameter search its reference uses, and afterwards exports, imports and classifies like any other learner.
 * Its {@link #trainable()} is empty and its method reports {@link PromptMethod#fitsFromFeatures()}, so the SGD engine
 * never steps it. Before {@code fit}, a fitted learner classifies as its zero-shot starting point.
 */
public interface FittedLearner extends PromptLearner {

    /**
     * Fits the learner. Called once per run by the engine, outside any gradient recording; a second call refits from
     * scratch.
     *
     * @param manager a manager for temporary arrays, closed by the engine after the fit
     * @param data the frozen features of the support and validation sets
     * @throws IllegalArgumentException when the data cannot be fitted (for example an empty validation set for a
     *     method that selects hyper-parameters on it), naming what is missing
     */
    void fit(NDManager manager, FittingData data);
}
