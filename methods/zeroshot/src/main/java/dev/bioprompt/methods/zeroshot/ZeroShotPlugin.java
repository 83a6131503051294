package dev.bioprompt.methods.zeroshot;

import com.google.inject.Module;
import dev.bioprompt.api.method.MethodBinder;
import dev.bioprompt.api.method.MethodPlugin;

/** Registers {@link ZeroShotMethod} and {@link ZeroShotEnsembleMethod}. */
public final class ZeroShotPlugin implements MethodPlugin {

    @Override
    public String id() {
        return "zero-shot";
    }

    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public Module module() {
        return binder -> MethodBinder.of(binder).bind(new ZeroShotMethod()).bind(new ZeroShotEnsembleMethod());
    }
}
