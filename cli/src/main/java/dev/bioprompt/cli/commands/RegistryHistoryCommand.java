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
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bioprompt registry history NAME --alias ALIAS}: the append-only log of an alias. */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = "Show every move of an alias, oldest first (the last line is the current holder).")
public final class RegistryHistoryCommand implements Callable<Integer> {

    private final CliContext context;

    @Parameters(index = "0", paramLabel = "NAME", description = "The prompt-set name.")
    String name;

    @Option(names = "--alias", required = true, paramLabel = "ALIAS", description = "The alias, e.g. production.")
    String alias;

    @Inject
    RegistryHistoryCommand(CliContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public Integer call() throws IOException {
        PromptSetRegistry registry = new Stores(context).registry();
        List<AliasRecord> history = registry.aliasHistory(name, alias);
        if (history.isEmpty()) {
            throw new IllegalArgumentException("alias '" + alias + "' of prompt set '" + name + "' was never set in "
                    + registry.uri());
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("SEQ", "VERSION", "AT", "REASON"));
        for (AliasRecord r : history) {
            rows.add(List.of(Long.toString(r.sequence()), "v" + r.version(), r.createdAt(),
                    r.reason().isEmpty() ? "-" : r.reason()));
        }
        context.out().print(TextTable.render(rows));
        context.out().flush();
        return 0;
    }
}
