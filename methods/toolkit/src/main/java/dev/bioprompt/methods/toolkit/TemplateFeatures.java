package dev.bioprompt.methods.toolkit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.bioprompt.api.model.VisionLanguageModel;
import java.util.ArrayList;
import java.util.List;

/**
 * The frozen zero-shot text features of one hand-crafted template per class (KgCoOp's knowledge features, ProGrad's
 * zero-shot teacher), computed with the frozen model in inference mode.
 */
public final class TemplateFeatures {

    private TemplateFeatures() {
    }

    /** The template with {@code {}} replaced by the class name ({@code _} becomes a space, as in the reference). */
    public static String fill(String template, String className) {
        if (!template.contains("{}")) {
            throw new IllegalArgumentException("template '" + template + "' has no {} for the class name");
        }
        return template.replace("{}", className.replace('_', ' '));
    }

    /**
     * The L2-normalised features {@code [C, D]} of the template filled with every class name, without gradients.
     *
     * @param manager owns the result
     */
    public static NDArray normalized(VisionLanguageModel model, NDManager manager, String template,
                                     List<String> classNames) {
        List<String> texts = new ArrayList<>(classNames.size());
        classNames.forEach(name -> texts.add(fill(template, name)));
        try (NDManager scope = manager.newSubManager()) {
            NDArray features = FeatureMath.normalize(model.encodeText(scope, model.tokenize(texts))).stopGradient()
                    .duplicate();
            features.attach(manager);
            return features;
        }
    }
}
