package dev.bioprompt.api.method;

import static java.util.Objects.requireNonNull;

import com.google.inject.Binder;
import com.google.inject.multibindings.MapBinder;

/**
 * Binds {@link PromptMethod}s by name into the platform's method map. Inject {@code Map<String, PromptMethod>} to
 * see every method of every loaded plugin.
 */
public final class MethodBinder {

    private final MapBinder<String, PromptMethod> methods;

    private MethodBinder(Binder binder) {
        this.methods = MapBinder.newMapBinder(requireNonNull(binder, "binder is null"), String.class, PromptMethod.class);
    }

    /** A binder helper for a Guice module. */
    public static MethodBinder of(Binder binder) {
        return new MethodBinder(binder);
    }

    /** Binds a method instance under its {@link PromptMethod#name()}. */
    public MethodBinder bind(PromptMethod method) {
        requireNonNull(method, "method is null");
        methods.addBinding(method.name()).toInstance(method);
        return this;
    }

    /** Binds a method class (constructed by Guice) under a name. */
    public MethodBinder bind(String name, Class<? extends PromptMethod> type) {
        methods.addBinding(requireNonNull(name, "name is null")).to(requireNonNull(type, "type is null"));
        return this;
    }
}
