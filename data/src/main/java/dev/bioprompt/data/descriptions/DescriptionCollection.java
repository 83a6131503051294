package dev.bioprompt.data.descriptions;

import java.nio.file.Path;
import java.util.Locale;
import java.util.NoSuchElementException;

/**
 * The description and attribute collections the methods' authors publish in their code, and where each lives in a
 * local copy of that code.
 */
public enum DescriptionCollection {
    /** BiomedCoOp: {@code trainers/prompt_templates.py}, dict {@code BIOMEDCOOP_TEMPLATES} (class to sentences). */
    BIOMEDCOOP("biomedcoop", "trainers/prompt_templates.py", "BIOMEDCOOP_TEMPLATES"),
    /** Biomed-DPT: {@code trainers/prompt_templates.py}, dict {@code BIOMEDDPT_TEMPLATES}. */
    BIOMED_DPT("biomed-dpt", "trainers/prompt_templates.py", "BIOMEDDPT_TEMPLATES"),
    /** OGKD: {@code trainers/method/prompt_templates.py}, dict {@code PROMPT_TEMPLATES}. */
    OGKD("ogkd", "trainers/method/prompt_templates.py", "PROMPT_TEMPLATES"),
    /**
     * BioVLM: one JSON per dataset, {@code attributes_medmnist/<flag>.json} for MedMNIST+ and
     * {@code attributes_bio/<name>.json} for the BiomedCoOp datasets (lower case, {@code COVID_19} as
     * {@code covid19}).
     */
    BIOVLM("biovlm", "", "");

    private final String key;
    private final String file;
    private final String variable;

    DescriptionCollection(String key, String file, String variable) {
        this.key = key;
        this.file = file;
        this.variable = variable;
    }

    /** The name used on the command line (the method's name). */
    public String key() {
        return key;
    }

    /** The Python file relative to the code's root (empty for BioVLM's JSON files). */
    public String file() {
        return file;
    }

    /** The dict variable in {@link #file()}. */
    public String variable() {
        return variable;
    }

    /** BioVLM's attribute file for a dataset of the given family. */
    public static Path biovlmFile(Path codeRoot, String dataset, boolean medmnist) {
        String name = dataset.toLowerCase(Locale.ROOT);
        return medmnist ? codeRoot.resolve("attributes_medmnist").resolve(name + ".json")
                : codeRoot.resolve("attributes_bio").resolve(name.replace("_", "") + ".json");
    }

    /** The collection by its key ({@code biomedcoop}, {@code biomed-dpt}, {@code ogkd}, {@code biovlm}). */
    public static DescriptionCollection of(String key) {
        for (DescriptionCollection c : values()) {
            if (c.key.equalsIgnoreCase(key.trim())) {
                return c;
            }
        }
        throw new NoSuchElementException("unknown description collection '" + key
                + "'; expected biomedcoop, biomed-dpt, ogkd or biovlm");
    }
}
