package dev.bioprompt.methods.cocoop;

import com.google.inject.Module;
import dev.bioprompt.api.method.MethodBinder;
import dev.bioprompt.api.method.MethodPlugin;

/** Registers {@link CoCoopMethod}. */
public final class CoCoopPlugin implements MethodPlugin {

    @Override
    public String id() {
        return "cocoop";
    }

    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public Module module() {
        return binder -> MethodBinder.of(binder).bind(new CoCoopMethod());
    }
}
