package dev.bioprompt.data.augment;

/**
 * The reference pipelines. Most return an {@link ImageTransform} whose output is an RGB image of the model's input
 * size; the caller turns it into the normalised tensor with the backbone's {@code ImagePreprocessor}.
 * {@link #strongViewNormalised()} is a {@link PixelTransform} that works on that normalised tensor instead.
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

    /**
     * BioVLM's weak view, applied to the training view: a horizontal flip with p 0.5. A flip commutes with the
     * per-channel normalisation, so this is also the released code's weak view (which flips the normalised tensor).
     */
    public static ImageTransform weakView() {
        return new HorizontalFlip(0.5);
    }

    /**
     * BioVLM's strong view, applied to the training view: flip (p 0.5); with p 0.8 ColorJitter(0.4, 0.4, 0.4, 0.1);
     * with p 0.5 GaussianBlur(3, sigma 0.1-2.0). The jitter and blur work on the 8-bit image, which is normalised
     * afterwards: the clean reading of the BioVLM spec (§2.5).
     */
    public static ImageTransform strongView() {
        return ImageTransform.compose(new HorizontalFlip(0.5),
                ImageTransform.randomApply(new ColorJitter(0.4, 0.4, 0.4, 0.1), 0.8),
                ImageTransform.randomApply(new GaussianBlur(3), 0.5));
    }

    /**
     * BioVLM's strong view in the released code's order, applied to the training view's normalised pixels: flip
     * (p 0.5); with p 0.8 {@link TensorColorJitter}(0.4, 0.4, 0.4, 0.1); with p 0.5 {@link TensorGaussianBlur}(3,
     * sigma 0.1-2.0). torchvision's tensor colour operations clamp to [0, 1], so every jitter zeroes the negative
     * normalised values (BioVLM spec §2.5 and §2.10 item 5).
     */
    public static PixelTransform strongViewNormalised() {
        return PixelTransform.compose(new HorizontalFlip(0.5),
                PixelTransform.randomApply(new TensorColorJitter(0.4, 0.4, 0.4, 0.1), 0.8),
                PixelTransform.randomApply(new TensorGaussianBlur(3), 0.5));
    }
}
