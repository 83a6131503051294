package dev.bioprompt.data.split;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads {@code split_<DS>.json}: one object with exactly the keys {@code train}, {@code val}, {@code test}, each a
 * list of {@code [relative_path, label, classname]}.
 *
 * <p>Checks that every label maps to one class name and every class name to one label, that labels are 0..n-1 with
 * none missing, and (when given) that the class names equal the expected list. Underscores in class names become
 * spaces, as the reference loader does.
 */
public final class SplitFileReader {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> KEYS = Set.of("train", "val", "test");

    private SplitFileReader() {
    }

    /** Reads and validates a split file. */
    public static SplitFile read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(file.toString(), in);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "split file not found (expected <root>/<DS>/split_<DS>.json)");
        }
    }

    /** Reads and validates a split file from a stream; {@code source} names it in messages. */
    public static SplitFile read(String source, InputStream in) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(in);
        } catch (JsonProcessingException e) {
            throw new IOException(source + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IOException(source + ": expected a JSON object with keys train, val, test");
        }
        Set<String> keys = new TreeSet<>();
        root.fieldNames().forEachRemaining(keys::add);
        if (!keys.equals(KEYS)) {
            throw new IOException(source + ": expected exactly the keys [test, train, val], found " + keys);
        }
        Map<Integer, String> labelToName = new TreeMap<>();
        Map<String, Integer> nameToLabel = new HashMap<>();
        List<SplitEntry> train = parse(source, "train", root.get("train"), labelToName, nameToLabel);
        List<SplitEntry> val = parse(source, "val", root.get("val"), labelToName, nameToLabel);
        List<SplitEntry> test = parse(source, "test", root.get("test"), labelToName, nameToLabel);
        if (train.isEmpty()) {
            throw new IOException(source + ": the train split is empty");
        }
        List<String> classNames = new ArrayList<>();
        for (int label = 0; label < labelToName.size(); label++) {
            String name = labelToName.get(label);
            if (name == null) {
                throw new IOException(source + ": labels must be 0.." + (labelToName.size() - 1)
                        + " without gaps, found " + labelToName.keySet());
            }
            classNames.add(name);
        }
        return new SplitFile(source, train, val, test, classNames);
    }

    /**
     * Checks the class names of a split file against the expected list (for example the catalogue's).
     *
     * @throws IOException naming the file, the label and both names when they disagree
     */
    public static void requireClassNames(SplitFile split, List<String> expected) throws IOException {
        if (!split.classNames().equals(expected)) {
            throw new IOException(split.source() + ": class names by label " + split.classNames()
                    + " disagree with the expected " + expected);
        }
    }

    private static List<SplitEntry> parse(String source, String key, JsonNode list, Map<Integer, String> labelToName,
                                          Map<String, Integer> nameToLabel) throws IOException {
        if (!list.isArray()) {
            throw new IOException(source + ": '" + key + "' must be a list of [path, label, classname], was "
                    + list.getNodeType());
        }
        List<SplitEntry> entries = new ArrayList<>(list.size());
        int index = 0;
        for (Iterator<JsonNode> it = list.elements(); it.hasNext(); index++) {
            JsonNode item = it.next();
            String where = source + ": " + key + "[" + index + "]";
            if (!item.isArray() || item.size() != 3 || !item.get(0).isTextual() || !item.get(1).canConvertToInt()
                    || !item.get(1).isIntegralNumber() || !item.get(2).isTextual()) {
                throw new IOException(where + ": expected [relative_path (string), label (int), classname (string)], was "
                        + item);
            }
            String path = item.get(0).asText();
            int label = item.get(1).asInt();
            String name = item.get(2).asText().replace('_', ' ');
            if (label < 0) {
                throw new IOException(where + ": label must be >= 0, was " + label);
            }
            String known = labelToName.putIfAbsent(label, name);
            if (known != null && !known.equals(name)) {
                throw new IOException(where + ": label " + label + " is '" + name + "' here but '" + known
                        + "' earlier");
            }
            Integer knownLabel = nameToLabel.putIfAbsent(name, label);
            if (knownLabel != null && knownLabel != label) {
                throw new IOException(where + ": class '" + name + "' has label " + label + " here but "
                        + knownLabel + " earlier");
            }
            entries.add(new SplitEntry(path, label, name));
        }
        return entries;
    }
}
