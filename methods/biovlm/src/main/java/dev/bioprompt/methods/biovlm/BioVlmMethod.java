package dev.bioprompt.methods.biovlm;

import static dev.bioprompt.api.method.Presets.preset;

import dev.bioprompt.api.method.MethodContext;
import dev.bioprompt.api.method.MethodParameter;
import dev.bioprompt.api.method.MethodParameters;
import dev.bioprompt.api.method.Presets;
import dev.bioprompt.api.method.PromptLearner;
import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.api.method.TrainingDefaults;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * BioVLM ("Routing Prompts, Not Parameters"): a bank of M learnable contexts shared by all classes, routed per image
 * by low entropy (the lowest-entropy fraction of the bank is kept and its logits averaged, in training and at test
 * time), distilled from LLM-attribute sentences routed the same way, from the same attributes scored on a strong and
 * a weak augmented view, with entropy terms and a prompt-attribute alignment.
 *
 * <p>Defaults follow the paper's description with the released code's defects fixed; each fix is a
 * {@code fix-*} flag whose {@code false} value gives the released behaviour (see the module README).
 * Presets, keyed by MedMNIST flag, set the dataset's attribute-sentence prefix and suffix.
 */
public final class BioVlmMethod implements PromptMethod {

    /** The method name. */
    public static final String NAME = "biovlm";

    /** The strong view, jittered and blurred on the image before normalisation (the default). */
    public static final String STRONG = "strong";
    /**
     * The strong view jittered and blurred on the normalised tensor, whose colour operations clamp negative values to
     * 0: the released code's order, asked for with {@code fix-augmentation-order false}.
     */
    public static final String STRONG_NORMALISED = "strong-normalised";
    /** The weak view: a horizontal flip, which is the same before or after normalisation. */
    public static final String WEAK = "weak";

    static final String N_CTX = "n-ctx";
    static final String BANK_SIZE = "bank-size";
    static final String ROUTE_FRACTION = "route-fraction";
    static final String LAMBDA_KD = "lambda-kd";
    static final String LAMBDA_KD_AUG = "lambda-kd-aug";
    static final String LAMBDA_ENTROPY = "lambda-entropy";
    static final String LAMBDA_COS = "lambda-cos";
    static final String ATTRIBUTE_PREFIX = "attribute-prefix";
    static final String ATTRIBUTE_SUFFIX = "attribute-suffix";
    static final String TEXT_DROPOUT = "text-dropout";
    static final String FIX_ENTROPY_GRADIENT = "fix-entropy-gradient";
    static final String FIX_COSINE_AXIS = "fix-cosine-axis";
    static final String FIX_DOUBLE_EMBEDDING = "fix-double-embedding";
    static final String FIX_AUGMENTATION_ORDER = "fix-augmentation-order";

    private static final String CT_PREFIX = "a cropped 2D image from the center slices of the bounding boxes of 3D "
            + "computed tomography image of";

    /** Attribute-sentence presets by MedMNIST flag. */
    private static final Map<String, Map<String, String>> PRESETS = Presets.table(
            preset("pathmnist", Map.of(ATTRIBUTE_PREFIX, "a colon pathology of",
                    ATTRIBUTE_SUFFIX, "type of colorectal cancer")),
            preset("dermamnist", Map.of(ATTRIBUTE_PREFIX, "a dermatoscopic image of",
                    ATTRIBUTE_SUFFIX, "type of skin lesion")),
            preset("octmnist", Map.of(ATTRIBUTE_PREFIX, "an optical coherence tomography image of",
                    ATTRIBUTE_SUFFIX, "retina")),
            preset("pneumoniamnist", Map.of(ATTRIBUTE_PREFIX, "a pediatric X-Ray image of",
                    ATTRIBUTE_SUFFIX, "chest")),
            preset("retinamnist", Map.of(ATTRIBUTE_PREFIX, "a fundus image of", ATTRIBUTE_SUFFIX, "")),
            preset("breastmnist", Map.of(ATTRIBUTE_PREFIX, "an ultrasound image of",
                    ATTRIBUTE_SUFFIX, "tumor found in breast tissue")),
            preset("bloodmnist", Map.of(ATTRIBUTE_PREFIX, "a microscopic image of",
                    ATTRIBUTE_SUFFIX, "type of blood cell")),
            preset("tissuemnist", Map.of(ATTRIBUTE_PREFIX, "a microscopic image of",
                    ATTRIBUTE_SUFFIX, "type of kidney cortex cell")),
            preset("organamnist", Map.of(ATTRIBUTE_PREFIX, CT_PREFIX, ATTRIBUTE_SUFFIX, "organ in axial views")),
            preset("organcmnist", Map.of(ATTRIBUTE_PREFIX, CT_PREFIX, ATTRIBUTE_SUFFIX, "organ in coronal views")),
            preset("organsmnist", Map.of(ATTRIBUTE_PREFIX, CT_PREFIX, ATTRIBUTE_SUFFIX, "organ in sagittal views")));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "BioVLM: a bank of shared contexts with low-entropy routing, LLM-attribute and strong/weak view "
                + "distillation";
    }

    @Override
    public List<MethodParameter> parameters() {
        return List.of(
                MethodParameter.integer(N_CTX, 4, "context vectors per bank member (random N(0, 0.02^2) init)").atLeast(1),
                MethodParameter.integer(BANK_SIZE, 10,
                        "bank members M; also the attribute sentences used per class (member m pairs with sentence m)").atLeast(1),
                MethodParameter.real(ROUTE_FRACTION, 0.5,
                        "fraction of the bank kept per image by lowest entropy (floor); 1 averages the whole bank"),
                MethodParameter.real(LAMBDA_KD, 1.0, "weight of the attribute distillation KL"),
                MethodParameter.real(LAMBDA_KD_AUG, 1.0, "weight of the strong/weak attribute distillation KL"),
                MethodParameter.real(LAMBDA_ENTROPY, 0.5, "weight of each of the three entropy terms"),
                MethodParameter.real(LAMBDA_COS, 0.5, "weight of the prompt-attribute cosine alignment"),
                MethodParameter.text(ATTRIBUTE_PREFIX, "a medical image of",
                        "attribute sentence prefix: '<prefix> <class> <suffix>, <clause>'"),
                MethodParameter.text(ATTRIBUTE_SUFFIX, "", "attribute sentence suffix (see attribute-prefix)"),
                MethodParameter.flag(TEXT_DROPOUT, false,
                        "run BERT dropout while training (off in the reference, which keeps the encoders in eval mode)"),
                MethodParameter.flag(FIX_ENTROPY_GRADIENT, true,
                        "the student entropy term has a gradient (false: value only, as the released code)"),
                MethodParameter.flag(FIX_COSINE_AXIS, true,
                        "alignment cosine over the feature axis (false: over the class axis, as the released code)"),
                MethodParameter.flag(FIX_DOUBLE_EMBEDDING, true,
                        "prompt prefix/suffix are raw word embeddings (false: full embedding-module output, embedded "
                                + "twice as the released code; needs backbone support)"),
                MethodParameter.flag(FIX_AUGMENTATION_ORDER, true,
                        "strong view jittered and blurred on the [0, 1] image, then normalised (false: on the "
                                + "normalised tensor, clamping negative values to 0, as the released code)"));
    }

    @Override
    public Map<String, Map<String, String>> presets() {
        return PRESETS;
    }

    @Override
    public TrainingDefaults trainingDefaults() {
        return new TrainingDefaults(50, 32, 0.002, 1, 1e-5);
    }

    /** The views with the default parameters: {@code strong} (image space) and {@code weak}. */
    @Override
    public Set<String> requiredViews() {
        return Set.of(STRONG, WEAK);
    }

    /**
     * {@code strong} and {@code weak}; with {@code fix-augmentation-order false}, {@code strong-normalised} (the
     * released code's strong view on the normalised tensor) and {@code weak}.
     */
    @Override
    public Set<String> requiredViews(MethodParameters parameters) {
        return Set.of(strongView(parameters), WEAK);
    }

    /** The name of the strong view that these parameters ask for. */
    static String strongView(MethodParameters parameters) {
        return parameters.getBoolean(FIX_AUGMENTATION_ORDER) ? STRONG : STRONG_NORMALISED;
    }

    @Override
    public boolean needsDescriptions() {
        return true;
    }

    @Override
    public PromptLearner create(MethodContext context) {
        return new BioVlmLearner(context);
    }
}
