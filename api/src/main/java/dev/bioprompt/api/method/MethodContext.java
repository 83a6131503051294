package dev.bioprompt.api.method;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDManager;
import dev.bioprompt.api.model.VisionLanguageModel;
import dev.bioprompt.api.task.DatasetInfo;
import java.util.List;

/**
 * Everything a method needs to build its learner.
 *
 * @param model the frozen backbone
 * @param classNames the training class names, in label order
 * @param dataset catalogue facts about the training dataset (templates, modality...)
 * @param descriptions LLM sentences per class, for methods that use them
 * @param parameters the resolved method parameters
 * @param manager owns the learner's long-lived arrays (learnable tensors, frozen buffers); closed by the engine
 * @param seed the run seed (initialise learnable tensors from it for reproducibility)
 */
public record MethodContext(VisionLanguageModel model, List<String> classNames, DatasetInfo dataset,
                            ClassDescriptions descriptions, MethodParameters parameters, NDManager manager,
                            long seed) {
    public MethodContext {
        requireNonNull(model, "model is null");
        classNames = List.copyOf(requireNonNull(classNames, "classNames is null"));
        requireNonNull(dataset, "dataset is null");
        requireNonNull(descriptions, "descriptions is null");
        requireNonNull(parameters, "parameters is null");
        requireNonNull(manager, "manager is null");
    }
}
