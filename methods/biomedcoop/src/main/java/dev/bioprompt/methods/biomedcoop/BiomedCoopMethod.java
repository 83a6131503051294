package dev.bioprompt.methods.biomedcoop;

import static dev.bioprompt.api.method.Presets.preset;

import dev.bioprompt.api.method.MethodContext;
import dev.bioprompt.api.method.MethodParameter;
import dev.bioprompt.api.method.Presets;
import dev.bioprompt.api.method.PromptLearner;
import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.api.method.TrainingDefaults;
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

    /** Per-dataset presets (few-shot; then base-to-novel), from the reference configs. */
    private static final Map<String, Map<String, String>> PRESETS = Presets.table(
            preset("BTMRI", Map.of(LAMBDA_SCCM, 0.5, LAMBDA_KDSP, 0.25, TAU, 1.5)),
            preset("BUSI", Map.of(LAMBDA_SCCM, 0.75, LAMBDA_KDSP, 0.75, TAU, 1.5)),
            preset("CHMNIST", Map.of(LAMBDA_SCCM, 0.25, LAMBDA_KDSP, 0.25, TAU, 1.5)),
            preset("COVID_19", Map.of(LAMBDA_SCCM, 0.5, LAMBDA_KDSP, 2.0, TAU, 1.5)),
            preset("CTKidney", Map.of(LAMBDA_SCCM, 1.0, LAMBDA_KDSP, 0.5, TAU, 1.5)),
            preset("DermaMNIST", Map.of(LAMBDA_SCCM, 5.0, LAMBDA_KDSP, 20.0, TAU, 1.5)),
            preset("KneeXray", Map.of(LAMBDA_SCCM, 5.0, LAMBDA_KDSP, 20.0, TAU, 1.75)),
            preset("Kvasir", Map.of(LAMBDA_SCCM, 0.75, LAMBDA_KDSP, 0.75, TAU, 1.5)),
            preset("LungColon", Map.of(LAMBDA_SCCM, 0.5, LAMBDA_KDSP, 0.5, TAU, 1.5)),
            preset("OCTMNIST", Map.of(LAMBDA_SCCM, 1.0, LAMBDA_KDSP, 0.75, TAU, 1.5)),
            preset("RETINA", Map.of(LAMBDA_SCCM, 0.25, LAMBDA_KDSP, 0.25, TAU, 1.5)),
            preset("BTMRI" + BASE_TO_NOVEL, Map.of(LAMBDA_SCCM, 0.5, LAMBDA_KDSP, 0.5, TAU, 1.25)),
            preset("CHMNIST" + BASE_TO_NOVEL, Map.of(LAMBDA_SCCM, 10.0, LAMBDA_KDSP, 1.0, TAU, 1.5)),
            preset("COVID_19" + BASE_TO_NOVEL, Map.of(LAMBDA_SCCM, 20.0, LAMBDA_KDSP, 1.0, TAU, 1.25)),
            preset("CTKidney" + BASE_TO_NOVEL, Map.of(LAMBDA_SCCM, 10.0, LAMBDA_KDSP, 0.25, TAU, 1.25)),
            preset("DermaMNIST" + BASE_TO_NOVEL, Map.of(LAMBDA_SCCM, 2.0, LAMBDA_KDSP, 0.5, TAU, 1.5)),
            preset("KneeXray" + BASE_TO_NOVEL, Map.of(LAMBDA_SCCM, 0.25, LAMBDA_KDSP, 3.0, TAU, 1.25)),
            preset("Kvasir" + BASE_TO_NOVEL, Map.of(LAMBDA_SCCM, 1.0, LAMBDA_KDSP, 1.0, TAU, 1.25)),
            preset("LungColon" + BASE_TO_NOVEL, Map.of(LAMBDA_SCCM, 0.25, LAMBDA_KDSP, 0.75, TAU, 1.25)),
            preset("OCTMNIST" + BASE_TO_NOVEL, Map.of(LAMBDA_SCCM, 0.75, LAMBDA_KDSP, 0.5, TAU, 1.5)),
            preset("RETINA" + BASE_TO_NOVEL, Map.of(LAMBDA_SCCM, 5.0, LAMBDA_KDSP, 1.0, TAU, 2.0)));

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
                MethodParameter.integer(N_CTX, 4, "number of context vectors; word initialisation only when it is 4").atLeast(1),
                MethodParameter.text(CTX_INIT, "a photo of a",
                        "words whose embeddings initialise the context (used only with n-ctx 4, as in the reference)"),
                MethodParameter.integer(N_PROMPTS, 50, "how many LLM descriptions per class (the first ones)").atLeast(1),
                MethodParameter.real(LAMBDA_SCCM, 1.0, "weight of the SCCM mean-squared-error term"),
                MethodParameter.real(LAMBDA_KDSP, 1.0, "weight of the KDSP distillation term"),
                MethodParameter.real(TAU, 1.5, "outlier threshold of the description selection, in standard deviations"),
                MethodParameter.flag(TEXT_DROPOUT, true,
                        "run BERT dropout while training (on in the reference, which trains the whole model in train mode)"));
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
        return new BiomedCoopLearner(context);
    }
}
