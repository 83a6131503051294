package dev.bioprompt.cli.plugins;

import com.google.inject.Module;
import dev.bioprompt.api.method.MethodPlugin;

/** A plugin whose construction throws. */
public final class BrokenPlugin implements MethodPlugin {

    public BrokenPlugin() {
        throw new IllegalStateException("cannot find my model files");
    }

    @Override
    public String id() {
        return "broken";
    }

    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public Module module() {
        return binder -> { };
    }
}
