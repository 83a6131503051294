package dev.bioprompt.cli.commands;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.registry.AliasRecord;
import dev.bioprompt.api.registry.PromptSetRegistry;
import dev.bioprompt.cli.CliContext;
import dev.bioprompt.cli.stores.Stores;
import dev.bioprompt.io.TextTable;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;

/** {@code bioprompt registry list}: every prompt set with its number of versions and its aliases. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the prompt sets in the registry with their latest version and aliases.")
public final class RegistryListCommand implements Callable<Integer> {

    private final CliContext context;

    @Inject
    RegistryListCommand(CliContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public Integer call() throws IOException {
        PromptSetRegistry registry = new Stores(context).registry();
        List<String> names = registry.names();
        if (names.isEmpty()) {
            context.out().println("No prompt sets in " + registry.uri());
            return 0;
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("NAME", "VERSIONS", "LATEST", "ALIASES"));
        for (String name : names) {
            var versions = registry.versions(name);
            String aliases = registry.aliases(name).stream().sorted(Comparator.comparing(AliasRecord::alias))
                    .map(a -> a.alias() + "=v" + a.version()).collect(Collectors.joining(", "));
            rows.add(List.of(name, Integer.toString(versions.size()),
                    versions.isEmpty() ? "-" : "v" + versions.get(versions.size() - 1).version(),
                    aliases.isEmpty() ? "-" : aliases));
        }
        context.out().print(TextTable.render(rows));
        context.out().flush();
        return 0;
    }
}
