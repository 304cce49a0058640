package dev.jtorch;

/**
 * Element types, named and ordered as PyTorch's {@code torch.dtype}.
 *
 * <p>{@link #FLOAT16} and {@link #BFLOAT16} are stored as 16-bit patterns and computed in float32,
 * as PyTorch's CPU kernels do.
 */
public enum DType {
    BOOL("torch.bool", 1, Kind.BOOL),
    UINT8("torch.uint8", 1, Kind.INT),
    INT8("torch.int8", 1, Kind.INT),
    INT16("torch.int16", 2, Kind.INT),
    INT32("torch.int32", 4, Kind.INT),
    INT64("torch.int64", 8, Kind.INT),
    FLOAT16("torch.float16", 2, Kind.FLOAT),
    BFLOAT16("torch.bfloat16", 2, Kind.FLOAT),
    FLOAT32("torch.float32", 4, Kind.FLOAT),
    FLOAT64("torch.float64", 8, Kind.FLOAT);

    /** The promotion category: bool &lt; integral &lt; floating. */
    public enum Kind { BOOL, INT, FLOAT }

    private final String torchName;
    private final int itemSize;
    private final Kind kind;

    DType(String torchName, int itemSize, Kind kind) {
        this.torchName = torchName;
        this.itemSize = itemSize;
        this.kind = kind;
    }

    /** Bytes per element ({@code tensor.element_size()}). */
    public int itemSize() { return itemSize; }

    public Kind kind() { return kind; }

    public boolean isFloatingPoint() { return kind == Kind.FLOAT; }

    /** True for the integral types, bool excluded (PyTorch's {@code is_integral(include_bool=False)}). */
    public boolean isIntegral() { return kind == Kind.INT; }

    public boolean isBool() { return this == BOOL; }

    /** PyTorch's spelling, e.g. {@code torch.float32}. */
    @Override public String toString() { return torchName; }

    /** Parses "float32", "torch.float", "long", "double" and the other aliases PyTorch accepts. */
    public static DType of(String name) {
        String n = name.startsWith("torch.") ? name.substring(6) : name;
        return switch (n) {
            case "bool" -> BOOL;
            case "uint8" -> UINT8;
            case "int8" -> INT8;
            case "int16", "short" -> INT16;
            case "int32", "int" -> INT32;
            case "int64", "long" -> INT64;
            case "float16", "half" -> FLOAT16;
            case "bfloat16" -> BFLOAT16;
            case "float32", "float" -> FLOAT32;
            case "float64", "double" -> FLOAT64;
            default -> throw new IllegalArgumentException("unknown dtype '" + name + "'");
        };
    }

    /**
     * PyTorch's {@code torch.promote_types}: the smallest type both values fit in, by its lattice
     * (uint8 with int8 gives int16; bfloat16 with float16 gives float32).
     */
    public static DType promoteTypes(DType a, DType b) {
        if (a == b) return a;
        if (a.kind != b.kind) return a.kind.ordinal() > b.kind.ordinal() ? a : b;
        if (a.kind == Kind.FLOAT) {
            if ((a == FLOAT16 && b == BFLOAT16) || (a == BFLOAT16 && b == FLOAT16)) return FLOAT32;
            return a.ordinal() > b.ordinal() ? a : b;
        }
        // integral: uint8 is unsigned, so it promotes with int8 to int16
        if (a == UINT8 || b == UINT8) {
            DType other = a == UINT8 ? b : a;
            return other == INT8 ? INT16 : other;
        }
        return a.ordinal() > b.ordinal() ? a : b;
    }
}
