package dev.bioprompt.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bioprompt.api.method.ClassDescriptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a descriptions file {@code {"class name": ["sentence", ...], ...}} (the toy world writes one per dataset as
 * {@code <root>/<DS>/descriptions.json}), keeping key and sentence order.
 */
public final class DescriptionsReader {

    private DescriptionsReader() {
    }

    /**
     * Reads and checks the file.
     *
     * @param requiredClasses class names that must each have at least one sentence (may be empty)
     * @throws IOException naming the file and the offending key
     */
    public static ClassDescriptions read(Path file, List<String> requiredClasses) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "descriptions file not found");
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IOException(file + ": expected a JSON object {\"class name\": [\"sentence\", ...]}");
        }
        Map<String, List<String>> byClass = new LinkedHashMap<>();
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
            byClass.put(e.getKey(), sentences);
        }
        for (String c : requiredClasses) {
            if (byClass.getOrDefault(c, List.of()).isEmpty()) {
                throw new IOException(file + ": no sentences for class '" + c + "' (found keys " + byClass.keySet() + ")");
            }
        }
        return new ClassDescriptions(file.toString(), byClass);
    }
}
