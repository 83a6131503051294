package dev.bioprompt.backbone.io;

import dev.bioprompt.backbone.io.RestrictedUnpickler.Global;
import dev.bioprompt.backbone.io.RestrictedUnpickler.TensorView;
import dev.bioprompt.backbone.io.RestrictedUnpickler.Tuple;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
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
 * {@code <top>/data/<key>} entry per storage) without executing any pickled code.
 */
final class TorchZipReader {

    /** The raw bytes of one storage. */
    private record Storage(String key, StateDtype dtype, ByteBuffer bytes) {
        long numel() {
            return bytes.capacity() / dtype.byteSize();
        }
    }

    private final Path file;
    private final ZipFile zip;
    private final String prefix;
    private final Map<String, Storage> storages = new HashMap<>();

    private TorchZipReader(Path file, ZipFile zip, String prefix) {
        this.file = file;
        this.zip = zip;
        this.prefix = prefix;
    }

    static StateDict read(Path file) throws IOException {
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new IOException(file + ": not a readable PyTorch zip checkpoint (truncated or corrupt?): "
                    + e.getMessage(), e);
        }
        try (zip) {
            String prefix = findPrefix(file, zip);
            return new TorchZipReader(file, zip, prefix).readStateDict();
        } catch (ZipException e) {
            throw new IOException(file + ": corrupt zip entry (truncated?): " + e.getMessage(), e);
        }
    }

    private static String findPrefix(Path file, ZipFile zip) throws IOException {
        String found = null;
        for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
            String name = e.nextElement().getName();
            if (name.equals("data.pkl") || name.endsWith("/data.pkl") && name.indexOf('/') == name.length() - 9) {
                if (found != null) {
                    throw new IOException(file + ": holds more than one data.pkl; expected a single torch.save archive");
                }
                found = name.substring(0, name.length() - "data.pkl".length());
            }
        }
        if (found == null) {
            throw new IOException(file + ": zip file without <folder>/data.pkl; expected a torch.save checkpoint");
        }
        return found;
    }

    private StateDict readStateDict() throws IOException {
        ZipEntry byteOrder = zip.getEntry(prefix + "byteorder");
        if (byteOrder != null) {
            String order = new String(readEntry(byteOrder), StandardCharsets.US_ASCII).trim();
            if (!order.equals("little")) {
                throw new IOException(file + ": stored with byte order '" + order + "'; only little-endian is supported");
            }
        }
        byte[] pickle = readEntry(zip.getEntry(prefix + "data.pkl"));
        Object root = RestrictedUnpickler.load(pickle, file + " (" + prefix + "data.pkl)", this::loadStorage);
        if (root instanceof Map<?, ?> m && m.get("state_dict") instanceof Map<?, ?> inner) {
            root = inner;
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new IOException(file + ": checkpoint holds " + (root == null ? "None" : root.getClass().getSimpleName())
                    + ", expected a dict of tensors (a state dict)");
        }
        Map<String, StateTensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (e.getKey() instanceof String key && e.getValue() instanceof TensorView view) {
                tensors.put(key, materialise(key, view));
            }
        }
        return new StateDict(file, tensors);
    }

    private Object loadStorage(Tuple pid) throws IOException {
        if (pid.size() < 4 || !"storage".equals(pid.get(0)) || !(pid.get(1) instanceof Global type)
                || !(pid.get(2) instanceof String key)) {
            throw new IOException(file + ": unsupported persistent id " + pid.items()
                    + "; expected ('storage', torch.<Type>Storage, key, location, numel)");
        }
        StateDtype dtype = StateDtype.fromTorchStorage(type.name()).orElseThrow(() -> new IOException(
                file + ": storage type " + type.qualifiedName() + " is not supported"));
        Storage cached = storages.get(key);
        if (cached != null) {
            return cached;
        }
        ZipEntry entry = zip.getEntry(prefix + "data/" + key);
        if (entry == null) {
            throw new IOException(file + ": storage " + prefix + "data/" + key + " is missing (truncated?)");
        }
        byte[] bytes = readEntry(entry);
        if (bytes.length % dtype.byteSize() != 0) {
            throw new IOException(file + ": storage " + key + " has " + bytes.length + " bytes, not a multiple of "
                    + dtype.byteSize() + " for " + dtype);
        }
        Storage storage = new Storage(key, dtype, ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN));
        if (pid.size() >= 5 && pid.get(4) instanceof Long numel && numel != storage.numel()) {
            throw new IOException(file + ": storage " + key + " should hold " + numel + " elements of " + dtype
                    + " but holds " + storage.numel() + " (truncated?)");
        }
        storages.put(key, storage);
        return storage;
    }

    private StateTensor materialise(String key, TensorView view) throws IOException {
        if (!(view.storage() instanceof Storage storage)) {
            throw new IOException(file + ": tensor '" + key + "' has no storage");
        }
        long[] size = view.size();
        long[] stride = view.stride();
        long numel = 1;
        long maxIndex = view.offset();
        for (int d = 0; d < size.length; d++) {
            if (size[d] < 0 || stride[d] < 0) {
                throw new IOException(file + ": tensor '" + key + "' has size " + Arrays.toString(size) + " and stride "
                        + Arrays.toString(stride));
            }
            numel *= size[d];
            maxIndex += (size[d] - 1) * stride[d];
        }
        if (numel > 0 && (view.offset() < 0 || maxIndex >= storage.numel())) {
            throw new IOException(file + ": tensor '" + key + "' (offset " + view.offset() + ", size "
                    + Arrays.toString(size) + ", stride " + Arrays.toString(stride) + ") reads past its storage of "
                    + storage.numel() + " elements");
        }
        int elem = storage.dtype().byteSize();
        if (numel == 0) {
            return new StateTensor(key, storage.dtype(), size, ByteBuffer.allocate(0));
        }
        if (isContiguous(size, stride)) {
            ByteBuffer slice = storage.bytes().duplicate();
            slice.position(Math.toIntExact(view.offset() * elem));
            slice.limit(Math.toIntExact((view.offset() + numel) * elem));
            return new StateTensor(key, storage.dtype(), size, slice.slice());
        }
        byte[] src = storage.bytes().array();
        byte[] out = new byte[Math.toIntExact(numel * elem)];
        long[] index = new long[size.length];
        for (int i = 0; i < numel; i++) {
            long element = view.offset();
            for (int d = 0; d < size.length; d++) {
                element += index[d] * stride[d];
            }
            System.arraycopy(src, Math.toIntExact(element * elem), out, i * elem, elem);
            for (int d = size.length - 1; d >= 0; d--) {
                if (++index[d] < size[d]) {
                    break;
                }
                index[d] = 0;
            }
        }
        return new StateTensor(key, storage.dtype(), size, ByteBuffer.wrap(out));
    }

    private static boolean isContiguous(long[] size, long[] stride) {
        long expected = 1;
        for (int d = size.length - 1; d >= 0; d--) {
            if (size[d] != 1 && stride[d] != expected) {
                return false;
            }
            expected *= size[d];
        }
        return true;
    }

    private byte[] readEntry(ZipEntry entry) throws IOException {
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] bytes = in.readAllBytes();
            if (entry.getSize() >= 0 && bytes.length != entry.getSize()) {
                throw new IOException(file + ": zip entry " + entry.getName() + " has " + bytes.length + " of "
                        + entry.getSize() + " bytes (truncated?)");
            }
            return bytes;
        }
    }
}
