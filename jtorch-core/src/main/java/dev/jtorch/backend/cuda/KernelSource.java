package dev.jtorch.backend.cuda;

import dev.jtorch.DType;
import dev.jtorch.backend.BinaryOp;
import dev.jtorch.backend.ReduceOp;
import dev.jtorch.backend.UnaryOp;

/**
 * CUDA C for every kernel, one small source per (op, dtypes), compiled by NVRTC on first use. The scalar
 * semantics follow the CPU backend: values load into a compute type (float for float32/16/bf16, double for
 * float64, a 64-bit integer for integral and bool types), the formula runs there, and the store converts
 * like {@code Mem.setDouble/setLong} (truncation toward zero, C-style wrap, bool = non-zero).
 *
 * <p>Strided operands arrive as a {@link Geometry} struct (shape and per-operand strides, at most
 * {@link #MAXD} dims after merging); pointers already include the storage offset. Each source defines a
 * contiguous variant ({@code _c}) and a strided one ({@code _s}).
 *
 * <p>Sources use no headers (NVRTC has none without a toolkit include path) and are guarded so that many
 * can be concatenated into one file for an offline {@code nvcc --ptx} syntax check.
 */
final class KernelSource {
    private KernelSource() {}

    static final int MAXD = 8;
    static final int REDUCE_THREADS = 256;

    /** A generated kernel: its source and the name of its function(s). */
    record Kernel(String name, String source) {}

    /** Thrown for an (op, dtype) this generator has no formula for: the backend runs the CPU kernel instead. */
    static final class NoKernel extends RuntimeException {
        NoKernel(String what) { super(what, null, false, false); }
    }

    // ------------------------------------------------------------------ types and conversions

    static final String PRELUDE = """
            #ifndef JT_PRELUDE
            #define JT_PRELUDE
            typedef long long i64;
            typedef unsigned long long u64;
            typedef unsigned short u16;
            typedef unsigned char u8;
            #define JT_INF_F __int_as_float(0x7f800000)
            #define JT_INF_D __longlong_as_double(0x7ff0000000000000LL)
            __device__ __forceinline__ float jt_h2f(u16 h) { float f; asm("cvt.f32.f16 %0, %1;" : "=f"(f) : "h"(h)); return f; }
            __device__ __forceinline__ u16 jt_f2h(float f) { u16 h; asm("cvt.rn.f16.f32 %0, %1;" : "=h"(h) : "f"(f)); return h; }
            __device__ __forceinline__ float jt_bf2f(u16 b) { return __uint_as_float(((unsigned int) b) << 16); }
            __device__ __forceinline__ u16 jt_f2bf(float f) {
                if (f != f) return (u16) 0x7FC0;
                unsigned int u = __float_as_uint(f);
                u += 0x7FFFu + ((u >> 16) & 1u);
                return (u16) (u >> 16);
            }
            /* C's double-to-int64 as x86 does it (Mem.doubleToLong): NaN and out-of-range give INT64_MIN */
            __device__ __forceinline__ i64 jt_d2i(double v) {
                if (v != v || v >= 9223372036854775808.0 || v < -9223372036854775808.0) return (i64) 0x8000000000000000ULL;
                return (i64) v;
            }
            __device__ __forceinline__ i64 jt_ipow(i64 base, i64 exp) {
                if (exp < 0) {
                    if (base == 1) return 1;
                    if (base == -1) return (exp & 1) == 0 ? 1 : -1;
                    return 0;
                }
                u64 result = 1, b = (u64) base;
                while (exp > 0) {
                    if (exp & 1) result *= b;
                    b *= b;
                    exp >>= 1;
                }
                return (i64) result;
            }
            /* Python's modulus: the sign of the divisor */
            __device__ __forceinline__ float jt_remainder(float x, float y) {
                float m = fmodf(x, y);
                if (m != 0 && ((y < 0) != (m < 0))) m += y;
                return m;
            }
            __device__ __forceinline__ double jt_remainder(double x, double y) {
                double m = fmod(x, y);
                if (m != 0 && ((y < 0) != (m < 0))) m += y;
                return m;
            }
            #endif
            """;

    /** The C type an element is stored as (16-bit floats are bit patterns). */
    static String ctype(DType t) {
        return switch (t) {
            case BOOL, UINT8 -> "u8";
            case INT8 -> "signed char";
            case INT16 -> "short";
            case INT32 -> "int";
            case INT64 -> "i64";
            case FLOAT16, BFLOAT16 -> "u16";
            case FLOAT32 -> "float";
            case FLOAT64 -> "double";
        };
    }

    /** The C type arithmetic on {@code t} runs in. */
    static String computeType(DType t) {
        return switch (t) {
            case FLOAT64 -> "double";
            case FLOAT32, FLOAT16, BFLOAT16 -> "float";
            default -> "i64";
        };
    }

    static String shortName(DType t) {
        return switch (t) {
            case BOOL -> "b8";
            case UINT8 -> "u8";
            case INT8 -> "i8";
            case INT16 -> "i16";
            case INT32 -> "i32";
            case INT64 -> "i64";
            case FLOAT16 -> "f16";
            case BFLOAT16 -> "bf16";
            case FLOAT32 -> "f32";
            case FLOAT64 -> "f64";
        };
    }

    private static boolean floating(String ct) { return ct.equals("float") || ct.equals("double"); }

    /** A stored element (C expression {@code e} of type ctype(t)) as a value of compute type {@code ct}. */
    static String load(DType t, String e, String ct) {
        String natural = switch (t) {
            case FLOAT16 -> "jt_h2f(" + e + ")";
            case BFLOAT16 -> "jt_bf2f(" + e + ")";
            case BOOL -> "(" + e + " != 0)";
            default -> e;
        };
        if (floating(ct)) return "((" + ct + ") " + natural + ")";
        if (t.isFloatingPoint()) return "jt_d2i((double) " + natural + ")";
        return "((i64) " + natural + ")";
    }

    /** A value of compute type {@code ct} converted for storing as {@code t}. */
    static String store(DType t, String e, String ct) {
        return switch (t) {
            case BOOL -> "((u8) ((" + e + ") != 0))";
            case FLOAT16 -> "jt_f2h((float) (" + e + "))";
            case BFLOAT16 -> "jt_f2bf((float) (" + e + "))";
            case FLOAT32, FLOAT64 -> "((" + ctype(t) + ") (" + e + "))";
            default -> floating(ct) ? "((" + ctype(t) + ") jt_d2i((double) (" + e + ")))" : "((" + ctype(t) + ") (" + e + "))";
        };
    }

    // ------------------------------------------------------------------ formulas

    private static String f(String ct, String fn) { return ct.equals("float") ? fn + "f" : fn; }

    /** The formula of a unary op on {@code v} with parameters {@code a}, {@code b} (all of type ct). */
    static String unaryExpr(UnaryOp op, String ct) {
        if (floating(ct)) {
            return switch (op) {
                case NEG -> "-v";
                case ABS -> f(ct, "fabs") + "(v)";
                case SIGN -> "(v > 0 ? (" + ct + ") 1 : (v < 0 ? (" + ct + ") -1 : v))";
                case EXP -> f(ct, "exp") + "(v)";
                case LOG -> f(ct, "log") + "(v)";
                case SQRT -> f(ct, "sqrt") + "(v)";
                case RSQRT -> "((" + ct + ") 1 / " + f(ct, "sqrt") + "(v))";
                case SQUARE -> "(v * v)";
                case RECIPROCAL -> "((" + ct + ") 1 / v)";
                case SIN -> f(ct, "sin") + "(v)";
                case COS -> f(ct, "cos") + "(v)";
                case TANH -> f(ct, "tanh") + "(v)";
                case SIGMOID -> "((" + ct + ") 1 / ((" + ct + ") 1 + " + f(ct, "exp") + "(-v)))";
                case RELU -> "((v > 0 || v != v) ? v : (" + ct + ") 0)";
                case POW_SCALAR -> f(ct, "pow") + "(v, a)";
                case RPOW_SCALAR -> f(ct, "pow") + "(a, v)";
                case CLAMP -> "(v != v ? v : (a != a ? a : (b != b ? b : (v < a ? a : (v > b ? b : v)))))";
                case FLOOR -> f(ct, "floor") + "(v)";
                case CEIL -> f(ct, "ceil") + "(v)";
                case TRUNC -> f(ct, "trunc") + "(v)";
                case ROUND -> f(ct, "rint") + "(v)";
                case LOGICAL_NOT -> "(v == 0 ? (" + ct + ") 1 : (" + ct + ") 0)";
                default -> mathUnary(op, ct);
            };
        }
        return switch (op) {
            case NEG -> "((i64) (0ULL - (u64) v))";
            case ABS -> "(v < 0 ? (i64) (0ULL - (u64) v) : v)";
            case SIGN -> "((i64) ((v > 0) - (v < 0)))";
            case SQUARE -> "((i64) ((u64) v * (u64) v))";
            case RELU -> "(v > 0 ? v : (i64) 0)";
            case POW_SCALAR -> "jt_ipow(v, a)";
            case RPOW_SCALAR -> "jt_ipow(a, v)";
            case CLAMP -> "(v < a ? (a > b ? b : a) : (v > b ? b : v))";
            case FLOOR, CEIL, TRUNC, ROUND -> "v";
            case LOGICAL_NOT -> "((i64) (v == 0))";
            case BITWISE_NOT -> "(~v)";
            default -> mathUnaryInt(op);
        };
    }

    // the math issue's ops (appended to the enums); an op missing here runs on the CPU

    private static String mathUnary(UnaryOp op, String ct) {
        String one = "(" + ct + ") 1", inf = "(" + ct + ") " + inf(ct);
        String softplus = "(a * v > b ? v : " + f(ct, "log1p") + "(" + f(ct, "exp") + "(a * v)) / a)";
        return switch (op.name()) {
            case "EXP2", "EXPM1", "LOG2", "LOG10", "LOG1P", "TAN", "ASIN", "ACOS", "ATAN", "SINH", "COSH", "ASINH", "ACOSH",
                 "ATANH", "ERF", "ERFC", "ERFINV", "LGAMMA" -> f(ct, op.name().toLowerCase()) + "(v)";
            case "LEAKY_RELU" -> "(v > 0 ? v : v * a)";
            case "ELU" -> "(v > 0 ? b * v : b * a * " + f(ct, "expm1") + "(v))";
            case "GELU" -> "((" + ct + ") 0.5 * v * (" + one + " + " + f(ct, "erf") + "(v * (" + ct + ") 0.7071067811865476)))";
            case "GELU_TANH" -> "((" + ct + ") 0.5 * v * (" + one + " + " + f(ct, "tanh") + "((" + ct + ") 0.7978845608028654 * (v + ("
                    + ct + ") 0.044715 * v * v * v))))";
            case "SILU" -> "(v / (" + one + " + " + f(ct, "exp") + "(-v)))";
            case "SOFTPLUS" -> softplus;
            case "MISH" -> "(v * " + f(ct, "tanh") + "(v > (" + ct + ") 20 ? v : " + f(ct, "log1p") + "(" + f(ct, "exp") + "(v))))";
            case "HARDSIGMOID" -> "(" + f(ct, "fmin") + "(" + f(ct, "fmax") + "(v + (" + ct + ") 3, (" + ct + ") 0), (" + ct + ") 6) / (" + ct + ") 6)";
            case "HARDSWISH" -> "(v * " + f(ct, "fmin") + "(" + f(ct, "fmax") + "(v + (" + ct + ") 3, (" + ct + ") 0), (" + ct + ") 6) / (" + ct + ") 6)";
            case "LOGSIGMOID" -> "(" + f(ct, "fmin") + "(v, (" + ct + ") 0) - " + f(ct, "log1p") + "(" + f(ct, "exp") + "(-" + f(ct, "fabs") + "(v))))";
            case "FRAC" -> "(v - " + f(ct, "trunc") + "(v))";
            case "ISNAN" -> "(v != v ? " + one + " : (" + ct + ") 0)";
            case "ISINF" -> "((v == " + inf + " || v == -" + inf + ") ? " + one + " : (" + ct + ") 0)";
            case "ISFINITE" -> "((v == v && v != " + inf + " && v != -" + inf + ") ? " + one + " : (" + ct + ") 0)";
            case "ISPOSINF" -> "(v == " + inf + " ? " + one + " : (" + ct + ") 0)";
            case "ISNEGINF" -> "(v == -" + inf + " ? " + one + " : (" + ct + ") 0)";
            case "SIGNBIT" -> "(" + (ct.equals("float") ? "__float_as_int(v) < 0" : "__double_as_longlong(v) < 0") + " ? " + one + " : (" + ct + ") 0)";
            case "NAN_TO_NUM" -> "(v != v ? a : (v == " + inf + " ? b : v))";
            case "NEGINF_TO" -> "(v == -" + inf + " ? a : v)";
            case "CLAMP_MIN" -> "(v != v ? v : (a != a ? a : (v < a ? a : v)))";
            case "CLAMP_MAX" -> "(v != v ? v : (a != a ? a : (v > a ? a : v)))";
            default -> throw new NoKernel(op + " on " + ct);
        };
    }

    private static String mathUnaryInt(UnaryOp op) {
        return switch (op.name()) {
            case "ISNAN", "ISINF", "ISPOSINF", "ISNEGINF" -> "((i64) 0)";
            case "ISFINITE" -> "((i64) 1)";
            case "SIGNBIT" -> "((i64) (v < 0))";
            case "NAN_TO_NUM", "NEGINF_TO" -> "v";
            case "CLAMP_MIN" -> "(v < a ? a : v)";
            case "CLAMP_MAX" -> "(v > a ? a : v)";
            default -> throw new NoKernel(op + " on integers");
        };
    }

    private static String mathBinary(BinaryOp op, String ct) {
        String one = "(" + ct + ") 1", zero = "(" + ct + ") 0";
        return switch (op.name()) {
            case "DIV_TRUNC" -> f(ct, "trunc") + "(x / y)";
            case "REMAINDER" -> "jt_remainder(x, y)";
            case "FMOD" -> f(ct, "fmod") + "(x, y)";
            case "ATAN2" -> f(ct, "atan2") + "(x, y)";
            case "HYPOT" -> f(ct, "hypot") + "(x, y)";
            case "XLOGY" -> "(y != y ? y : (x == 0 ? " + zero + " : x * " + f(ct, "log") + "(y)))";
            case "LOGICAL_AND" -> "((x != 0 && y != 0) ? " + one + " : " + zero + ")";
            case "LOGICAL_OR" -> "((x != 0 || y != 0) ? " + one + " : " + zero + ")";
            case "LOGICAL_XOR" -> "(((x != 0) != (y != 0)) ? " + one + " : " + zero + ")";
            case "LSHIFT" -> "(x * " + f(ct, "pow") + "((" + ct + ") 2, y))";
            case "RSHIFT" -> "(x / " + f(ct, "pow") + "((" + ct + ") 2, y))";
            case "COPYSIGN" -> f(ct, "copysign") + "(x, y)";
            case "FMAX" -> f(ct, "fmax") + "(x, y)";
            case "FMIN" -> f(ct, "fmin") + "(x, y)";
            default -> throw new NoKernel(op + " on " + ct);
        };
    }

    private static String mathBinaryInt(BinaryOp op) {
        return switch (op.name()) {
            case "LOGICAL_AND" -> "((i64) (x != 0 && y != 0))";
            case "LOGICAL_OR" -> "((i64) (x != 0 || y != 0))";
            case "LOGICAL_XOR" -> "((i64) ((x != 0) != (y != 0)))";
            case "BITWISE_AND" -> "(x & y)";
            case "BITWISE_OR" -> "(x | y)";
            case "BITWISE_XOR" -> "(x ^ y)";
            case "LSHIFT" -> "((y < 0 || y >= 64) ? (i64) 0 : (i64) ((u64) x << y))";
            case "RSHIFT" -> "((y < 0 || y >= 64) ? (x < 0 ? (i64) -1 : (i64) 0) : (x >> y))";
            case "FMAX" -> "(x > y ? x : y)";
            case "FMIN" -> "(x < y ? x : y)";
            default -> throw new NoKernel(op + " on integers");
        };
    }

    /** The formula of a binary op on {@code x}, {@code y} of type ct. */
    static String binaryExpr(BinaryOp op, String ct) {
        String one = "(" + ct + ") 1", zero = "(" + ct + ") 0";
        String cmp = switch (op) {
            case EQ -> "==";
            case NE -> "!=";
            case LT -> "<";
            case LE -> "<=";
            case GT -> ">";
            case GE -> ">=";
            default -> null;
        };
        if (cmp != null) return "((x " + cmp + " y) ? " + one + " : " + zero + ")";
        if (floating(ct)) {
            return switch (op) {
                case ADD -> "(x + y)";
                case SUB -> "(x - y)";
                case MUL -> "(x * y)";
                case DIV -> "(x / y)";
                case POW -> f(ct, "pow") + "(x, y)";
                case MAXIMUM -> "(x != x ? x : (y != y ? y : " + f(ct, "fmax") + "(x, y)))";
                case MINIMUM -> "(x != x ? x : (y != y ? y : " + f(ct, "fmin") + "(x, y)))";
                default -> mathBinary(op, ct);
            };
        }
        return switch (op) {
            case ADD -> "((i64) ((u64) x + (u64) y))";
            case SUB -> "((i64) ((u64) x - (u64) y))";
            case MUL -> "((i64) ((u64) x * (u64) y))";
            case POW -> "jt_ipow(x, y)";
            case MAXIMUM -> "(x > y ? x : y)";
            case MINIMUM -> "(x < y ? x : y)";
            default -> mathBinaryInt(op);
        };
    }

    // ------------------------------------------------------------------ elementwise template

    /** The strided-operand struct for {@code k} operands: n, rank, shape[MAXD], st[k][MAXD], all int64. */
    static String geometryStruct(int k) {
        return "#ifndef JT_GEO" + k + "\n#define JT_GEO" + k + "\n"
                + "struct Geo" + k + " { i64 n; i64 rank; i64 shape[" + MAXD + "]; i64 st[" + k + "][" + MAXD + "]; };\n#endif\n";
    }

    /**
     * An elementwise kernel over {@code types.length} operands {@code p0, p1, ...}; {@code body} reads and
     * writes {@code p<j>[o<j>]}. Extra scalar parameters follow the pointers.
     */
    static String elementwise(String name, DType[] types, boolean[] written, String extraParams, String body) {
        int k = types.length;
        StringBuilder sb = new StringBuilder();
        sb.append(PRELUDE).append(geometryStruct(k));
        for (boolean contiguous : new boolean[] {true, false}) {
            sb.append("extern \"C\" __global__ void ").append(name).append(contiguous ? "_c" : "_s").append("(const Geo").append(k).append(" g");
            for (int j = 0; j < k; j++) {
                sb.append(", ").append(written[j] ? "" : "const ").append(ctype(types[j])).append("* p").append(j);
            }
            if (!extraParams.isEmpty()) sb.append(", ").append(extraParams);
            sb.append(") {\n");
            sb.append("    const i64 step = (i64) blockDim.x * gridDim.x;\n");
            sb.append("    for (i64 i = (i64) blockIdx.x * blockDim.x + threadIdx.x; i < g.n; i += step) {\n");
            if (contiguous) {
                for (int j = 0; j < k; j++) sb.append("        const i64 o").append(j).append(" = i;\n");
            } else {
                for (int j = 0; j < k; j++) sb.append("        i64 o").append(j).append(" = 0;\n");
                sb.append("        if (g.rank == 1) {\n");
                for (int j = 0; j < k; j++) sb.append("            o").append(j).append(" = i * g.st[").append(j).append("][0];\n");
                sb.append("        } else {\n            i64 r = i;\n");
                sb.append("            for (int d = (int) g.rank - 1; d >= 0; d--) {\n");
                sb.append("                const i64 s = g.shape[d];\n                const i64 c = r % s;\n                r /= s;\n");
                for (int j = 0; j < k; j++) sb.append("                o").append(j).append(" += c * g.st[").append(j).append("][d];\n");
                sb.append("            }\n        }\n");
            }
            sb.append(body.indent(8));
            sb.append("    }\n}\n");
        }
        return sb.toString();
    }

    static Kernel unary(UnaryOp op, DType in, DType out) {
        String ct = computeType(in);
        String expr = unaryExpr(op, ct);
        String name = "jt_unary_" + op.name().toLowerCase() + "_" + shortName(in) + "_" + shortName(out);
        String body = "const " + ct + " v = " + load(in, "p0[o0]", ct) + ";\n"
                + "const " + ct + " a = (" + ct + ") pa;\nconst " + ct + " b = (" + ct + ") pb;\n"
                + "(void) a; (void) b;\n"
                + "p1[o1] = " + store(out, expr, ct) + ";\n";
        return new Kernel(name, elementwise(name, new DType[] {in, out}, new boolean[] {false, true}, "double pa, double pb", body));
    }

    static Kernel binary(BinaryOp op, DType in, DType out) {
        String ct = computeType(in);
        String expr = binaryExpr(op, ct);
        String name = "jt_binary_" + op.name().toLowerCase() + "_" + shortName(in) + "_" + shortName(out);
        String body = "const " + ct + " x = " + load(in, "p0[o0]", ct) + ";\n"
                + "const " + ct + " y = " + load(in, "p1[o1]", ct) + ";\n"
                + "p2[o2] = " + store(out, expr, ct) + ";\n";
        return new Kernel(name, elementwise(name, new DType[] {in, in, out}, new boolean[] {false, false, true}, "", body));
    }

    /** dst = (dst type) src, as the CPU's copy converts: bits when the types match, else through double or int64. */
    static Kernel copy(DType src, DType dst) {
        String name = "jt_copy_" + shortName(src) + "_" + shortName(dst);
        String body;
        if (src == dst) {
            body = "p1[o1] = p0[o0];\n";
        } else {
            String ct = src.isFloatingPoint() && (dst.isFloatingPoint() || dst == DType.BOOL) ? "double" : "i64";
            body = "p1[o1] = " + store(dst, load(src, "p0[o0]", ct), ct) + ";\n";
        }
        return new Kernel(name, elementwise(name, new DType[] {src, dst}, new boolean[] {false, true}, "", body));
    }

    /** Every element = value; floating and bool types take the double, integral ones the int64 (Mem.doubleToLong). */
    static Kernel fill(DType t) {
        String name = "jt_fill_" + shortName(t);
        String body = t.isFloatingPoint() || t == DType.BOOL
                ? "p0[o0] = " + store(t, "dv", "double") + ";\n"
                : "p0[o0] = " + store(t, "lv", "i64") + ";\n";
        return new Kernel(name, elementwise(name, new DType[] {t}, new boolean[] {true}, "double dv, i64 lv", body));
    }

    /** out = cond ? a : b, moving bits. */
    static Kernel where(DType condType, DType t) {
        String name = "jt_where_" + shortName(condType) + "_" + shortName(t);
        String body = "p3[o3] = p0[o0] != 0 ? p1[o1] : p2[o2];\n";
        return new Kernel(name, elementwise(name, new DType[] {condType, t, t, t}, new boolean[] {false, false, false, true}, "", body));
    }

    // ------------------------------------------------------------------ reductions

    /** The accumulator type of a reduction of {@code in}. */
    static String accType(ReduceOp op, DType in) {
        return switch (op) {
            case ALL, ANY -> "i64";
            default -> computeType(in);
        };
    }

    private static String inf(String ct) { return ct.equals("float") ? "JT_INF_F" : "JT_INF_D"; }

    private static boolean hasIndex(ReduceOp op) {
        return op == ReduceOp.MAX || op == ReduceOp.MIN || op == ReduceOp.ARGMAX || op == ReduceOp.ARGMIN;
    }

    /**
     * Reduction struct: outer dims (shared by x, out, indices; strides per operand) and inner (reduced) dims
     * of x. All int64: outN, innerN, orank, irank, oshape[MAXD], ost[3][MAXD], ishape[MAXD], ist[MAXD].
     */
    static final String REDUCE_STRUCT = "#ifndef JT_RGEO\n#define JT_RGEO\n"
            + "struct RGeo { i64 outN; i64 innerN; i64 orank; i64 irank; i64 oshape[" + MAXD + "]; i64 ost[3][" + MAXD + "]; "
            + "i64 ishape[" + MAXD + "]; i64 ist[" + MAXD + "]; };\n#endif\n";

    /**
     * A reduction of the inner dims: block {@code b} reduces chunk {@code b % chunks} of output element
     * {@code b / chunks} with a shared-memory tree; with one chunk it writes the result, otherwise a partial
     * (value and position) that the {@code _finish} kernel (a thread per output) combines.
     */
    static Kernel reduce(ReduceOp op, DType in, DType out) {
        String ct = computeType(in);
        String acc = accType(op, in);
        boolean idx = hasIndex(op);
        boolean fl = floating(ct);
        String name = "jt_reduce_" + op.name().toLowerCase() + "_" + shortName(in) + "_" + shortName(out);
        String init = switch (op) {
            case SUM, ANY -> "(" + acc + ") 0";
            case PROD, ALL -> "(" + acc + ") 1";
            case MAX, ARGMAX -> fl ? "(" + acc + ") -" + inf(acc) : "(i64) 0x8000000000000000ULL";
            case MIN, ARGMIN -> fl ? "(" + acc + ") " + inf(acc) : "(i64) 0x7FFFFFFFFFFFFFFFLL";
            default -> throw new NoKernel(op + " reduction");
        };
        // combine (av, ai) with (bv, bi) into (av, ai); a position of -1 marks an empty partial
        String combine = switch (op) {
            case SUM -> "av = av + bv;";
            case PROD -> "av = av * bv;";
            case ALL -> "av = (av != 0 && bv != 0) ? 1 : 0;";
            case ANY -> "av = (av != 0 || bv != 0) ? 1 : 0;";
            case MAX, ARGMAX, MIN, ARGMIN -> {
                String better = op == ReduceOp.MAX || op == ReduceOp.ARGMAX ? ">" : "<";
                String nanA = fl ? "av != av" : "false", nanB = fl ? "bv != bv" : "false";
                yield "if (bi >= 0) {\n"
                        + "    bool take;\n"
                        + "    if (ai < 0) take = true;\n"
                        + "    else if (" + nanA + ") take = (" + nanB + ") && bi < ai;\n"
                        + "    else if (" + nanB + ") take = true;\n"
                        + "    else take = (bv " + better + " av) || (bv == av && bi < ai);\n"
                        + "    if (take) { av = bv; ai = bi; }\n"
                        + "}";
            }
            default -> throw new NoKernel(op + " reduction");
        };
        String loadX = switch (op) {
            case ALL, ANY -> "((" + load(in, "x[p]", ct) + ") != 0 ? (i64) 1 : (i64) 0)";
            default -> load(in, "x[p]", ct);
        };
        String result = switch (op) {
            case ARGMAX, ARGMIN -> store(out, "ai < 0 ? (i64) 0 : ai", "i64");
            default -> store(out, "av", acc);
        };
        StringBuilder sb = new StringBuilder();
        sb.append(PRELUDE).append(REDUCE_STRUCT);
        String combineFn = "jt_comb_" + name;
        sb.append("__device__ __forceinline__ void ").append(combineFn).append("(").append(acc).append("& av, i64& ai, ")
                .append(acc).append(" bv, i64 bi) {\n").append(combine.indent(4)).append("    (void) ai; (void) bi;\n}\n");
        // output element o -> offsets of x, out, indices (outer dims)
        sb.append("__device__ __forceinline__ void jt_outer_").append(name)
                .append("(const RGeo& g, i64 o, i64& xo, i64& oo, i64& io) {\n")
                .append("    xo = 0; oo = 0; io = 0;\n")
                .append("    for (int d = (int) g.orank - 1; d >= 0; d--) {\n")
                .append("        const i64 s = g.oshape[d]; const i64 c = o % s; o /= s;\n")
                .append("        xo += c * g.ost[0][d]; oo += c * g.ost[1][d]; io += c * g.ost[2][d];\n")
                .append("    }\n}\n");
        sb.append("extern \"C\" __global__ void ").append(name).append("(const RGeo g, const ").append(ctype(in))
                .append("* x, ").append(ctype(out)).append("* out, i64* idx, ").append(acc).append("* pval, i64* pidx, i64 chunks, i64 chunkLen) {\n")
                .append("    __shared__ ").append(acc).append(" sv[").append(REDUCE_THREADS).append("];\n")
                .append("    __shared__ i64 si[").append(REDUCE_THREADS).append("];\n")
                .append("    const i64 blk = (i64) blockIdx.x;\n")
                .append("    const i64 o = blk / chunks, chunk = blk % chunks;\n")
                .append("    i64 xo, oo, io;\n")
                .append("    jt_outer_").append(name).append("(g, o, xo, oo, io);\n")
                .append("    const i64 j0 = chunk * chunkLen;\n")
                .append("    const i64 j1 = j0 + chunkLen < g.innerN ? j0 + chunkLen : g.innerN;\n")
                .append("    ").append(acc).append(" av = ").append(init).append(";\n")
                .append("    i64 ai = -1;\n")
                .append("    for (i64 j = j0 + threadIdx.x; j < j1; j += blockDim.x) {\n")
                .append("        i64 p = xo;\n")
                .append("        if (g.irank == 1) p += j * g.ist[0];\n")
                .append("        else {\n")
                .append("            i64 r = j;\n")
                .append("            for (int d = (int) g.irank - 1; d >= 0; d--) {\n")
                .append("                const i64 s = g.ishape[d]; p += (r % s) * g.ist[d]; r /= s;\n")
                .append("            }\n")
                .append("        }\n")
                .append("        ").append(combineFn).append("(av, ai, ").append(loadX).append(", j);\n")
                .append("    }\n")
                .append("    sv[threadIdx.x] = av; si[threadIdx.x] = ai;\n")
                .append("    __syncthreads();\n")
                .append("    for (unsigned int s = blockDim.x / 2; s > 0; s >>= 1) {\n")
                .append("        if (threadIdx.x < s) {\n")
                .append("            ").append(acc).append(" v = sv[threadIdx.x]; i64 vi = si[threadIdx.x];\n")
                .append("            ").append(combineFn).append("(v, vi, sv[threadIdx.x + s], si[threadIdx.x + s]);\n")
                .append("            sv[threadIdx.x] = v; si[threadIdx.x] = vi;\n")
                .append("        }\n")
                .append("        __syncthreads();\n")
                .append("    }\n")
                .append("    if (threadIdx.x == 0) {\n")
                .append("        av = sv[0]; ai = si[0];\n")
                .append("        if (chunks == 1) {\n")
                .append("            out[oo] = ").append(result).append(";\n")
                .append(idx ? "            if (idx != 0) idx[io] = ai < 0 ? 0 : ai;\n" : "")
                .append("        } else {\n")
                .append("            pval[blk] = av; pidx[blk] = ai;\n")
                .append("        }\n")
                .append("    }\n")
                .append("}\n");
        sb.append("extern \"C\" __global__ void ").append(name).append("_finish(const RGeo g, ").append(ctype(out))
                .append("* out, i64* idx, const ").append(acc).append("* pval, const i64* pidx, i64 chunks) {\n")
                .append("    const i64 o = (i64) blockIdx.x * blockDim.x + threadIdx.x;\n")
                .append("    if (o >= g.outN) return;\n")
                .append("    i64 xo, oo, io;\n")
                .append("    jt_outer_").append(name).append("(g, o, xo, oo, io);\n")
                .append("    ").append(acc).append(" av = ").append(init).append(";\n")
                .append("    i64 ai = -1;\n")
                .append("    for (i64 c = 0; c < chunks; c++) ").append(combineFn).append("(av, ai, pval[o * chunks + c], pidx[o * chunks + c]);\n")
                .append("    out[oo] = ").append(result).append(";\n")
                .append(idx ? "    if (idx != 0) idx[io] = ai < 0 ? 0 : ai;\n" : "")
                .append("}\n");
        return new Kernel(name, sb.toString());
    }

    // ------------------------------------------------------------------ gather / scatter through index tensors

    /**
     * Advanced indexing over {@code k} int64 index operands: operand 0 is x (restrided, the indexed dims
     * have stride 0), operand 1 the dense side, operands 2.. the indices. Position in x = o0 + sum of
     * (index normalised by sizes[j]) * steps[j]. Indices are bounds-checked on the host first.
     * Modes: 0 gather (dense = x[...]), 1 put (x[...] = dense), 2 accumulate (x[...] += dense, atomically).
     */
    static Kernel index(DType t, int k, int mode) {
        String name = "jt_index_" + (mode == 0 ? "get" : mode == 1 ? "put" : "add") + k + "_" + shortName(t);
        DType[] types = new DType[k + 2];
        boolean[] written = new boolean[k + 2];
        types[0] = t;
        types[1] = t;
        written[0] = mode != 0;
        written[1] = mode == 0;
        for (int j = 0; j < k; j++) types[2 + j] = DType.INT64;
        StringBuilder body = new StringBuilder("i64 xi = o0;\n");
        for (int j = 0; j < k; j++) {
            body.append("{ i64 v = p").append(2 + j).append("[o").append(2 + j).append("]; if (v < 0) v += sizes[")
                    .append(j).append("]; xi += v * steps[").append(j).append("]; }\n");
        }
        switch (mode) {
            case 0 -> body.append("p1[o1] = p0[xi];\n");
            case 1 -> body.append("p0[xi] = p1[o1];\n");
            default -> body.append(switch (t) {
                case FLOAT32 -> "atomicAdd(&p0[xi], p1[o1]);\n";
                case FLOAT64 -> "atomicAdd(&p0[xi], p1[o1]);\n";
                case INT32 -> "atomicAdd(&p0[xi], p1[o1]);\n";
                case INT64 -> "atomicAdd((u64*) &p0[xi], (u64) p1[o1]);\n";
                case BOOL -> "if (p1[o1] != 0) p0[xi] = 1;\n";
                default -> throw new NoKernel("atomic add on " + t);
            });
        }
        String params = "IndexSteps" + k + " idxg";
        String struct = "#ifndef JT_ISTEPS" + k + "\n#define JT_ISTEPS" + k + "\nstruct IndexSteps" + k + " { i64 sizes[" + k
                + "]; i64 steps[" + k + "]; };\n#endif\n";
        String src = elementwise(name, types, written, params,
                "const i64* sizes = idxg.sizes; const i64* steps = idxg.steps;\n" + body);
        // the struct must precede the kernels that take it
        int at = src.indexOf("extern \"C\"");
        return new Kernel(name, src.substring(0, at) + struct + src.substring(at));
    }

    // ------------------------------------------------------------------ matmul for the types cuBLAS lacks

    /** out[b,i,j] = sum_p a[b,i,p] * bm[b,p,j], one thread per output element, in the compute type. */
    static Kernel matmul(DType t) {
        String ct = computeType(t);
        String name = "jt_matmul_" + shortName(t);
        String src = PRELUDE + "#ifndef JT_MMGEO\n#define JT_MMGEO\n"
                + "struct MmGeo { i64 batch, m, n, k; i64 sa[3]; i64 sb[3]; i64 so[3]; };\n#endif\n"
                + "extern \"C\" __global__ void " + name + "(const MmGeo g, const " + ctype(t) + "* a, const " + ctype(t)
                + "* b, " + ctype(t) + "* out) {\n"
                + "    const i64 total = g.batch * g.m * g.n;\n"
                + "    const i64 step = (i64) blockDim.x * gridDim.x;\n"
                + "    for (i64 e = (i64) blockIdx.x * blockDim.x + threadIdx.x; e < total; e += step) {\n"
                + "        const i64 j = e % g.n, i = (e / g.n) % g.m, bt = e / (g.n * g.m);\n"
                + "        " + ct + " acc = 0;\n"
                + "        for (i64 p = 0; p < g.k; p++) {\n"
                + "            const " + ct + " x = " + load(t, "a[bt * g.sa[0] + i * g.sa[1] + p * g.sa[2]]", ct) + ";\n"
                + "            const " + ct + " y = " + load(t, "b[bt * g.sb[0] + p * g.sb[1] + j * g.sb[2]]", ct) + ";\n"
                + "            acc = " + (floating(ct) ? "acc + x * y" : "(i64) ((u64) acc + (u64) x * (u64) y)") + ";\n"
                + "        }\n"
                + "        out[bt * g.so[0] + i * g.so[1] + j * g.so[2]] = " + store(t, "acc", ct) + ";\n"
                + "    }\n}\n";
        return new Kernel(name, src);
    }
}
