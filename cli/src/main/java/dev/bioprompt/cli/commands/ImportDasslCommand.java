package dev.bioprompt.cli.commands;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.model.VisionLanguageModel;
import dev.bioprompt.api.promptset.PromptSet;
import dev.bioprompt.api.task.Protocol;
import dev.bioprompt.cli.CliContext;
import dev.bioprompt.cli.UsageException;
import dev.bioprompt.cli.reproduce.DasslPromptImport;
import dev.bioprompt.cli.stores.Stores;
import dev.bioprompt.data.catalog.DatasetCatalog;
import dev.bioprompt.data.catalog.DatasetEntry;
import dev.bioprompt.data.split.SplitFileReader;
import dev.bioprompt.runners.config.DataKeys;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bioprompt import dassl}: a Dassl prompt-learner checkpoint as a BioPrompt prompt set. */
@Command(name = "dassl", mixinStandardHelpOptions = true,
        description = {
            "Convert a prompt-learner checkpoint saved by the authors' Dassl trainers",
            "(prompt_learner/model.pth.tar-N) into a prompt set folder that eval, predict and promote read.",
            "Methods: coop, biomedcoop, biomed-dpt, ogkd (the unified context 'ctx'), biovlm (the bank of",
            "contexts). The file is read by the restricted",
            "unpickler and never executed. The class names come from --classes, the dataset's split file",
            "under data.root, or the catalogue; the base-to-novel protocol takes the base half."})
public final class ImportDasslCommand implements Callable<Integer> {

    private final CliContext context;

    @Parameters(index = "0", paramLabel = "CHECKPOINT", description = "The model.pth.tar-N file.")
    Path checkpoint;

    @Option(names = "--method", required = true, paramLabel = "NAME",
            description = "coop, biomedcoop, biomed-dpt, ogkd or biovlm.")
    String method;

    @Option(names = "--dataset", required = true, paramLabel = "DS", description = "The dataset it was trained on.")
    String dataset;

    @Option(names = "--protocol", defaultValue = "few-shot", paramLabel = "P",
            description = "few-shot (all classes) or base-to-novel (the base half); default: ${DEFAULT-VALUE}.")
    String protocol;

    @Option(names = "--classes", split = ",", paramLabel = "NAME",
            description = "Class names in label order (default: from the split file or the catalogue).")
    List<String> classes;

    @Option(names = "--backbone", paramLabel = "DIR",
            description = "The backbone folder the prompts belong to (default: backbone.dir).")
    String backbone;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The prompt set folder to write.")
    Path out;

    @Inject
    ImportDasslCommand(CliContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public Integer call() throws IOException {
        if (!DasslPromptImport.SUPPORTED.contains(method)) {
            throw new UsageException("--method must be one of " + DasslPromptImport.SUPPORTED + ", was '" + method + "'");
        }
        Protocol p = Arrays.stream(Protocol.values()).filter(v -> v.key().equals(protocol)).findFirst()
                .orElseThrow(() -> new UsageException("--protocol must be few-shot or base-to-novel"));
        if (!Files.isRegularFile(checkpoint)) {
            throw new UsageException("checkpoint " + checkpoint + " does not exist");
        }
        if (Files.exists(out)) {
            throw new UsageException("--out " + out + " already exists; choose a new folder");
        }
        DatasetEntry entry = DatasetCatalog.contains(dataset) ? DatasetCatalog.get(dataset) : null;
        String name = entry != null ? entry.name() : dataset;
        List<String> classNames = classNames(entry, name, p);
        Map<String, String> presets = new LinkedHashMap<>();
        if (context.plugins().methods().containsKey(method)) {
            Map<String, Map<String, String>> table = context.plugins().method(method).presets();
            presets.putAll(table.getOrDefault(name, Map.of()));
            presets.putAll(table.getOrDefault(name + "@" + p.key(), Map.of()));
        }
        Stores stores = new Stores(context);
        String folder = backbone != null ? backbone : context.settings().get(DataKeys.BACKBONE_DIR);
        String fingerprint;
        try (VisionLanguageModel model = stores.backbone(folder)) {
            fingerprint = model.fingerprint();
        }
        PromptSet set = DasslPromptImport.read(checkpoint, method, name, classNames, fingerprint, presets);
        set.writeTo(out);
        String tensor = set.tensors().keySet().iterator().next();
        context.out().printf("Imported %s (%s, %s %s) for %s classes %s into %s%n", checkpoint, method, tensor,
                Arrays.toString(set.tensors().get(tensor).shape()), name, classNames, out);
        context.out().printf("Evaluate with: bioprompt eval --prompt-set %s --dataset %s%n", out, name);
        context.out().flush();
        return 0;
    }

    private List<String> classNames(DatasetEntry entry, String name, Protocol p) throws IOException {
        if (classes != null && !classes.isEmpty()) {
            return classes.stream().map(String::trim).toList();
        }
        List<String> all;
        String root = context.settings().get(DataKeys.DATA_ROOT);
        Path split = root.isBlank() ? null : Path.of(root).resolve(name).resolve("split_" + name + ".json");
        if (split != null && Files.isRegularFile(split)) {
            all = SplitFileReader.read(split).classNames();
        } else if (entry != null) {
            all = entry.classNames();
        } else {
            throw new UsageException("dataset '" + name + "' is not catalogued; pass --classes");
        }
        return p == Protocol.BASE_TO_NOVEL ? all.subList(0, (all.size() + 1) / 2) : all;
    }
}
