package dev.bioprompt.cli.commands;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.io.AtomicFiles;
import dev.bioprompt.cli.CliContext;
import dev.bioprompt.cli.UsageException;
import dev.bioprompt.data.catalog.DatasetCatalog;
import dev.bioprompt.data.catalog.DatasetEntry;
import dev.bioprompt.data.catalog.DatasetFormat;
import dev.bioprompt.data.descriptions.DescriptionCollection;
import dev.bioprompt.data.descriptions.DescriptionsImporter;
import dev.bioprompt.data.split.SplitFileReader;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bioprompt descriptions import}: converts the authors' published description collections into BioPrompt's
 * per-dataset descriptions JSON.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {
            "Read the class descriptions a method's authors publish in their code and write BioPrompt's",
            "descriptions JSON per dataset ({\"class name\": [\"sentence\", ...]}, keyed by the split file's names):",
            "  biomedcoop  trainers/prompt_templates.py, BIOMEDCOOP_TEMPLATES",
            "  biomed-dpt  trainers/prompt_templates.py, BIOMEDDPT_TEMPLATES",
            "  ogkd        trainers/method/prompt_templates.py, PROMPT_TEMPLATES",
            "  biovlm      attributes_medmnist/<flag>.json or attributes_bio/<name>.json",
            "Python files are parsed as data (literals only) and never executed. Reports classes without",
            "descriptions and classes whose names differ from the split file's."})
public final class DescriptionsImportCommand implements Callable<Integer> {

    private final CliContext context;

    @Parameters(arity = "1..*", paramLabel = "DATASET", description = "Datasets to write descriptions for.")
    List<String> datasets;

    @Option(names = "--from", required = true, paramLabel = "COLLECTION",
            description = "biomedcoop, biomed-dpt, ogkd or biovlm.")
    String from;

    @Option(names = "--code", required = true, paramLabel = "DIR",
            description = "A local copy of the authors' repository.")
    Path code;

    @Option(names = "--root", paramLabel = "DIR",
            description = "Dataset root: class names from <root>/<DS>/split_<DS>.json when present, and the default "
                    + "output <root>/<DS>/descriptions.json (default: data.root).")
    Path root;

    @Option(names = "--out", paramLabel = "DIR", description = "Write <DIR>/<DS>.json instead.")
    Path out;

    @Option(names = "--allow-missing", description = "Write the file even when some classes have no descriptions.")
    boolean allowMissing;

    @Inject
    DescriptionsImportCommand(CliContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public Integer call() throws IOException {
        DescriptionCollection collection;
        try {
            collection = DescriptionCollection.of(from);
        } catch (NoSuchElementException e) {
            throw new UsageException(e.getMessage());
        }
        Path dataRoot = root != null || out == null ? DatasetsFetchCommand.dataRoot(context, root) : null;
        PrintWriter w = context.out();
        boolean complete = true;
        for (String dataset : datasets) {
            DatasetEntry entry = DatasetCatalog.contains(dataset) ? DatasetCatalog.get(dataset) : null;
            String name = entry != null ? entry.name() : dataset;
            List<String> classes;
            String classSource;
            Path split = dataRoot == null ? null : dataRoot.resolve(name).resolve("split_" + name + ".json");
            if (split != null && Files.isRegularFile(split)) {
                classes = SplitFileReader.read(split).classNames();
                classSource = split.toString();
            } else if (entry != null) {
                classes = entry.classNames();
                classSource = "the catalogue";
            } else {
                throw new UsageException("dataset '" + dataset + "' is not catalogued and has no split file"
                        + (split == null ? "" : " at " + split));
            }
            boolean medmnist = entry != null && entry.format() == DatasetFormat.MEDMNIST_NPZ;
            Map<String, List<String>> all = DescriptionsImporter.readCollection(collection, code, name, medmnist);
            DescriptionsImporter.Imported imported = DescriptionsImporter.select(name, classes, all,
                    DescriptionsImporter.sourceFile(collection, code, name, medmnist));
            w.printf("%s: %d of %d classes have descriptions in %s (class names from %s)%n", name,
                    imported.descriptions().size(), classes.size(), imported.source(), classSource);
            imported.renamed().forEach((c, k) -> w.printf("  class '%s' is '%s' in the collection%n", c, k));
            imported.missing().forEach(c -> w.printf("  class '%s' has no descriptions%n", c));
            if (!imported.missing().isEmpty() && !allowMissing) {
                complete = false;
                w.printf("  %s not written (pass --allow-missing to write the classes that have descriptions)%n",
                        name);
                continue;
            }
            Path target = out != null ? out.resolve(name + ".json")
                    : dataRoot.resolve(name).resolve("descriptions.json");
            Files.createDirectories(target.getParent());
            AtomicFiles.write(target, imported.json());
            w.printf("  wrote %s%n", target);
        }
        w.flush();
        return complete ? 0 : 1;
    }
}
