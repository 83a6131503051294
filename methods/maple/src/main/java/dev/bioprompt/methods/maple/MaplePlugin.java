package dev.bioprompt.methods.maple;

import com.google.inject.Module;
import dev.bioprompt.api.method.MethodBinder;
import dev.bioprompt.api.method.MethodPlugin;

/** Registers {@link MapleMethod}. */
public final class MaplePlugin implements MethodPlugin {

    @Override
    public String id() {
        return "maple";
    }

    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public Module module() {
        return binder -> MethodBinder.of(binder).bind(new MapleMethod());
    }
}
