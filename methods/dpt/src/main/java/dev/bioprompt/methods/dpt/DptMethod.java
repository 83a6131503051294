package dev.bioprompt.methods.dpt;

import dev.bioprompt.api.method.MethodContext;
import dev.bioprompt.api.method.MethodParameter;
import dev.bioprompt.api.method.PromptLearner;
import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.api.method.TrainingDefaults;
import java.util.List;

/**
 * DPT as released for BiomedCLIP ({@code DPT_BiomedCLIP} in the Biomed-DPT code base; not Biomed-DPT): CoOp's text
 * context plus free learnable visual prompt tokens ({@code N(0, 0.02^2)} init) that overwrite the first patch tokens
 * once, at the input of the first vision block. Cross-entropy only. There is no class-aware visual prompt.
 *
 * <p>Defaults reproduce the authors' runner: 4 text context vectors from "a photo of a", 4 visual tokens, class token
 * at the end (the runner's setting; the trainer's own default {@code middle} counts every class name as one token,
 * which {@code class-token-position=middle} reproduces), BERT dropout on while training, SGD lr 0.002, batch 32, 100
 * epochs, the same for every dataset. The reference runs few-shot only; the classifier serves any class list.
 */
public final class DptMethod implements PromptMethod {

    /** The method name. */
    public static final String NAME = "dpt";

    static final String CTX_INIT = "ctx-init";
    static final String CLASS_TOKEN_POSITION = "class-token-position";
    static final String VISUAL_PROMPT_TOKENS = "visual-prompt-tokens";
    static final String VISUAL_PROMPT_MODE = "visual-prompt-mode";
    static final String TEXT_DROPOUT = "text-dropout";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "DPT (as released for BiomedCLIP): CoOp text context plus free first-layer visual prompt tokens";
    }

    @Override
    public List<MethodParameter> parameters() {
        return List.of(
                MethodParameter.text(CTX_INIT, "a photo of a",
                        "words whose embeddings initialise the text context (one vector per word)"),
                MethodParameter.choice(CLASS_TOKEN_POSITION, "end",
                        "where the class token goes (middle and front count each class name as one token, as the "
                                + "reference does)", "end", "middle", "front"),
                MethodParameter.integer(VISUAL_PROMPT_TOKENS, 4,
                        "learnable visual prompt tokens at the first block (0: the text side alone)"),
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
        return new DptLearner(context);
    }
}
