package dev.bioprompt.methods.fsclip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.bioprompt.api.model.VisionLanguageModel;
import dev.bioprompt.methods.toolkit.FeatureMath;
import java.util.ArrayList;
import java.util.List;

/**
 * The harness's text classifier {@code T}: per class, the normalised text feature of the template
 * {@code "a photo of a {}."} (one template, so the mean over templates and the renormalisation change nothing).
 */
final class TemplateText {

    /** The harness template. */
    static final String TEMPLATE = "a photo of a {}.";

    private TemplateText() {
    }

    /** Normalised class text features as rows {@code [C, D]}. */
    static double[][] features(VisionLanguageModel model, NDManager manager, List<String> classNames) {
        List<String> texts = new ArrayList<>(classNames.size());
        for (String name : classNames) {
            texts.add(TEMPLATE.replace("{}", name.replace('_', ' ')));
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray features = FeatureMath.normalize(model.encodeText(scope, model.tokenize(texts)));
            return Dense.of(features);
        }
    }
}
