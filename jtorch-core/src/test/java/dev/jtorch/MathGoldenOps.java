package dev.jtorch;

import com.google.gson.JsonObject;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Java side of each golden op name: how the Python call of conformance/gen_math.py is spelled with
 * jtorch's API (Java scalars as long/double/boolean overloads, keyword arguments as overloads).
 */
final class MathGoldenOps {
    private MathGoldenOps() {}

    interface Op {
        Object run(List<Object> in, JsonObject args);
    }

    interface TT { Tensor f(Tensor a, Tensor b); }

    interface TD { Tensor f(Tensor a, double b); }

    interface TL { Tensor f(Tensor a, long b); }

    interface DT { Tensor f(double a, Tensor b); }

    interface LT { Tensor f(long a, Tensor b); }

    static final Map<String, Op> OPS = new HashMap<>();

    static Tensor t(List<Object> in, int i) { return (Tensor) in.get(i); }

    static double d(JsonObject a, String k, double def) { return a.has(k) ? a.get(k).getAsDouble() : def; }

    static long l(JsonObject a, String k, long def) { return a.has(k) ? a.get(k).getAsLong() : def; }

    static boolean b(JsonObject a, String k, boolean def) { return a.has(k) ? a.get(k).getAsBoolean() : def; }

    static String s(JsonObject a, String k, String def) { return a.has(k) && !a.get(k).isJsonNull() ? a.get(k).getAsString() : def; }

    /** A binary op with Java-scalar overloads on either side; a null overload is not part of the API. */
    static void bin(String name, TT tt, TD td, TL tl, DT dt, LT lt) {
        OPS.put(name, (in, a) -> dispatch(in.get(0), in.get(1), tt, td, tl, dt, lt));
    }

    static Tensor dispatch(Object x, Object y, TT tt, TD td, TL tl, DT dt, LT lt) {
        if (x instanceof Tensor a) {
            if (y instanceof Tensor b) return tt.f(a, b);
            if (y instanceof Double v && td != null) return td.f(a, v);
            if (y instanceof Long v && tl != null) return tl.f(a, v);
            if (y instanceof Boolean v) return tt.f(a, dev.jtorch.ops.BinaryOps.scalarBool(v, a));
        } else if (y instanceof Tensor b) {
            if (x instanceof Double v && dt != null) return dt.f(v, b);
            if (x instanceof Long v && lt != null) return lt.f(v, b);
        }
        throw new UnsupportedOperationException("no overload for " + x + ", " + y);
    }

    static {
        BinaryBindings.register();
        UnaryBindings.register();
        ReduceBindings.register();
        LinalgBindings.register();
    }
}
