package dev.bioprompt.cli.commands;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.cli.CliContext;
import dev.bioprompt.cli.ExitCodes;
import dev.bioprompt.cli.stores.Stores;
import dev.bioprompt.registry.RegistryVerifier;
import dev.bioprompt.registry.StoredPromptSetRegistry;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code bioprompt registry verify NAME}: audits a prompt set byte for byte; exit 1 when anything is wrong.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Audit a prompt set: every version verifies against its digest (and signature, with",
            "registry.signing.public-key), no promotion published twice, every alias record points at a published",
            "version with the same digest, no gaps in the version numbers. Exit 1 when anything is wrong."})
public final class RegistryVerifyCommand implements Callable<Integer> {

    private final CliContext context;

    @Parameters(index = "0", paramLabel = "NAME", description = "The prompt-set name.")
    String name;

    @Inject
    RegistryVerifyCommand(CliContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public Integer call() throws IOException {
        StoredPromptSetRegistry registry = new Stores(context).registry();
        RegistryVerifier.Report report = new RegistryVerifier(registry).verify(name);
        PrintWriter out = context.out();
        out.printf("%s in %s: %d published version(s), %d alias record(s) checked%n", name, registry.uri(),
                report.published(), report.aliasRecords());
        for (String problem : report.problems()) {
            out.println("  " + problem);
        }
        out.println(report.ok() ? "OK" : report.problems().size() + " problem(s)");
        out.flush();
        return report.ok() ? ExitCodes.OK : ExitCodes.FAILURE;
    }
}
