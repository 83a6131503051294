package dev.bioprompt.methods.biomedcoop;

import com.google.inject.Module;
import dev.bioprompt.api.method.MethodBinder;
import dev.bioprompt.api.method.MethodPlugin;

/** Registers {@link BiomedCoopMethod}. */
public final class BiomedCoopPlugin implements MethodPlugin {

    @Override
    public String id() {
        return "biomedcoop";
    }

    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public Module module() {
        return binder -> MethodBinder.of(binder).bind(new BiomedCoopMethod());
    }
}
