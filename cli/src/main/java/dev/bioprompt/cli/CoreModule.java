package dev.bioprompt.cli;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import dev.bioprompt.api.method.PromptMethod;
import dev.bioprompt.cli.config.Settings;
import dev.bioprompt.cli.plugins.PluginRegistry;
import java.util.Map;

/** Binds what commands are built from. */
final class CoreModule extends AbstractModule {

    private final CliContext context;

    CoreModule(CliContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    protected void configure() {
        bind(CliContext.class).toInstance(context);
        bind(Settings.class).toInstance(context.settings());
        bind(PluginRegistry.class).toInstance(context.plugins());
    }

    @Provides
    Map<String, PromptMethod> methods(PluginRegistry plugins) {
        return plugins.methods();
    }
}
