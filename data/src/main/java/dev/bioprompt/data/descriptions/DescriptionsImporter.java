package dev.bioprompt.data.descriptions;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns an author-published description collection into BioPrompt's per-dataset descriptions JSON
 * ({@code {"class name": ["sentence", ...]}}, keyed by the split file's class names, as {@code DescriptionsReader}
 * reads it).
 *
 * <p>A class is matched to the collection's key exactly, else ignoring case, underscores and repeated spaces; a
 * match of the second kind is reported as a name that differs. Classes with no match are reported as missing and
 * left out of the file.
 */
public final class DescriptionsImporter {

    private DescriptionsImporter() {
    }

    /**
     * The result for one dataset.
     *
     * @param dataset the dataset
     * @param descriptions class name (the split file's) to sentences, in label order, matched classes only
     * @param missing classes the collection has no sentences for
     * @param renamed split-file class name to the collection's differing key
     * @param source the file the sentences came from
     */
    public record Imported(String dataset, Map<String, List<String>> descriptions, List<String> missing,
                           Map<String, String> renamed, Path source) {
        /** The JSON file content. */
        public byte[] json() throws JsonProcessingException {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(descriptions);
        }
    }

    /**
     * Reads a class-to-sentences collection.
     *
     * @param codeRoot the root of the authors' code
     * @param dataset the dataset (used to pick BioVLM's file)
     * @param medmnist whether the dataset is a MedMNIST+ one (BioVLM's folder)
     * @throws IOException naming the file, line or key when the file is missing or not of the expected shape
     */
    public static Map<String, List<String>> readCollection(DescriptionCollection collection, Path codeRoot,
                                                           String dataset, boolean medmnist) throws IOException {
        Path file = sourceFile(collection, codeRoot, dataset, medmnist);
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "expected " + collection.key()
                    + "'s descriptions here in a copy of the authors' code");
        }
        if (collection == DescriptionCollection.BIOVLM) {
            return readJson(file);
        }
        Map<String, Object> module = PythonLiteralParser.parseModule(file.toString(),
                Files.readString(file, StandardCharsets.UTF_8));
        Object dict = module.get(collection.variable());
        if (dict == null) {
            throw new IOException(file + ": no assignment to " + collection.variable() + " (found " + module.keySet()
                    + ")");
        }
        return classSentences(file + ": " + collection.variable(), dict);
    }

    /** The file a collection is read from. */
    public static Path sourceFile(DescriptionCollection collection, Path codeRoot, String dataset, boolean medmnist) {
        return collection == DescriptionCollection.BIOVLM
                ? DescriptionCollection.biovlmFile(codeRoot, dataset, medmnist)
                : codeRoot.resolve(collection.file());
    }

    /** Picks one dataset's classes out of a collection. */
    public static Imported select(String dataset, List<String> classNames, Map<String, List<String>> collection,
                                  Path source) {
        requireNonNull(classNames, "classNames is null");
        Map<String, String> byNormalised = new LinkedHashMap<>();
        for (String key : collection.keySet()) {
            byNormalised.putIfAbsent(normalise(key), key);
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        Map<String, String> renamed = new LinkedHashMap<>();
        for (String c : classNames) {
            Optional<String> key = collection.containsKey(c) ? Optional.of(c)
                    : Optional.ofNullable(byNormalised.get(normalise(c)));
            if (key.isEmpty() || collection.get(key.get()).isEmpty()) {
                missing.add(c);
                continue;
            }
            if (!key.get().equals(c)) {
                renamed.put(c, key.get());
            }
            out.put(c, collection.get(key.get()));
        }
        return new Imported(dataset, out, missing, renamed, source);
    }

    static String normalise(String name) {
        return name.toLowerCase(Locale.ROOT).replace('_', ' ').trim().replaceAll("\\s+", " ");
    }

    private static Map<String, List<String>> classSentences(String where, Object dict) throws IOException {
        if (!(dict instanceof Map<?, ?> map)) {
            throw new IOException(where + " must be a dict {class name: [sentence, ...]}");
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            Object v = e.getValue();
            List<String> sentences = new ArrayList<>();
            if (v instanceof String s) {
                sentences.add(s);
            } else if (v instanceof List<?> list) {
                for (Object s : list) {
                    if (!(s instanceof String str)) {
                        throw new IOException(where + "['" + e.getKey() + "'] must hold only strings");
                    }
                    sentences.add(str);
                }
            } else {
                throw new IOException(where + "['" + e.getKey() + "'] must be a list of sentences");
            }
            out.put((String) e.getKey(), sentences);
        }
        return out;
    }

    private static Map<String, List<String>> readJson(Path file) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IOException(file + ": expected a JSON object {\"class name\": [\"sentence\", ...]}");
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isArray()) {
                throw new IOException(file + ": '" + e.getKey() + "' must be a list of sentences");
            }
            List<String> sentences = new ArrayList<>();
            for (JsonNode s : e.getValue()) {
                if (!s.isTextual()) {
                    throw new IOException(file + ": '" + e.getKey() + "' must hold only strings, found " + s);
                }
                sentences.add(s.asText());
            }
            out.put(e.getKey(), sentences);
        }
        return out;
    }
}
