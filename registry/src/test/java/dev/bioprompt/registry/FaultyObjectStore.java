package dev.bioprompt.registry;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * An {@link ObjectStore} that injects faults into another: fail a write (before it happens), lose the reply of a
 * write (after it happened), or ignore create-only (a store that drops {@code If-None-Match}).
 */
final class FaultyObjectStore implements ObjectStore {

    enum Fault { FAIL_BEFORE, LOSE_REPLY }

    private record Rule(Predicate<String> keys, Fault fault, int[] remaining) {
    }

    private final ObjectStore delegate;
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private volatile boolean ignoreCreateOnly;

    FaultyObjectStore(ObjectStore delegate) {
        this.delegate = delegate;
    }

    /** The next {@code times} writes of keys matching {@code keys} suffer {@code fault}. */
    FaultyObjectStore inject(Predicate<String> keys, Fault fault, int times) {
        rules.add(new Rule(keys, fault, new int[] {times}));
        return this;
    }

    FaultyObjectStore ignoreCreateOnly(boolean ignore) {
        this.ignoreCreateOnly = ignore;
        return this;
    }

    void heal() {
        rules.clear();
    }

    private synchronized Optional<Fault> fault(String key) {
        for (Rule r : rules) {
            if (r.remaining()[0] > 0 && r.keys().test(key)) {
                r.remaining()[0]--;
                return Optional.of(r.fault());
            }
        }
        return Optional.empty();
    }

    @Override
    public void put(String key, byte[] bytes) throws IOException {
        Optional<Fault> f = fault(key);
        if (f.isPresent() && f.get() == Fault.FAIL_BEFORE) {
            throw new IOException("injected failure writing " + locate(key));
        }
        delegate.put(key, bytes);
        if (f.isPresent()) {
            throw new IOException("injected lost reply writing " + locate(key));
        }
    }

    @Override
    public boolean putIfAbsent(String key, byte[] bytes) throws IOException {
        Optional<Fault> f = fault(key);
        if (f.isPresent() && f.get() == Fault.FAIL_BEFORE) {
            throw new IOException("injected failure writing " + locate(key));
        }
        boolean created;
        if (ignoreCreateOnly) {
            delegate.put(key, bytes);
            created = true;
        } else {
            created = delegate.putIfAbsent(key, bytes);
        }
        if (f.isPresent()) {
            throw new IOException("injected lost reply writing " + locate(key));
        }
        return created;
    }

    @Override
    public Optional<byte[]> get(String key) throws IOException {
        return delegate.get(key);
    }

    @Override
    public List<String> listKeys(String prefix) throws IOException {
        return delegate.listKeys(prefix);
    }

    @Override
    public List<String> listChildren(String prefix) throws IOException {
        return delegate.listChildren(prefix);
    }

    @Override
    public String locate(String key) {
        return delegate.locate(key);
    }

    @Override
    public String endpoint() {
        return "faulty+" + delegate.locate("");
    }
}
