package dev.bioprompt.methods.cocoop;

import dev.bioprompt.api.method.MethodContext;
import dev.bioprompt.api.method.MethodParameter;
import dev.bioprompt.api.method.PromptLearner;
import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.api.method.TrainingDefaults;
import java.util.List;

/**
 * CoCoOp (Zhou et al., CVPR 2022) on BiomedCLIP, as released in BiomedCoOp ({@code CoCoOp_BiomedCLIP}): CoOp's
 * context plus a per-image shift from a small meta-net on the normalised image feature
 * ({@code Linear(E, E/16) -> ReLU -> Linear(E/16, D)}), so every image has its own context and its own class
 * features ({@code B * C} text passes per batch). Cross-entropy only.
 *
 * <p>Defaults reproduce the reference: 4 context vectors from "a photo of a", class token at the end, BERT dropout
 * off while training, SGD lr 0.001, batch 1, 10 epochs for every protocol (the released base-to-novel script loads
 * epoch 50 of a 10-epoch run and fails; the last epoch, 10, is evaluated, as the Biomed-DPT runner does).
 */
public final class CoCoopMethod implements PromptMethod {

    /** The method name. */
    public static final String NAME = "cocoop";

    static final String N_CTX = "n-ctx";
    static final String CTX_INIT = "ctx-init";
    static final String TEXT_DROPOUT = "text-dropout";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "CoCoOp: CoOp context shifted per image by a meta-net on the image feature (Zhou et al. 2022)";
    }

    @Override
    public List<MethodParameter> parameters() {
        return List.of(
                MethodParameter.integer(N_CTX, 4,
                        "number of context vectors; replaced by the word count of ctx-init when that is set"),
                MethodParameter.text(CTX_INIT, "a photo of a",
                        "words whose embeddings initialise the context; empty for random N(0, 0.02^2) init"),
                MethodParameter.flag(TEXT_DROPOUT, false,
                        "run BERT dropout while training (off in the reference, which trains only the prompt learner)"));
    }

    @Override
    public TrainingDefaults trainingDefaults() {
        return new TrainingDefaults(10, 1, 0.001, 1, 1e-5);
    }

    @Override
    public PromptLearner create(MethodContext context) {
        return new CoCoopLearner(context);
    }
}
