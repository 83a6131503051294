package dev.bioprompt.registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks once per store location (bucket and prefix) and process that the store honours create-only writes: a
 * create-only write of a fresh probe key must succeed, a second one of the same key must be refused, and the first
 * content must still be there. A store that ignores {@code If-None-Match} (some S3-compatible servers and proxies)
 * fails it, and the registry refuses to publish there: concurrent promotions would silently overwrite each other.
 * Probe objects live under {@value #PROBE_FOLDER}, which no listing of the registry shows.
 */
final class CreateOnlyProbe {

    static final String PROBE_FOLDER = ".bioprompt-create-only-probe/";
    private static final Set<String> PASSED = ConcurrentHashMap.newKeySet();

    private CreateOnlyProbe() {
    }

    /**
     * Probes unless this location already passed in this process.
     *
     * @throws IOException naming the location when the store does not honour create-only writes
     */
    static void check(ObjectStore store, String root, String location) throws IOException {
        if (PASSED.contains(location)) {
            return;
        }
        String key = root + PROBE_FOLDER + UUID.randomUUID() + ".json";
        byte[] first = ("{\"probe\":\"first\"}").getBytes(StandardCharsets.UTF_8);
        byte[] second = ("{\"probe\":\"second\"}").getBytes(StandardCharsets.UTF_8);
        if (!store.putIfAbsent(key, first)) {
            throw refused(location, store.locate(key), "the first create-only write of a fresh key was refused");
        }
        if (store.putIfAbsent(key, second)) {
            throw refused(location, store.locate(key), "a second create-only write of the same key succeeded");
        }
        byte[] stored = store.get(key).orElse(new byte[0]);
        if (!Arrays.equals(stored, first)) {
            throw refused(location, store.locate(key), "the refused second write replaced the first content");
        }
        PASSED.add(location);
    }

    private static IOException refused(String location, String key, String what) {
        return new IOException("the registry store " + location + " does not honour create-only writes (" + what
                + ", probe " + key + "); refusing to publish there, since concurrent promotions could overwrite each "
                + "other's versions. Use a store that supports conditional writes (S3 If-None-Match: *), or a folder");
    }
}
