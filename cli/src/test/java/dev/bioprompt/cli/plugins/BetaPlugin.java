package dev.bioprompt.cli.plugins;

import com.google.inject.Module;
import dev.bioprompt.api.method.MethodBinder;
import dev.bioprompt.api.method.MethodPlugin;

/** Provides the method "beta". */
public final class BetaPlugin implements MethodPlugin {
    @Override
    public String id() {
        return "beta-plugin";
    }

    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public Module module() {
        return binder -> MethodBinder.of(binder).bind(new TestMethod("beta"));
    }
}
