package dev.bioprompt.methods.toolkit;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.bioprompt.api.method.Classifier;
import java.util.List;

/**
 * A classifier that also owns a manager holding arrays it depends on (for example the frozen visual prompts of its
 * image forward), closed with it.
 */
public final class OwningClassifier implements Classifier {

    private final Classifier delegate;
    private final NDManager owned;

    /**
     * @param delegate the classifier
     * @param owned closed after the delegate
     */
    public OwningClassifier(Classifier delegate, NDManager owned) {
        this.delegate = requireNonNull(delegate, "delegate is null");
        this.owned = requireNonNull(owned, "owned is null");
    }

    @Override
    public List<String> classNames() {
        return delegate.classNames();
    }

    @Override
    public NDArray encodeImages(NDManager manager, NDArray images) {
        return delegate.encodeImages(manager, images);
    }

    @Override
    public NDArray logits(NDManager manager, NDArray imageFeatures) {
        return delegate.logits(manager, imageFeatures);
    }

    @Override
    public void close() {
        try {
            delegate.close();
        } finally {
            owned.close();
        }
    }
}
