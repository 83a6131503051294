package dev.bioprompt.cli.commands;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.cli.CliContext;
import dev.bioprompt.data.catalog.DatasetCatalog;
import dev.bioprompt.data.catalog.DatasetEntry;
import dev.bioprompt.data.fetch.DatasetSource;
import dev.bioprompt.data.fetch.DatasetSources;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bioprompt datasets}: the dataset catalogue with classes and base/novel halves. */
@Command(name = "datasets",
        header = "List the datasets BioPrompt knows, with family, modality, organ and classes.",
        mixinStandardHelpOptions = true,
        subcommands = {DatasetsFetchCommand.class, DatasetsVerifyCommand.class},
        description = {"List the datasets BioPrompt knows: name, family, modality, organ, number of classes,",
            "the class names in label order and the base/novel halves used by the base-to-novel protocol.",
            "Subcommands: 'fetch' downloads and lays out datasets, 'verify' checks them."})
public final class DatasetsCommand implements Callable<Integer> {

    private final CliContext context;

    @Option(names = "--family", paramLabel = "NAME",
            description = "Show only one family (BiomedCoOp, MedMNIST+, toy; case-insensitive).")
    String family;

    @Inject
    DatasetsCommand(CliContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public Integer call() {
        List<DatasetEntry> entries = DatasetCatalog.all();
        if (family != null) {
            Set<String> families = new LinkedHashSet<>();
            entries.forEach(e -> families.add(e.family()));
            String match = families.stream().filter(f -> f.equalsIgnoreCase(family.trim())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown dataset family '" + family
                            + "'; expected one of " + String.join(", ", families)));
            entries = entries.stream().filter(e -> e.family().equals(match)).toList();
        }
        PrintWriter out = context.out();
        for (DatasetEntry e : entries) {
            out.printf("%-14s family %-10s %s, %s, %d classes%n", e.name(), e.family(), e.info().modality(),
                    e.info().organ(), e.classNames().size());
            out.printf("  classes: %s%n", String.join(", ", e.classNames()));
            if (e.baseToNovel()) {
                out.printf("  base:    %s%n  novel:   %s%n", String.join(", ", e.baseClasses()),
                        String.join(", ", e.novelClasses()));
            } else {
                out.printf("  base-to-novel: not run by the reference%n");
            }
            if (!e.family().equals("toy")) {
                DatasetSource s = DatasetSources.get(e.name());
                out.printf("  download: %s%n", s.kind() == DatasetSource.Kind.URL
                        ? s.url().orElseThrow() + " (MD5 " + s.md5().orElse("-") + ", " + s.source() + ")"
                        : "hub " + s.repo() + "/" + s.file());
            }
        }
        out.printf("%d datasets%n", entries.size());
        out.flush();
        return 0;
    }
}
