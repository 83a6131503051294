package dev.bioprompt.methods.coop;

import com.google.inject.Module;
import dev.bioprompt.api.method.MethodBinder;
import dev.bioprompt.api.method.MethodPlugin;

/** Registers {@link CoopMethod}. */
public final class CoopPlugin implements MethodPlugin {

    @Override
    public String id() {
        return "coop";
    }

    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public Module module() {
        return binder -> MethodBinder.of(binder).bind(new CoopMethod());
    }
}
