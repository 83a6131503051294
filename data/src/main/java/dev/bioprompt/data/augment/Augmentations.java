package dev.bioprompt.data.augment;

/**
 * The reference pipelines. Each returns an {@link ImageTransform} whose output is an RGB image of the model's input
 * size; the caller turns it into the normalised tensor with the backbone's {@code ImagePreprocessor}.
 */
public final class Augmentations {

    private Augmentations() {
    }

    /** Training view of the biomedical configs: RandomResizedCrop(size, bicubic), no flip. */
    public static ImageTransform train(int size) {
        return new RandomResizedCrop(size);
    }

    /** Training view with a horizontal flip (p 0.5) after the crop (BioVLM, the original CoOp). */
    public static ImageTransform trainWithFlip(int size) {
        return new RandomResizedCrop(size).then(new HorizontalFlip(0.5));
    }

    /** Test transform: shorter side to {@code size} (bicubic), centre crop. */
    public static ImageTransform test(int size) {
        return new ResizeCenterCrop(size);
    }

    /** BioVLM's weak view, applied to the training view: a horizontal flip with p 0.5. */
    public static ImageTransform weakView() {
        return new HorizontalFlip(0.5);
    }

    /**
     * BioVLM's strong view, applied to the training view: flip (p 0.5); with p 0.8 ColorJitter(0.4, 0.4, 0.4, 0.1);
     * with p 0.5 GaussianBlur(3, sigma 0.1-2.0).
     */
    public static ImageTransform strongView() {
        return ImageTransform.compose(new HorizontalFlip(0.5),
                ImageTransform.randomApply(new ColorJitter(0.4, 0.4, 0.4, 0.1), 0.8),
                ImageTransform.randomApply(new GaussianBlur(3), 0.5));
    }
}
