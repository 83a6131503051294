package dev.bioprompt.methods.ogkd;

import static dev.bioprompt.api.method.Presets.preset;

import dev.bioprompt.api.method.MethodContext;
import dev.bioprompt.api.method.MethodParameter;
import dev.bioprompt.api.method.Presets;
import dev.bioprompt.api.method.PromptLearner;
import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.api.method.TrainingDefaults;
import dev.bioprompt.api.method.ValueRange;
import java.util.List;
import java.util.Map;

/**
 * OGKD (Omni-Geometry Knowledge Distillation): BiomedCoOp's cross-entropy, SCCM and outlier-pruned LLM teacher, with
 * the teacher KL replaced by GAD, a KL towards a target smoothed along a class graph built from description
 * prototypes, plus LGD, a graph-smoothed ground-truth distillation on the top-k patches chosen by the teacher's
 * ground-truth patch logit. With {@code gamma = 0} and {@code lambda-lgd = 0} it is BiomedCoOp.
 *
 * <p>Presets: keys are dataset names for the few-shot protocol and {@code <dataset>@base-to-novel} for the
 * base-to-novel protocol (trained for 50 epochs instead of 100).
 */
public final class OgkdMethod implements PromptMethod {

    /** The method name. */
    public static final String NAME = "ogkd";

    /** Suffix of the preset keys for the base-to-novel protocol. */
    public static final String BASE_TO_NOVEL = "@base-to-novel";

    static final String N_CTX = "n-ctx";
    static final String CTX_INIT = "ctx-init";
    static final String N_PROMPTS = "n-prompts";
    static final String LAMBDA_SCCM = "lambda-sccm";
    static final String LAMBDA_GAD = "lambda-gad";
    static final String LAMBDA_LGD = "lambda-lgd";
    static final String TAU = "tau";
    static final String GAMMA = "gamma";
    static final String ALPHA = "alpha";
    static final String TOPK_RATIO = "topk-ratio";
    static final String GEOMETRY_SPACE = "geometry-space";
    static final String TEXT_DROPOUT = "text-dropout";
    static final String NOVEL_FOLD_BACK = "novel-fold-back";

    /** Per-dataset presets (few-shot; then base-to-novel), from the reference configs. */
    private static final Map<String, Map<String, String>> PRESETS = Presets.table(
            preset("BTMRI", Map.of(TAU, 1.5, LAMBDA_SCCM, 0.5, LAMBDA_GAD, 1.75, LAMBDA_LGD, 0.05, GAMMA, 0.5,
                    TOPK_RATIO, 0.4, ALPHA, 4.0)),
            preset("BUSI", Map.of(TAU, 1.5, LAMBDA_SCCM, 0.75, LAMBDA_GAD, 0.1, LAMBDA_LGD, 0.75, GAMMA, 0.05,
                    TOPK_RATIO, 0.8, ALPHA, 4.0)),
            preset("CHMNIST", Map.of(TAU, 1.5, LAMBDA_SCCM, 0.25, LAMBDA_GAD, 2.25, LAMBDA_LGD, 0.05, GAMMA, 0.7,
                    TOPK_RATIO, 0.8, ALPHA, 4.0)),
            preset("COVID_19", Map.of(TAU, 1.5, LAMBDA_SCCM, 0.5, LAMBDA_GAD, 3.5, LAMBDA_LGD, 0.75, GAMMA, 0.1,
                    TOPK_RATIO, 0.2, ALPHA, 4.0)),
            preset("CTKidney", Map.of(TAU, 1.5, LAMBDA_SCCM, 1.0, LAMBDA_GAD, 1.25, LAMBDA_LGD, 0.1, GAMMA, 0.7,
                    TOPK_RATIO, 0.03, ALPHA, 4.0)),
            preset("DermaMNIST", Map.of(TAU, 1.5, LAMBDA_SCCM, 5.0, LAMBDA_GAD, 24.0, LAMBDA_LGD, 4.0, GAMMA, 0.6,
                    TOPK_RATIO, 0.1, ALPHA, 4.0)),
            preset("KneeXray", Map.of(TAU, 1.75, LAMBDA_SCCM, 5.0, LAMBDA_GAD, 20.0, LAMBDA_LGD, 1.75, GAMMA, 0.4,
                    TOPK_RATIO, 0.8, ALPHA, 4.0)),
            preset("Kvasir", Map.of(TAU, 1.5, LAMBDA_SCCM, 0.75, LAMBDA_GAD, 0.5, LAMBDA_LGD, 1.0, GAMMA, 0.01,
                    TOPK_RATIO, 0.01, ALPHA, 4.0)),
            preset("LungColon", Map.of(TAU, 1.5, LAMBDA_SCCM, 0.5, LAMBDA_GAD, 1.0, LAMBDA_LGD, 0.05, GAMMA, 0.5,
                    TOPK_RATIO, 0.05, ALPHA, 4.0)),
            preset("OCTMNIST", Map.of(TAU, 1.5, LAMBDA_SCCM, 1.0, LAMBDA_GAD, 4.0, LAMBDA_LGD, 3.25, GAMMA, 0.7,
                    TOPK_RATIO, 0.03, ALPHA, 4.0)),
            preset("RETINA", Map.of(TAU, 1.5, LAMBDA_SCCM, 0.25, LAMBDA_GAD, 0.5, LAMBDA_LGD, 1.25, GAMMA, 0.7,
                    TOPK_RATIO, 0.1, ALPHA, 4.0)),
            preset("BTMRI" + BASE_TO_NOVEL, Map.of(TAU, 1.25, LAMBDA_SCCM, 0.5, LAMBDA_GAD, 0.5, LAMBDA_LGD, 0.01, GAMMA, 0.8,
                    TOPK_RATIO, 0.5, ALPHA, 1.0)),
            preset("CHMNIST" + BASE_TO_NOVEL, Map.of(TAU, 1.5, LAMBDA_SCCM, 10.0, LAMBDA_GAD, 3.75, LAMBDA_LGD, 0.01, GAMMA, 0.3,
                    TOPK_RATIO, 0.05, ALPHA, 1.0)),
            preset("COVID_19" + BASE_TO_NOVEL, Map.of(TAU, 1.25, LAMBDA_SCCM, 20.0, LAMBDA_GAD, 0.5, LAMBDA_LGD, 2.25, GAMMA, 0.05,
                    TOPK_RATIO, 0.5, ALPHA, 1.0)),
            preset("CTKidney" + BASE_TO_NOVEL, Map.of(TAU, 1.25, LAMBDA_SCCM, 10.0, LAMBDA_GAD, 2.0, LAMBDA_LGD, 0.25, GAMMA, 0.9,
                    TOPK_RATIO, 0.3, ALPHA, 1.0)),
            preset("DermaMNIST" + BASE_TO_NOVEL, Map.of(TAU, 1.5, LAMBDA_SCCM, 2.0, LAMBDA_GAD, 3.5, LAMBDA_LGD, 0.1, GAMMA, 0.1,
                    TOPK_RATIO, 0.3, ALPHA, 1.0)),
            preset("KneeXray" + BASE_TO_NOVEL, Map.of(TAU, 1.25, LAMBDA_SCCM, 0.25, LAMBDA_GAD, 4.75, LAMBDA_LGD, 0.01, GAMMA, 0.3,
                    TOPK_RATIO, 0.6, ALPHA, 1.0)),
            preset("Kvasir" + BASE_TO_NOVEL, Map.of(TAU, 1.25, LAMBDA_SCCM, 1.0, LAMBDA_GAD, 3.5, LAMBDA_LGD, 22.0, GAMMA, 0.3,
                    TOPK_RATIO, 0.03, ALPHA, 1.0)),
            preset("LungColon" + BASE_TO_NOVEL, Map.of(TAU, 1.25, LAMBDA_SCCM, 0.25, LAMBDA_GAD, 0.25, LAMBDA_LGD, 2.0, GAMMA, 0.4,
                    TOPK_RATIO, 0.6, ALPHA, 1.0)),
            preset("OCTMNIST" + BASE_TO_NOVEL, Map.of(TAU, 1.5, LAMBDA_SCCM, 0.75, LAMBDA_GAD, 0.25, LAMBDA_LGD, 0.03, GAMMA, 0.7,
                    TOPK_RATIO, 0.01, ALPHA, 1.0)),
            preset("RETINA" + BASE_TO_NOVEL, Map.of(TAU, 2.0, LAMBDA_SCCM, 5.0, LAMBDA_GAD, 0.5, LAMBDA_LGD, 0.01, GAMMA, 0.3, TOPK_RATIO, 0.9, ALPHA, 1.0)));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "OGKD: BiomedCoOp with class-graph-smoothed global (GAD) and attentive-patch (LGD) distillation";
    }

    @Override
    public List<MethodParameter> parameters() {
        return List.of(
                MethodParameter.integer(N_CTX, 4, "number of context vectors; word initialisation only when it is 4").atLeast(1),
                MethodParameter.text(CTX_INIT, "a photo of a",
                        "words whose embeddings initialise the context (used only with n-ctx 4, as in BiomedCoOp)"),
                MethodParameter.integer(N_PROMPTS, 50, "how many LLM descriptions per class (the first ones)").atLeast(1),
                MethodParameter.real(LAMBDA_SCCM, 1.0, "weight of the SCCM mean-squared-error term"),
                MethodParameter.real(LAMBDA_GAD, 1.0, "weight of the graph-smoothed global distillation (GAD)"),
                MethodParameter.real(LAMBDA_LGD, 0.0, "weight of the attentive-patch distillation (LGD); 0 skips it"),
                MethodParameter.real(TAU, 1.5, "outlier threshold of the description selection, in standard deviations"),
                MethodParameter.real(GAMMA, 0.3, "weight of the class-graph propagation in the smoothed target").between(0, 1),
                MethodParameter.real(ALPHA, 4.0, "sharpness of the class graph row-softmax(alpha * cosine)"),
                MethodParameter.real(TOPK_RATIO, 0.3, "fraction of patches LGD distils (k = max(1, round(N * ratio)))").within(new ValueRange(0, false, 1, true)),
                MethodParameter.choice(GEOMETRY_SPACE, "log",
                        "mix the target in log space (released code) or probability space (method figure)",
                        "log", "probability"),
                MethodParameter.flag(TEXT_DROPOUT, true,
                        "run BERT dropout on the student text while training (on in the released code)"),
                MethodParameter.flag(NOVEL_FOLD_BACK, false,
                        "fold the dataset's novel classes into the class graph, W_bb + 0.1 W_bn W_nb (base-to-novel"
                                + " only; needs their descriptions; off in the released code)"));
    }

    @Override
    public Map<String, Map<String, String>> presets() {
        return PRESETS;
    }

    @Override
    public TrainingDefaults trainingDefaults() {
        return new TrainingDefaults(100, 4, 0.0025, 1, 1e-5);
    }

    @Override
    public boolean needsDescriptions() {
        return true;
    }

    @Override
    public PromptLearner create(MethodContext context) {
        return new OgkdLearner(context);
    }
}
