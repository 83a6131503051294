package dev.bioprompt.serving;

import static java.util.Objects.requireNonNull;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import dev.bioprompt.api.method.ClassDescriptions;
import dev.bioprompt.api.method.Classifier;
import dev.bioprompt.api.method.MethodContext;
import dev.bioprompt.api.method.MethodParameter;
import dev.bioprompt.api.method.MethodParameters;
import dev.bioprompt.api.method.PromptLearner;
import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.api.model.VisionLanguageModel;
import dev.bioprompt.api.promptset.PromptSet;
import dev.bioprompt.api.promptset.PromptSetManifest;
import dev.bioprompt.api.task.DatasetInfo;
import dev.bioprompt.data.catalog.DatasetCatalog;
import dev.bioprompt.runners.engine.NdTensors;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Classifies images with a promoted prompt set: the method's learner is rebuilt from its plugin with the manifest's
 * parameters, the learned tensors are imported, and the classifier for the manifest's class names scores images.
 *
 * <pre>{@code
 * try (PromptSetClassifier classifier = PromptSetClassifier.open(promptSet, model, methods)) {
 *     List<ClassProbabilities> results = classifier.classify(images);
 * }
 * }</pre>
 *
 * <p>Not thread-safe; the model stays owned by the caller.
 */
public final class PromptSetClassifier implements AutoCloseable {

    private final VisionLanguageModel model;
    private final NDManager root;
    private final PromptLearner learner;
    private final Classifier classifier;
    private final PromptSetManifest manifest;

    private PromptSetClassifier(VisionLanguageModel model, NDManager root, PromptLearner learner, Classifier classifier,
                                PromptSetManifest manifest) {
        this.model = model;
        this.root = root;
        this.learner = learner;
        this.classifier = classifier;
        this.manifest = manifest;
    }

    /**
     * Rebuilds the prompt set's classifier on a backbone.
     *
     * @param promptSet a verified prompt set
     * @param model the backbone it was trained on (same fingerprint)
     * @param methods the available methods by name
     * @throws IllegalArgumentException when the backbone fingerprint differs, the method is not available, or the
     *     manifest's parameters or tensors do not fit the method
     */
    public static PromptSetClassifier open(PromptSet promptSet, VisionLanguageModel model,
                                           Map<String, PromptMethod> methods) {
        return open(promptSet, model, methods, ClassDescriptions.none());
    }

    /**
     * Like {@link #open(PromptSet, VisionLanguageModel, Map)}, with the dataset's LLM descriptions for methods that
     * build their learner from them (BiomedCoOp, Biomed-DPT, OGKD); {@link ClassDescriptions#none()} falls back to
     * the catalogue's.
     */
    public static PromptSetClassifier open(PromptSet promptSet, VisionLanguageModel model,
                                           Map<String, PromptMethod> methods, ClassDescriptions given) {
        requireNonNull(given, "given is null");
        requireNonNull(promptSet, "promptSet is null");
        requireNonNull(model, "model is null");
        requireNonNull(methods, "methods is null");
        PromptSetManifest manifest = promptSet.manifest();
        if (!manifest.backboneFingerprint().equals(model.fingerprint())) {
            throw new IllegalArgumentException("the prompt set was trained on backbone " + manifest.backboneFingerprint()
                    + " but the loaded backbone is " + model.fingerprint() + "; load the same backbone (--backbone DIR"
                    + " or backbone.dir)");
        }
        PromptMethod method = methods.get(manifest.method());
        if (method == null) {
            throw new IllegalArgumentException("the prompt set needs method '" + manifest.method() + "' of "
                    + manifest.pluginLabel() + ", which no loaded plugin provides; available: " + String.join(", ",
                    new TreeSet<>(methods.keySet())) + " (add the plugin's jar to the plugin folder, plugins.dir)");
        }
        MethodParameters parameters = parameters(method, manifest);
        DatasetInfo dataset = dataset(manifest);
        ClassDescriptions descriptions = !given.byClass().isEmpty() ? given
                : dataset.descriptions().isEmpty() ? ClassDescriptions.none()
                : new ClassDescriptions("dataset catalogue entry '" + dataset.name() + "'", dataset.descriptions());
        disableGradientRecording();
        NDManager root = NDManager.newBaseManager(model.device());
        PromptLearner learner = null;
        try {
            NDManager learnerManager = root.newSubManager();
            learner = method.create(new MethodContext(model, manifest.classNames(), dataset, descriptions, parameters,
                    learnerManager, 0));
            try (NDManager scope = root.newSubManager()) {
                learner.importTensors(NdTensors.toArrays(scope, promptSet.tensors()));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("the prompt set's tensors " + promptSet.tensors().keySet()
                        + " do not fit method " + method.name() + ": " + e.getMessage(), e);
            }
            Classifier classifier = learner.classifier(root.newSubManager(), manifest.classNames());
            return new PromptSetClassifier(model, root, learner, classifier, manifest);
        } catch (RuntimeException e) {
            if (learner != null) {
                learner.close();
            }
            root.close();
            throw e;
        }
    }

    /** The classes scored, in output order. */
    public List<String> classNames() {
        return classifier.classNames();
    }

    /** The prompt set's manifest. */
    public PromptSetManifest manifest() {
        return manifest;
    }

    /** The method's classifier (for batched evaluation). */
    public Classifier classifier() {
        return classifier;
    }

    /**
     * A classifier of the same learned prompts for other class names (for example the novel classes of a
     * base-to-novel prompt set, or a dataset split's full class list); the caller closes it.
     */
    public Classifier classifierFor(List<String> classNames) {
        requireNonNull(classNames, "classNames is null");
        return learner.classifier(root.newSubManager(), List.copyOf(classNames));
    }

    /** The backbone. */
    public VisionLanguageModel model() {
        return model;
    }

    /**
     * Class probabilities (softmax of the logits) per image, in input order.
     *
     * @param images decoded images of any size (the backbone's preprocessor resizes them)
     */
    public List<ClassProbabilities> classify(List<BufferedImage> images) {
        requireNonNull(images, "images is null");
        disableGradientRecording();
        List<ClassProbabilities> out = new ArrayList<>();
        int batch = 32;
        for (int from = 0; from < images.size(); from += batch) {
            List<BufferedImage> slice = images.subList(from, Math.min(images.size(), from + batch));
            try (NDManager scope = root.newSubManager()) {
                NDArray pixels = model.preprocessor().toTensor(scope, slice);
                NDArray logits = classifier.logits(scope, classifier.encodeImages(scope, pixels));
                float[] probabilities = logits.softmax(1).toFloatArray();
                int n = classNames().size();
                for (int i = 0; i < slice.size(); i++) {
                    Map<String, Double> byClass = new LinkedHashMap<>();
                    for (int c = 0; c < n; c++) {
                        byClass.put(classNames().get(c), (double) probabilities[i * n + c]);
                    }
                    out.add(new ClassProbabilities(byClass));
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        try {
            classifier.close();
            learner.close();
        } finally {
            root.close();
        }
    }

    /**
     * libtorch records autograd graphs on every thread until told otherwise; serving never needs them (gradient
     * collectors of a training run turn recording on for their own duration).
     */
    private static void disableGradientRecording() {
        if ("PyTorch".equals(Engine.getInstance().getEngineName())) {
            JniUtils.setGradMode(false);
        }
    }

    private static MethodParameters parameters(PromptMethod method, PromptSetManifest manifest) {
        Map<String, String> recorded = new LinkedHashMap<>();
        for (MethodParameter p : method.parameters()) {
            String value = manifest.parameters().get(p.key());
            if (value != null) {
                recorded.put(p.key(), value);
            }
        }
        return MethodParameters.resolve(method.name(), method.parameters(), List.of(recorded));
    }

    private static DatasetInfo dataset(PromptSetManifest manifest) {
        if (DatasetCatalog.contains(manifest.dataset())) {
            DatasetInfo info = DatasetCatalog.get(manifest.dataset()).info();
            return new DatasetInfo(info.name(), info.modality(), info.organ(), info.classNames(),
                    manifest.templates().isEmpty() ? info.templates() : manifest.templates(), info.descriptions());
        }
        return new DatasetInfo(manifest.dataset(), "", "", manifest.classNames(), manifest.templates(), Map.of());
    }
}
