package dev.bioprompt.runners.cell;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.api.runner.JobSpec;
import dev.bioprompt.api.runner.SweepSpec;
import dev.bioprompt.api.task.Protocol;
import dev.bioprompt.backbone.BiomedClipLoader;
import dev.bioprompt.data.DatasetLoader;
import dev.bioprompt.data.DescriptionsReader;
import dev.bioprompt.data.catalog.DatasetCatalog;
import dev.bioprompt.runners.config.DataKeys;
import dev.bioprompt.runners.config.InvalidSettingsException;
import dev.bioprompt.runners.config.SettingEntry;
import dev.bioprompt.runners.config.SettingsSchema;
import dev.bioprompt.runners.config.SettingsValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Checks a whole sweep before anything is written (no sweep folder, no tracking run, no registry entry): every
 * cell's method, its parameters (type and range, declared on each {@code MethodParameter}), its settings against the
 * schema, the datasets, protocol and targets; then the inputs: the data root and each dataset's files, descriptions
 * covering every class for the methods that need them, and the backbone folder.
 *
 * <p>Usage errors (unknown names, bad values) are thrown together as an {@link InvalidSettingsException}; a missing
 * or unreadable input as an {@link IOException} naming the file.
 */
public final class SweepPreflight {

    private final Map<String, PromptMethod> methods;
    private final SettingsSchema schema;
    private final Path cacheDir;

    /**
     * @param methods every loaded method by name
     * @param schema the settings schema with the methods' parameters
     * @param cacheDir the cache folder (the toy world and toy backbone)
     */
    public SweepPreflight(Map<String, PromptMethod> methods, SettingsSchema schema, Path cacheDir) {
        this.methods = Map.copyOf(requireNonNull(methods, "methods is null"));
        this.schema = requireNonNull(schema, "schema is null");
        this.cacheDir = requireNonNull(cacheDir, "cacheDir is null");
    }

    /**
     * Checks the sweep.
     *
     * @throws InvalidSettingsException listing every usage error, each naming the key or name and the cell
     * @throws IOException naming a missing or unreadable input file or folder
     */
    public void check(SweepSpec sweep) throws IOException {
        List<String> problems = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (JobSpec cell : sweep.cells()) {
            PromptMethod method = methods.get(cell.method());
            if (method == null) {
                add(problems, seen, "unknown method '" + cell.method() + "'; available: "
                        + String.join(", ", new TreeSet<>(methods.keySet())) + " (see 'bioprompt methods')");
            } else {
                try {
                    TrainingCellExecutor.parameters(method, cell, new CellSettings(cell.settings()));
                } catch (IllegalArgumentException e) {
                    add(problems, seen, "method " + method.name() + " on " + cell.dataset() + ": " + e.getMessage());
                }
            }
            for (String dataset : datasets(cell)) {
                if (!DatasetCatalog.contains(dataset)) {
                    add(problems, seen, (dataset.equals(cell.dataset()) ? "unknown dataset '"
                            : "unknown target dataset (--target, key 'targets') '") + dataset + "'; known: "
                            + String.join(", ", DatasetCatalog.all().stream().map(e -> e.name()).toList())
                            + " (see 'bioprompt datasets')");
                }
            }
            if (cell.shots() < 1) {
                add(problems, seen, "shots (K) must be positive, was " + cell.shots());
            }
            List<SettingEntry> entries = new ArrayList<>();
            cell.settings().forEach((k, v) -> entries.add(new SettingEntry(k, v, "sweep setting")));
            for (String p : SettingsValidator.problems(schema, entries)) {
                add(problems, seen, p);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(problems);
        }
        checkInputs(sweep);
    }

    private void checkInputs(SweepSpec sweep) throws IOException {
        Map<String, Path> roots = new LinkedHashMap<>();
        Set<String> backbones = new LinkedHashSet<>();
        Set<String> loaded = new LinkedHashSet<>();
        for (JobSpec cell : sweep.cells()) {
            CellSettings settings = new CellSettings(cell.settings());
            Path root = dataRoot(roots, settings);
            for (String dataset : datasets(cell)) {
                if (loaded.add(root + "|" + dataset)) {
                    DatasetLoader.load(root, DatasetCatalog.get(dataset).name());
                }
            }
            PromptMethod method = methods.get(cell.method());
            if (method.needsDescriptions()) {
                checkDescriptions(settings, root, cell, method);
            }
            backbones.add(settings.text(DataKeys.BACKBONE_DIR));
        }
        for (String folder : backbones) {
            checkBackbone(folder);
        }
    }

    /**
     * The files the sweep's cells read besides the images, for a sweep that {@link #check} accepted: each dataset's
     * split file or {@code .npz}, the descriptions that exist (the configured file, and each dataset's
     * {@code descriptions.json}, which the cells read when present), and the files of each backbone folder (not its
     * hidden checksum records), in cell order without repeats.
     *
     * @throws IOException when an input cannot be found (as {@link #check} reports it)
     */
    public List<Path> inputFiles(SweepSpec sweep) throws IOException {
        Set<Path> files = new LinkedHashSet<>();
        Map<String, Path> roots = new LinkedHashMap<>();
        for (JobSpec cell : sweep.cells()) {
            CellSettings settings = new CellSettings(cell.settings());
            Path root = dataRoot(roots, settings);
            for (String dataset : datasets(cell)) {
                String name = DatasetCatalog.get(dataset).name();
                files.add(DatasetLoader.locate(root, name, 0));
                addIfPresent(files, root.resolve(name).resolve("descriptions.json"));
            }
            addIfPresent(files, descriptionsFile(settings, root, cell));
            String backbone = settings.text(DataKeys.BACKBONE_DIR);
            if (!backbone.isBlank()) {
                try (Stream<Path> folder = Files.list(Path.of(backbone))) {
                    folder.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith("."))
                            .sorted().forEach(files::add);
                }
            }
        }
        return List.copyOf(files);
    }

    /** The cell's data root, resolved once per setting (the toy world is generated on first use). */
    private Path dataRoot(Map<String, Path> roots, CellSettings settings) throws IOException {
        String setting = settings.text(DataKeys.DATA_ROOT);
        Path root = roots.get(setting);
        if (root == null) {
            root = DataRoots.resolve(setting, cacheDir);
            roots.put(setting, root);
        }
        return root;
    }

    private static void addIfPresent(Set<Path> files, Path file) {
        if (Files.isRegularFile(file)) {
            files.add(file);
        }
    }

    private static Path descriptionsFile(CellSettings settings, Path root, JobSpec cell) {
        String configured = settings.text(DataKeys.DESCRIPTIONS_FILE);
        return configured.isEmpty() ? root.resolve(cell.dataset()).resolve("descriptions.json") : Path.of(configured);
    }

    private static void checkDescriptions(CellSettings settings, Path root, JobSpec cell, PromptMethod method)
            throws IOException {
        Path file = descriptionsFile(settings, root, cell);
        if (!Files.isRegularFile(file)) {
            throw new IOException("method " + method.name() + " needs LLM descriptions per class: set "
                    + DataKeys.DESCRIPTIONS_FILE.key() + " to a JSON file {\"class name\": [\"sentence\", ...]} "
                    + "(looked for " + file + ")");
        }
        DescriptionsReader.read(file, DatasetCatalog.get(cell.dataset()).info().classNames());
    }

    /** A backbone folder must hold the released layout's config, weights and tokenizer. */
    static void checkBackbone(String folder) throws IOException {
        if (folder.isBlank()) {
            return;
        }
        Path dir = Path.of(folder).toAbsolutePath();
        String where = " (setting " + DataKeys.BACKBONE_DIR.key() + ")";
        if (!Files.isDirectory(dir)) {
            throw new IOException("backbone folder " + dir + where + " does not exist; run 'bioprompt weights fetch'"
                    + " or leave it empty for the embedded toy backbone");
        }
        if (!Files.isRegularFile(dir.resolve("open_clip_config.json"))) {
            throw new IOException("backbone folder " + dir + where + " has no open_clip_config.json");
        }
        boolean weights = Files.isRegularFile(dir.resolve(BiomedClipLoader.BIN_CHECKPOINT));
        if (!weights) {
            try (Stream<Path> files = Files.list(dir)) {
                weights = files.anyMatch(p -> p.getFileName().toString().endsWith(".safetensors"));
            }
        }
        if (!weights) {
            throw new IOException("backbone folder " + dir + where + " has no weights ("
                    + BiomedClipLoader.BIN_CHECKPOINT + " or *.safetensors)");
        }
        if (!Files.isRegularFile(dir.resolve("tokenizer.json")) && !Files.isRegularFile(dir.resolve("vocab.txt"))) {
            throw new IOException("backbone folder " + dir + where + " has no tokenizer.json or vocab.txt");
        }
    }

    private static List<String> datasets(JobSpec cell) {
        List<String> out = new ArrayList<>();
        out.add(cell.dataset());
        if (cell.protocol() == Protocol.CROSS_DATASET) {
            out.addAll(cell.targets());
        }
        return out;
    }

    private static void add(List<String> problems, Set<String> seen, String problem) {
        if (seen.add(problem)) {
            problems.add(problem);
        }
    }
}
