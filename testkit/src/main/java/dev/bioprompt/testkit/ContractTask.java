package dev.bioprompt.testkit;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDManager;
import dev.bioprompt.api.method.ClassDescriptions;
import dev.bioprompt.api.method.MethodContext;
import dev.bioprompt.api.method.MethodParameters;
import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.api.model.VisionLanguageModel;
import dev.bioprompt.api.task.DatasetInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small few-shot task for method tests: class names, catalogue facts, descriptions and parameter overrides, from
 * which {@link #context} builds the {@link MethodContext} a {@link PromptMethod#create} call takes.
 *
 * <pre>{@code
 * ContractTask task = ContractTask.of("tumor", "normal tissue").withParameter("n-ctx", "2");
 * try (PromptLearner learner = method.create(task.context(method, model, manager, 1))) { ... }
 * }</pre>
 *
 * @param classNames the training class names, in label order (at least two)
 * @param dataset catalogue facts (name {@code CONTRACT}, modality {@code MRI}, two templates by default)
 * @param descriptions three generated sentences per class by default
 * @param overrides parameter overrides on top of the method's defaults
 */
public record ContractTask(List<String> classNames, DatasetInfo dataset, ClassDescriptions descriptions,
                           Map<String, String> overrides) {

    public ContractTask {
        classNames = List.copyOf(requireNonNull(classNames, "classNames is null"));
        if (classNames.size() < 2) {
            throw new IllegalArgumentException("a contract task needs at least two classes, got " + classNames);
        }
        requireNonNull(dataset, "dataset is null");
        requireNonNull(descriptions, "descriptions is null");
        overrides = Map.copyOf(requireNonNull(overrides, "overrides is null"));
    }

    /** A task of these classes with generated descriptions and the default catalogue facts. */
    public static ContractTask of(String... classNames) {
        return of(List.of(classNames));
    }

    /** A task of these classes with generated descriptions and the default catalogue facts. */
    public static ContractTask of(List<String> classNames) {
        Map<String, List<String>> byClass = new LinkedHashMap<>();
        for (String c : classNames) {
            byClass.put(c, List.of("an image of " + c + ".", c + " seen on a scan.", "a scan with signs of " + c + "."));
        }
        ClassDescriptions descriptions = new ClassDescriptions("contract descriptions", byClass);
        return new ContractTask(classNames, new DatasetInfo("CONTRACT", "MRI", "brain", classNames,
                List.of("a MRI scan showing {}.", "a photo of a {}."), descriptions.byClass()), descriptions,
                Map.of());
    }

    /** The three classes the contract kit trains on by default. */
    public static ContractTask standard() {
        return of("tumor", "normal tissue", "cyst");
    }

    /** A copy with one more parameter override. */
    public ContractTask withParameter(String key, String value) {
        Map<String, String> more = new LinkedHashMap<>(overrides);
        more.put(requireNonNull(key, "key is null"), requireNonNull(value, "value is null"));
        return new ContractTask(classNames, dataset, descriptions, more);
    }

    /** A copy with other descriptions (also written into the catalogue facts). */
    public ContractTask withDescriptions(ClassDescriptions other) {
        requireNonNull(other, "other is null");
        DatasetInfo info = new DatasetInfo(dataset.name(), dataset.modality(), dataset.organ(), classNames,
                dataset.templates(), other.byClass());
        return new ContractTask(classNames, info, other, overrides);
    }

    /** The method's parameters: its defaults with this task's overrides. */
    public MethodParameters parameters(PromptMethod method) {
        return MethodParameters.resolve(method.name(), method.parameters(), List.of(overrides));
    }

    /** The context for {@link PromptMethod#create}: this task on a model, with arrays owned by {@code manager}. */
    public MethodContext context(PromptMethod method, VisionLanguageModel model, NDManager manager, long seed) {
        return new MethodContext(model, classNames, dataset, descriptions, parameters(method), manager, seed);
    }
}
