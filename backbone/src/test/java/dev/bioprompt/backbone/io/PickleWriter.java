package dev.bioprompt.backbone.io;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Writes pickle opcodes by hand, for hostile and fuzzing inputs (protocol 2, as torch.save writes). */
final class PickleWriter {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    PickleWriter proto() {
        return op(0x80).op(2);
    }

    PickleWriter op(int b) {
        out.write(b);
        return this;
    }

    PickleWriter repeat(int op, int times) {
        for (int i = 0; i < times; i++) {
            out.write(op);
        }
        return this;
    }

    PickleWriter mark() {
        return op('(');
    }

    PickleWriter emptyDict() {
        return op('}');
    }

    PickleWriter emptyList() {
        return op(']');
    }

    PickleWriter emptyTuple() {
        return op(')');
    }

    PickleWriter tuple() {
        return op('t');
    }

    PickleWriter none() {
        return op('N');
    }

    PickleWriter setItem() {
        return op('s');
    }

    PickleWriter setItems() {
        return op('u');
    }

    PickleWriter append() {
        return op('a');
    }

    PickleWriter reduce() {
        return op('R');
    }

    PickleWriter persistentId() {
        return op('Q');
    }

    PickleWriter stop() {
        return op('.');
    }

    PickleWriter put(int index) {
        op('r');
        return i32(index);
    }

    PickleWriter get(int index) {
        op('j');
        return i32(index);
    }

    PickleWriter global(String module, String name) {
        op('c');
        out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8));
        return this;
    }

    PickleWriter str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        op('X');
        i32(b.length);
        out.writeBytes(b);
        return this;
    }

    /** An integer: BININT for 32-bit values, LONG1 otherwise. */
    PickleWriter integer(long v) {
        if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            op('J');
            return i32((int) v);
        }
        op(0x8a).op(8);
        for (int i = 0; i < 8; i++) {
            out.write((int) (v >>> (8 * i)));
        }
        return this;
    }

    PickleWriter tupleOf(long... values) {
        mark();
        for (long v : values) {
            integer(v);
        }
        return tuple();
    }

    /** Pushes {@code _rebuild_tensor_v2(storage(key, dtype, numel), offset, size, stride)}. */
    PickleWriter tensor(String storageKey, String storageType, long numel, long offset, long[] size, long[] stride) {
        global("torch._utils", "_rebuild_tensor_v2");
        mark();
        mark().str("storage").global("torch", storageType).str(storageKey).str("cpu").integer(numel).tuple()
                .persistentId();
        integer(offset);
        tupleOf(size);
        tupleOf(stride);
        op(0x89); // requires_grad False
        tuple();
        return reduce();
    }

    private PickleWriter i32(int v) {
        for (int i = 0; i < 4; i++) {
            out.write(v >>> (8 * i));
        }
        return this;
    }

    byte[] bytes() {
        return out.toByteArray();
    }
}
