package dev.bioprompt.examples.taskres;

import com.google.inject.Module;
import dev.bioprompt.api.method.MethodBinder;
import dev.bioprompt.api.method.MethodPlugin;

/** Registers {@link TaskResMethod}; listed in META-INF/services/dev.bioprompt.api.method.MethodPlugin. */
public final class TaskResPlugin implements MethodPlugin {

    @Override
    public String id() {
        return "taskres";
    }

    /** The SPI version compiled into this plugin: the host refuses a plugin built for another one. */
    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public Module module() {
        return binder -> MethodBinder.of(binder).bind(new TaskResMethod());
    }
}
