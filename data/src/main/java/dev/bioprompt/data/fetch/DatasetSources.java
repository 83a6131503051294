package dev.bioprompt.data.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bioprompt.data.catalog.DatasetCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The download sources of the catalogued datasets, read from the resource
 * {@code dev/bioprompt/data/dataset-sources.json}: BiomedCoOp's eleven zips in the Hugging Face dataset repository
 * {@code TahaKoleilat/BiomedCoOp}, and the MedMNIST+ {@code _224.npz} files of Zenodo record 10519652 with the MD5
 * of each from MedMNIST's {@code info.py}. Every entry names its source.
 */
public final class DatasetSources {

    private static final String RESOURCE = "/dev/bioprompt/data/dataset-sources.json";
    private static final Map<String, DatasetSource> SOURCES = load();

    private DatasetSources() {
    }

    /** Every source, BiomedCoOp first. */
    public static List<DatasetSource> all() {
        return List.copyOf(SOURCES.values());
    }

    /**
     * The source of one dataset (catalogue matching: exact, or a unique case-insensitive match).
     *
     * @throws NoSuchElementException naming the dataset and the ones that can be fetched
     */
    public static DatasetSource get(String name) {
        String key = DatasetCatalog.contains(name) ? DatasetCatalog.get(name).name() : name;
        DatasetSource s = SOURCES.get(key);
        if (s == null) {
            throw new NoSuchElementException("no download source for dataset '" + name + "': can fetch "
                    + SOURCES.keySet());
        }
        return s;
    }

    private static Map<String, DatasetSource> load() {
        Map<String, DatasetSource> out = new LinkedHashMap<>();
        try (InputStream in = DatasetSources.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing");
            }
            for (JsonNode d : new ObjectMapper().readTree(in).get("datasets")) {
                String kind = d.get("kind").asText();
                DatasetSource s = new DatasetSource(d.get("name").asText(),
                        kind.equals("hub-zip") ? DatasetSource.Kind.HUB_ZIP : DatasetSource.Kind.URL,
                        d.path("repo").asText(""), d.get("file").asText(),
                        d.hasNonNull("url") ? Optional.of(URI.create(d.get("url").asText())) : Optional.empty(),
                        d.hasNonNull("md5") ? Optional.of(d.get("md5").asText()) : Optional.empty(),
                        d.get("source").asText());
                out.put(s.name(), s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + RESOURCE, e);
        }
        return Collections.unmodifiableMap(out);
    }
}
