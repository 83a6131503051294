package dev.bioprompt.methods.biomedcoop;

import dev.bioprompt.api.method.MethodContext;
import dev.bioprompt.api.method.MethodParameter;
import dev.bioprompt.api.method.PromptLearner;
import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.api.method.TrainingDefaults;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * BiomedCoOp (Koleilat et al., CVPR 2025): CoOp context vectors trained with cross-entropy plus two terms that use
 * LLM descriptions of each class: SCCM, the mean squared error between the learned class features and the mean
 * description feature of the class, and KDSP, KL(teacher || student) with a teacher built per batch from the
 * descriptions that pass an outlier test.
 *
 * <p>Presets: keys are dataset names for the few-shot protocol and {@code <dataset>@base-to-novel} for the
 * base-to-novel protocol (the reference trains base-to-novel for 50 epochs instead of 100).
 */
public final class BiomedCoopMethod implements PromptMethod {

    /** The method name. */
    public static final String NAME = "biomedcoop";

    /** Suffix of the preset keys for the base-to-novel protocol. */
    public static final String BASE_TO_NOVEL = "@base-to-novel";

    static final String N_CTX = "n-ctx";
    static final String CTX_INIT = "ctx-init";
    static final String N_PROMPTS = "n-prompts";
    static final String LAMBDA_SCCM = "lambda-sccm";
    static final String LAMBDA_KDSP = "lambda-kdsp";
    static final String TAU = "tau";
    static final String TEXT_DROPOUT = "text-dropout";

    /** (dataset, few-shot lambda-sccm, lambda-kdsp, tau, base-to-novel lambda-sccm, lambda-kdsp, tau). */
    private static final Object[][] PRESETS = {
        {"BTMRI", 0.5, 0.25, 1.5, 0.5, 0.5, 1.25},
        {"BUSI", 0.75, 0.75, 1.5, null, null, null},
        {"CHMNIST", 0.25, 0.25, 1.5, 10.0, 1.0, 1.5},
        {"COVID_19", 0.5, 2.0, 1.5, 20.0, 1.0, 1.25},
        {"CTKidney", 1.0, 0.5, 1.5, 10.0, 0.25, 1.25},
        {"DermaMNIST", 5.0, 20.0, 1.5, 2.0, 0.5, 1.5},
        {"KneeXray", 5.0, 20.0, 1.75, 0.25, 3.0, 1.25},
        {"Kvasir", 0.75, 0.75, 1.5, 1.0, 1.0, 1.25},
        {"LungColon", 0.5, 0.5, 1.5, 0.25, 0.75, 1.25},
        {"OCTMNIST", 1.0, 0.75, 1.5, 0.75, 0.5, 1.5},
        {"RETINA", 0.25, 0.25, 1.5, 5.0, 1.0, 2.0},
    };

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "BiomedCoOp: CoOp plus LLM-description consistency (SCCM) and pruned-teacher distillation (KDSP)";
    }

    @Override
    public List<MethodParameter> parameters() {
        return List.of(
                MethodParameter.integer(N_CTX, 4, "number of context vectors; word initialisation only when it is 4"),
                MethodParameter.text(CTX_INIT, "a photo of a",
                        "words whose embeddings initialise the context (used only with n-ctx 4, as in the reference)"),
                MethodParameter.integer(N_PROMPTS, 50, "how many LLM descriptions per class (the first ones)"),
                MethodParameter.real(LAMBDA_SCCM, 1.0, "weight of the SCCM mean-squared-error term"),
                MethodParameter.real(LAMBDA_KDSP, 1.0, "weight of the KDSP distillation term"),
                MethodParameter.real(TAU, 1.5, "outlier threshold of the description selection, in standard deviations"),
                MethodParameter.flag(TEXT_DROPOUT, true,
                        "run BERT dropout while training (on in the reference, which trains the whole model in train mode)"));
    }

    @Override
    public Map<String, Map<String, String>> presets() {
        Map<String, Map<String, String>> presets = new LinkedHashMap<>();
        for (Object[] row : PRESETS) {
            presets.put((String) row[0], values(row[1], row[2], row[3]));
            if (row[4] != null) {
                presets.put(row[0] + BASE_TO_NOVEL, values(row[4], row[5], row[6]));
            }
        }
        return presets;
    }

    private static Map<String, String> values(Object sccm, Object kdsp, Object tau) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(LAMBDA_SCCM, String.valueOf(sccm));
        values.put(LAMBDA_KDSP, String.valueOf(kdsp));
        values.put(TAU, String.valueOf(tau));
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
        return new BiomedCoopLearner(context);
    }
}
