package dev.bioprompt.registry;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.bioprompt.api.promptset.PromptSet;
import dev.bioprompt.api.promptset.PromptSetDigest;
import dev.bioprompt.api.registry.AliasExpectation;
import dev.bioprompt.api.registry.AliasRecord;
import dev.bioprompt.api.registry.PromptSetRef;
import dev.bioprompt.api.registry.PromptSetRegistry;
import dev.bioprompt.api.registry.RegistryPromotion;
import dev.bioprompt.api.registry.RegistryVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A prompt-set registry over an {@link ObjectStore}. Layout below the prefix:
 *
 * <pre>
 * NAME/versions/N/claim.json            the version record, written create-only to claim number N: digest of the
 *                                       whole prompt set, SHA-256 of every file, promotion id, signature
 * NAME/versions/N/prompts.safetensors   written after the claim
 * NAME/versions/N/manifest.json
 * NAME/aliases/ALIAS/000000000001.json  append-only alias log, each record written create-only (with the digest)
 * NAME/versions/N/published.json        the commit marker, written create-only last (the claim's record again)
 * </pre>
 *
 * <p>A version is listed and served only once its commit marker exists, so a publication that failed half-way is
 * never seen. A promotion ({@link #promote}) writes its alias record before the marker: the version and the alias move
 * appear together, and an alias record pointing at an unpublished version is skipped. A promotion is identified by
 * its source run and prompt-set digest: a retry finds the claim of the earlier attempt, completes it and returns the
 * same version, so a failed promotion neither publishes nor, retried, duplicates. Every claim is read back after it is
 * written, and a foreign claim (a store that let two writers create the same key) moves on to the next number; a
 * store that fails the {@link CreateOnlyProbe} is refused before anything is written.
 *
 * <p>Every load checks every byte: the files against the digest and file hashes of the version record, the commit
 * marker against the claim, the alias record's digest against the version's, and, with a verification key, the
 * version's Ed25519 signature.
 */
public class StoredPromptSetRegistry implements PromptSetRegistry {

    static final String CLAIM = "claim.json";
    static final String PUBLISHED = "published.json";
    private static final int MAX_CLAIM_ATTEMPTS = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(StoredPromptSetRegistry.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final ObjectStore store;
    private final String root;
    private final String uri;
    private final List<RegistryListener> listeners = new CopyOnWriteArrayList<>();
    private volatile RegistrySecurity security = RegistrySecurity.none();

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

    /** Signs new versions and/or verifies loaded ones with Ed25519 keys. */
    public StoredPromptSetRegistry withSecurity(RegistrySecurity newSecurity) {
        this.security = requireNonNull(newSecurity, "newSecurity is null");
        return this;
    }

    /** The promotion id of a prompt set: the same for every attempt to publish the same bytes from the same run. */
    public static String promotionId(String sourceRun, String digest) {
        return PromptSet.sha256((sourceRun + "\0" + digest).getBytes(StandardCharsets.UTF_8)).substring(0, 32);
    }

    @Override
    public RegistryVersion publish(String name, PromptSet promptSet) throws IOException {
        Publication p = prepare(name, promptSet);
        VersionRecord record = claimAndWrite(p);
        boolean created = commit(record);
        if (created) {
            notifyPublished(record, promptSet);
        }
        return record.toVersion();
    }

    @Override
    public RegistryPromotion promote(String name, PromptSet promptSet, String alias, String reason,
                                     AliasExpectation expectation) throws IOException {
        checkName(alias, "alias");
        requireNonNull(reason, "reason is null");
        requireNonNull(expectation, "expectation is null");
        Publication p = prepare(name, promptSet);
        VersionRecord record = claimAndWrite(p);
        boolean resumed = !record.claimToken().equals(p.claimToken);
        String prefix = aliasPrefix(name, alias);
        Optional<StoredAlias> mine = Optional.empty();
        long newest = 0;
        for (StoredAlias a : storedAliasHistory(prefix)) {
            if (a.promotion().equals(p.promotion) && a.version() == record.version()) {
                mine = Optional.of(a);
            }
            newest = Math.max(newest, a.sequence());
        }
        if (mine.isPresent() && mine.get().sequence() < newest) {
            // the alias moved on after this promotion's record (a rollback, another promotion): promoting the same
            // prompt set again moves it back, with a new record
            mine = Optional.empty();
        }
        if (mine.isEmpty()) {
            Optional<AliasRecord> current = currentAlias(name, alias);
            if (!expectation.matches(current)) {
                throw new IOException("alias '" + alias + "' of '" + name + "' moved from " + expectation.describe()
                        + " to " + current.map(r -> "v" + r.version()).orElse("unset") + " while the gate ran; "
                        + "nothing was published (the claim of v" + record.version() + " stays unlisted): run the "
                        + "gate again");
            }
            mine = Optional.of(appendAlias(name, alias, record.version(), record.digest(), reason, p.promotion));
        }
        boolean created = commit(record);
        LOG.info("promoted {} version {}: alias {} -> v{} (record {}){}", name, record.version(), alias,
                record.version(), mine.get().sequence(), resumed ? " completing an earlier attempt" : "");
        if (created) {
            notifyPublished(record, promptSet);
        }
        AliasRecord moved = mine.get().toRecord();
        for (RegistryListener listener : listeners) {
            try {
                listener.onAliasMoved(moved);
            } catch (RuntimeException e) {
                LOG.warn("registry listener {} failed on alias {}@{}: {}", listener, name, alias, e.toString());
            }
        }
        return new RegistryPromotion(record.toVersion(), moved, resumed);
    }

    private record Publication(String name, PromptSet promptSet, byte[] manifest, byte[] prompts, String digest,
                               Map<String, String> files, String promotion, String claimToken) {
    }

    private Publication prepare(String name, PromptSet promptSet) throws IOException {
        checkName(name, "prompt-set name");
        requireNonNull(promptSet, "promptSet is null");
        CreateOnlyProbe.check(store, root, location());
        byte[] prompts = promptSet.promptBytes();
        byte[] manifest = promptSet.manifestBytes();
        Map<String, String> files = PromptSetDigest.fileDigests(Map.of(PromptSet.MANIFEST, manifest,
                PromptSet.PROMPTS, prompts));
        String digest = PromptSetDigest.of(files);
        return new Publication(name, promptSet, manifest, prompts, digest, files,
                promotionId(promptSet.manifest().sourceRun(), digest), UUID.randomUUID().toString());
    }

    /**
     * Claims a number and writes the files create-only, then reads the claim again. On a store whose create-only
     * check is not atomic (moto), a second writer that passed the same check can overwrite a claim after it read
     * back as ours. A claim lost that way, or a number whose files another writer put there first, is given up
     * before the alias record and the commit, and a new number is claimed. Because the files are create-only too, a
     * writer that lost the number overwrites the winner's files only when its file writes race the winner's within
     * the store's window; loading refuses a file changed that way.
     */
    private VersionRecord claimAndWrite(Publication p) throws IOException {
        Set<Integer> lost = new HashSet<>();
        while (true) {
            VersionRecord record = claimOrResume(p, lost);
            String dir = versionPrefix(p.name, record.version());
            boolean filesOurs = writeFileOnce(dir + PromptSet.PROMPTS, p.prompts)
                    && writeFileOnce(dir + PromptSet.MANIFEST, p.manifest);
            if (filesOurs && readClaim(p.name, record.version()).filter(record::equals).isPresent()) {
                return record;
            }
            String what = filesOurs
                    ? "claim " + store.locate(dir + CLAIM) + " was overwritten by another writer after it read back"
                    : "files of " + store.locate(dir) + " were written by another writer";
            if (lost.size() >= MAX_LOST_CLAIMS) {
                throw new IOException("the " + what + ", after " + MAX_LOST_CLAIMS + " numbers lost the same way; "
                        + "the store does not honour create-only writes");
            }
            lost.add(record.version());
            LOG.warn("the {}; the store does not honour create-only writes reliably; claiming the next number", what);
        }
    }

    private static final int MAX_LOST_CLAIMS = 8;

    /**
     * The claim of an earlier attempt of the same promotion, else a new claim read back after it was written; never
     * one of the numbers in {@code lost}.
     */
    private VersionRecord claimOrResume(Publication p, Set<Integer> lost) throws IOException {
        String versions = versionsPrefix(p.name);
        TreeSet<Integer> numbers = new TreeSet<>();
        for (String child : store.listChildren(versions)) {
            parseNumber(child).ifPresent(n -> numbers.add((int) n));
        }
        int highestClaimed = lost.stream().mapToInt(Integer::intValue).max().orElse(0);
        for (int n : numbers.descendingSet()) {
            if (lost.contains(n)) {
                continue;
            }
            Optional<VersionRecord> claim = readClaim(p.name, n);
            if (claim.isPresent() && claim.get().promotion().equals(p.promotion)
                    && claim.get().digest().equals(p.digest)) {
                LOG.info("{} version {} was claimed by an earlier attempt of the same promotion; completing it",
                        p.name, n);
                return claim.get();
            }
            if (claim.isPresent()) {
                highestClaimed = Math.max(highestClaimed, n);
            }
        }
        // a folder without a claim (a claim write that failed, a full disk) burns no number: it is claimed again
        int candidate = highestClaimed + 1;
        for (int attempt = 0; attempt < MAX_CLAIM_ATTEMPTS; attempt++, candidate++) {
            VersionRecord record = new VersionRecord(p.name, candidate, store.uri(root + p.name + "/versions/"
                    + candidate), p.promptSet.manifest().sourceRun(), Instant.now().toString(), p.digest, p.files,
                    p.promotion, p.claimToken, signature(p.name, candidate, p.digest));
            // the claim token makes the bytes unique: reading them back proves the claim is ours
            if (createAndReadBack(versionPrefix(p.name, candidate) + CLAIM, JSON.writeValueAsBytes(record))) {
                return record;
            }
        }
        throw new IOException("could not claim a version number for '" + p.name + "' in " + uri + " after "
                + MAX_CLAIM_ATTEMPTS + " attempts");
    }

    private String signature(String name, int version, String digest) {
        return security.signingKey().map(k -> PromptSetSignatures.sign(k, name, version, digest)).orElse("");
    }

    /**
     * Writes a prompt-set file create-only: true when {@code key} then holds exactly these bytes (written now or by an
     * earlier attempt of the same promotion), false when another writer's file is there. A failed write ends the
     * promotion without a read-back (on a stalled endpoint that would wait out a second deadline); its retry finds
     * the bytes there and goes on.
     */
    private boolean writeFileOnce(String key, byte[] bytes) throws IOException {
        store.putIfAbsent(key, bytes);
        return holds(key, bytes);
    }

    private boolean holds(String key, byte[] bytes) throws IOException {
        return sameBytes(store.get(key), bytes);
    }

    private static boolean sameBytes(Optional<byte[]> stored, byte[] bytes) {
        return stored.isPresent() && Arrays.equals(stored.get(), bytes);
    }

    /**
     * Writes a record create-only and reads it back: true when {@code key} holds exactly these bytes (written now, or
     * by a write whose reply was lost, also when an SDK retry of that write was refused because the first attempt had
     * created it), false when another writer's record is there.
     */
    private boolean createAndReadBack(String key, byte[] bytes) throws IOException {
        boolean created;
        try {
            created = store.putIfAbsent(key, bytes);
        } catch (IOException e) {
            if (!sameBytes(readQuietly(key), bytes)) {
                throw e;
            }
            LOG.warn("the reply to the write of {} was lost ({}); it reads back as ours", store.locate(key),
                    e.getMessage());
            return true;
        }
        if (holds(key, bytes)) {
            return true;
        }
        if (created) {
            LOG.warn("{} was accepted but reads back as another writer's; the store does not honour create-only "
                    + "writes reliably", store.locate(key));
        }
        return false;
    }

    /** Writes the commit marker; true when this call wrote it. Verifies the claim is still this promotion's. */
    private boolean commit(VersionRecord record) throws IOException {
        String dir = versionPrefix(record.name(), record.version());
        VersionRecord claim = readClaim(record.name(), record.version()).orElseThrow(() -> new IOException(
                "the claim " + store.locate(dir + CLAIM) + " disappeared before the publication completed"));
        if (!claim.equals(record)) {
            throw new IOException("the claim " + store.locate(dir + CLAIM) + " was overwritten by another writer "
                    + "before the publication completed; the store does not honour create-only writes");
        }
        byte[] bytes = JSON.writeValueAsBytes(record);
        boolean created;
        try {
            created = store.putIfAbsent(dir + PUBLISHED, bytes);
        } catch (IOException e) {
            if (sameBytes(readQuietly(dir + PUBLISHED), bytes)) {
                return true;
            }
            throw e;
        }
        if (!created) {
            VersionRecord existing = readJson(store.get(dir + PUBLISHED).orElseThrow(), VersionRecord.class,
                    dir + PUBLISHED);
            if (!existing.promotion().equals(record.promotion()) || !existing.digest().equals(record.digest())) {
                throw new IOException("version " + record.version() + " of '" + record.name() + "' was committed "
                        + "by another promotion (" + store.locate(dir + PUBLISHED) + ")");
            }
        } else {
            LOG.info("published {} version {} at {} ({})", record.name(), record.version(), record.uri(),
                    record.digest());
        }
        return created;
    }

    private void notifyPublished(VersionRecord record, PromptSet promptSet) {
        for (RegistryListener listener : listeners) {
            try {
                listener.onPublished(record.toVersion(), promptSet);
            } catch (RuntimeException e) {
                LOG.warn("registry listener {} failed on {} version {}: {}", listener, record.name(),
                        record.version(), e.toString());
            }
        }
    }

    @Override
    public List<RegistryVersion> versions(String name) throws IOException {
        checkName(name, "prompt-set name");
        List<RegistryVersion> out = new ArrayList<>();
        for (int n : publishedNumbers(name)) {
            out.add(readClaim(name, n).orElseThrow(() -> new IOException("registry object "
                    + store.locate(versionPrefix(name, n) + CLAIM) + " is missing although the version was published"))
                    .toVersion());
        }
        return out;
    }

    private TreeSet<Integer> publishedNumbers(String name) throws IOException {
        String prefix = versionsPrefix(name);
        TreeSet<Integer> visible = new TreeSet<>();
        for (String key : store.listKeys(prefix)) {
            String rest = key.substring(prefix.length());
            int slash = rest.indexOf('/');
            if (slash > 0 && rest.substring(slash + 1).equals(PUBLISHED)) {
                parseNumber(rest.substring(0, slash)).ifPresent(n -> visible.add((int) n));
            }
        }
        return visible;
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

    /**
     * The verified record of a published version: the commit marker exists and equals the claim, the record has a
     * digest, and (with a verification key) a valid signature.
     *
     * @throws IOException naming the object and what is wrong
     */
    public VersionRecord record(String name, int version) throws IOException {
        checkName(name, "prompt-set name");
        String dir = versionPrefix(name, version);
        Optional<byte[]> marker = version < 1 ? Optional.empty() : store.get(dir + PUBLISHED);
        if (marker.isEmpty()) {
            throw new IOException("prompt set " + name + "@" + version + " does not exist in " + uri + " (no "
                    + "published version " + store.locate(dir + PUBLISHED) + ")");
        }
        VersionRecord claim = readClaim(name, version).orElseThrow(() -> new IOException("prompt set " + name
                + "@" + version + " is damaged: its version record " + store.locate(dir + CLAIM) + " is missing"));
        VersionRecord committed = readJson(marker.get(), VersionRecord.class, dir + PUBLISHED);
        if (!committed.equals(claim)) {
            throw new IOException("prompt set " + name + "@" + version + " is unverifiable: its version record "
                    + store.locate(dir + CLAIM) + " (digest " + claim.digest() + ") differs from its commit record "
                    + store.locate(dir + PUBLISHED) + " (digest " + committed.digest() + "); refusing it");
        }
        if (claim.digest().isEmpty() || claim.files().isEmpty()) {
            throw new IOException("prompt set " + name + "@" + version + " is unverifiable: its version record "
                    + store.locate(dir + CLAIM) + " records no prompt-set digest; publish it again");
        }
        if (claim.version() != version || !claim.name().equals(name)) {
            throw new IOException("prompt set " + name + "@" + version + " is unverifiable: its version record "
                    + store.locate(dir + CLAIM) + " names " + claim.name() + "@" + claim.version());
        }
        if (security.verificationKey().isPresent() && !PromptSetSignatures.verify(security.verificationKey().get(),
                name, version, claim.digest(), claim.signature())) {
            throw new IOException("prompt set " + name + "@" + version + " is " + (claim.signature().isEmpty()
                    ? "unsigned" : "wrongly signed") + " (" + store.locate(dir + CLAIM) + ", digest "
                    + claim.digest() + ") and a verification key is configured; refusing it");
        }
        return claim;
    }

    /**
     * Resolves a reference to a verified version record; through an alias, the alias record's digest must equal the
     * version's.
     */
    public VersionRecord resolveRecord(PromptSetRef ref) throws IOException {
        if (ref.version().isPresent()) {
            return record(ref.name(), ref.version().getAsInt());
        }
        AliasRecord alias = currentAlias(ref.name(), ref.selector()).orElseThrow(() -> new IOException("alias '"
                + ref.selector() + "' of prompt set '" + ref.name() + "' is not set"));
        VersionRecord record = record(ref.name(), alias.version());
        if (!alias.digest().equals(record.digest())) {
            throw new IOException("alias record " + store.locate(aliasPrefix(ref.name(), ref.selector())
                    + sequenceFile(alias.sequence())) + " records digest " + (alias.digest().isEmpty() ? "(none)"
                    : alias.digest()) + " for " + ref.name() + "@" + alias.version() + " but the version record "
                    + "records " + record.digest() + "; refusing it");
        }
        return record;
    }

    /**
     * The verified bytes of a version, by file name.
     *
     * @throws IOException naming the file and both digests when any byte differs from the version record
     */
    public Map<String, byte[]> files(VersionRecord record) throws IOException {
        String dir = versionPrefix(record.name(), record.version());
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String file : record.files().keySet()) {
            String key = dir + file;
            files.put(file, store.get(key).orElseThrow(() -> new IOException("prompt set " + record.name() + "@"
                    + record.version() + " is damaged: object " + store.locate(key) + " is missing")));
        }
        PromptSetDigest.verify(record.digest(), record.files(), files, store.locate(dir.substring(0,
                dir.length() - 1)), "version record " + store.locate(dir + CLAIM));
        return files;
    }

    @Override
    public PromptSet load(String name, int version) throws IOException {
        return parse(record(name, version));
    }

    @Override
    public PromptSet load(PromptSetRef ref) throws IOException {
        return parse(resolveRecord(ref));
    }

    private PromptSet parse(VersionRecord record) throws IOException {
        Map<String, byte[]> files = files(record);
        String dir = versionPrefix(record.name(), record.version());
        return PromptSet.fromBytes(files.get(PromptSet.MANIFEST), files.get(PromptSet.PROMPTS),
                store.locate(dir.substring(0, dir.length() - 1)));
    }

    @Override
    public AliasRecord setAlias(String name, String alias, int version, String reason) throws IOException {
        checkName(name, "prompt-set name");
        checkName(alias, "alias");
        requireNonNull(reason, "reason is null");
        VersionRecord target;
        try {
            target = record(name, version);
        } catch (IOException e) {
            throw new IOException("cannot point alias '" + alias + "' at " + name + "@" + version + ": no such "
                    + "version in " + uri + " (" + e.getMessage() + ")", e);
        }
        StoredAlias record = appendAlias(name, alias, version, target.digest(), reason, "");
        AliasRecord moved = record.toRecord();
        for (RegistryListener listener : listeners) {
            try {
                listener.onAliasMoved(moved);
            } catch (RuntimeException e) {
                LOG.warn("registry listener {} failed on alias {}@{}: {}", listener, name, alias, e.toString());
            }
        }
        return moved;
    }

    private StoredAlias appendAlias(String name, String alias, int version, String digest, String reason,
                                    String promotion) throws IOException {
        String prefix = aliasPrefix(name, alias);
        long sequence = highestNumber(store.listChildren(prefix)).orElse(0) + 1;
        String token = UUID.randomUUID().toString();
        for (int attempt = 0; attempt < MAX_CLAIM_ATTEMPTS; attempt++, sequence++) {
            StoredAlias record = new StoredAlias(name, alias, sequence, version, Instant.now().toString(), reason,
                    digest, promotion, token);
            if (createAndReadBack(prefix + sequenceFile(sequence), JSON.writeValueAsBytes(record))) {
                LOG.info("alias {}@{} now points at version {} (record {})", name, alias, version, sequence);
                return record;
            }
        }
        throw new IOException("could not append to alias log " + store.locate(prefix) + " after "
                + MAX_CLAIM_ATTEMPTS + " attempts");
    }

    /**
     * The newest alias record whose version is published (a record written by a promotion that has not completed
     * is skipped).
     */
    @Override
    public Optional<AliasRecord> currentAlias(String name, String alias) throws IOException {
        checkName(name, "prompt-set name");
        checkName(alias, "alias");
        String prefix = aliasPrefix(name, alias);
        TreeSet<Long> sequences = sequences(prefix);
        Map<Integer, Boolean> published = new HashMap<>();
        for (long sequence : sequences.descendingSet()) {
            StoredAlias record = readAlias(prefix + sequenceFile(sequence));
            Boolean visible = published.get(record.version());
            if (visible == null) {
                visible = record.version() >= 1 && published(name, record.version());
                published.put(record.version(), visible);
            }
            if (visible) {
                return Optional.of(record.toRecord());
            }
        }
        return Optional.empty();
    }

    /** The full alias log, oldest first, including records of promotions that have not completed. */
    @Override
    public List<AliasRecord> aliasHistory(String name, String alias) throws IOException {
        checkName(name, "prompt-set name");
        checkName(alias, "alias");
        return storedAliasHistory(aliasPrefix(name, alias)).stream().map(StoredAlias::toRecord).toList();
    }

    private List<StoredAlias> storedAliasHistory(String prefix) throws IOException {
        List<StoredAlias> out = new ArrayList<>();
        for (long sequence : sequences(prefix)) {
            out.add(readAlias(prefix + sequenceFile(sequence)));
        }
        return out;
    }

    private TreeSet<Long> sequences(String prefix) throws IOException {
        TreeSet<Long> sequences = new TreeSet<>();
        for (String child : store.listChildren(prefix)) {
            parseSequence(child).ifPresent(sequences::add);
        }
        return sequences;
    }

    @Override
    public List<AliasRecord> aliases(String name) throws IOException {
        checkName(name, "prompt-set name");
        List<AliasRecord> out = new ArrayList<>();
        for (String alias : aliasNames(name)) {
            currentAlias(name, alias).ifPresent(out::add);
        }
        return out;
    }

    /** Every alias name of a prompt set. */
    List<String> aliasNames(String name) throws IOException {
        return store.listChildren(root + name + "/aliases/").stream().filter(PromptSetRegistry::isValidName)
                .toList();
    }

    /** Every version number with any object (claimed, partly written or published). */
    TreeSet<Integer> claimedNumbers(String name) throws IOException {
        TreeSet<Integer> numbers = new TreeSet<>();
        for (String child : store.listChildren(versionsPrefix(name))) {
            parseNumber(child).ifPresent(n -> numbers.add((int) n));
        }
        return numbers;
    }

    /** Whether a version has its commit marker. */
    boolean published(String name, int version) throws IOException {
        return store.get(versionPrefix(name, version) + PUBLISHED).isPresent();
    }

    /** The raw alias log records. */
    List<StoredAlias> storedAliases(String name, String alias) throws IOException {
        return storedAliasHistory(aliasPrefix(name, alias));
    }

    /** The claim of a version number, if any. */
    Optional<VersionRecord> readClaim(String name, int version) throws IOException {
        String key = versionPrefix(name, version) + CLAIM;
        Optional<byte[]> bytes = store.get(key);
        return bytes.isEmpty() ? Optional.empty() : Optional.of(readJson(bytes.get(), VersionRecord.class, key));
    }

    @Override
    public String uri() {
        return uri;
    }

    /** Where the registry lives, for messages: its URI, and the endpoint when it is not the default one. */
    public String location() {
        String endpoint = store.endpoint();
        return endpoint.isEmpty() ? uri : uri + " (endpoint " + endpoint + ")";
    }

    /** The store under this registry. */
    protected ObjectStore store() {
        return store;
    }

    /** The key of a file of a version ({@code PREFIX/NAME/versions/N/FILE}). */
    public String versionKey(String name, int version, String file) {
        return versionPrefix(name, version) + file;
    }

    /** The key of an alias record. */
    public String aliasKey(String name, String alias, long sequence) {
        return aliasPrefix(name, alias) + sequenceFile(sequence);
    }

    private Optional<byte[]> readQuietly(String key) {
        try {
            return store.get(key);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private StoredAlias readAlias(String key) throws IOException {
        byte[] bytes = store.get(key).orElseThrow(() -> new IOException("alias record " + store.locate(key)
                + " disappeared; alias records are append-only and must never be deleted"));
        return readJson(bytes, StoredAlias.class, key);
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
