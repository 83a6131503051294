package dev.bioprompt.registry;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.bioprompt.api.promptset.PromptSet;
import dev.bioprompt.api.registry.AliasRecord;
import dev.bioprompt.api.registry.PromptSetRegistry;
import dev.bioprompt.api.registry.RegistryVersion;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A prompt-set registry over an {@link ObjectStore}. Layout below the prefix:
 *
 * <pre>
 * NAME/versions/N/claim.json            the version record, written create-only to claim number N
 * NAME/versions/N/prompts.safetensors   written after the claim
 * NAME/versions/N/manifest.json         written last: a version is visible only once its manifest exists
 * NAME/aliases/ALIAS/000000000001.json  append-only alias log, each record written create-only
 * </pre>
 *
 * Concurrent publishers race for version numbers with create-only writes, so each gets a distinct number and none is
 * lost; concurrent alias moves each append a distinct record, and the current holder is the newest record.
 */
public class StoredPromptSetRegistry implements PromptSetRegistry {

    static final String CLAIM = "claim.json";
    private static final int MAX_CLAIM_ATTEMPTS = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(StoredPromptSetRegistry.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ObjectStore store;
    private final String root;
    private final String uri;
    private final List<RegistryListener> listeners = new CopyOnWriteArrayList<>();

    /**
     * @param store where the objects live
     * @param prefix the key prefix of the registry ({@code ""} for the store's root)
     * @param uri the registry's URI for {@link #uri()}
     */
    public StoredPromptSetRegistry(ObjectStore store, String prefix, String uri) {
        this.store = requireNonNull(store, "store is null");
        String p = requireNonNull(prefix, "prefix is null").replaceAll("^/+|/+$", "");
        this.root = p.isEmpty() ? "" : p + "/";
        this.uri = requireNonNull(uri, "uri is null");
    }

    /** Adds an observer told about new versions and alias moves. */
    public void addListener(RegistryListener listener) {
        listeners.add(requireNonNull(listener, "listener is null"));
    }

    /** Removes an observer. */
    public void removeListener(RegistryListener listener) {
        listeners.remove(listener);
    }

    @Override
    public RegistryVersion publish(String name, PromptSet promptSet) throws IOException {
        checkName(name, "prompt-set name");
        requireNonNull(promptSet, "promptSet is null");
        byte[] prompts = promptSet.promptBytes();
        byte[] manifest = promptSet.manifestBytes();
        // start after the highest number already claimed; losing a race just moves on to the next number
        int candidate = Math.toIntExact(highestNumber(store.listChildren(versionsPrefix(name))).orElse(0) + 1);
        RegistryVersion claimed = null;
        for (int attempt = 0; attempt < MAX_CLAIM_ATTEMPTS && claimed == null; attempt++, candidate++) {
            RegistryVersion record = new RegistryVersion(name, candidate,
                    store.uri(root + name + "/versions/" + candidate), promptSet.manifest().sourceRun(),
                    Instant.now().toString());
            if (store.putIfAbsent(versionPrefix(name, candidate) + CLAIM, JSON.writeValueAsBytes(record))) {
                claimed = record;
            }
        }
        if (claimed == null) {
            throw new IOException("could not claim a version number for '" + name + "' in " + uri + " after "
                    + MAX_CLAIM_ATTEMPTS + " attempts");
        }
        String dir = versionPrefix(name, claimed.version());
        store.put(dir + PromptSet.PROMPTS, prompts);
        store.put(dir + PromptSet.MANIFEST, manifest);
        LOG.info("published {} version {} at {}", name, claimed.version(), claimed.uri());
        for (RegistryListener listener : listeners) {
            try {
                listener.onPublished(claimed, promptSet);
            } catch (RuntimeException e) {
                LOG.warn("registry listener {} failed on {} version {}: {}", listener, name, claimed.version(),
                        e.toString());
            }
        }
        return claimed;
    }

    @Override
    public List<RegistryVersion> versions(String name) throws IOException {
        checkName(name, "prompt-set name");
        String prefix = versionsPrefix(name);
        TreeSet<Integer> visible = new TreeSet<>();
        for (String key : store.listKeys(prefix)) {
            String rest = key.substring(prefix.length());
            int slash = rest.indexOf('/');
            if (slash > 0 && rest.substring(slash + 1).equals(PromptSet.MANIFEST)) {
                parseNumber(rest.substring(0, slash)).ifPresent(n -> visible.add((int) n));
            }
        }
        List<RegistryVersion> out = new ArrayList<>();
        for (int n : visible) {
            String key = versionPrefix(name, n) + CLAIM;
            byte[] bytes = store.get(key).orElseThrow(() -> new IOException("registry object "
                    + store.locate(key) + " is missing although the version's manifest exists"));
            out.add(readJson(bytes, RegistryVersion.class, key));
        }
        return out;
    }

    @Override
    public List<String> names() throws IOException {
        List<String> out = new ArrayList<>();
        for (String child : store.listChildren(root)) {
            if (PromptSetRegistry.isValidName(child) && !versions(child).isEmpty()) {
                out.add(child);
            }
        }
        return out;
    }

    @Override
    public PromptSet load(String name, int version) throws IOException {
        checkName(name, "prompt-set name");
        String dir = versionPrefix(name, version);
        String manifestKey = dir + PromptSet.MANIFEST;
        String promptsKey = dir + PromptSet.PROMPTS;
        byte[] manifest = store.get(manifestKey).orElseThrow(() -> new IOException("prompt set " + name + "@"
                + version + " does not exist in " + uri + " (no object " + store.locate(manifestKey) + ")"));
        byte[] prompts = store.get(promptsKey).orElseThrow(() -> new IOException("prompt set " + name + "@"
                + version + " is damaged: object " + store.locate(promptsKey) + " is missing"));
        return PromptSet.fromBytes(manifest, prompts, store.locate(dir.substring(0, dir.length() - 1)));
    }

    @Override
    public AliasRecord setAlias(String name, String alias, int version, String reason) throws IOException {
        checkName(name, "prompt-set name");
        checkName(alias, "alias");
        requireNonNull(reason, "reason is null");
        String manifestKey = versionPrefix(name, version) + PromptSet.MANIFEST;
        if (version < 1 || store.get(manifestKey).isEmpty()) {
            throw new IOException("cannot point alias '" + alias + "' at " + name + "@" + version
                    + ": no such version in " + uri);
        }
        String prefix = aliasPrefix(name, alias);
        long sequence = highestNumber(store.listChildren(prefix)).orElse(0) + 1;
        for (int attempt = 0; attempt < MAX_CLAIM_ATTEMPTS; attempt++, sequence++) {
            AliasRecord record = new AliasRecord(name, alias, sequence, version, Instant.now().toString(), reason);
            if (store.putIfAbsent(prefix + sequenceFile(sequence), JSON.writeValueAsBytes(record))) {
                LOG.info("alias {}@{} now points at version {} (record {})", name, alias, version, sequence);
                for (RegistryListener listener : listeners) {
                    try {
                        listener.onAliasMoved(record);
                    } catch (RuntimeException e) {
                        LOG.warn("registry listener {} failed on alias {}@{}: {}", listener, name, alias,
                                e.toString());
                    }
                }
                return record;
            }
        }
        throw new IOException("could not append to alias log " + store.locate(prefix) + " after "
                + MAX_CLAIM_ATTEMPTS + " attempts");
    }

    @Override
    public Optional<AliasRecord> currentAlias(String name, String alias) throws IOException {
        checkName(name, "prompt-set name");
        checkName(alias, "alias");
        String prefix = aliasPrefix(name, alias);
        OptionalLong newest = highestNumber(store.listChildren(prefix));
        if (newest.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(readAlias(prefix + sequenceFile(newest.getAsLong())));
    }

    @Override
    public List<AliasRecord> aliasHistory(String name, String alias) throws IOException {
        checkName(name, "prompt-set name");
        checkName(alias, "alias");
        String prefix = aliasPrefix(name, alias);
        TreeSet<Long> sequences = new TreeSet<>();
        for (String child : store.listChildren(prefix)) {
            parseSequence(child).ifPresent(sequences::add);
        }
        List<AliasRecord> out = new ArrayList<>();
        for (long sequence : sequences) {
            out.add(readAlias(prefix + sequenceFile(sequence)));
        }
        return out;
    }

    @Override
    public List<AliasRecord> aliases(String name) throws IOException {
        checkName(name, "prompt-set name");
        List<AliasRecord> out = new ArrayList<>();
        for (String alias : store.listChildren(root + name + "/aliases/")) {
            if (PromptSetRegistry.isValidName(alias)) {
                currentAlias(name, alias).ifPresent(out::add);
            }
        }
        return out;
    }

    @Override
    public String uri() {
        return uri;
    }

    /** The store under this registry. */
    protected ObjectStore store() {
        return store;
    }

    /** The key of a file of a version ({@code PREFIX/NAME/versions/N/FILE}). */
    public String versionKey(String name, int version, String file) {
        return versionPrefix(name, version) + file;
    }

    private AliasRecord readAlias(String key) throws IOException {
        byte[] bytes = store.get(key).orElseThrow(() -> new IOException("alias record " + store.locate(key)
                + " disappeared; alias records are append-only and must never be deleted"));
        return readJson(bytes, AliasRecord.class, key);
    }

    private <T> T readJson(byte[] bytes, Class<T> type, String key) throws IOException {
        try {
            return JSON.readValue(bytes, type);
        } catch (IOException | RuntimeException e) {
            throw new IOException("registry object " + store.locate(key) + " is not a valid "
                    + type.getSimpleName() + " record: " + e.getMessage(), e);
        }
    }

    private String versionsPrefix(String name) {
        return root + name + "/versions/";
    }

    private String versionPrefix(String name, int version) {
        return versionsPrefix(name) + version + "/";
    }

    private String aliasPrefix(String name, String alias) {
        return root + name + "/aliases/" + alias + "/";
    }

    static String sequenceFile(long sequence) {
        return String.format("%012d.json", sequence);
    }

    private static OptionalLong parseSequence(String child) {
        return child.endsWith(".json") ? parseNumber(child.substring(0, child.length() - 5)) : OptionalLong.empty();
    }

    private static OptionalLong highestNumber(List<String> children) {
        OptionalLong max = OptionalLong.empty();
        for (String child : children) {
            OptionalLong n = child.endsWith(".json") ? parseSequence(child) : parseNumber(child);
            if (n.isPresent() && (max.isEmpty() || n.getAsLong() > max.getAsLong())) {
                max = n;
            }
        }
        return max;
    }

    private static OptionalLong parseNumber(String text) {
        if (text.isEmpty() || text.length() > 18 || !text.chars().allMatch(Character::isDigit)) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(text));
    }

    private static void checkName(String value, String what) {
        if (!PromptSetRegistry.isValidName(value)) {
            throw new IllegalArgumentException("invalid " + what + " '" + value
                    + "': use 1 to 128 lower-case letters, digits, '.', '_' and '-', starting with a letter or digit");
        }
    }
}
