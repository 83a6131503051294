package dev.bioprompt.cli.commands;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.promptset.PromptSet;
import dev.bioprompt.api.promptset.PromptSetManifest;
import dev.bioprompt.api.registry.AliasRecord;
import dev.bioprompt.api.registry.PromptSetRef;
import dev.bioprompt.api.registry.PromptSetRegistry;
import dev.bioprompt.api.registry.RegistryVersion;
import dev.bioprompt.cli.CliContext;
import dev.bioprompt.cli.stores.PromptSetResolver;
import dev.bioprompt.cli.stores.Stores;
import dev.bioprompt.io.TextTable;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code bioprompt registry show NAME[@SEL]}: the versions of a prompt set, or one version's manifest. */
@Command(name = "show",
        header = "Show a prompt set's versions and aliases, or one version's manifest.",
        mixinStandardHelpOptions = true,
        description = {"Show a prompt set: NAME lists its versions and aliases;",
            "NAME@ALIAS or NAME@VERSION shows that version's manifest (method, parameters, backbone, classes, metrics)."})
public final class RegistryShowCommand implements Callable<Integer> {

    private final CliContext context;

    @Parameters(index = "0", paramLabel = "NAME[@SEL]", description = "A prompt-set name, or NAME@ALIAS / NAME@VERSION.")
    String reference;

    @Inject
    RegistryShowCommand(CliContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public Integer call() throws IOException {
        PromptSetRegistry registry = new Stores(context).registry();
        PrintWriter out = context.out();
        if (!reference.contains("@")) {
            if (!PromptSetRegistry.isValidName(reference)) {
                throw new IllegalArgumentException("invalid prompt-set name '" + reference
                        + "': use lower-case letters, digits, '.', '_' and '-'");
            }
            List<RegistryVersion> versions = registry.versions(reference);
            if (versions.isEmpty()) {
                throw new IllegalArgumentException("prompt set '" + reference + "' does not exist in "
                        + registry.uri());
            }
            List<AliasRecord> aliases = registry.aliases(reference);
            List<List<String>> rows = new ArrayList<>();
            rows.add(List.of("VERSION", "CREATED", "SOURCE RUN", "ALIASES", "URI"));
            for (RegistryVersion v : versions) {
                String held = aliases.stream().filter(a -> a.version() == v.version()).map(AliasRecord::alias)
                        .sorted().collect(Collectors.joining(", "));
                rows.add(List.of("v" + v.version(), v.createdAt(), v.sourceRun().isEmpty() ? "-" : v.sourceRun(),
                        held.isEmpty() ? "-" : held, v.uri()));
            }
            out.print(TextTable.render(rows));
            out.flush();
            return 0;
        }
        PromptSetRef ref = PromptSetResolver.parseReference("NAME@SEL", reference);
        int version = registry.resolve(ref);
        PromptSet promptSet = registry.load(ref.name(), version);
        PromptSetManifest m = promptSet.manifest();
        RegistryVersion info = registry.versions(ref.name()).stream().filter(v -> v.version() == version).findFirst()
                .orElseThrow(() -> new IOException("version " + version + " of '" + ref.name() + "' is not listed"));
        out.printf("Prompt set:   %s (%s = %s@v%d)%n", ref.name(), ref, ref.name(), version);
        out.printf("URI:          %s%n", info.uri());
        out.printf("Created:      %s%n", info.createdAt());
        out.printf("Method:       %s%n", m.method());
        out.printf("Dataset:      %s%n", m.dataset());
        out.printf("Backbone:     %s%n", m.backboneFingerprint());
        out.printf("Source run:   %s%n", m.sourceRun().isEmpty() ? "-" : m.sourceRun());
        out.printf("Classes:      %s%n", String.join(", ", m.classNames()));
        out.printf("Tensors:      %s%n", promptSet.tensors().entrySet().stream()
                .map(e -> e.getKey() + Arrays.toString(e.getValue().shape())).collect(Collectors.joining(", ")));
        out.println("Parameters:");
        new TreeMap<>(m.parameters()).forEach((k, v) -> out.printf("  %s = %s%n", k, v));
        out.println("Metrics:");
        new TreeMap<>(m.metrics()).forEach((k, v) -> out.printf(Locale.ROOT, "  %s = %.4f%n", k, v));
        out.flush();
        return 0;
    }
}
