package dev.bioprompt.backbone.io;

import java.util.Optional;

/** Element type of a checkpoint tensor, with its size in bytes and its names in the PyTorch and safetensors formats. */
public enum StateDtype {
    F32(4, "FloatStorage", "F32"),
    F64(8, "DoubleStorage", "F64"),
    F16(2, "HalfStorage", "F16"),
    BF16(2, "BFloat16Storage", "BF16"),
    I64(8, "LongStorage", "I64"),
    I32(4, "IntStorage", "I32"),
    U8(1, "ByteStorage", "U8"),
    I8(1, "CharStorage", "I8"),
    BOOL(1, "BoolStorage", "BOOL");

    private final int byteSize;
    private final String torchStorageName;
    private final String safetensorsName;

    StateDtype(int byteSize, String torchStorageName, String safetensorsName) {
        this.byteSize = byteSize;
        this.torchStorageName = torchStorageName;
        this.safetensorsName = safetensorsName;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** The name in a safetensors header ({@code "F32"}, {@code "BF16"}, ...). */
    public String safetensorsName() {
        return safetensorsName;
    }

    /** True for the floating-point types. */
    public boolean isFloatingPoint() {
        return this == F32 || this == F64 || this == F16 || this == BF16;
    }

    /** The dtype of a legacy typed storage class in the {@code torch} module, such as {@code FloatStorage}. */
    public static Optional<StateDtype> fromTorchStorage(String name) {
        for (StateDtype d : values()) {
            if (d.torchStorageName.equals(name)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /** The dtype named by a safetensors header ({@code "F32"}, {@code "BF16"}, ...). */
    public static Optional<StateDtype> fromSafetensors(String name) {
        for (StateDtype d : values()) {
            if (d.safetensorsName.equals(name)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }
}
