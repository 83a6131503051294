package dev.bioprompt.data.npz;

/** The element types the {@code .npy} reader supports (little-endian, as NumPy writes them on x86 and ARM). */
public enum NpyDType {
    UINT8("|u1", 1),
    INT32("<i4", 4),
    INT64("<i8", 8);

    private final String descr;
    private final int size;

    NpyDType(String descr, int size) {
        this.descr = descr;
        this.size = size;
    }

    /** The NumPy {@code descr} string written in headers. */
    public String descr() {
        return descr;
    }

    /** Bytes per element. */
    public int size() {
        return size;
    }

    /**
     * Parses a header {@code descr}.
     *
     * @param where the file or key for the message
     * @throws IllegalArgumentException naming the supported types
     */
    public static NpyDType fromDescr(String descr, String where) {
        switch (descr) {
            case "|u1", "<u1", "u1", "=u1", ">u1":
                return UINT8;
            case "<i4", "=i4":
                return INT32;
            case "<i8", "=i8":
                return INT64;
            default:
                throw new IllegalArgumentException(where + ": unsupported dtype '" + descr
                        + "': expected uint8 (|u1), little-endian int32 (<i4) or int64 (<i8)");
        }
    }
}
