package dev.bioprompt.data.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bioprompt.api.task.DatasetInfo;
import dev.bioprompt.data.toy.ToyWorld;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The datasets BioPrompt knows: the 11 BiomedCoOp benchmark datasets, the 11 MedMNIST+ 2D datasets used by BioVLM
 * (keyed by their MedMNIST flag, for example {@code pathmnist}) and the synthetic toy datasets.
 *
 * <p>The facts (class names in label order, templates, base/novel halves) are read from the
 * resource {@code dev/bioprompt/data/catalog.json}, which transcribes the reference configs; values the references
 * do not state are absent. Lookups are exact, except that a unique case-insensitive match is accepted.
 */
public final class DatasetCatalog {

    private static final String RESOURCE = "/dev/bioprompt/data/catalog.json";
    private static final Map<String, DatasetEntry> ENTRIES = load();

    private DatasetCatalog() {
    }

    /** Every dataset, in catalogue order (BiomedCoOp, MedMNIST+, toy). */
    public static List<DatasetEntry> all() {
        return List.copyOf(ENTRIES.values());
    }

    /** Datasets of one family ({@code BiomedCoOp}, {@code MedMNIST+}, {@code toy}). */
    public static List<DatasetEntry> family(String family) {
        return ENTRIES.values().stream().filter(e -> e.family().equals(family)).toList();
    }

    /**
     * One dataset by key.
     *
     * @throws NoSuchElementException naming the key and listing the known ones
     */
    public static DatasetEntry get(String name) {
        DatasetEntry entry = ENTRIES.get(name);
        if (entry != null) {
            return entry;
        }
        List<DatasetEntry> matches = ENTRIES.values().stream().filter(e -> e.name().equalsIgnoreCase(name)).toList();
        if (matches.size() == 1) {
            return matches.get(0);
        }
        throw new NoSuchElementException("unknown dataset '" + name + "': expected one of " + ENTRIES.keySet());
    }

    /** Whether the key names a catalogued dataset (same matching as {@link #get}). */
    public static boolean contains(String name) {
        try {
            get(name);
            return true;
        } catch (NoSuchElementException e) {
            return false;
        }
    }

    private static Map<String, DatasetEntry> load() {
        Map<String, DatasetEntry> entries = new LinkedHashMap<>();
        try (InputStream in = DatasetCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("catalogue resource " + RESOURCE + " is missing");
            }
            JsonNode root = new ObjectMapper().readTree(in);
            for (JsonNode d : root.get("datasets")) {
                DatasetEntry entry = parse(d);
                entries.put(entry.name(), entry);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read catalogue resource " + RESOURCE, e);
        }
        for (DatasetEntry toy : ToyWorld.catalogEntries()) {
            entries.put(toy.name(), toy);
        }
        return Collections.unmodifiableMap(entries);
    }

    private static DatasetEntry parse(JsonNode d) {
        String format = d.get("format").asText();
        DatasetInfo info = new DatasetInfo(d.get("name").asText(), d.get("modality").asText(), d.get("organ").asText(),
                strings(d.get("classNames")), strings(d.get("templates")), Map.of());
        List<Integer> counts = new ArrayList<>();
        d.get("counts").forEach(c -> counts.add(c.asInt()));
        return new DatasetEntry(info, format.equals("medmnist") ? "MedMNIST+" : "BiomedCoOp",
                format.equals("medmnist") ? DatasetFormat.MEDMNIST_NPZ : DatasetFormat.BIOMEDCOOP_SPLIT,
                strings(d.get("baseClasses")), strings(d.get("novelClasses")), d.get("baseToNovel").asBoolean(),
                counts, d.get("classNamesVerified").asBoolean());
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
