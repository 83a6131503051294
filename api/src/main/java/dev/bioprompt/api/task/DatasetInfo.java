package dev.bioprompt.api.task;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * Catalogue facts about a benchmark dataset that methods may use.
 *
 * @param name the dataset key (for example {@code BTMRI})
 * @param modality imaging modality (for example {@code MRI})
 * @param organ the organ or body part
 * @param classNames class names in label order
 * @param templates clinical prompt templates with one {@code {}} for the class name
 * @param descriptions LLM-written descriptions per class name (empty when none were supplied)
 */
public record DatasetInfo(String name, String modality, String organ, List<String> classNames,
                          List<String> templates, Map<String, List<String>> descriptions) {
    public DatasetInfo {
        requireNonNull(name, "name is null");
        requireNonNull(modality, "modality is null");
        requireNonNull(organ, "organ is null");
        classNames = List.copyOf(requireNonNull(classNames, "classNames is null"));
        templates = List.copyOf(requireNonNull(templates, "templates is null"));
        descriptions = Map.copyOf(requireNonNull(descriptions, "descriptions is null"));
    }
}
