package dev.bioprompt.methods.coop;

import dev.bioprompt.api.method.MethodContext;
import dev.bioprompt.api.method.MethodParameter;
import dev.bioprompt.api.method.PromptLearner;
import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.api.method.TrainingDefaults;
import java.util.List;

/**
 * CoOp (Zhou et al., IJCV 2022) on BiomedCLIP, as run in the BiomedCoOp benchmark ({@code CoOp_BiomedCLIP}):
 * learnable word-embedding context vectors in front of (or around) the class name, trained with cross-entropy.
 *
 * <p>Defaults reproduce the biomedical benchmark: 4 context vectors initialised from "a photo of a", one context
 * shared by all classes, class token at the end, SGD lr 0.002, batch 32, 100 epochs (use 50 for base-to-novel), and
 * BERT dropout off while training (the reference registers only the prompt learner, so BERT stays in eval mode).
 */
public final class CoopMethod implements PromptMethod {

    /** The method name. */
    public static final String NAME = "coop";

    static final String N_CTX = "n-ctx";
    static final String CTX_INIT = "ctx-init";
    static final String CSC = "csc";
    static final String CLASS_TOKEN_POSITION = "class-token-position";
    static final String TEXT_DROPOUT = "text-dropout";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "CoOp: learnable text context vectors trained with cross-entropy (Zhou et al. 2022)";
    }

    @Override
    public List<MethodParameter> parameters() {
        return List.of(
                MethodParameter.integer(N_CTX, 4,
                        "number of context vectors; replaced by the word count of ctx-init when that is set").atLeast(1),
                MethodParameter.text(CTX_INIT, "a photo of a",
                        "words whose embeddings initialise the context; empty for random N(0, 0.02^2) init"),
                MethodParameter.flag(CSC, false,
                        "class-specific context (one context per class; needs an empty ctx-init, as in the reference)"),
                MethodParameter.choice(CLASS_TOKEN_POSITION, "end", "where the class-name tokens go",
                        "end", "middle", "front"),
                MethodParameter.flag(TEXT_DROPOUT, false,
                        "run BERT dropout while training (off in the reference CoOp_BiomedCLIP)"));
    }

    @Override
    public TrainingDefaults trainingDefaults() {
        return new TrainingDefaults(100, 32, 0.002, 1, 1e-5);
    }

    @Override
    public PromptLearner create(MethodContext context) {
        return new CoopLearner(context);
    }
}
