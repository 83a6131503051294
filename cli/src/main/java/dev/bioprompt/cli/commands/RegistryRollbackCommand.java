package dev.bioprompt.cli.commands;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.registry.AliasRecord;
import dev.bioprompt.api.registry.PromptSetRef;
import dev.bioprompt.cli.CliContext;
import dev.bioprompt.cli.ExitCodes;
import dev.bioprompt.cli.UsageException;
import dev.bioprompt.cli.stores.RegistryMirroring;
import dev.bioprompt.cli.stores.Stores;
import dev.bioprompt.registry.StoredPromptSetRegistry;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bioprompt registry rollback NAME --alias ALIAS [--to VERSION]}: points an alias back at its previous holder
 * (or a given version) by appending an alias record; nothing is deleted.
 */
@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = {"Point an alias back at the version that held it before the current one (or at --to VERSION).",
            "Appends a record to the alias log; versions and earlier records are never changed."})
public final class RegistryRollbackCommand implements Callable<Integer> {

    private final CliContext context;

    @Parameters(index = "0", paramLabel = "NAME", description = "The prompt-set name.")
    String name;

    @Option(names = "--alias", required = true, paramLabel = "ALIAS", description = "The alias to move back.")
    String alias;

    @Option(names = "--to", paramLabel = "VERSION",
            description = "The version to point at, v1 or 1 (default: the previous holder).")
    String to;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Recorded in the alias log.")
    String reason;

    @Option(names = "--mirror", paramLabel = "MODE", defaultValue = "strict",
            description = "With an MLflow tracking server: strict (default) fails the command (exit 1) when the MLflow"
                    + " model registry alias cannot be moved too; best-effort only warns.")
    String mirror;

    @Inject
    RegistryRollbackCommand(CliContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public Integer call() throws IOException {
        Integer toVersion = null;
        if (to != null) {
            toVersion = PromptSetRef.versionNumber(to).orElseThrow(() -> new UsageException(
                    "--to expects a version such as v1 or 1, was '" + to + "'"));
        }
        Stores stores = new Stores(context);
        StoredPromptSetRegistry registry = stores.registry();
        RegistryMirroring.Mode mirrorMode = RegistryMirroring.Mode.parse(mirror);
        List<AliasRecord> history = registry.aliasHistory(name, alias);
        if (history.isEmpty()) {
            throw new IllegalArgumentException("alias '" + alias + "' of prompt set '" + name + "' was never set in "
                    + registry.uri() + "; nothing to roll back");
        }
        int current = history.get(history.size() - 1).version();
        int target;
        if (toVersion != null) {
            target = toVersion;
        } else {
            target = -1;
            for (int i = history.size() - 1; i >= 0 && target < 0; i--) {
                if (history.get(i).version() != current) {
                    target = history.get(i).version();
                }
            }
            if (target < 0) {
                throw new IllegalArgumentException("alias '" + alias + "' of prompt set '" + name
                        + "' has only ever pointed at v" + current + "; pass --to VERSION");
            }
        }
        if (target == current) {
            throw new IllegalArgumentException("alias '" + alias + "' of prompt set '" + name
                    + "' already points at v" + current);
        }
        String why = reason != null ? reason : "rollback from v" + current + " to v" + target;
        AliasRecord record = registry.setAlias(name, alias, target, why);
        context.out().printf("%s@%s: %s@v%d -> %s@v%d (record %d)%n", name, alias, name, current, name,
                record.version(), record.sequence());
        context.out().flush();
        boolean mirrored = stores.registryMirroring(registry).map(m -> m.sync(name, record.version(), null, alias,
                mirrorMode, context.err())).orElse(true);
        return mirrored ? 0 : ExitCodes.FAILURE;
    }
}
