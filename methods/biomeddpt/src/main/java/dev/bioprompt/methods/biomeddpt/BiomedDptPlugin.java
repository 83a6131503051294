package dev.bioprompt.methods.biomeddpt;

import com.google.inject.Module;
import dev.bioprompt.api.method.MethodBinder;
import dev.bioprompt.api.method.MethodPlugin;

/** Registers {@link BiomedDptMethod}. */
public final class BiomedDptPlugin implements MethodPlugin {

    @Override
    public String id() {
        return "biomed-dpt";
    }

    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public Module module() {
        return binder -> MethodBinder.of(binder).bind(new BiomedDptMethod());
    }
}
