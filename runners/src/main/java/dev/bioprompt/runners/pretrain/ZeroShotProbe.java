package dev.bioprompt.runners.pretrain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.bioprompt.api.model.ImageEncodeOptions;
import dev.bioprompt.api.model.VisionLanguageModel;
import dev.bioprompt.api.model.VisualPrompts;
import dev.bioprompt.api.nd.OwnedArrays;
import dev.bioprompt.api.task.ImageSet;
import dev.bioprompt.api.task.LabeledImage;
import java.io.IOException;
import java.util.List;

/**
 * Plain CLIP zero-shot accuracy ({@code "a photo of a {}."}) of a backbone on an image set: the quick check that a
 * pretrained backbone carries signal.
 */
public final class ZeroShotProbe {

    private ZeroShotProbe() {
    }

    /** Top-1 accuracy in [0, 1]. */
    public static double accuracy(VisionLanguageModel model, ImageSet set) throws IOException {
        List<String> prompts = set.classNames().stream().map(c -> "a photo of a " + c + ".").toList();
        int size = model.dimensions().imageSize();
        try (NDManager manager = NDManager.newBaseManager(model.device())) {
            NDArray text = model.encodeText(manager, model.tokenize(prompts));
            text = text.div(text.norm(new int[] {-1}, true));
            int correct = 0;
            int batch = 64;
            for (int start = 0; start < set.size(); start += batch) {
                List<LabeledImage> chunk = set.images().subList(start, Math.min(set.size(), start + batch));
                float[] pixels = new float[chunk.size() * 3 * size * size];
                for (int i = 0; i < chunk.size(); i++) {
                    float[] one = model.preprocessor().toPixels(chunk.get(i).source().load());
                    System.arraycopy(one, 0, pixels, i * one.length, one.length);
                }
                try (NDManager step = manager.newSubManager()) {
                    NDArray images = OwnedArrays.of(step, pixels, new Shape(chunk.size(), 3, size, size));
                    NDArray features = model.encodeImage(step, images, VisualPrompts.none(), ImageEncodeOptions.POOLED)
                            .pooled();
                    features = features.div(features.norm(new int[] {-1}, true));
                    long[] predicted = features.matMul(text.transpose()).argMax(1).toLongArray();
                    for (int i = 0; i < chunk.size(); i++) {
                        if (predicted[i] == chunk.get(i).label()) {
                            correct++;
                        }
                    }
                }
            }
            return set.size() == 0 ? 0 : (double) correct / set.size();
        }
    }
}
