package dev.bioprompt.methods.kgcoop;

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
 * KgCoOp (Yao et al., CVPR 2023) on BiomedCLIP, as released in BiomedCoOp ({@code KgCoOp_BiomedCLIP}): CoOp's
 * learnable context plus a knowledge-guided term that keeps the learned class features close to the hand-crafted
 * template's: {@code L = CE + w * (1 - mean_c cos(t_c, t_hat_c))}, with {@code t_hat_c} the frozen features of
 * {@code "a photo of a <class>."}.
 *
 * <p>Defaults reproduce the reference: a non-empty {@code ctx-init} is ignored and the context always starts from
 * "a photo of a" ({@code honour-ctx-init=true} uses the configured words), class token at the end, BERT dropout off
 * while training, per-dataset {@code w} for few-shot and {@code w = 8} for base-to-novel, SGD lr 0.002 with batch
 * 128 (every benchmark run is full-batch), 100 epochs (50 for base-to-novel).
 */
public final class KgCoopMethod implements PromptMethod {

    /** The method name. */
    public static final String NAME = "kgcoop";

    static final String N_CTX = "n-ctx";
    static final String CTX_INIT = "ctx-init";
    static final String HONOUR_CTX_INIT = "honour-ctx-init";
    static final String TEMPLATE = "template";
    static final String W = "w";
    static final String TEXT_DROPOUT = "text-dropout";

    /** The phrase the reference initialises from whenever a ctx-init is set. */
    static final String REFERENCE_INIT = "a photo of a";

    /** Few-shot {@code W} of {@code configs/trainers/KgCoOp/few_shot/<dataset>.yaml}. */
    private static final Object[][] FEW_SHOT_W = {
        {"BTMRI", 2.0}, {"BUSI", 10.0}, {"CHMNIST", 1.0}, {"COVID_19", 1.0}, {"CTKidney", 8.0}, {"DermaMNIST", 8.0},
        {"KneeXray", 4.0}, {"Kvasir", 6.0}, {"LungColon", 8.0}, {"OCTMNIST", 1.0}, {"RETINA", 1.0},
    };
    /** Base-to-novel {@code W} ({@code vit_b16_base2new.yaml}, every dataset). */
    private static final String BASE_TO_NOVEL_W = "8.0";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "KgCoOp: CoOp context kept close to the hand-crafted template features (Yao et al. 2023)";
    }

    @Override
    public List<MethodParameter> parameters() {
        return List.of(
                MethodParameter.integer(N_CTX, 4, "number of context vectors when ctx-init is empty (random init)"),
                MethodParameter.text(CTX_INIT, REFERENCE_INIT,
                        "context initialisation words; empty for random N(0, 0.02^2) init"),
                MethodParameter.flag(HONOUR_CTX_INIT, false,
                        "initialise from the ctx-init words (the reference ignores them and always uses "
                                + "'a photo of a')"),
                MethodParameter.text(TEMPLATE, "a photo of a {}.",
                        "the hand-crafted template of the knowledge features; {} is the class name"),
                MethodParameter.real(W, 1.0, "weight of the knowledge-guided term 1 - mean cos(t, t_hat)"),
                MethodParameter.flag(TEXT_DROPOUT, false,
                        "run BERT dropout while training (off in the reference, which trains only the prompt learner)"));
    }

    @Override
    public Map<String, Map<String, String>> presets() {
        Map<String, Map<String, String>> presets = new LinkedHashMap<>();
        for (Object[] row : FEW_SHOT_W) {
            presets.put((String) row[0], Map.of(W, String.valueOf(row[1])));
            presets.put(row[0] + "@" + Protocol.BASE_TO_NOVEL.key(), Map.of(W, BASE_TO_NOVEL_W));
        }
        return presets;
    }

    @Override
    public TrainingDefaults trainingDefaults() {
        return new TrainingDefaults(100, 128, 0.002, 1, 1e-5);
    }

    @Override
    public TrainingDefaults trainingDefaults(MethodParameters parameters, Protocol protocol) {
        return protocol == Protocol.BASE_TO_NOVEL ? new TrainingDefaults(50, 128, 0.002, 1, 1e-5) : trainingDefaults();
    }

    @Override
    public PromptLearner create(MethodContext context) {
        return new KgCoopLearner(context);
    }
}
