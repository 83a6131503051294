package dev.bioprompt.backbone.io;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.io.CheckpointBudgetException;
import dev.bioprompt.api.io.CheckpointException;
import dev.bioprompt.api.io.ReadBudget;
import dev.bioprompt.api.io.ReadLimits;
import dev.bioprompt.api.io.SafetensorsHeader;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pickle reader for the subset of protocol 2 that {@code torch.save} writes for state dicts. It never executes
 * code: a global is only a name, and the only names accepted are an allow-list of constructors whose effect is
 * reproduced here (ordered dicts, tensor and parameter rebuilds, typed-storage markers). It works within
 * {@link ReadLimits}: opcodes executed, memo entries, stack size, container size and nesting depth are counted, and
 * dict keys are restricted to the immutable scalars that state dicts use, so no value is ever hashed, compared or
 * printed deeply. Every problem is a {@link CheckpointException}.
 */
final class RestrictedUnpickler {

    /**
     * A Python tuple. Equality and hashing are by identity and {@link #toString()} is shallow, so that no unpickled
     * structure (shared sub-tuples, deep nesting) can make them slow or overflow the stack.
     */
    static final class Tuple {
        private final Object[] items;
        private final int depth;

        private Tuple(List<Object> items, int depth) {
            this.items = items.stream().map(o -> o == null ? None.NONE : o).toArray();
            this.depth = depth;
        }

        Object get(int i) {
            Object o = items[i];
            return o == None.NONE ? null : o;
        }

        int size() {
            return items.length;
        }

        @Override
        public String toString() {
            return "tuple of " + items.length;
        }
    }

    /** Python's None inside immutable lists. */
    enum None { NONE }

    /** A global reference {@code module.name} from the allow-list. */
    record Global(String module, String name) {
        String qualifiedName() {
            return module + "." + name;
        }
    }

    /** A tensor: a view (offset, size, stride in elements) onto a storage. */
    record TensorView(Object storage, long offset, long[] size, long[] stride) {
        TensorView {
            requireNonNull(storage, "storage is null");
        }
    }

    /** Resolves a persistent id (torch's storage references). */
    interface PersistentLoader {
        Object load(Tuple pid) throws IOException;
    }

    static final Set<String> ALLOWED_GLOBALS = Set.of(
            "collections.OrderedDict",
            "torch._utils._rebuild_tensor_v2",
            "torch._utils._rebuild_parameter",
            "torch.FloatStorage", "torch.HalfStorage", "torch.BFloat16Storage", "torch.DoubleStorage",
            "torch.LongStorage", "torch.IntStorage", "torch.ByteStorage", "torch.BoolStorage", "torch.CharStorage",
            // Dassl's prompt-learner checkpoints: the optimizer state (a defaultdict of dicts) and the warm-up
            // scheduler's successor, pickled as objects; they are read as opaque values and never constructed.
            "collections.defaultdict", "__builtin__.dict",
            "torch.optim.sgd.SGD", "torch.optim.lr_scheduler.CosineAnnealingLR");

    /** Classes whose pickled instances ({@code NEWOBJ} then {@code BUILD}) are kept as {@link Opaque} values. */
    static final Set<String> OPAQUE_CLASSES = Set.of("torch.optim.sgd.SGD",
            "torch.optim.lr_scheduler.CosineAnnealingLR");

    /** An instance of an allowed class, read without constructing it; its state is discarded. */
    record Opaque(String className) { }

    private static final Object MARK = new Object() {
        @Override
        public String toString() {
            return "MARK";
        }
    };

    private final byte[] data;
    private final String source;
    private final PersistentLoader persistentLoader;
    private final ReadLimits limits;
    private int pos;
    private long ops;
    private final List<Object> stack = new ArrayList<>();
    private int[] marks = new int[16];
    private int markCount;
    private final Map<Integer, Object> memo = new HashMap<>();
    /** Nesting depth of lists and dicts deeper than 1 (a container of scalars). */
    private final Map<Object, Integer> depths = new IdentityHashMap<>();

    private RestrictedUnpickler(byte[] data, String source, PersistentLoader persistentLoader, ReadLimits limits) {
        this.data = data;
        this.source = SafetensorsHeader.clip(source);
        this.persistentLoader = persistentLoader;
        this.limits = limits;
    }

    /**
     * Reads one pickled object.
     *
     * @param source names the pickle in error messages
     * @return Java values: {@link String}, {@link Long} or {@link BigInteger}, {@link Double}, {@link Boolean}, null,
     *         {@link Tuple}, {@link List}, {@link Map} (ordered), {@link TensorView}, or what the loader returns
     */
    static Object load(byte[] data, String source, PersistentLoader persistentLoader, ReadLimits limits)
            throws IOException {
        return new RestrictedUnpickler(data, source, persistentLoader, limits).run();
    }

    private Object run() throws IOException {
        long maxOps = limits.get(ReadBudget.MAX_PICKLE_OPS);
        while (true) {
            if (pos >= data.length) {
                throw error("pickle ends without STOP (truncated?)");
            }
            if (++ops > maxOps) {
                throw new CheckpointBudgetException(source, ReadBudget.MAX_PICKLE_OPS, maxOps,
                        "a pickle of more than " + maxOps + " opcodes");
            }
            int at = pos;
            int op = data[pos++] & 0xff;
            switch (op) {
                case 0x80 -> { // PROTO
                    int proto = u8();
                    if (proto > 2) {
                        throw error("pickle protocol " + proto + " is not supported (torch.save writes protocol 2)");
                    }
                }
                case '.' -> { // STOP
                    if (stack.size() != 1 || markCount != 0) {
                        throw error("pickle stops with " + stack.size() + " values on the stack");
                    }
                    return unwrap(stack.get(0));
                }
                case 'c' -> { // GLOBAL
                    String module = line();
                    String name = line();
                    String qualified = module + "." + name;
                    if (!ALLOWED_GLOBALS.contains(qualified)) {
                        throw new CheckpointException("refusing to load " + source + ": pickle global "
                                + SafetensorsHeader.clip(qualified)
                                + " is not allowed (BioPrompt never executes code from checkpoints)");
                    }
                    push(new Global(module, name));
                }
                case 'q' -> memoPut(u8(), peek()); // BINPUT
                case 'r' -> memoPut(i32(), peek()); // LONG_BINPUT
                case 'h' -> push(memoGet(u8())); // BINGET
                case 'j' -> push(memoGet(i32())); // LONG_BINGET
                case '(' -> { // MARK
                    if (markCount == marks.length) {
                        marks = Arrays.copyOf(marks, markCount * 2);
                    }
                    marks[markCount++] = stack.size();
                    push(MARK);
                }
                case '}' -> push(new LinkedHashMap<Object, Object>()); // EMPTY_DICT
                case ')' -> push(new Tuple(List.of(), 1)); // EMPTY_TUPLE
                case ']' -> push(new ArrayList<Object>()); // EMPTY_LIST
                case 't' -> push(tuple(popMark())); // TUPLE
                case 0x85 -> push(tuple(popN(1))); // TUPLE1
                case 0x86 -> push(tuple(popN(2))); // TUPLE2
                case 0x87 -> push(tuple(popN(3))); // TUPLE3
                case 'J' -> push((long) i32()); // BININT
                case 'K' -> push((long) u8()); // BININT1
                case 'M' -> { // BININT2
                    int lo = u8();
                    push((long) (lo | (u8() << 8)));
                }
                case 0x8a -> push(long1()); // LONG1
                case 'X' -> push(string(i32())); // BINUNICODE
                case 0x8c -> push(string(u8())); // SHORT_BINUNICODE
                case 'G' -> push(ByteBuffer.wrap(bytes(8)).order(ByteOrder.BIG_ENDIAN).getDouble()); // BINFLOAT
                case 0x88 -> push(Boolean.TRUE); // NEWTRUE
                case 0x89 -> push(Boolean.FALSE); // NEWFALSE
                case 'N' -> push(null); // NONE
                case 'Q' -> { // BINPERSID
                    Object pid = pop();
                    if (!(pid instanceof Tuple t)) {
                        throw error("persistent id is " + describe(pid) + ", expected a tuple");
                    }
                    push(persistentLoader.load(t));
                }
                case 0x81 -> { // NEWOBJ
                    if (stack.size() < 2) {
                        throw error("unsupported pickle opcode " + opcodeName(op) + " at offset " + at
                                + " without a class and arguments");
                    }
                    Object args = pop();
                    Object cls = pop();
                    if (!(cls instanceof Global g) || !OPAQUE_CLASSES.contains(g.qualifiedName())) {
                        throw error("NEWOBJ on " + describe(cls) + " is not supported");
                    }
                    push(new Opaque(g.qualifiedName()));
                }
                case 'R' -> { // REDUCE
                    Object args = pop();
                    Object callable = pop();
                    push(reduce(callable, args));
                }
                case 's' -> { // SETITEM
                    Object value = pop();
                    Object key = pop();
                    put(dict(peek()), key, value);
                }
                case 'u' -> { // SETITEMS
                    List<Object> items = popMark();
                    if (items.size() % 2 != 0) {
                        throw error("SETITEMS with an odd number of items");
                    }
                    Map<Object, Object> dict = dict(peek());
                    for (int i = 0; i < items.size(); i += 2) {
                        put(dict, items.get(i), items.get(i + 1));
                    }
                }
                case 'a' -> { // APPEND
                    Object value = pop();
                    append(list(peek()), value);
                }
                case 'e' -> { // APPENDS
                    List<Object> items = popMark();
                    List<Object> list = list(peek());
                    for (Object item : items) {
                        append(list, item);
                    }
                }
                case 'b' -> { // BUILD
                    Object state = pop();
                    Object target = peek();
                    // Instance state (such as a state dict's _metadata) carries no tensor data: it is not applied.
                    if (!(target instanceof Map<?, ?>) && !(target instanceof TensorView) && !(target instanceof Opaque)) {
                        throw error("BUILD on " + describe(target) + " (state " + describe(state) + ") is not supported");
                    }
                }
                default -> throw error("unsupported pickle opcode " + opcodeName(op) + " at offset " + at);
            }
        }
    }

    private Object reduce(Object callable, Object args) throws IOException {
        if (!(callable instanceof Global g)) {
            throw error("REDUCE on " + describe(callable) + ", expected an allowed global");
        }
        if (!(args instanceof Tuple a)) {
            throw error("REDUCE arguments for " + g.qualifiedName() + " are " + describe(args) + ", expected a tuple");
        }
        switch (g.qualifiedName()) {
            case "collections.OrderedDict" -> {
                if (a.size() != 0) {
                    throw error("collections.OrderedDict called with " + a.size() + " arguments, expected none");
                }
                return new LinkedHashMap<Object, Object>();
            }
            case "collections.defaultdict" -> {
                boolean dictFactory = a.size() == 1 && a.get(0) instanceof Global f
                        && f.qualifiedName().equals("__builtin__.dict");
                if (a.size() != 0 && !dictFactory) {
                    throw error("collections.defaultdict called with " + a.size() + " arguments, expected (dict,)");
                }
                return new LinkedHashMap<Object, Object>();
            }
            case "torch._utils._rebuild_tensor_v2" -> {
                if (a.size() < 4) {
                    throw error("_rebuild_tensor_v2 called with " + a.size() + " arguments, expected at least 4");
                }
                Object storage = a.get(0);
                if (storage == null) {
                    throw error("_rebuild_tensor_v2 without a storage");
                }
                long offset = asLong(a.get(1), "storage offset");
                long[] size = longs(a.get(2), "size");
                long[] stride = longs(a.get(3), "stride");
                if (size.length != stride.length) {
                    throw error("tensor size " + SafetensorsHeader.dims(size) + " and stride "
                            + SafetensorsHeader.dims(stride) + " differ in rank");
                }
                return new TensorView(storage, offset, size, stride);
            }
            case "torch._utils._rebuild_parameter" -> {
                if (a.size() < 1 || !(a.get(0) instanceof TensorView t)) {
                    throw error("_rebuild_parameter expects a tensor as its first argument");
                }
                return t;
            }
            default -> throw error(g.qualifiedName() + " cannot be called");
        }
    }

    private Tuple tuple(List<Object> items) throws IOException {
        checkContainerSize(items.size(), "tuple");
        int depth = 1;
        for (Object item : items) {
            depth = Math.max(depth, depthOf(item) + 1);
        }
        checkDepth(depth);
        return new Tuple(items, depth);
    }

    private void append(List<Object> list, Object value) throws IOException {
        checkContainerSize(list.size() + 1L, "list");
        deepen(list, value);
        list.add(value);
    }

    private void put(Map<Object, Object> dict, Object key, Object value) throws IOException {
        if (!(key instanceof String || key instanceof Long || key instanceof TensorView)) {
            // tensors key the per-parameter state of pickled optimizers (Dassl's checkpoints); a view hashes and
            // compares by identity of its shape arrays, so it is never hashed deeply
            throw error("dict key is " + describe(key) + "; only strings, integers and tensors are supported as keys"
                    + " (as in state dicts and optimizer states)");
        }
        if (!dict.isEmpty() && dict.keySet().iterator().next().getClass() != key.getClass()) {
            // one key type per dict keeps colliding keys in comparable (tree) buckets: lookups stay logarithmic
            throw error("dict mixes " + describe(dict.keySet().iterator().next()) + " and " + describe(key)
                    + " keys; state dicts use strings or integers, not both");
        }
        if (!dict.containsKey(key)) {
            checkContainerSize(dict.size() + 1L, "dict");
        }
        deepen(dict, value);
        dict.put(key, value);
    }

    /** Records that {@code container} now holds {@code value}; the depth is checked, never recomputed recursively. */
    private void deepen(Object container, Object value) throws IOException {
        int depth = depthOf(value) + 1;
        if (depth > depthOf(container)) {
            checkDepth(depth);
            depths.put(container, depth);
        }
    }

    private int depthOf(Object o) {
        if (o instanceof Tuple t) {
            return t.depth;
        }
        if (o instanceof List<?> || o instanceof Map<?, ?>) {
            return depths.getOrDefault(o, 1);
        }
        return 0;
    }

    private void checkDepth(int depth) throws IOException {
        long max = limits.get(ReadBudget.MAX_PICKLE_DEPTH);
        if (depth > max) {
            throw new CheckpointBudgetException(source, ReadBudget.MAX_PICKLE_DEPTH, max,
                    "pickled containers nested " + depth + " deep");
        }
    }

    private void checkContainerSize(long size, String kind) throws IOException {
        long max = limits.get(ReadBudget.MAX_PICKLE_CONTAINER);
        if (size > max) {
            throw new CheckpointBudgetException(source, ReadBudget.MAX_PICKLE_CONTAINER, max,
                    "a pickled " + kind + " of " + size + " items");
        }
    }

    private void memoPut(int index, Object value) throws IOException {
        if (!memo.containsKey(index)) {
            long max = limits.get(ReadBudget.MAX_PICKLE_MEMO);
            if (memo.size() >= max) {
                throw new CheckpointBudgetException(source, ReadBudget.MAX_PICKLE_MEMO, max,
                        "a pickle memo of more than " + max + " entries");
            }
        }
        memo.put(index, value);
    }

    private static Object unwrap(Object o) {
        return o == None.NONE ? null : o;
    }

    private long asLong(Object o, String what) throws IOException {
        if (o instanceof Long l) {
            return l;
        }
        throw error(what + " is " + describe(o) + ", expected an integer");
    }

    private long[] longs(Object o, String what) throws IOException {
        if (!(o instanceof Tuple t)) {
            throw error(what + " is " + describe(o) + ", expected a tuple of integers");
        }
        long[] out = new long[t.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = asLong(t.get(i), what);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> dict(Object o) throws IOException {
        if (o instanceof Map<?, ?> m) {
            return (Map<Object, Object>) m;
        }
        throw error("SETITEM(S) on " + describe(o) + ", expected a dict");
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(Object o) throws IOException {
        if (o instanceof ArrayList<?> l) {
            return (List<Object>) l;
        }
        throw error("APPEND(S) on " + describe(o) + ", expected a list");
    }

    private void push(Object o) throws IOException {
        long max = limits.get(ReadBudget.MAX_PICKLE_STACK);
        if (stack.size() >= max) {
            throw new CheckpointBudgetException(source, ReadBudget.MAX_PICKLE_STACK, max,
                    "a pickle stack of more than " + max + " values and marks");
        }
        stack.add(o);
    }

    private Object peek() throws IOException {
        if (stack.isEmpty() || stack.get(stack.size() - 1) == MARK) {
            throw error("pickle stack underflow");
        }
        return stack.get(stack.size() - 1);
    }

    private Object pop() throws IOException {
        Object o = peek();
        stack.remove(stack.size() - 1);
        return o;
    }

    private List<Object> popN(int n) throws IOException {
        Object[] items = new Object[n];
        for (int i = n - 1; i >= 0; i--) {
            items[i] = pop();
        }
        return Arrays.asList(items);
    }

    private List<Object> popMark() throws IOException {
        if (markCount == 0) {
            throw error("pickle pops a MARK that was never set");
        }
        int m = marks[--markCount];
        List<Object> items = new ArrayList<>(stack.subList(m + 1, stack.size()));
        stack.subList(m, stack.size()).clear();
        return items;
    }

    private Object memoGet(int index) throws IOException {
        if (!memo.containsKey(index)) {
            throw error("pickle memo has no entry " + index);
        }
        return memo.get(index);
    }

    private int u8() throws IOException {
        need(1);
        return data[pos++] & 0xff;
    }

    private int i32() throws IOException {
        need(4);
        int v = ByteBuffer.wrap(data, pos, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        pos += 4;
        return v;
    }

    private Object long1() throws IOException {
        int n = u8();
        byte[] le = bytes(n);
        if (n == 0) {
            return 0L;
        }
        byte[] be = new byte[n];
        for (int i = 0; i < n; i++) {
            be[i] = le[n - 1 - i];
        }
        BigInteger value = new BigInteger(be);
        return value.bitLength() < 64 ? (Object) value.longValue() : value;
    }

    private byte[] bytes(int n) throws IOException {
        if (n < 0) {
            throw error("negative length " + n);
        }
        need(n);
        byte[] out = Arrays.copyOfRange(data, pos, pos + n);
        pos += n;
        return out;
    }

    private String string(int n) throws IOException {
        return new String(bytes(n), StandardCharsets.UTF_8);
    }

    private String line() throws IOException {
        int start = pos;
        while (pos < data.length && data[pos] != '\n') {
            pos++;
        }
        if (pos >= data.length) {
            throw error("pickle ends inside a GLOBAL name (truncated?)");
        }
        String s = new String(data, start, pos - start, StandardCharsets.UTF_8);
        pos++;
        return s;
    }

    private void need(int n) throws IOException {
        if (n > data.length - pos) {
            throw error("pickle ends after " + data.length + " bytes, needed " + n + " more at offset " + pos
                    + " (truncated?)");
        }
    }

    private CheckpointException error(String message) {
        return new CheckpointException(source + ": " + message);
    }

    private static String describe(Object o) {
        if (o == null || o == None.NONE) {
            return "None";
        }
        if (o instanceof Global g) {
            return "global " + SafetensorsHeader.clip(g.qualifiedName());
        }
        if (o instanceof Tuple t) {
            return "a tuple of " + t.size();
        }
        if (o instanceof List<?> l) {
            return "a list of " + l.size();
        }
        if (o instanceof Map<?, ?> m) {
            return "a dict of " + m.size();
        }
        return o.getClass().getSimpleName();
    }

    private static String opcodeName(int op) {
        String name = switch (op) {
            case 'i' -> "INST";
            case 'o' -> "OBJ";
            case 0x81 -> "NEWOBJ";
            case 0x92 -> "NEWOBJ_EX";
            case 0x93 -> "STACK_GLOBAL";
            case 0x94 -> "MEMOIZE";
            case 0x95 -> "FRAME";
            case 'P' -> "PERSID";
            case 'S' -> "STRING";
            case 'T' -> "BINSTRING";
            case 'U' -> "SHORT_BINSTRING";
            case 'V' -> "UNICODE";
            case 'B' -> "BINBYTES";
            case 'C' -> "SHORT_BINBYTES";
            case 'I' -> "INT";
            case 'L' -> "LONG";
            case 'F' -> "FLOAT";
            case 'p' -> "PUT";
            case 'g' -> "GET";
            case 'l' -> "LIST";
            case 'd' -> "DICT";
            case 0x8b -> "LONG4";
            case 0x82 -> "EXT1";
            case 0x83 -> "EXT2";
            case 0x84 -> "EXT4";
            case 0x8d -> "BINUNICODE8";
            case 0x8e -> "BINBYTES8";
            case 0x8f -> "EMPTY_SET";
            case 0x90 -> "ADDITEMS";
            case 0x91 -> "FROZENSET";
            case 0x96 -> "BYTEARRAY8";
            case 0x97 -> "NEXT_BUFFER";
            case 0x98 -> "READONLY_BUFFER";
            case '0' -> "POP";
            case '1' -> "POP_MARK";
            case '2' -> "DUP";
            default -> null;
        };
        String hex = String.format("0x%02x", op);
        return name == null ? hex : name + " (" + hex + ")";
    }
}
