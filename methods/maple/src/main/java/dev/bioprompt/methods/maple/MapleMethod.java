package dev.bioprompt.methods.maple;

import dev.bioprompt.api.method.MethodContext;
import dev.bioprompt.api.method.MethodParameter;
import dev.bioprompt.api.method.PromptLearner;
import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.api.method.TrainingDefaults;
import java.util.List;

/**
 * MaPLe as released for BiomedCLIP ({@code Maple_BiomedCLIP} in the Biomed-DPT code base): CoOp's text context,
 * and visual prompt tokens computed from it by a learned coupling layer, {@code u = ctx W^T + b}, which overwrite
 * the first patch tokens once, at the input of the first vision block. The declared deep prompts of the released
 * code are never used, so the effective prompt depth is 1 on both towers; the paper's deep coupling (which needs
 * deep text prompts) is not what produced any biomedical number and is not offered.
 *
 * <p>Defaults reproduce the released trainer: 4 context vectors from "a photo of a", class token at the end, BERT
 * dropout on while training (the whole model is registered), SGD lr 0.002, batch 32, 100 epochs, the same for every
 * dataset. The reference runs few-shot only; the classifier serves any class list, so base-to-novel and
 * cross-dataset runs work the same way.
 */
public final class MapleMethod implements PromptMethod {

    /** The method name. */
    public static final String NAME = "maple";

    static final String CTX_INIT = "ctx-init";
    static final String VISUAL_PROMPT_MODE = "visual-prompt-mode";
    static final String TEXT_DROPOUT = "text-dropout";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "MaPLe (as released for BiomedCLIP): text context and first-layer visual prompts coupled by a linear "
                + "layer";
    }

    @Override
    public List<MethodParameter> parameters() {
        return List.of(
                MethodParameter.text(CTX_INIT, "a photo of a",
                        "words whose embeddings initialise the text context (one vector per word)"),
                MethodParameter.choice(VISUAL_PROMPT_MODE, "overwrite",
                        "overwrite the first patch tokens (the released code) or insert the prompts after the class "
                                + "token", "overwrite", "insert"),
                MethodParameter.flag(TEXT_DROPOUT, true,
                        "run BERT dropout while training (on in the reference, which trains the whole model in train "
                                + "mode)"));
    }

    @Override
    public TrainingDefaults trainingDefaults() {
        return new TrainingDefaults(100, 32, 0.002, 1, 1e-5);
    }

    @Override
    public PromptLearner create(MethodContext context) {
        return new MapleLearner(context);
    }
}
