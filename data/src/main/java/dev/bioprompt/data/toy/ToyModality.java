package dev.bioprompt.data.toy;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A toy imaging modality: one dataset of the toy world.
 *
 * @param dataset the dataset key ({@code TOY_MRI})
 * @param modality the modality name
 * @param organ the organ
 * @param rgb whether images are RGB (tinted) rather than grey
 * @param templates clinical-style prompt templates, the first being the dataset's main template
 * @param classes the classes in label order
 */
public record ToyModality(String dataset, String modality, String organ, boolean rgb, List<String> templates,
                          List<ToyClass> classes) {
    public ToyModality {
        requireNonNull(dataset, "dataset is null");
        requireNonNull(modality, "modality is null");
        requireNonNull(organ, "organ is null");
        templates = List.copyOf(requireNonNull(templates, "templates is null"));
        classes = List.copyOf(requireNonNull(classes, "classes is null"));
    }

    /** Class names in label order. */
    public List<String> classNames() {
        return classes.stream().map(ToyClass::name).toList();
    }
}
