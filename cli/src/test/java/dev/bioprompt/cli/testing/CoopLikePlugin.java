package dev.bioprompt.cli.testing;

import com.google.inject.Module;
import dev.bioprompt.api.method.MethodBinder;
import dev.bioprompt.api.method.MethodPlugin;

/** Provides the method "coop-like" on the test class path. */
public final class CoopLikePlugin implements MethodPlugin {
    @Override
    public String id() {
        return "coop-like-plugin";
    }

    @Override
    public Module module() {
        return binder -> MethodBinder.of(binder).bind(new CoopLikeMethod());
    }
}
