package dev.bioprompt.methods.biovlm;

import com.google.inject.Module;
import dev.bioprompt.api.method.MethodBinder;
import dev.bioprompt.api.method.MethodPlugin;

/** Registers {@link BioVlmMethod}. */
public final class BioVlmPlugin implements MethodPlugin {

    @Override
    public String id() {
        return "biovlm";
    }

    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public Module module() {
        return binder -> MethodBinder.of(binder).bind(new BioVlmMethod());
    }
}
