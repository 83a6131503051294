package dev.bioprompt.cli.plugins;

import com.google.inject.Module;
import dev.bioprompt.api.method.MethodBinder;
import dev.bioprompt.api.method.MethodPlugin;

/** Claims the method name "alpha" a second time. */
public final class DuplicateAlphaPlugin implements MethodPlugin {
    @Override
    public String id() {
        return "duplicate-alpha";
    }

    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public Module module() {
        return binder -> MethodBinder.of(binder).bind(new TestMethod("alpha"));
    }
}
