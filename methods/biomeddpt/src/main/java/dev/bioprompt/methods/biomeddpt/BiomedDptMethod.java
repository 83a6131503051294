package dev.bioprompt.methods.biomeddpt;

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
 * Biomed-DPT (Peng et al., arXiv 2505.05189): learnable context vectors that replace the first tokens of a clinical
 * template, constant zero visual prompts in every vision block, and the loss
 * {@code CE + lambda_l1 * mean|t - p| + lambda_kl * KL(teacher || student) / (B * C)}, where {@code p} is the mean
 * feature of all LLM descriptions of a class.
 *
 * <p>Defaults follow the reference code: the zero prompts overwrite the 4 patch positions after the class token
 * before every block ({@code visual-prompt-mode=overwrite}; {@code insert} is the paper's figure) and BERT dropout
 * runs while training. The class token sits at the end for few-shot runs and in the middle for base-to-novel runs
 * (the reference's {@code middle} counts every class name as one token).
 *
 * <p>Presets: keys are dataset names for the few-shot protocol and {@code <dataset>@base-to-novel} for the
 * base-to-novel protocol (the reference trains base-to-novel for 50 epochs instead of 100).
 */
public final class BiomedDptMethod implements PromptMethod {

    /** The method name. */
    public static final String NAME = "biomed-dpt";

    /** Suffix of the preset keys for the base-to-novel protocol. */
    public static final String BASE_TO_NOVEL = "@base-to-novel";

    static final String N_CTX = "n-ctx";
    static final String CTX_INIT = "ctx-init";
    static final String TEMPLATE = "template";
    static final String CLASS_TOKEN_POSITION = "class-token-position";
    static final String LAMBDA_L1 = "lambda-l1";
    static final String LAMBDA_KL = "lambda-kl";
    static final String N_PROMPTS = "n-prompts";
    static final String VISUAL_PROMPT_TOKENS = "visual-prompt-tokens";
    static final String VISUAL_PROMPT_MODE = "visual-prompt-mode";
    static final String TEXT_DROPOUT = "text-dropout";

    /** Per-dataset presets (few-shot; then base-to-novel), from the reference configs. */
    private static final Map<String, Map<String, String>> PRESETS = Presets.table(
            preset("BTMRI", Map.of(TEMPLATE, "a MR photo of a {} in the brain.", CTX_INIT, "a MR photo of a",
                    N_CTX, 5, LAMBDA_L1, 12.5, LAMBDA_KL, 0.25)),
            preset("BUSI", Map.of(TEMPLATE, "a ultrasound photo of a {} in the breast.",
                    CTX_INIT, "a ultrasound photo of a", N_CTX, 5, LAMBDA_L1, 18.75, LAMBDA_KL, 1.0)),
            preset("CHMNIST", Map.of(TEMPLATE, "a histopathological photo of a {}.",
                    CTX_INIT, "a histopathological photo of a", N_CTX, 5, LAMBDA_L1, 12.5, LAMBDA_KL, 0.5)),
            preset("COVID_19", Map.of(TEMPLATE, "a chest X-ray photo of a {} affected by COVID-19 in the lung.",
                    CTX_INIT, "a chest X-ray photo of a", N_CTX, 6, LAMBDA_L1, 65.0, LAMBDA_KL, 2.5)),
            preset("CTKidney", Map.of(TEMPLATE, "a CT photo of a {} in the kidney.", CTX_INIT, "a CT photo of a",
                    N_CTX, 5, LAMBDA_L1, 18.75, LAMBDA_KL, 0.25)),
            preset("DermaMNIST", Map.of(TEMPLATE, "a dermatoscopy photo of a {} in the skin.",
                    CTX_INIT, "a dermatoscopy photo of a", N_CTX, 5, LAMBDA_L1, 25.0, LAMBDA_KL, 20.0)),
            preset("KneeXray", Map.of(TEMPLATE, "a frontal X-ray photo of a {} in the knee joint.",
                    CTX_INIT, "a frontal X-ray photo of a", N_CTX, 6, LAMBDA_L1, 25.0, LAMBDA_KL, 10.0)),
            preset("Kvasir", Map.of(TEMPLATE, "a endoscopic photo of a {} in the colon.",
                    CTX_INIT, "a endoscopic photo of a", N_CTX, 5, LAMBDA_L1, 25.0, LAMBDA_KL, 0.75)),
            preset("LungColon", Map.of(TEMPLATE, "a histopathological photo of a {}.",
                    CTX_INIT, "a histopathological photo of a", N_CTX, 5, LAMBDA_L1, 12.5, LAMBDA_KL, 0.25)),
            preset("OCTMNIST", Map.of(TEMPLATE, "a OCT photo of a {}.", CTX_INIT, "a OCT photo of a", N_CTX, 5,
                    LAMBDA_L1, 12.5, LAMBDA_KL, 0.25)),
            preset("RETINA", Map.of(TEMPLATE, "a photo of a {} presented in image.", CTX_INIT, "a photo of a",
                    N_CTX, 4, LAMBDA_L1, 10.5, LAMBDA_KL, 0.25)),
            preset("BTMRI" + BASE_TO_NOVEL, Map.of(TEMPLATE, "a MR photo of a {} in the brain.",
                    CTX_INIT, "a MR photo of a", N_CTX, 5, LAMBDA_L1, 25.0, LAMBDA_KL, 0.5,
                    CLASS_TOKEN_POSITION, "middle")),
            preset("BUSI" + BASE_TO_NOVEL, Map.of(TEMPLATE, "a ultrasound photo of a {} in the breast.",
                    CTX_INIT, "a ultrasound photo of a", N_CTX, 5, LAMBDA_L1, 18.75, LAMBDA_KL, 0.65,
                    CLASS_TOKEN_POSITION, "middle")),
            preset("CHMNIST" + BASE_TO_NOVEL, Map.of(TEMPLATE, "a histopathological photo of a {}.",
                    CTX_INIT, "a histopathological photo of a", N_CTX, 5, LAMBDA_L1, 23.0, LAMBDA_KL, 0.9,
                    CLASS_TOKEN_POSITION, "middle")),
            preset("COVID_19" + BASE_TO_NOVEL, Map.of(
                    TEMPLATE, "a chest X-ray photo of a {} affected by COVID-19 in the lung.",
                    CTX_INIT, "a chest X-ray photo of a", N_CTX, 6, LAMBDA_L1, 18.75, LAMBDA_KL, 0.5,
                    CLASS_TOKEN_POSITION, "middle")),
            preset("CTKidney" + BASE_TO_NOVEL, Map.of(TEMPLATE, "a CT photo of a {} in the kidney.",
                    CTX_INIT, "a CT photo of a", N_CTX, 5, LAMBDA_L1, 25.0, LAMBDA_KL, 1.0,
                    CLASS_TOKEN_POSITION, "middle")),
            preset("DermaMNIST" + BASE_TO_NOVEL, Map.of(TEMPLATE, "a dermatoscopy photo of a {} in the skin.",
                    CTX_INIT, "a dermatoscopy photo of a", N_CTX, 5, LAMBDA_L1, 11.5, LAMBDA_KL, 5.0,
                    CLASS_TOKEN_POSITION, "middle")),
            preset("KneeXray" + BASE_TO_NOVEL, Map.of(TEMPLATE, "a frontal X-ray photo of a {} in the knee joint.",
                    CTX_INIT, "a frontal X-ray photo of a", N_CTX, 6, LAMBDA_L1, 23.0, LAMBDA_KL, 4.5,
                    CLASS_TOKEN_POSITION, "middle")),
            preset("Kvasir" + BASE_TO_NOVEL, Map.of(TEMPLATE, "a endoscopic photo of a {} in the colon.",
                    CTX_INIT, "a endoscopic photo of a", N_CTX, 5, LAMBDA_L1, 10.0, LAMBDA_KL, 0.5,
                    CLASS_TOKEN_POSITION, "middle")),
            preset("LungColon" + BASE_TO_NOVEL, Map.of(TEMPLATE, "a histopathological photo of a {}.",
                    CTX_INIT, "a histopathological photo of a", N_CTX, 5, LAMBDA_L1, 9.5, LAMBDA_KL, 0.3,
                    CLASS_TOKEN_POSITION, "middle")),
            preset("OCTMNIST" + BASE_TO_NOVEL, Map.of(TEMPLATE, "a OCT photo of a {}.", CTX_INIT, "a OCT photo of a",
                    N_CTX, 5, LAMBDA_L1, 12.5, LAMBDA_KL, 0.5, CLASS_TOKEN_POSITION, "middle")),
            preset("RETINA" + BASE_TO_NOVEL, Map.of(TEMPLATE, "a photo of a {} presented in image.",
                    CTX_INIT, "a photo of a", N_CTX, 4, LAMBDA_L1, 22.0, LAMBDA_KL, 0.4,
                    CLASS_TOKEN_POSITION, "middle")));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Biomed-DPT: clinical-template context, zero visual prompts, L1 and KL alignment to LLM descriptions";
    }

    @Override
    public List<MethodParameter> parameters() {
        return List.of(
                MethodParameter.integer(N_CTX, 4, "number of context vectors (the first template tokens they replace)").atLeast(1),
                MethodParameter.text(CTX_INIT, "a photo of a",
                        "words whose first n-ctx token embeddings initialise the context; empty for random init"),
                MethodParameter.text(TEMPLATE, "a photo of a {}.",
                        "the clinical prompt template; {} is replaced by the class name"),
                MethodParameter.choice(CLASS_TOKEN_POSITION, "end",
                        "where the class token goes (middle and front move one token, as the reference does)",
                        "end", "middle", "front"),
                MethodParameter.real(LAMBDA_L1, 1.0, "weight of the L1 feature-alignment term"),
                MethodParameter.real(LAMBDA_KL, 1.0, "weight of the KL distillation term"),
                MethodParameter.integer(N_PROMPTS, 50, "how many LLM descriptions per class (the first ones)").atLeast(1),
                MethodParameter.integer(VISUAL_PROMPT_TOKENS, 4, "zero visual prompt tokens per vision block (0 for none)"),
                MethodParameter.choice(VISUAL_PROMPT_MODE, "overwrite",
                        "overwrite the first patch tokens (reference code) or insert after the class token (paper)",
                        "overwrite", "insert"),
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
        return new BiomedDptLearner(context);
    }
}
