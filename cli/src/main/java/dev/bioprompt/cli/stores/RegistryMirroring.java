package dev.bioprompt.cli.stores;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.registry.AliasRecord;
import dev.bioprompt.api.registry.PromptSetRegistry;
import dev.bioprompt.api.registry.RegistryVersion;
import dev.bioprompt.cli.UsageException;
import dev.bioprompt.tracking.mlflow.ModelRegistryMirror;
import dev.bioprompt.tracking.mlflow.ModelVersionInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Brings MLflow's model registry in step with the prompt-set registry after {@code promote} and {@code rollback}: the
 * version just promoted (from the tracked run it came from), every other version of the name that is not mirrored
 * yet (repairing an earlier failure), and every alias of the name. With {@link Mode#STRICT} a failure fails the
 * command; the registry itself is never changed here.
 */
public final class RegistryMirroring {

    /** What a mirror failure does to the command. */
    public enum Mode {
        /** The command fails (exit 1) after saying what was not mirrored. */
        STRICT,
        /** The command prints a warning and succeeds. */
        BEST_EFFORT;

        /** {@code strict} or {@code best-effort}. */
        public static Mode parse(String text) {
            return switch (text == null ? "" : text.trim()) {
                case "strict" -> STRICT;
                case "best-effort" -> BEST_EFFORT;
                default -> throw new UsageException("--mirror must be strict or best-effort, was '" + text + "'");
            };
        }
    }

    private final PromptSetRegistry registry;
    private final ModelRegistryMirror mirror;

    public RegistryMirroring(PromptSetRegistry registry, ModelRegistryMirror mirror) {
        this.registry = requireNonNull(registry, "registry is null");
        this.mirror = requireNonNull(mirror, "mirror is null");
    }

    /**
     * Mirrors a name and reports on {@code err}.
     *
     * @param name the prompt-set name
     * @param version the version just promoted or rolled back to
     * @param trackedRun the run on the tracking server whose prompt set {@code version} holds, or null to use the run
     *     its manifest names
     * @param alias the alias that moved
     * @return whether the command may succeed: everything mirrored, or {@link Mode#BEST_EFFORT}
     */
    public boolean sync(String name, int version, String trackedRun, String alias, Mode mode, PrintWriter err) {
        List<String> problems = new ArrayList<>();
        try {
            List<RegistryVersion> versions = registry.versions(name);
            List<ModelVersionInfo> mirrored = mirror.versionsOf(name);
            for (RegistryVersion v : versions) {
                boolean focus = v.version() == version;
                if (!focus && ModelRegistryMirror.find(v, mirrored).isPresent()) {
                    continue;
                }
                try {
                    mirror.ensureVersion(v, registry.load(name, v.version()), focus && trackedRun != null ? trackedRun
                            : v.sourceRun(), focus ? alias : "");
                } catch (RuntimeException e) {
                    problems.add(e.getMessage());
                }
            }
            for (AliasRecord record : registry.aliases(name)) {
                versions.stream().filter(v -> v.version() == record.version()).findFirst().ifPresent(v -> {
                    try {
                        mirror.moveAlias(v, record.alias());
                    } catch (RuntimeException e) {
                        problems.add(e.getMessage());
                    }
                });
            }
        } catch (IOException | RuntimeException e) {
            problems.add(e.getMessage());
        }
        if (problems.isEmpty()) {
            return true;
        }
        String head = mode == Mode.STRICT ? "bioprompt: error: " : "warning: ";
        err.println(head + "the MLflow model registry (" + mirror + ") is not in step with the prompt-set registry "
                + registry.uri() + " for '" + name + "':");
        problems.forEach(p -> err.println("  - " + p));
        err.println("  The registry version itself is published and the registry alias moved. Run the command again "
                + "to repair the mirror" + (mode == Mode.STRICT ? ", or pass --mirror best-effort to let it fail "
                + "without failing the command." : "."));
        err.flush();
        return mode == Mode.BEST_EFFORT;
    }
}
