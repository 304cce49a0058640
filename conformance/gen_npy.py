#!/usr/bin/python3
"""Writes the .npy/.npz conformance files for jtorch's dev.jtorch.io tests, and checks files Java wrote.

    /usr/bin/python3 conformance/gen_npy.py            # regenerate jtorch-core/src/test/resources/npy/
    /usr/bin/python3 conformance/gen_npy.py --verify   # check what NpyConformanceTest wrote back (if present)

Every array is written by numpy itself (np.save, np.savez, np.savez_compressed, np.lib.format.write_array for
the 2.0 and 3.0 header versions). manifest.jsonl has one JSON object per file with the dtype, shape and the
values in C (row-major) order, so the Java test can compare exactly. Floats are written with repr(); nan and
infinities as the strings "nan", "inf", "-inf"; -0.0 stays -0.0.

The Java test loads every file and saves it again under jtorch-core/target/npy-roundtrip/ with the same name;
--verify reads those with numpy and compares them with the originals (values, dtype, shape), and checks that
Java's .npy output is byte-identical to np.save of the same C-ordered little-endian array.
"""
import io
import json
import math
import os
import sys
import zipfile

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "jtorch-core", "src", "test", "resources", "npy")
ROUNDTRIP = os.path.join(ROOT, "jtorch-core", "target", "npy-roundtrip")

TORCH_NAMES = {"float16": "float16", "float32": "float32", "float64": "float64", "int8": "int8",
               "int16": "int16", "int32": "int32", "int64": "int64", "uint8": "uint8", "bool": "bool"}


def enc(v):
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, np.integer)):
        return int(v)
    f = float(v)
    if math.isnan(f):
        return "nan"
    if math.isinf(f):
        return "inf" if f > 0 else "-inf"
    return f


def describe(a):
    return {"dtype": TORCH_NAMES[a.dtype.name], "shape": list(a.shape),
            "values": [enc(v) for v in a.ravel(order="C").tolist()]}


def samples(dt, n):
    """n values of dtype dt, including each type's edge values."""
    dt = np.dtype(dt)
    if dt.kind == "b":
        return np.array([(i * 7 + 3) % 3 == 0 for i in range(n)], dtype=dt)
    if dt.kind in "iu":
        info = np.iinfo(dt)
        edge = [info.min, info.max, 0, 1, info.min + 1, info.max - 1]
        rest = [(i * 37 + 11) % 200 - (0 if dt.kind == "u" else 100) for i in range(n)]
        return np.array((edge + rest)[:n], dtype=dt)
    info = np.finfo(dt)
    edge = [np.nan, np.inf, -np.inf, -0.0, 0.0, info.max, -info.max, info.tiny, info.smallest_subnormal, 1.0 / 3.0]
    rest = [(i * 0.37 - 2.5) * (10.0 ** ((i % 7) - 3)) for i in range(n)]
    return np.array((edge + rest)[:n], dtype=dt)


def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        os.remove(os.path.join(OUT, f))
    lines = []

    def save(name, a, writer=None):
        path = os.path.join(OUT, name)
        if writer is None:
            np.save(path, a)
        else:
            with open(path, "wb") as fh:
                writer(fh, a)
        back = np.load(path)
        assert back.dtype == a.dtype and back.shape == a.shape
        assert (back.tobytes() == a.tobytes()) or back.size == 0
        rec = {"file": name, "fortran": bool(a.flags.f_contiguous and not a.flags.c_contiguous),
               "byteorder": "big" if a.dtype.byteorder == ">" else "little"}
        rec.update(describe(a))
        lines.append(rec)

    codes = ["f2", "f4", "f8", "i1", "i2", "i4", "i8", "u1", "b1"]
    for c in codes:
        a = samples(c, 12).reshape(3, 4)
        save(c + "_c.npy", a)
        save(c + "_f.npy", np.asfortranarray(a))
        if np.dtype(c).itemsize > 1:
            save(c + "_be.npy", a.astype(np.dtype(c).newbyteorder(">")))
    # higher ranks, Fortran and big-endian together
    save("f4_3d.npy", samples("f4", 24).reshape(2, 3, 4))
    save("f8_3d_f.npy", np.asfortranarray(samples("f8", 24).reshape(2, 3, 4)))
    save("i4_3d_be_f.npy", np.asfortranarray(samples(">i4", 60).reshape(3, 4, 5)))
    save("i2_5d.npy", samples("i2", 48).reshape(2, 1, 3, 4, 2))
    # 0-d and empty arrays
    save("scalar_f8.npy", np.array(-1.5, dtype="f8"))
    save("scalar_b1.npy", np.array(True))
    save("scalar_i8_be.npy", np.array(-1234567890123, dtype=">i8"))
    save("empty_f4.npy", np.zeros((0,), dtype="f4"))
    save("empty_i8_2x0x3.npy", np.zeros((2, 0, 3), dtype="i8"))
    save("empty_b1_f.npy", np.asfortranarray(np.zeros((0, 2), dtype="?")))
    # header versions 2.0 and 3.0, which np.save only chooses for huge or non-latin-1 headers
    save("v2_f4.npy", samples("f4", 6).reshape(2, 3),
         lambda fh, a: np.lib.format.write_array(fh, a, version=(2, 0)))
    save("v3_i4.npy", samples("i4", 6).reshape(3, 2),
         lambda fh, a: np.lib.format.write_array(fh, a, version=(3, 0)))
    save("v2_f8_be_f.npy", np.asfortranarray(samples(">f8", 6).reshape(2, 3)),
         lambda fh, a: np.lib.format.write_array(fh, a, version=(2, 0)))

    # npz: entry order is the keyword order, not alphabetical
    arrays = {"zeta": samples("f4", 6).reshape(2, 3), "alpha": samples("i8", 5),
              "mid": np.array(7, dtype="u1"), "empty": np.zeros((0, 3), dtype="f8"),
              "flags": samples("?", 4), "half_f": np.asfortranarray(samples("f2", 6).reshape(3, 2)),
              "be": samples(">i2", 4)}
    for name, fn in [("plain.npz", np.savez), ("compressed.npz", np.savez_compressed)]:
        path = os.path.join(OUT, name)
        fn(path, **arrays)
        with np.load(path) as z:
            assert list(z.keys()) == list(arrays.keys())
        lines.append({"file": name, "entries": [dict(key=k, **describe(v)) for k, v in arrays.items()]})
    with zipfile.ZipFile(os.path.join(OUT, "compressed.npz")) as z:
        assert all(i.compress_type == zipfile.ZIP_DEFLATED for i in z.infolist())
    with zipfile.ZipFile(os.path.join(OUT, "plain.npz")) as z:
        assert all(i.compress_type == zipfile.ZIP_STORED for i in z.infolist())

    with open(os.path.join(OUT, "manifest.jsonl"), "w") as fh:
        for rec in lines:
            fh.write(json.dumps(rec, allow_nan=False) + "\n")
    print("wrote", len(lines), "files to", OUT)


def same(a, b):
    return a.dtype.newbyteorder("=") == b.dtype.newbyteorder("=") and a.shape == b.shape and \
        np.array_equal(a, b, equal_nan=a.dtype.kind == "f")


def verify():
    if not os.path.isdir(ROUNDTRIP):
        print("nothing to verify: run the Java tests first (they write", ROUNDTRIP + ")")
        return
    checked, failures = 0, []
    for name in sorted(os.listdir(ROUNDTRIP)):
        orig_path = os.path.join(OUT, name)
        path = os.path.join(ROUNDTRIP, name)
        if not os.path.exists(orig_path):
            continue
        if name.endswith(".npy"):
            orig, back = np.load(orig_path), np.load(path)
            if not same(orig, back) or back.dtype.byteorder == ">" or not back.flags.c_contiguous:
                failures.append(name)
            buf = io.BytesIO()
            # astype(order="C"), not ascontiguousarray, which turns a 0-d array into a 1-d one
            np.save(buf, orig.astype(orig.dtype.newbyteorder("<"), order="C"))
            with open(path, "rb") as fh:
                if fh.read() != buf.getvalue():
                    failures.append(name + " (bytes differ from np.save)")
        else:
            with np.load(orig_path) as zo, np.load(path) as zb:
                if list(zo.keys()) != list(zb.keys()) or not all(same(zo[k], zb[k]) for k in zo.keys()):
                    failures.append(name)
        checked += 1
    print("verified", checked, "files Java wrote;", "failures: " + ", ".join(failures) if failures else "all match")
    if failures:
        sys.exit(1)


if __name__ == "__main__":
    verify() if "--verify" in sys.argv else main()
