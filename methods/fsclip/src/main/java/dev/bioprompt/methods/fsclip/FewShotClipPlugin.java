package dev.bioprompt.methods.fsclip;

import com.google.inject.Module;
import dev.bioprompt.api.method.MethodBinder;
import dev.bioprompt.api.method.MethodPlugin;

/**
 * Registers the baselines of the reference's few-shot CLIP harness: {@link ClipAdapterMethod} (trained by the SGD
 * engine), {@link TipAdapterMethod} (Tip-Adapter and Tip-Adapter-F), {@link LinearProbeMethod} and
 * {@link LpPlusPlusMethod} (fitted from frozen features).
 */
public final class FewShotClipPlugin implements MethodPlugin {

    @Override
    public String id() {
        return "few-shot-clip";
    }

    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public Module module() {
        return binder -> MethodBinder.of(binder).bind(new ClipAdapterMethod()).bind(new TipAdapterMethod(false))
                .bind(new TipAdapterMethod(true)).bind(new LinearProbeMethod()).bind(new LpPlusPlusMethod());
    }
}
