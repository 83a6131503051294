package dev.bioprompt.methods.kgcoop;

import com.google.inject.Module;
import dev.bioprompt.api.method.MethodBinder;
import dev.bioprompt.api.method.MethodPlugin;

/** Registers {@link KgCoopMethod}. */
public final class KgCoopPlugin implements MethodPlugin {

    @Override
    public String id() {
        return "kgcoop";
    }

    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public Module module() {
        return binder -> MethodBinder.of(binder).bind(new KgCoopMethod());
    }
}
