package dev.bioprompt.methods.prograd;

import com.google.inject.Module;
import dev.bioprompt.api.method.MethodBinder;
import dev.bioprompt.api.method.MethodPlugin;

/** Registers {@link ProGradMethod}. */
public final class ProGradPlugin implements MethodPlugin {

    @Override
    public String id() {
        return "prograd";
    }

    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public Module module() {
        return binder -> MethodBinder.of(binder).bind(new ProGradMethod());
    }
}
