package dev.bioprompt.methods.ogkd;

import com.google.inject.Module;
import dev.bioprompt.api.method.MethodBinder;
import dev.bioprompt.api.method.MethodPlugin;

/** Registers {@link OgkdMethod}. */
public final class OgkdPlugin implements MethodPlugin {

    @Override
    public String id() {
        return "ogkd";
    }

    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public Module module() {
        return binder -> MethodBinder.of(binder).bind(new OgkdMethod());
    }
}
