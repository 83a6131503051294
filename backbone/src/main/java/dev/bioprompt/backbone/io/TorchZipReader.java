package dev.bioprompt.backbone.io;

import dev.bioprompt.api.io.CheckpointBudgetException;
import dev.bioprompt.api.io.CheckpointException;
import dev.bioprompt.api.io.ReadBudget;
import dev.bioprompt.api.io.ReadLimits;
import dev.bioprompt.api.io.SafetensorsHeader;
import dev.bioprompt.backbone.io.RestrictedUnpickler.Global;
import dev.bioprompt.backbone.io.RestrictedUnpickler.TensorView;
import dev.bioprompt.backbone.io.RestrictedUnpickler.Tuple;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads a PyTorch checkpoint in the zip format of {@code torch.save} ({@code <top>/data.pkl} plus one
 * {@code <top>/data/<key>} entry per storage) without executing any pickled code, within {@link ReadLimits}: no
 * entry is inflated past its declared size, all entries together past {@code max-inflate-ratio} times the file's
 * size, and non-contiguous views are copied at most once each (keys that share a view share its bytes) and within
 * {@code max-view-copy-ratio}. Contiguous views share their storage's bytes.
 */
final class TorchZipReader {

    /** Most dimensions a tensor may have. */
    private static final int MAX_RANK = SafetensorsHeader.MAX_RANK;
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 16;

    /** The raw bytes of one storage. */
    private static final class Storage {
        final String key;
        final StateDtype dtype;
        final ByteBuffer bytes;

        Storage(String key, StateDtype dtype, ByteBuffer bytes) {
            this.key = key;
            this.dtype = dtype;
            this.bytes = bytes;
        }

        long numel() {
            return bytes.capacity() / dtype.byteSize();
        }
    }

    /** A non-contiguous view already copied, so that keys sharing it share the copy. */
    private record ViewKey(Storage storage, long offset, String size, String stride) {
    }

    private final Path file;
    private final ZipFile zip;
    private final String prefix;
    private final ReadLimits limits;
    private final long fileSize;
    private final long inflateCap;
    private final ReadBudget inflateBudget;
    private final Map<String, Storage> storages = new HashMap<>();
    private final Map<ViewKey, ByteBuffer> copies = new HashMap<>();
    private long inflated;
    private long copied;

    private TorchZipReader(Path file, ZipFile zip, String prefix, ReadLimits limits, long fileSize) {
        this.file = file;
        this.zip = zip;
        this.prefix = prefix;
        this.limits = limits;
        this.fileSize = fileSize;
        long byRatio = saturatingMultiply(limits.get(ReadBudget.MAX_INFLATE_RATIO), fileSize);
        long total = limits.get(ReadBudget.MAX_TOTAL_BYTES);
        this.inflateCap = Math.min(byRatio, total);
        this.inflateBudget = byRatio <= total ? ReadBudget.MAX_INFLATE_RATIO : ReadBudget.MAX_TOTAL_BYTES;
    }

    static StateDict read(Path file, ReadLimits limits) throws IOException {
        long fileSize = Files.size(file);
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException | EOFException | IllegalArgumentException e) {
            throw new CheckpointException(file + ": not a readable PyTorch zip checkpoint (truncated or corrupt?): "
                    + e.getMessage(), e);
        }
        try (zip) {
            String prefix = findPrefix(file, zip);
            return new TorchZipReader(file, zip, prefix, limits, fileSize).readStateDict();
        } catch (ZipException | IllegalArgumentException e) {
            // the JDK's zip code reports malformed entries (bad names, bad compressed data) with these
            throw new CheckpointException(file + ": corrupt zip entry (truncated?): " + e.getMessage(), e);
        }
    }

    private static String findPrefix(Path file, ZipFile zip) throws IOException {
        String found = null;
        for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
            String name = e.nextElement().getName();
            if (name.equals("data.pkl") || name.endsWith("/data.pkl") && name.indexOf('/') == name.length() - 9) {
                if (found != null) {
                    throw new CheckpointException(file + ": holds more than one data.pkl; expected a single torch.save "
                            + "archive");
                }
                found = name.substring(0, name.length() - "data.pkl".length());
            }
        }
        if (found == null) {
            throw new CheckpointException(file + ": zip file without <folder>/data.pkl; expected a torch.save checkpoint");
        }
        return found;
    }

    private StateDict readStateDict() throws IOException {
        ZipEntry byteOrder = zip.getEntry(prefix + "byteorder");
        if (byteOrder != null) {
            if (byteOrder.getSize() > 16) {
                throw new CheckpointException(file + ": byteorder entry of " + byteOrder.getSize() + " bytes");
            }
            String order = new String(readEntry(byteOrder), StandardCharsets.US_ASCII).trim();
            if (!order.equals("little")) {
                throw new CheckpointException(file + ": stored with byte order '" + order
                        + "'; only little-endian is supported");
            }
        }
        byte[] pickle = readEntry(zip.getEntry(prefix + "data.pkl"));
        Object root = RestrictedUnpickler.load(pickle, file + " (" + prefix + "data.pkl)", this::loadStorage, limits);
        if (root instanceof Map<?, ?> m && m.get("state_dict") instanceof Map<?, ?> inner) {
            root = inner;
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new CheckpointException(file + ": checkpoint holds " + (root == null ? "None"
                    : root.getClass().getSimpleName()) + ", expected a dict of tensors (a state dict)");
        }
        Map<String, StateTensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (e.getKey() instanceof String key && e.getValue() instanceof TensorView view) {
                limits.check(file.toString(), ReadBudget.MAX_TENSORS, tensors.size() + 1L, "more than " + tensors.size()
                        + " tensors");
                tensors.put(key, materialise(key, view));
            }
        }
        return new StateDict(file, tensors);
    }

    private Object loadStorage(Tuple pid) throws IOException {
        if (pid.size() < 4 || !"storage".equals(pid.get(0)) || !(pid.get(1) instanceof Global type)
                || !(pid.get(2) instanceof String key)) {
            throw new CheckpointException(file + ": unsupported persistent id (a tuple of " + pid.size()
                    + "); expected ('storage', torch.<Type>Storage, key, location, numel)");
        }
        StateDtype dtype = StateDtype.fromTorchStorage(type.name()).orElseThrow(() -> new CheckpointException(
                file + ": storage type " + SafetensorsHeader.clip(type.qualifiedName()) + " is not supported"));
        Storage cached = storages.get(key);
        if (cached != null) {
            if (cached.dtype != dtype) {
                throw new CheckpointException(file + ": storage " + SafetensorsHeader.clip(key) + " is read both as "
                        + cached.dtype + " and as " + dtype);
            }
            return cached;
        }
        ZipEntry entry = zip.getEntry(prefix + "data/" + key);
        if (entry == null) {
            throw new CheckpointException(file + ": storage " + SafetensorsHeader.clip(prefix + "data/" + key)
                    + " is missing (truncated?)");
        }
        byte[] bytes = readEntry(entry);
        if (bytes.length % dtype.byteSize() != 0) {
            throw new CheckpointException(file + ": storage " + SafetensorsHeader.clip(key) + " has " + bytes.length
                    + " bytes, not a multiple of " + dtype.byteSize() + " for " + dtype);
        }
        Storage storage = new Storage(key, dtype, ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN));
        if (pid.size() >= 5 && pid.get(4) instanceof Long numel && numel != storage.numel()) {
            throw new CheckpointException(file + ": storage " + SafetensorsHeader.clip(key) + " should hold " + numel
                    + " elements of " + dtype + " but holds " + storage.numel() + " (truncated?)");
        }
        storages.put(key, storage);
        return storage;
    }

    private StateTensor materialise(String key, TensorView view) throws IOException {
        String where = file + ": tensor '" + SafetensorsHeader.clip(key) + "'";
        if (!(view.storage() instanceof Storage storage)) {
            throw new CheckpointException(where + " has no storage");
        }
        long[] size = view.size();
        long[] stride = view.stride();
        String layout = "(offset " + view.offset() + ", size " + SafetensorsHeader.dims(size) + ", stride "
                + SafetensorsHeader.dims(stride) + ")";
        if (size.length > MAX_RANK) {
            throw new CheckpointException(where + " has " + size.length + " dimensions, more than " + MAX_RANK);
        }
        if (view.offset() < 0) {
            throw new CheckpointException(where + " " + layout + " has a negative storage offset");
        }
        long numel = 1;
        long maxIndex = view.offset();
        try {
            for (int d = 0; d < size.length; d++) {
                if (size[d] < 0 || stride[d] < 0) {
                    throw new CheckpointException(where + " " + layout + " has a negative size or stride");
                }
                numel = Math.multiplyExact(numel, size[d]);
            }
            if (numel > 0) {
                for (int d = 0; d < size.length; d++) {
                    maxIndex = Math.addExact(maxIndex, Math.multiplyExact(size[d] - 1, stride[d]));
                }
            }
        } catch (ArithmeticException e) {
            throw new CheckpointException(where + " " + layout + " overflows 64-bit element counts or offsets");
        }
        if (numel > 0 && maxIndex >= storage.numel()) {
            throw new CheckpointException(where + " " + layout + " reads past its storage of " + storage.numel()
                    + " elements");
        }
        int elem = storage.dtype.byteSize();
        if (numel == 0) {
            return new StateTensor(key, storage.dtype, size, ByteBuffer.allocate(0));
        }
        // numel <= maxIndex + 1 <= storage.numel() unless a stride is 0, so only views with repeats can be larger
        if (numel > MAX_ARRAY / elem) {
            throw new CheckpointException(where + " " + layout + " has " + numel + " elements, more than one array "
                    + "holds");
        }
        int bytes = (int) numel * elem;
        if (isContiguous(size, stride)) {
            ByteBuffer slice = storage.bytes.duplicate();
            int start = (int) view.offset() * elem; // offset + numel <= storage numel: fits an int
            slice.position(start);
            slice.limit(start + bytes);
            return new StateTensor(key, storage.dtype, size, slice.slice());
        }
        ViewKey viewKey = new ViewKey(storage, view.offset(), Arrays.toString(size), Arrays.toString(stride));
        ByteBuffer shared = copies.get(viewKey);
        if (shared != null) {
            return new StateTensor(key, storage.dtype, size, shared.duplicate());
        }
        checkCopyBudget(where, bytes);
        byte[] src = storage.bytes.array();
        byte[] out = new byte[bytes];
        long[] index = new long[size.length];
        for (int i = 0; i < numel; i++) {
            long element = view.offset();
            for (int d = 0; d < size.length; d++) {
                element += index[d] * stride[d];
            }
            System.arraycopy(src, (int) element * elem, out, i * elem, elem);
            for (int d = size.length - 1; d >= 0; d--) {
                if (++index[d] < size[d]) {
                    break;
                }
                index[d] = 0;
            }
        }
        copied += bytes;
        ByteBuffer copy = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        copies.put(viewKey, copy);
        return new StateTensor(key, storage.dtype, size, copy.duplicate());
    }

    private void checkCopyBudget(String where, long bytes) throws CheckpointBudgetException {
        long after = copied + bytes;
        long ratio = limits.get(ReadBudget.MAX_VIEW_COPY_RATIO);
        long slack = limits.get(ReadBudget.VIEW_COPY_SLACK_BYTES);
        long byRatio = saturatingAdd(saturatingMultiply(ratio, inflated), slack);
        if (after > byRatio) {
            throw new CheckpointBudgetException(where, ReadBudget.MAX_VIEW_COPY_RATIO, ratio, "copying non-contiguous "
                    + "views to " + after + " bytes (more than " + ratio + " x " + inflated + " bytes of storage + "
                    + slack + " bytes of " + ReadBudget.VIEW_COPY_SLACK_BYTES.property() + ")");
        }
        limits.check(where, ReadBudget.MAX_TOTAL_BYTES, inflated + after, (inflated + after) + " bytes of storage "
                + "and copied views");
    }

    private static boolean isContiguous(long[] size, long[] stride) {
        long expected = 1;
        for (int d = size.length - 1; d >= 0; d--) {
            if (size[d] != 1 && stride[d] != expected) {
                return false;
            }
            expected *= size[d]; // bounded by numel, checked before
        }
        return true;
    }

    /** Inflates one entry, never past its declared size nor past the file's inflation budget. */
    private byte[] readEntry(ZipEntry entry) throws IOException {
        String name = SafetensorsHeader.clip(entry.getName());
        long declared = entry.getSize();
        if (declared < 0) {
            throw new CheckpointException(file + ": zip entry " + name + " does not declare its size");
        }
        if (declared > MAX_ARRAY) {
            throw new CheckpointException(file + ": zip entry " + name + " has " + declared
                    + " bytes, more than one array holds");
        }
        if (inflated + declared > inflateCap) {
            throw new CheckpointBudgetException(file.toString(), inflateBudget, limits.get(inflateBudget),
                    "inflating zip entry " + name + " (" + declared + " bytes) after " + inflated + " bytes, "
                            + (inflated + declared) + " bytes in all from a " + fileSize + "-byte file,");
        }
        byte[] bytes = new byte[(int) declared];
        try (InputStream in = zip.getInputStream(entry)) {
            int n = in.readNBytes(bytes, 0, bytes.length);
            if (n != declared) {
                throw new CheckpointException(file + ": zip entry " + name + " has " + n + " of " + declared
                        + " bytes (truncated?)");
            }
            if (in.read() != -1) {
                throw new CheckpointException(file + ": zip entry " + name + " inflates past its declared " + declared
                        + " bytes (corrupt or hostile file)");
            }
        } catch (CheckpointException e) {
            throw e;
        } catch (IOException e) {
            // ZipException, EOFException ("Unexpected end of ZLIB input stream") and the like: bad compressed data
            throw new CheckpointException(file + ": corrupt zip entry " + name + " (truncated?): " + e.getMessage(), e);
        }
        inflated += declared;
        return bytes;
    }

    private static long saturatingMultiply(long a, long b) {
        long r = a * b;
        return (a != 0 && (r / a != b || (a == -1 && b == Long.MIN_VALUE))) ? Long.MAX_VALUE : r;
    }

    private static long saturatingAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }
}
