package dev.bioprompt.methods.biomeddpt;

import dev.bioprompt.api.method.MethodContext;
import dev.bioprompt.api.method.MethodParameter;
import dev.bioprompt.api.method.PromptLearner;
import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.api.method.TrainingDefaults;
import java.util.LinkedHashMap;
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

    /** (dataset, template, ctx-init, few-shot n-ctx, lambda-l1, lambda-kl, base-to-novel n-ctx, lambda-l1, lambda-kl). */
    private static final Object[][] PRESETS = {
        {"BTMRI", "a MR photo of a {} in the brain.", "a MR photo of a", 5, 12.5, 0.25, 5, 25.0, 0.5},
        {"BUSI", "a ultrasound photo of a {} in the breast.", "a ultrasound photo of a", 5, 18.75, 1.0, 5, 18.75, 0.65},
        {"CHMNIST", "a histopathological photo of a {}.", "a histopathological photo of a", 5, 12.5, 0.5, 5, 23.0, 0.9},
        {"COVID_19", "a chest X-ray photo of a {} affected by COVID-19 in the lung.", "a chest X-ray photo of a",
            6, 65.0, 2.5, 6, 18.75, 0.5},
        {"CTKidney", "a CT photo of a {} in the kidney.", "a CT photo of a", 5, 18.75, 0.25, 5, 25.0, 1.0},
        {"DermaMNIST", "a dermatoscopy photo of a {} in the skin.", "a dermatoscopy photo of a",
            5, 25.0, 20.0, 5, 11.5, 5.0},
        {"KneeXray", "a frontal X-ray photo of a {} in the knee joint.", "a frontal X-ray photo of a",
            6, 25.0, 10.0, 6, 23.0, 4.5},
        {"Kvasir", "a endoscopic photo of a {} in the colon.", "a endoscopic photo of a", 5, 25.0, 0.75, 5, 10.0, 0.5},
        {"LungColon", "a histopathological photo of a {}.", "a histopathological photo of a", 5, 12.5, 0.25, 5, 9.5, 0.3},
        {"OCTMNIST", "a OCT photo of a {}.", "a OCT photo of a", 5, 12.5, 0.25, 5, 12.5, 0.5},
        {"RETINA", "a photo of a {} presented in image.", "a photo of a", 4, 10.5, 0.25, 4, 22.0, 0.4},
    };

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
                MethodParameter.integer(N_CTX, 4, "number of context vectors (the first template tokens they replace)"),
                MethodParameter.text(CTX_INIT, "a photo of a",
                        "words whose first n-ctx token embeddings initialise the context; empty for random init"),
                MethodParameter.text(TEMPLATE, "a photo of a {}.",
                        "the clinical prompt template; {} is replaced by the class name"),
                MethodParameter.choice(CLASS_TOKEN_POSITION, "end",
                        "where the class token goes (middle and front move one token, as the reference does)",
                        "end", "middle", "front"),
                MethodParameter.real(LAMBDA_L1, 1.0, "weight of the L1 feature-alignment term"),
                MethodParameter.real(LAMBDA_KL, 1.0, "weight of the KL distillation term"),
                MethodParameter.integer(N_PROMPTS, 50, "how many LLM descriptions per class (the first ones)"),
                MethodParameter.integer(VISUAL_PROMPT_TOKENS, 4, "zero visual prompt tokens per vision block (0 for none)"),
                MethodParameter.choice(VISUAL_PROMPT_MODE, "overwrite",
                        "overwrite the first patch tokens (reference code) or insert after the class token (paper)",
                        "overwrite", "insert"),
                MethodParameter.flag(TEXT_DROPOUT, true,
                        "run BERT dropout while training (on in the reference, which trains the whole model in train mode)"));
    }

    @Override
    public Map<String, Map<String, String>> presets() {
        Map<String, Map<String, String>> presets = new LinkedHashMap<>();
        for (Object[] row : PRESETS) {
            Map<String, String> fewShot = values(row, row[3], row[4], row[5]);
            presets.put((String) row[0], fewShot);
            Map<String, String> baseToNovel = values(row, row[6], row[7], row[8]);
            baseToNovel.put(CLASS_TOKEN_POSITION, "middle");
            presets.put(row[0] + BASE_TO_NOVEL, baseToNovel);
        }
        return presets;
    }

    private static Map<String, String> values(Object[] row, Object nCtx, Object l1, Object kl) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(TEMPLATE, (String) row[1]);
        values.put(CTX_INIT, (String) row[2]);
        values.put(N_CTX, String.valueOf(nCtx));
        values.put(LAMBDA_L1, String.valueOf(l1));
        values.put(LAMBDA_KL, String.valueOf(kl));
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
        return new BiomedDptLearner(context);
    }
}
