#!/usr/bin/python3
"""Writes the checkpoint conformance files for jtorch's dev.jtorch.io tests, and checks files Java wrote.

    /usr/bin/python3 conformance/gen_ckpt.py               # regenerate jtorch-core/src/test/resources/ckpt/
    /usr/bin/python3 conformance/gen_ckpt.py --verify      # check what CheckpointConformanceTest wrote back
    /usr/bin/python3 conformance/gen_ckpt.py --verify F.pt [ORIGINAL.pt]
                                                           # torch.load one Java-written file (and compare it)

Every .pt file is written by torch.save itself (PyTorch 1.13 here): the state_dict of the book's chapter-3
NeuralNet(2, 5), a dict of every dtype, tensors sharing one storage with non-contiguous views, a training
checkpoint with plain Python values, pickle protocol 4, the legacy (non-zip) format, and a 2.x-style archive
(folder 'archive/', byteorder and .data/serialization_id records) made by re-packing a 1.13 file. Safetensors
files are written by a small writer below that follows the reference implementation's layout (the package is
not installed here). expected.jsonl describes each file's object exactly (see enc()); neuralnet_forward.json
holds the model's outputs on fixed inputs. hostile.jsonl lists malformed files and the error jtorch must raise
(plus what torch.load(weights_only=True) does with them, for the record).

The Java test saves every loaded object again under jtorch-core/target/ckpt-roundtrip/ with the same file
name; --verify torch.loads each (weights_only=True) and compares it with the original, including which tensors
share a storage, and runs NeuralNet on the Java-written state dict.
"""
import collections
import io
import json
import math
import os
import pickle
import struct
import sys
import zipfile

import torch
import torch.nn as nn

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "jtorch-core", "src", "test", "resources", "ckpt")
ROUNDTRIP = os.path.join(ROOT, "jtorch-core", "target", "ckpt-roundtrip")


class NeuralNet(nn.Module):
    """The book's chapter-3 network."""

    def __init__(self, input_size, hidden_size):
        super().__init__()
        self.linear_1 = nn.Linear(input_size, hidden_size)
        self.relu = nn.ReLU()
        self.linear_2 = nn.Linear(hidden_size, 1)
        self.sigmoid = nn.Sigmoid()

    def forward(self, x):
        return self.sigmoid(self.linear_2(self.relu(self.linear_1(x))))


FORWARD_X = [[0.5, -1.0], [2.0, 3.0], [-1.5, 0.25], [0.0, 0.0]]


def num(v):
    f = float(v)
    if math.isnan(f):
        return "nan"
    if math.isinf(f):
        return "inf" if f > 0 else "-inf"
    return repr(f)


def enc(obj, storages):
    """JSON for an unpickled object: tensors with metadata and values, dicts as ordered pairs."""
    if isinstance(obj, torch.Tensor):
        key = obj.storage().data_ptr()
        sid = storages.setdefault(key, len(storages))
        flat = obj.detach().reshape(-1)
        if obj.dtype in (torch.float16, torch.bfloat16, torch.float32, torch.float64):
            values = [num(v) for v in flat.double().tolist()]
        elif obj.dtype == torch.bool:
            values = [bool(v) for v in flat.tolist()]
        else:
            values = [int(v) for v in flat.tolist()]
        return {"__tensor__": {"dtype": str(obj.dtype)[6:], "shape": list(obj.shape), "stride": list(obj.stride()),
                               "offset": obj.storage_offset(), "storage": sid, "requires_grad": obj.requires_grad,
                               "values": values}}
    if isinstance(obj, dict):
        return {"__dict__": [[enc(k, storages), enc(v, storages)] for k, v in obj.items()]}
    if isinstance(obj, tuple):
        return {"__tuple__": [enc(v, storages) for v in obj]}
    if isinstance(obj, list):
        return [enc(v, storages) for v in obj]
    if isinstance(obj, bool) or obj is None or isinstance(obj, str):
        return obj
    if isinstance(obj, int):
        return obj
    if isinstance(obj, float):
        return {"__float__": num(obj)}
    raise TypeError(type(obj))


def all_dtypes():
    d = collections.OrderedDict()
    d["float32"] = torch.tensor([[1.5, -2.25, float("nan")], [float("inf"), -0.0, 3.4028234663852886e38]], dtype=torch.float32)
    d["float64"] = torch.tensor([math.pi, -1e-300, float("-inf"), 5e-324], dtype=torch.float64)
    d["float16"] = torch.tensor([1.0, -65504.0, 6.1e-05, float("nan"), 0.333], dtype=torch.float16)
    d["bfloat16"] = torch.tensor([1.0, -3.0e38, 0.1, float("inf")], dtype=torch.bfloat16)
    d["int64"] = torch.tensor([-(2 ** 63), 2 ** 63 - 1, 0, 42], dtype=torch.int64)
    d["int32"] = torch.tensor([[-(2 ** 31), 2 ** 31 - 1], [7, -7]], dtype=torch.int32)
    d["int16"] = torch.tensor([-32768, 32767, 1], dtype=torch.int16)
    d["int8"] = torch.tensor([-128, 127, 0], dtype=torch.int8)
    d["uint8"] = torch.tensor([0, 255, 128], dtype=torch.uint8)
    d["bool"] = torch.tensor([True, False, True], dtype=torch.bool)
    d["scalar"] = torch.tensor(2.5)
    d["empty"] = torch.zeros(0, 3)
    return d


def shared_views():
    base = torch.arange(24, dtype=torch.float32).view(4, 6)
    d = collections.OrderedDict()
    d["base"] = base
    d["row"] = base[2]                 # offset 12, contiguous
    d["col"] = base[:, 3]              # stride (6,)
    d["t"] = base.t()                  # strides (1, 6)
    d["step"] = base[1:, ::2]          # offset 6, strides (6, 2)
    d["other"] = torch.tensor([1, 2, 3])
    d["expanded"] = torch.tensor([7.0]).expand(3, 2)   # stride (0, 0)
    return d


def checkpoint(model):
    return {
        "epoch": 5,
        "loss": 0.25,
        "model": model.state_dict(),
        "names": ["linear_1", "linear_2"],
        "tuple": (1, 2.5, "x", None, True),
        "big": 2 ** 70,
        "optimizer": {"state": {0: {"momentum_buffer": torch.ones(2)}},
                      "param_groups": [{"lr": 0.1, "momentum": 0.9, "nesterov": False, "params": [0, 1, 2, 3]}]},
    }


def put(z, name, data):
    """A stored entry with a fixed timestamp, so regenerating gives identical files."""
    z.writestr(zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0)), data)


def repack_v2(src, dst):
    """A 1.13 archive re-packed as 2.x names it: folder 'archive', byteorder and .data/serialization_id."""
    zin = zipfile.ZipFile(src)
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_STORED) as zout:
        for info in zin.infolist():
            name = "archive/" + info.filename.split("/", 1)[1]
            put(zout, name, zin.read(info.filename))
            if name == "archive/data.pkl":
                put(zout, "archive/byteorder", b"little")
        put(zout, "archive/.data/serialization_id", b"1234567890123456789012345678901234567890")


def big_endian(src, dst, tensors):
    """The same file with byteorder 'big' and every storage byte-swapped (PyTorch 2.1+ on a big-endian host).
    torch.save numbers storages in the order it meets them: here one per tensor, in dict order."""
    sizes = {str(i): t.element_size() for i, t in enumerate(tensors.values())}
    zin = zipfile.ZipFile(src)
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_STORED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            key = info.filename.split("/")[-1]
            if "/data/" in info.filename:
                t = list(tensors.values())[int(key)]
                assert len(data) == t.numel() * t.element_size()
                w = sizes[key]
                data = b"".join(data[i:i + w][::-1] for i in range(0, len(data), w))
            put(zout, info.filename, data)
            if info.filename.endswith("data.pkl"):
                put(zout, info.filename[:-8] + "byteorder", b"big")


# ---------------------------------------------------------------------------------------------- hostile files

class FakeStorage:
    def __init__(self, numel, key="0", cls=None):
        self.numel, self.key, self.cls = numel, key, cls or torch.FloatStorage


class FakeTensor:
    def __init__(self, storage, offset, size, stride):
        self.args = (storage, offset, size, stride, False, collections.OrderedDict())

    def __reduce__(self):
        return (torch._utils._rebuild_tensor_v2, self.args)


class FakePickler(pickle.Pickler):
    def persistent_id(self, obj):
        if isinstance(obj, FakeStorage):
            return ("storage", obj.cls, obj.key, "cpu", obj.numel)
        return None


def crafted_zip(path, obj, records, stem="crafted"):
    buf = io.BytesIO()
    FakePickler(buf, protocol=2).dump(obj)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        put(z, stem + "/data.pkl", buf.getvalue())
        for k, v in records.items():
            put(z, stem + "/data/" + k, v)
        put(z, stem + "/version", b"3\n")


class LegacyPickler(FakePickler):
    def persistent_id(self, obj):
        pid = super().persistent_id(obj)
        return None if pid is None else pid + (None,)


def write_legacy(path, obj, keys, tail):
    """The legacy layout by hand: magic, protocol, sys_info, the object, the key list, then raw data."""
    buf = io.BytesIO()
    for head in (0x1950a86a20f9469cfc6c, 1001, {"protocol_version": 1001, "little_endian": True,
                                                 "type_sizes": {"short": 2, "int": 4, "long": 4}}):
        pickle.dump(head, buf, protocol=2)
    LegacyPickler(buf, protocol=2).dump(obj)
    pickle.dump(keys, buf, protocol=2)
    with open(path, "wb") as f:
        f.write(buf.getvalue() + tail)


def raw_pickle_zip(path, pkl, records=None):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        put(z, "raw/data.pkl", pkl)
        for k, v in (records or {}).items():
            put(z, "raw/data/" + k, v)
        put(z, "raw/version", b"3\n")


class Evil:
    def __init__(self, fn, arg):
        self.fn, self.arg = fn, arg

    def __reduce__(self):
        return (self.fn, (self.arg,))


def safetensors_bytes(tensors, metadata=None):
    """The reference writer's layout: by decreasing alignment then name; header padded with spaces to 8."""
    names = {torch.float64: "F64", torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16",
             torch.int64: "I64", torch.int32: "I32", torch.int16: "I16", torch.int8: "I8", torch.uint8: "U8",
             torch.bool: "BOOL"}
    order = sorted(tensors.items(), key=lambda kv: (-kv[1].element_size(), kv[0]))
    header, data, at = {}, b"", 0
    if metadata:
        header["__metadata__"] = metadata
    for name, t in order:
        b = t.contiguous().view(-1).view(torch.uint8).numpy().tobytes() if t.numel() else b""
        header[name] = {"dtype": names[t.dtype], "shape": list(t.shape), "data_offsets": [at, at + len(b)]}
        data += b
        at += len(b)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    return struct.pack("<Q", len(h)) + h + data


def raw_safetensors(header, data):
    h = json.dumps(header).encode() if not isinstance(header, bytes) else header
    return struct.pack("<Q", len(h)) + h + data


def torch_verdict(path):
    try:
        torch.load(path, weights_only=True)
        return "loads"
    except Exception as e:  # noqa: BLE001 - recorded for documentation only
        return (type(e).__name__ + ": " + str(e))[:200]


def generate():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        os.remove(os.path.join(OUT, f))
    torch.manual_seed(0)
    model = NeuralNet(2, 5)
    objects = collections.OrderedDict()
    objects["neuralnet.pt"] = model.state_dict()
    objects["all_dtypes.pt"] = all_dtypes()
    objects["shared.pt"] = shared_views()
    objects["checkpoint.pt"] = checkpoint(model)
    objects["parameter.pt"] = {"weight": nn.Parameter(torch.tensor([[1.0, 2.0]])),
                               "grad_leaf": torch.tensor([3.0, 4.0], requires_grad=True)}
    objects["tensor.pt"] = torch.arange(6, dtype=torch.int32).view(2, 3).t()
    for name, obj in objects.items():
        torch.save(obj, os.path.join(OUT, name))
    torch.save(objects["all_dtypes.pt"], os.path.join(OUT, "protocol4.pt"), pickle_protocol=4)
    objects["protocol4.pt"] = objects["all_dtypes.pt"]
    torch.save(objects["shared.pt"], os.path.join(OUT, "legacy.pt"), _use_new_zipfile_serialization=False)
    objects["legacy.pt"] = objects["shared.pt"]
    repack_v2(os.path.join(OUT, "neuralnet.pt"), os.path.join(OUT, "v2style.pt"))
    objects["v2style.pt"] = objects["neuralnet.pt"]
    big_endian(os.path.join(OUT, "all_dtypes.pt"), os.path.join(OUT, "bigendian.pt"), objects["all_dtypes.pt"])
    objects["bigendian.pt"] = objects["all_dtypes.pt"]

    st = collections.OrderedDict((k, v) for k, v in all_dtypes().items())
    with open(os.path.join(OUT, "all_dtypes.safetensors"), "wb") as f:
        f.write(safetensors_bytes(st, {"format": "pt", "note": "made by gen_ckpt.py"}))
    objects["all_dtypes.safetensors"] = st
    with open(os.path.join(OUT, "neuralnet.safetensors"), "wb") as f:
        f.write(safetensors_bytes(model.state_dict()))
    objects["neuralnet.safetensors"] = model.state_dict()

    with open(os.path.join(OUT, "expected.jsonl"), "w") as f:
        for name, obj in objects.items():
            # what torch.load gives back is the reference (views, sharing and all)
            if name.endswith(".pt") and name != "bigendian.pt":
                obj = torch.load(os.path.join(OUT, name))
            f.write(json.dumps({"file": name, "object": enc(obj, {})}) + "\n")
    with torch.no_grad():
        y = model(torch.tensor(FORWARD_X))
    with open(os.path.join(OUT, "neuralnet_forward.json"), "w") as f:
        json.dump({"x": FORWARD_X, "y": [num(v) for v in y.reshape(-1).tolist()]}, f)
    write_hostile()


def write_hostile():
    cases = []

    def add(name, error):
        cases.append({"file": name, "error": error, "torch_weights_only": torch_verdict(os.path.join(OUT, name))})

    torch.save({"a": Evil(os.system, "echo pwned")}, os.path.join(OUT, "evil_os_system.pt"))
    add("evil_os_system.pt", "unsupported class posix.system")
    torch.save([Evil(eval, "1+1")], os.path.join(OUT, "evil_eval.pt"))
    add("evil_eval.pt", "unsupported class builtins.eval")
    torch.manual_seed(0)
    torch.save(NeuralNet(2, 5), os.path.join(OUT, "whole_module.pt"))
    add("whole_module.pt", "unsupported class __main__.NeuralNet")
    raw_pickle_zip(os.path.join(OUT, "evil_inst.pt"), b"(S'ls'\nios\nsystem\n.")
    add("evil_inst.pt", "unsupported pickle opcode")
    raw_pickle_zip(os.path.join(OUT, "evil_stack_global.pt"), b"\x80\x04\x8c\x02os\x8c\x06system\x93\x8c\x02ls\x85R.")
    add("evil_stack_global.pt", "unsupported class os.system")

    good = open(os.path.join(OUT, "neuralnet.pt"), "rb").read()
    with open(os.path.join(OUT, "truncated.pt"), "wb") as f:
        f.write(good[: len(good) // 2])
    add("truncated.pt", "")
    corrupt = bytearray(good)
    z = zipfile.ZipFile(os.path.join(OUT, "neuralnet.pt"))
    info = z.getinfo([n for n in z.namelist() if n.endswith("data/0")][0])
    data_at = info.header_offset + 30 + len(info.filename) + len(info.extra)
    # the local header's extra field may differ from the central one: find the data by its bytes
    payload = z.read(info.filename)
    data_at = good.index(payload, info.header_offset)
    corrupt[data_at] ^= 0x40
    with open(os.path.join(OUT, "crc_mismatch.pt"), "wb") as f:
        f.write(bytes(corrupt))
    add("crc_mismatch.pt", "CRC-32 mismatch")

    six = struct.pack("<6f", *range(6))
    crafted_zip(os.path.join(OUT, "lying_numel.pt"), {"w": FakeTensor(FakeStorage(10 ** 12), 0, (10 ** 12,), (1,))}, {"0": six})
    add("lying_numel.pt", "but the record holds only 24 bytes")
    crafted_zip(os.path.join(OUT, "numel_overflow.pt"), {"w": FakeTensor(FakeStorage(2 ** 62), 0, (1,), (1,))}, {"0": six})
    add("numel_overflow.pt", "more bytes than fit in 64 bits")
    crafted_zip(os.path.join(OUT, "view_out_of_bounds.pt"), {"w": FakeTensor(FakeStorage(6), 0, (100,), (1,))}, {"0": six})
    add("view_out_of_bounds.pt", "reaches past the end of storage '0'")
    crafted_zip(os.path.join(OUT, "offset_out_of_bounds.pt"), {"w": FakeTensor(FakeStorage(6), 5, (2,), (1,))}, {"0": six})
    add("offset_out_of_bounds.pt", "reaches past the end of storage '0'")
    crafted_zip(os.path.join(OUT, "huge_shape.pt"), {"w": FakeTensor(FakeStorage(6), 0, (2 ** 40, 2 ** 40), (2 ** 40, 1))}, {"0": six})
    add("huge_shape.pt", "overflows 64-bit indexing")
    crafted_zip(os.path.join(OUT, "negative_stride.pt"), {"w": FakeTensor(FakeStorage(6), 5, (6,), (-1,))}, {"0": six})
    add("negative_stride.pt", "not a non-negative int")
    crafted_zip(os.path.join(OUT, "expanded_huge.pt"), {"w": FakeTensor(FakeStorage(6), 0, (2 ** 30, 2 ** 30), (0, 0))}, {"0": six})
    add("expanded_huge.pt", "expanded views beyond")
    write_legacy(os.path.join(OUT, "legacy_storages_exceed_file.pt"),
                 [FakeTensor(FakeStorage(100, str(k)), 0, (100,), (1,)) for k in range(20)], [str(k) for k in range(20)],
                 b"\0" * 500)
    add("legacy_storages_exceed_file.pt", "remain in the file for all storages")
    crafted_zip(os.path.join(OUT, "missing_record.pt"), {"w": FakeTensor(FakeStorage(6, "7"), 0, (6,), (1,))}, {"0": six})
    add("missing_record.pt", "has no record")
    crafted_zip(os.path.join(OUT, "storage_twice.pt"),
                [FakeTensor(FakeStorage(6), 0, (6,), (1,)), FakeTensor(FakeStorage(3, cls=torch.DoubleStorage), 0, (3,), (1,))],
                {"0": six})
    add("storage_twice.pt", "is declared twice")
    raw_pickle_zip(os.path.join(OUT, "huge_string.pt"), b"\x80\x02X\xff\xff\xff\x7f.")
    add("huge_string.pt", "runs past the end of the data")
    raw_pickle_zip(os.path.join(OUT, "huge_long.pt"), b"\x80\x02\x8b\xff\xff\xff\x7f.")
    add("huge_long.pt", "too large")
    raw_pickle_zip(os.path.join(OUT, "list_key.pt"), b"\x80\x02}(]K\x02u.")
    add("list_key.pt", "unhashable or unsupported dict key")
    raw_pickle_zip(os.path.join(OUT, "stack_underflow.pt"), b"\x80\x02R.")
    add("stack_underflow.pt", "pickle stack underflow")
    with open(os.path.join(OUT, "not_a_checkpoint.pt"), "wb") as f:
        f.write(b"hello, world\n")
    add("not_a_checkpoint.pt", "not a PyTorch checkpoint")
    leg = open(os.path.join(OUT, "legacy.pt"), "rb").read()
    with open(os.path.join(OUT, "legacy_truncated.pt"), "wb") as f:
        f.write(leg[:-10])
    add("legacy_truncated.pt", "truncated")

    six64 = struct.pack("<6f", *range(6))
    hostile_st = {
        "st_header_too_long.safetensors": (struct.pack("<Q", 2 ** 40) + b"{}", "exceeds the 100 MB limit"),
        "st_header_past_end.safetensors": (struct.pack("<Q", 1000) + b"{}", "runs past the end of the file"),
        "st_size_mismatch.safetensors": (raw_safetensors({"w": {"dtype": "F32", "shape": [100], "data_offsets": [0, 24]}}, six64),
                                         "needs 400 bytes"),
        "st_gap.safetensors": (raw_safetensors({"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]},
                                                "b": {"dtype": "F32", "shape": [2], "data_offsets": [16, 24]}}, six64),
                               "expected 8"),
        "st_overlap.safetensors": (raw_safetensors({"a": {"dtype": "F32", "shape": [4], "data_offsets": [0, 16]},
                                                    "b": {"dtype": "F32", "shape": [4], "data_offsets": [8, 24]}}, six64),
                                   "expected 16"),
        "st_past_end.safetensors": (raw_safetensors({"a": {"dtype": "F32", "shape": [8], "data_offsets": [0, 32]}}, six64),
                                    "the file holds 24"),
        "st_huge_shape.safetensors": (raw_safetensors({"a": {"dtype": "F32", "shape": [2 ** 40, 2 ** 40], "data_offsets": [0, 24]}}, six64),
                                      "more than 2^63"),
        "st_bad_dtype.safetensors": (raw_safetensors({"a": {"dtype": "C64", "shape": [3], "data_offsets": [0, 24]}}, six64),
                                     "unsupported dtype C64"),
        "st_bad_json.safetensors": (raw_safetensors(b'{"a": {"dtype": "F32",', six64), "invalid JSON header"),
        "st_deep_json.safetensors": (raw_safetensors(b'{"a":' + b"[" * 100000 + b"]" * 100000 + b"}", b""), "nested more than"),
        "st_negative_dim.safetensors": (raw_safetensors({"a": {"dtype": "F32", "shape": [-6], "data_offsets": [0, 24]}}, six64),
                                        "non-negative integers"),
        "st_duplicate_key.safetensors": (raw_safetensors(b'{"a":{"dtype":"F32","shape":[6],"data_offsets":[0,24]},'
                                                         b'"a":{"dtype":"F32","shape":[6],"data_offsets":[0,24]}}', six64),
                                         "duplicate key"),
    }
    for name, (content, error) in hostile_st.items():
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(content)
        cases.append({"file": name, "error": error})
    with open(os.path.join(OUT, "hostile.jsonl"), "w") as f:
        for c in cases:
            f.write(json.dumps(c) + "\n")


# ---------------------------------------------------------------------------------------------- verification

def same(a, b, path, sa, sb):
    """a (Java-written, loaded by torch) equals b (the original): values, dtypes, shapes, strides, sharing."""
    if isinstance(b, torch.Tensor):
        assert isinstance(a, torch.Tensor), path
        assert a.dtype == b.dtype and a.shape == b.shape, (path, a.dtype, b.dtype, a.shape, b.shape)
        assert a.stride() == b.stride() and a.storage_offset() == b.storage_offset(), (path, a.stride(), b.stride())
        assert a.requires_grad == b.requires_grad, path
        assert torch.equal(a.detach().double().nan_to_num(7.5), b.detach().double().nan_to_num(7.5)), path
        assert torch.equal(a.detach().double().isnan(), b.detach().double().isnan()), path
        ka = sa.setdefault(a.storage().data_ptr(), len(sa))
        kb = sb.setdefault(b.storage().data_ptr(), len(sb))
        assert ka == kb, (path, "storage sharing differs")
        return
    assert type(a) == type(b) or (isinstance(a, dict) and isinstance(b, dict)), (path, type(a), type(b))
    if isinstance(b, dict):
        assert list(a.keys()) == list(b.keys()), (path, list(a.keys()), list(b.keys()))
        for k in b:
            same(a[k], b[k], path + "/" + str(k), sa, sb)
    elif isinstance(b, (list, tuple)):
        assert len(a) == len(b), path
        for i, (x, y) in enumerate(zip(a, b)):
            same(x, y, path + "/" + str(i), sa, sb)
    elif isinstance(b, float) and math.isnan(b):
        assert math.isnan(a), path
    else:
        assert a == b, (path, a, b)


def load_restricted(path):
    """torch.load(weights_only=True); PyTorch 1.13's restricted unpickler lacks BINFLOAT (Python floats), so a
    file holding floats is loaded unrestricted (it is our own output)."""
    try:
        return torch.load(path, weights_only=True)
    except pickle.UnpicklingError as e:
        if "Unsupported operand 71" not in str(e):
            raise
        return torch.load(path)


def check_alignment(path):
    """Every record's data starts at a multiple of 64 bytes, as PyTorch's writer aligns them."""
    raw = open(path, "rb").read()
    for info in zipfile.ZipFile(path).infolist():
        name_len, extra_len = struct.unpack("<HH", raw[info.header_offset + 26:info.header_offset + 30])
        start = info.header_offset + 30 + name_len + extra_len
        assert start % 64 == 0, (path, info.filename, start)


def verify_file(java_file, original=None):
    check_alignment(java_file)
    obj = load_restricted(java_file)
    if original is not None:
        ref = torch.load(original)  # written by PyTorch itself (1.13's restricted loader lacks FRAME for protocol 4)
        same(obj, ref, os.path.basename(java_file), {}, {})
    if os.path.basename(java_file) in ("neuralnet.pt", "v2style.pt"):
        net = NeuralNet(2, 5)
        net.load_state_dict(obj)
        fwd = json.load(open(os.path.join(OUT, "neuralnet_forward.json")))
        with torch.no_grad():
            y = net(torch.tensor(fwd["x"])).reshape(-1).tolist()
        assert [num(v) for v in y] == fwd["y"], (y, fwd["y"])
    print("ok", java_file)


def verify_all():
    if not os.path.isdir(ROUNDTRIP):
        sys.exit("no " + ROUNDTRIP + ": run CheckpointConformanceTest first")
    n = 0
    for name in sorted(os.listdir(ROUNDTRIP)):
        if name.endswith(".pt"):
            # PyTorch 1.13 ignores the byteorder record, so compare the big-endian file's Java copy with its source
            original = os.path.join(OUT, "all_dtypes.pt" if name == "bigendian.pt" else name)
            verify_file(os.path.join(ROUNDTRIP, name), original if os.path.exists(original) else None)
            n += 1
    print(n, "Java-written files load in torch", torch.__version__)


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "--verify":
        if len(sys.argv) >= 3:
            verify_file(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None)
        else:
            verify_all()
    else:
        generate()
