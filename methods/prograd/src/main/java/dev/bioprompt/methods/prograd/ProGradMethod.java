package dev.bioprompt.methods.prograd;

import dev.bioprompt.api.method.MethodContext;
import dev.bioprompt.api.method.MethodParameter;
import dev.bioprompt.api.method.MethodParameters;
import dev.bioprompt.api.method.PromptLearner;
import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.api.method.TrainingDefaults;
import dev.bioprompt.api.task.Protocol;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ProGrad (Zhu et al., ICCV 2023) on BiomedCLIP, as released in BiomedCoOp ({@code ProGrad_BiomedCLIP}): CoOp's
 * context trained with cross-entropy, whose gradient is projected away from the direction that contradicts the
 * gradient of a distillation loss {@code T^2 * CE(softmax(z_teacher / T), log_softmax(z / T))}.
 *
 * <p>As released for BiomedCLIP the teacher logits are the student's own ({@code teacher=self}, the default): the
 * distillation gradient is zero up to rounding and no projection happens, so the update is CoOp's. The default
 * treats it as exactly zero (deterministic; the distillation value is still logged). {@code teacher=zeroshot} is
 * the intended method: the frozen zero-shot classifier of {@code template} is the teacher and the engine projects
 * the gradient ({@code lambda} 1) through the method's gradient guide.
 *
 * <p>Defaults: context from the template's words ("a photo of a"; extra leading vectors are zeros), class token at
 * the end, BERT dropout off, per-dataset temperature {@code T} for few-shot and 1 for base-to-novel, SGD lr 0.002
 * (0.0015 for base-to-novel) with batch 128 (full-batch on the benchmark), 100 epochs (50 for base-to-novel).
 */
public final class ProGradMethod implements PromptMethod {

    /** The method name. */
    public static final String NAME = "prograd";

    static final String N_CTX = "n-ctx";
    static final String INIT_FROM_TEMPLATE = "init-from-template";
    static final String TEMPLATE = "template";
    static final String TEACHER = "teacher";
    static final String TEMPERATURE = "temperature";
    static final String LAMBDA = "lambda";
    static final String TEXT_DROPOUT = "text-dropout";

    /** The released code's teacher: the student itself. */
    static final String TEACHER_SELF = "self";
    /** The intended teacher: the frozen zero-shot classifier. */
    static final String TEACHER_ZERO_SHOT = "zeroshot";

    /** Few-shot {@code T} of {@code configs/trainers/ProGrad/few_shot/<dataset>.yaml}. */
    private static final Object[][] FEW_SHOT_T = {
        {"BTMRI", 2.0}, {"BUSI", 0.25}, {"CHMNIST", 1.0}, {"COVID_19", 1.0}, {"CTKidney", 1.0}, {"DermaMNIST", 4.0},
        {"KneeXray", 1.0}, {"Kvasir", 1.0}, {"LungColon", 1.0}, {"OCTMNIST", 1.0}, {"RETINA", 1.0},
    };

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "ProGrad: CoOp context with the cross-entropy gradient projected against a distillation gradient "
                + "(Zhu et al. 2023)";
    }

    @Override
    public List<MethodParameter> parameters() {
        return List.of(
                MethodParameter.integer(N_CTX, 4,
                        "number of context vectors (at least the template's words when initialised from them)"),
                MethodParameter.flag(INIT_FROM_TEMPLATE, true,
                        "initialise the last context vectors from the template's words before {} (else random "
                                + "N(0, 0.02^2))"),
                MethodParameter.text(TEMPLATE, "a photo of a {}.",
                        "the hand-crafted template: context initialisation and the zero-shot teacher"),
                MethodParameter.choice(TEACHER, TEACHER_SELF,
                        "the distillation teacher: self (the released code: the student, no projection) or "
                                + "zeroshot (the frozen zero-shot classifier, with the gradient projection)",
                        TEACHER_SELF, TEACHER_ZERO_SHOT),
                MethodParameter.real(TEMPERATURE, 1.0, "distillation temperature T"),
                MethodParameter.real(LAMBDA, 1.0, "strength of the gradient projection (1 removes the conflict)"),
                MethodParameter.flag(TEXT_DROPOUT, false,
                        "run BERT dropout while training (off in the reference, which trains only the prompt learner)"));
    }

    @Override
    public Map<String, Map<String, String>> presets() {
        Map<String, Map<String, String>> presets = new LinkedHashMap<>();
        for (Object[] row : FEW_SHOT_T) {
            presets.put((String) row[0], Map.of(TEMPERATURE, String.valueOf(row[1])));
            presets.put(row[0] + "@" + Protocol.BASE_TO_NOVEL.key(), Map.of(TEMPERATURE, "1.0"));
        }
        return presets;
    }

    @Override
    public TrainingDefaults trainingDefaults() {
        return new TrainingDefaults(100, 128, 0.002, 1, 1e-5);
    }

    @Override
    public TrainingDefaults trainingDefaults(MethodParameters parameters, Protocol protocol) {
        return protocol == Protocol.BASE_TO_NOVEL ? new TrainingDefaults(50, 128, 0.0015, 1, 1e-5)
                : trainingDefaults();
    }

    @Override
    public PromptLearner create(MethodContext context) {
        return new ProGradLearner(context);
    }
}
