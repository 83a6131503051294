package dev.bioprompt.cli.commands;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.method.MethodParameter;
import dev.bioprompt.api.method.MethodParameters;
import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.api.method.TrainingDefaults;
import dev.bioprompt.api.method.ValueRange;
import dev.bioprompt.api.task.Protocol;
import dev.bioprompt.cli.CliContext;
import dev.bioprompt.cli.plugins.LoadedMethod;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code bioprompt methods}: the discovered method plugins with their parameters and defaults. */
@Command(name = "methods", mixinStandardHelpOptions = true,
        description = "List the discovered prompt-tuning methods, their parameters, defaults and presets.")
public final class MethodsCommand implements Callable<Integer> {

    private final CliContext context;

    @Parameters(arity = "0..1", paramLabel = "METHOD", description = "Show only this method.")
    String only;

    @Inject
    MethodsCommand(CliContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public Integer call() {
        PrintWriter out = context.out();
        if (only != null) {
            context.plugins().method(only);
        }
        if (context.plugins().loaded().isEmpty()) {
            out.println("No method plugins found (class path and the plugins/ folder).");
        }
        for (LoadedMethod loaded : context.plugins().loaded().values()) {
            PromptMethod m = loaded.method();
            if (only != null && !only.equals(m.name())) {
                continue;
            }
            out.printf("%s  (plugin %s %s, %s)%n  %s%n", m.name(), loaded.pluginId(), loaded.pluginVersion(),
                    loaded.origin(), m.description());
            TrainingDefaults t = m.trainingDefaults();
            if (m.fitsFromFeatures()) {
                out.printf("  training: fitted from frozen features (no SGD epochs); crop-scale-min=%s "
                        + "horizontal-flip=%s%n", t.cropScaleMin(), t.horizontalFlip());
            } else {
                out.printf("  training: epochs=%d batch-size=%d lr=%s warmup-%s=%d warmup-lr=%s momentum=%s "
                        + "weight-decay=%s cosine=%s%s crop-scale-min=%s horizontal-flip=%s%n", t.epochs(),
                        t.batchSize(), t.learningRate(), t.cosinePeriodIterations() > 0 ? "iterations" : "epochs",
                        t.warmupEpochs(), t.warmupLearningRate(), t.momentum(), t.weightDecay(),
                        t.cosinePeriodIterations() > 0 ? "per-iteration T=" + t.cosinePeriodIterations()
                                : "per-epoch", t.keepLastBatch() ? " last-batch=kept" : "", t.cropScaleMin(),
                        t.horizontalFlip());
                MethodParameters defaults = MethodParameters.resolve(m.name(), m.parameters(), List.of());
                for (Protocol protocol : Protocol.values()) {
                    TrainingDefaults p = m.trainingDefaults(defaults, protocol);
                    if (!p.equals(t)) {
                        out.printf("  training (%s): epochs=%d batch-size=%d lr=%s warmup-epochs=%d warmup-lr=%s%n",
                                protocol.key(), p.epochs(), p.batchSize(), p.learningRate(), p.warmupEpochs(),
                                p.warmupLearningRate());
                    }
                }
            }
            for (MethodParameter p : m.parameters()) {
                String choices = (p.choices().isEmpty() ? "" : " " + p.choices())
                        + (p.range().equals(ValueRange.ANY) ? "" : " (" + p.range() + ")");
                out.printf("  method.%s.%-24s %-8s default %-12s %s%s%n", m.name(), p.key(),
                        p.type().name().toLowerCase(Locale.ROOT), p.defaultValue(), p.description(), choices);
            }
            if (!m.presets().isEmpty() && only != null) {
                out.println("  presets (dataset or dataset@protocol: values over the defaults):");
                new TreeMap<>(m.presets()).forEach((dataset, values) -> out.printf("    %-28s %s%n",
                        dataset, String.join("  ", new TreeMap<>(values).entrySet().stream()
                                .map(e -> e.getKey() + "=" + e.getValue()).toList())));
            } else if (!m.presets().isEmpty()) {
                out.printf("  presets for: %s ('bioprompt methods %s' shows their values)%n",
                        String.join(", ", new TreeSet<>(m.presets().keySet())), m.name());
            }
            out.println();
        }
        return 0;
    }
}
