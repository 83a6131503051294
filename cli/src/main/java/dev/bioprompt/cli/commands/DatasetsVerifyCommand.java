package dev.bioprompt.cli.commands;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.io.TextTable;
import dev.bioprompt.cli.CliContext;
import dev.bioprompt.data.fetch.DatasetVerifier;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bioprompt datasets verify}: checks that every split entry is present and decodes, and prints counts. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Check installed datasets: every entry of train, val and test is present and decodes;",
            "prints the images per class and split, and each split's total beside the catalogue's.",
            "Exit 1 when an entry is missing or undecodable or a total differs from the catalogue."})
public final class DatasetsVerifyCommand implements Callable<Integer> {

    private final CliContext context;

    @Parameters(arity = "1..*", paramLabel = "NAME", description = "Datasets to check.")
    List<String> names;

    @Option(names = "--root", paramLabel = "DIR", description = "Dataset root (default: data.root).")
    Path root;

    @Inject
    DatasetsVerifyCommand(CliContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public Integer call() throws IOException {
        Path dataRoot = DatasetsFetchCommand.dataRoot(context, root);
        PrintWriter out = context.out();
        boolean ok = true;
        for (String name : names) {
            DatasetVerifier.Report report = DatasetVerifier.verify(dataRoot, name);
            List<List<String>> rows = new ArrayList<>();
            List<String> header = new ArrayList<>(List.of("class"));
            report.splits().forEach(s -> header.add(s.split()));
            rows.add(header);
            for (int c = 0; c < report.classNames().size(); c++) {
                List<String> row = new ArrayList<>(List.of(report.classNames().get(c)));
                for (DatasetVerifier.SplitCounts s : report.splits()) {
                    row.add(Integer.toString(s.perClass().get(c)));
                }
                rows.add(row);
            }
            List<String> total = new ArrayList<>(List.of("total"));
            List<String> catalogue = new ArrayList<>(List.of("catalogue"));
            for (DatasetVerifier.SplitCounts s : report.splits()) {
                total.add(Integer.toString(s.total()));
                catalogue.add(s.expected().map(e -> e + (e == s.total() ? "" : " (differs)")).orElse("-"));
            }
            rows.add(total);
            rows.add(catalogue);
            out.println(report.name());
            out.print(TextTable.render(rows));
            if (report.problemCount() > 0) {
                out.printf("%d entries missing or undecodable:%n", report.problemCount());
                report.problems().forEach(p -> out.println("  " + p));
                if (report.problemCount() > report.problems().size()) {
                    out.printf("  ... and %d more%n", report.problemCount() - report.problems().size());
                }
            }
            out.println(report.ok() ? report.name() + ": ok" : report.name() + ": FAILED");
            ok &= report.ok();
        }
        out.flush();
        return ok ? 0 : 1;
    }
}
