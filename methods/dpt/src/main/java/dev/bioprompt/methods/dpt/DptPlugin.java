package dev.bioprompt.methods.dpt;

import com.google.inject.Module;
import dev.bioprompt.api.method.MethodBinder;
import dev.bioprompt.api.method.MethodPlugin;

/** Registers {@link DptMethod}. */
public final class DptPlugin implements MethodPlugin {

    @Override
    public String id() {
        return "dpt";
    }

    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public Module module() {
        return binder -> MethodBinder.of(binder).bind(new DptMethod());
    }
}
