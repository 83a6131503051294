package ${package};

import com.google.inject.Module;
import dev.bioprompt.api.method.MethodBinder;
import dev.bioprompt.api.method.MethodPlugin;

/** Registers {@link ${classPrefix}Method}; listed in META-INF/services/dev.bioprompt.api.method.MethodPlugin. */
public final class ${classPrefix}Plugin implements MethodPlugin {

    @Override
    public String id() {
        return "${methodName}";
    }

    /** The SPI version compiled into this plugin: the host refuses a plugin built for another one. */
    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public Module module() {
        return binder -> MethodBinder.of(binder).bind(new ${classPrefix}Method());
    }
}
