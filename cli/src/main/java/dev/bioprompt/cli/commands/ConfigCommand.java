package dev.bioprompt.cli.commands;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.cli.Bioprompt;
import dev.bioprompt.cli.CliContext;
import dev.bioprompt.cli.ExitCodes;
import dev.bioprompt.cli.config.Settings;
import dev.bioprompt.io.TextTable;
import dev.bioprompt.runners.config.Setting;
import dev.bioprompt.runners.config.SettingType;
import dev.bioprompt.runners.config.SettingsSchema;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;

/**
 * {@code bioprompt config}: the resolved configuration with the layer each value came from (as
 * {@code git config --show-origin} does), secrets masked; {@code bioprompt config keys}: every declared key.
 */
@Command(name = "config",
        header = "Print the resolved configuration with the origin of each value.",
        mixinStandardHelpOptions = true,
        description = {"Print the resolved configuration: every key that has a value, the value (secrets masked) and",
            "where it came from (--set, a BIOPROMPT_* variable, the --config file and line, defaults).",
            "'bioprompt config keys' lists every key with its type, default, allowed values and meaning."},
        subcommands = ConfigCommand.Keys.class)
public final class ConfigCommand implements Callable<Integer> {

    /** The mask shown instead of a secret value. */
    static final String MASK = "****";
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(password|secret|token|credential|access-key).*");

    private final CliContext context;

    @Inject
    ConfigCommand(CliContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public Integer call() {
        Settings settings = context.settings();
        SettingsSchema schema = Bioprompt.schema(context.plugins());
        Map<String, String> values = new TreeMap<>(settings.asMap());
        for (Setting s : schema.all()) {
            if (!values.containsKey(s.key()) && s.defaultValue() != null && s.type() != SettingType.MAP
                    && !s.key().startsWith("method.") && !isSweepKey(s)) {
                values.put(s.key(), s.defaultValue());
            }
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("key", "value", "origin"));
        values.forEach((key, value) -> {
            Optional<Setting> setting = schema.find(key);
            boolean secret = setting.map(Setting::secret).orElse(false) || SECRET_NAME.matcher(key).matches();
            rows.add(List.of(key, secret && !value.isEmpty() ? MASK : value,
                    settings.origin(key).orElse("built-in default")));
        });
        context.out().print(TextTable.render(rows, true));
        context.out().flush();
        return ExitCodes.OK;
    }

    private static boolean isSweepKey(Setting s) {
        return !s.key().contains(".");
    }

    /** {@code bioprompt config keys}. */
    @Command(name = "keys", mixinStandardHelpOptions = true,
            description = "List every configuration key: type, default, allowed values or range, and meaning.")
    public static final class Keys implements Callable<Integer> {

        private final CliContext context;

        @picocli.CommandLine.Option(names = "--markdown",
                description = "Print the platform's keys as the README's Markdown table (method keys excluded).")
        boolean markdown;

        @Inject
        Keys(CliContext context) {
            this.context = requireNonNull(context, "context is null");
        }

        @Override
        public Integer call() {
            if (markdown) {
                context.out().print(markdown(SettingsSchema.platform()));
                context.out().flush();
                return ExitCodes.OK;
            }
            List<List<String>> rows = new ArrayList<>();
            rows.add(List.of("key", "type", "default", "allowed", "description"));
            for (Setting s : Bioprompt.schema(context.plugins()).all()) {
                rows.add(List.of(s.type() == SettingType.MAP ? s.key() + ".<name>" : s.key(), s.type().word(),
                        s.defaultValue() == null ? "(unset)" : s.defaultValue().isEmpty() ? "\"\"" : s.defaultValue(),
                        allowed(s), s.description()));
            }
            context.out().print(TextTable.render(rows, true));
            context.out().flush();
            return ExitCodes.OK;
        }

        /** The README's table of a schema's keys: key, type, default, allowed values, description. */
        public static String markdown(SettingsSchema schema) {
            StringBuilder out = new StringBuilder("| key | type | default | allowed | description |\n"
                    + "|---|---|---|---|---|\n");
            for (Setting s : schema.all()) {
                String key = s.type() == SettingType.MAP ? s.key() + ".<name>" : s.key();
                String def = s.defaultValue() == null ? "" : s.defaultValue().isEmpty() ? "`\"\"`"
                        : "`" + s.defaultValue() + "`";
                String allowed = allowed(s).replace("|", ", ");
                out.append("| `").append(key).append("` | ").append(s.type().word()).append(" | ").append(def)
                        .append(" | ").append(allowed.isEmpty() ? "" : "`" + allowed + "`").append(" | ")
                        .append(s.description().replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;"))
                        .append(" |\n");
            }
            return out.toString();
        }

        /** The allowed values or range of a setting, or empty. */
        static String allowed(Setting s) {
            if (s.type() == SettingType.CHOICE) {
                return String.join("|", s.choices().stream().map(c -> c.isEmpty() ? "\"\"" : c).toList());
            }
            String range = s.range().toString();
            return range.isEmpty() ? "" : range;
        }
    }
}
