package dev.bioprompt.methods.ogkd;

import dev.bioprompt.api.method.MethodContext;
import dev.bioprompt.api.method.MethodParameter;
import dev.bioprompt.api.method.PromptLearner;
import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.api.method.TrainingDefaults;
import java.util.LinkedHashMap;
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

    /** (dataset, tau, lambda-sccm, lambda-gad, lambda-lgd, gamma, topk-ratio). */
    private static final Object[][] BASE_TO_NOVEL_PRESETS = {
        {"BTMRI", 1.25, 0.5, 0.5, 0.01, 0.8, 0.5},
        {"CHMNIST", 1.5, 10.0, 3.75, 0.01, 0.3, 0.05},
        {"COVID_19", 1.25, 20.0, 0.5, 2.25, 0.05, 0.5},
        {"CTKidney", 1.25, 10.0, 2.0, 0.25, 0.9, 0.3},
        {"DermaMNIST", 1.5, 2.0, 3.5, 0.1, 0.1, 0.3},
        {"KneeXray", 1.25, 0.25, 4.75, 0.01, 0.3, 0.6},
        {"Kvasir", 1.25, 1.0, 3.5, 22.0, 0.3, 0.03},
        {"LungColon", 1.25, 0.25, 0.25, 2.0, 0.4, 0.6},
        {"OCTMNIST", 1.5, 0.75, 0.25, 0.03, 0.7, 0.01},
        {"RETINA", 2.0, 5.0, 0.5, 0.01, 0.3, 0.9},
    };

    /** (dataset, tau, lambda-sccm, lambda-gad, lambda-lgd, gamma, topk-ratio). */
    private static final Object[][] FEW_SHOT_PRESETS = {
        {"BTMRI", 1.5, 0.5, 1.75, 0.05, 0.5, 0.4},
        {"BUSI", 1.5, 0.75, 0.1, 0.75, 0.05, 0.8},
        {"CHMNIST", 1.5, 0.25, 2.25, 0.05, 0.7, 0.8},
        {"COVID_19", 1.5, 0.5, 3.5, 0.75, 0.1, 0.2},
        {"CTKidney", 1.5, 1.0, 1.25, 0.1, 0.7, 0.03},
        {"DermaMNIST", 1.5, 5.0, 24.0, 4.0, 0.6, 0.1},
        {"KneeXray", 1.75, 5.0, 20.0, 1.75, 0.4, 0.8},
        {"Kvasir", 1.5, 0.75, 0.5, 1.0, 0.01, 0.01},
        {"LungColon", 1.5, 0.5, 1.0, 0.05, 0.5, 0.05},
        {"OCTMNIST", 1.5, 1.0, 4.0, 3.25, 0.7, 0.03},
        {"RETINA", 1.5, 0.25, 0.5, 1.25, 0.7, 0.1},
    };

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
                MethodParameter.integer(N_CTX, 4, "number of context vectors; word initialisation only when it is 4"),
                MethodParameter.text(CTX_INIT, "a photo of a",
                        "words whose embeddings initialise the context (used only with n-ctx 4, as in BiomedCoOp)"),
                MethodParameter.integer(N_PROMPTS, 50, "how many LLM descriptions per class (the first ones)"),
                MethodParameter.real(LAMBDA_SCCM, 1.0, "weight of the SCCM mean-squared-error term"),
                MethodParameter.real(LAMBDA_GAD, 1.0, "weight of the graph-smoothed global distillation (GAD)"),
                MethodParameter.real(LAMBDA_LGD, 0.0, "weight of the attentive-patch distillation (LGD); 0 skips it"),
                MethodParameter.real(TAU, 1.5, "outlier threshold of the description selection, in standard deviations"),
                MethodParameter.real(GAMMA, 0.3, "weight of the class-graph propagation in the smoothed target"),
                MethodParameter.real(ALPHA, 4.0, "sharpness of the class graph row-softmax(alpha * cosine)"),
                MethodParameter.real(TOPK_RATIO, 0.3, "fraction of patches LGD distils (k = max(1, round(N * ratio)))"),
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
        Map<String, Map<String, String>> presets = new LinkedHashMap<>();
        for (Object[] row : FEW_SHOT_PRESETS) {
            presets.put((String) row[0], values(row, 4.0));
        }
        for (Object[] row : BASE_TO_NOVEL_PRESETS) {
            presets.put(row[0] + BASE_TO_NOVEL, values(row, 1.0));
        }
        return presets;
    }

    private static Map<String, String> values(Object[] row, double alpha) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(TAU, String.valueOf(row[1]));
        values.put(LAMBDA_SCCM, String.valueOf(row[2]));
        values.put(LAMBDA_GAD, String.valueOf(row[3]));
        values.put(LAMBDA_LGD, String.valueOf(row[4]));
        values.put(GAMMA, String.valueOf(row[5]));
        values.put(TOPK_RATIO, String.valueOf(row[6]));
        values.put(ALPHA, String.valueOf(alpha));
        return values;
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
