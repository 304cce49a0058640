#!/usr/bin/python3
"""Golden data for jtorch's dev.jtorch.data tests (DataLoader, samplers, random_split, transforms, idx files).

    /usr/bin/python3 conformance/gen_data.py

Writes
  jtorch-core/src/test/resources/golden/data.jsonl      loader / sampler / split / worker / transform cases
  jtorch-core/src/test/resources/idx/*                  small idx files, good and corrupt, plus manifest.jsonl
  jtorch-core/src/test/resources/golden/fashion_mnist.json  facts read with numpy from
                                                        /usr/share/datasets/fashion-mnist (only if it exists)

Loader, sampler and split cases run PyTorch 1.13's own torch.utils.data. torchvision is not installed, so the
transform cases re-enact torchvision 0.14's code with the same torch calls (torch.rand(1) < p for
RandomHorizontalFlip; torch.randint(0, h - th + 1, size=(1,)) then the same for the width in
RandomCrop.get_params; ToTensor as img.permute(2, 0, 1).to(float32).div(255); Normalize as sub_/div_ with
mean and std converted to the image dtype); padding modes follow numpy.pad, which torchvision's modes equal
(edge = 'edge', reflect = 'reflect', symmetric = 'symmetric'). Floats are written with repr().
"""
import gzip
import json
import math
import os
import struct

import numpy as np
import torch
from torch.utils.data import DataLoader, Dataset, RandomSampler, random_split

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RES = os.path.join(ROOT, "jtorch-core", "src", "test", "resources")
GOLDEN = os.path.join(RES, "golden")
IDX = os.path.join(RES, "idx")
FASHION = "/usr/share/datasets/fashion-mnist"


def enc(v):
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
    return v


def tl(t):
    """A tensor as {shape, dtype, values (flat, row-major)}."""
    return {"shape": list(t.shape), "dtype": str(t.dtype).replace("torch.", ""),
            "values": [enc(x) for x in t.contiguous().view(-1).tolist()]}


def rand_after(gen=None):
    out = {"after": torch.rand(3).tolist()}
    if gen is not None:
        out["after_gen"] = torch.rand(3, generator=gen).tolist()
    return out


class Indices(Dataset):
    def __init__(self, n):
        self.n = n

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        return i


class IndexAndRand(Dataset):
    """(i, torch.rand(1).item()): shows which generator a worker draws from."""

    def __init__(self, n):
        self.n = n

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        return (i, torch.rand(1).item())


# ------------------------------------------------------------------ torchvision 0.14's transforms, re-enacted

def to_tensor(pic):
    if pic.ndim == 2:
        pic = pic[:, :, None]
    img = pic.permute((2, 0, 1)).contiguous()
    if img.dtype == torch.uint8:
        return img.to(dtype=torch.get_default_dtype()).div(255)
    return img


def normalize(t, mean, std):
    t = t.clone()
    m = torch.as_tensor(mean, dtype=t.dtype)
    s = torch.as_tensor(std, dtype=t.dtype)
    return t.sub_(m.view(-1, 1, 1)).div_(s.view(-1, 1, 1))


def hflip(img, p):
    if torch.rand(1) < p:
        return img.flip(-1)
    return img


def pad(img, left, top, right, bottom, fill, mode):
    a = img.numpy()
    widths = [(0, 0)] * (a.ndim - 2) + [(top, bottom), (left, right)]
    if mode == "constant":
        out = np.pad(a, widths, mode="constant", constant_values=fill)
    else:
        out = np.pad(a, widths, mode=mode)
    return torch.from_numpy(np.ascontiguousarray(out))


def random_crop(img, size, padding, pad_if_needed, fill, mode):
    th, tw = size
    if padding is not None:
        if len(padding) == 1:
            padding = padding * 4
        elif len(padding) == 2:
            padding = [padding[0], padding[1], padding[0], padding[1]]
        img = pad(img, *padding, fill, mode)
    h, w = img.shape[-2:]
    if pad_if_needed and w < tw:
        img = pad(img, tw - w, 0, tw - w, 0, fill, mode)
    h, w = img.shape[-2:]
    if pad_if_needed and h < th:
        img = pad(img, 0, th - h, 0, th - h, fill, mode)
    h, w = img.shape[-2:]
    if h == th and w == tw:
        i, j = 0, 0
    else:
        i = torch.randint(0, h - th + 1, size=(1,)).item()
        j = torch.randint(0, w - tw + 1, size=(1,)).item()
    return img[..., i:i + th, j:j + tw]


class ImagesWithTransform(Dataset):
    """uint8 8x8 images i*3 + pixel index, through the pipeline ToTensor, RandomCrop(6, 2), flip, Normalize."""

    def __init__(self, n):
        self.images = [(torch.arange(64, dtype=torch.int64).view(8, 8) * 3 + i * 7).remainder(256).to(torch.uint8)
                       for i in range(n)]

    def __len__(self):
        return len(self.images)

    def __getitem__(self, i):
        return (pipeline(self.images[i]), i)


def pipeline(img):
    x = to_tensor(img)
    x = random_crop(x, (6, 6), [2], False, 0, "constant")
    x = hflip(x, 0.5)
    return normalize(x, [0.5], [0.5])


# ------------------------------------------------------------------ cases

def loader_cases():
    out = []
    configs = [
        dict(seed=0, n=10, batch_size=3, shuffle=False, drop_last=False),
        dict(seed=0, n=10, batch_size=3, shuffle=True, drop_last=False),
        dict(seed=42, n=10, batch_size=3, shuffle=True, drop_last=True),
        dict(seed=7, n=100, batch_size=16, shuffle=True, drop_last=False),
        dict(seed=123, n=7, batch_size=7, shuffle=True, drop_last=False),
        dict(seed=5, n=1, batch_size=4, shuffle=True, drop_last=False),
        dict(seed=2024, n=1000, batch_size=64, shuffle=True, drop_last=True),
        dict(seed=1, n=12, batch_size=5, shuffle=True, drop_last=False, gen_seed=5),
        dict(seed=1, n=12, batch_size=5, shuffle=False, drop_last=True, gen_seed=9),
        dict(seed=3, n=11, batch_size=4, shuffle=True, drop_last=True, gen_seed=13),
    ]
    for c in configs:
        torch.manual_seed(c["seed"])
        gen = torch.Generator().manual_seed(c["gen_seed"]) if "gen_seed" in c else None
        loader = DataLoader(Indices(c["n"]), batch_size=c["batch_size"], shuffle=c["shuffle"],
                            drop_last=c["drop_last"], generator=gen)
        epochs = [[b.tolist() for b in loader] for _ in range(2)]
        case = dict(kind="loader", len=len(loader), epochs=epochs, **c)
        case.update(rand_after(gen))
        out.append(case)
    return out


def sampler_cases():
    out = []
    configs = [
        dict(seed=3, n=10, replacement=True, num_samples=40),
        dict(seed=3, n=10, replacement=True, num_samples=5),
        dict(seed=11, n=5, replacement=False, num_samples=12),
        dict(seed=11, n=5, replacement=False, num_samples=10),
        dict(seed=0, n=6, replacement=False, num_samples=4, gen_seed=77),
        dict(seed=0, n=9, replacement=True, num_samples=33, gen_seed=78),
    ]
    for c in configs:
        torch.manual_seed(c["seed"])
        gen = torch.Generator().manual_seed(c["gen_seed"]) if "gen_seed" in c else None
        s = RandomSampler(Indices(c["n"]), replacement=c["replacement"], num_samples=c["num_samples"], generator=gen)
        epochs = [list(s) for _ in range(2)]
        case = dict(kind="sampler", epochs=epochs, **c)
        case.update(rand_after(gen))
        out.append(case)
    return out


def split_cases():
    out = []
    configs = [
        dict(seed=0, n=10, lengths=[3, 7]),
        dict(seed=0, n=30, lengths=[0.3, 0.3, 0.4], gen_seed=42),
        dict(seed=1, n=11, lengths=[0.5, 0.5]),
        dict(seed=2, n=10, lengths=[0.1, 0.2, 0.7]),
        dict(seed=3, n=7, lengths=[0.33, 0.33, 0.34]),
        dict(seed=4, n=60000, lengths=[50000, 10000]),
        dict(seed=5, n=3, lengths=[0, 3]),
    ]
    for c in configs:
        torch.manual_seed(c["seed"])
        gen = torch.Generator().manual_seed(c["gen_seed"]) if "gen_seed" in c else None
        parts = random_split(Indices(c["n"]), c["lengths"], **({"generator": gen} if gen is not None else {}))
        case = dict(kind="split", splits=[list(p.indices) for p in parts], **c)
        if c["n"] > 1000:
            case["splits"] = [p[:50] for p in case["splits"]]
            case["sizes"] = [len(p) for p in parts]
        case.update(rand_after(gen))
        out.append(case)
    return out


def worker_cases():
    out = []
    configs = [
        dict(seed=3, n=10, batch_size=3, num_workers=2, shuffle=False),
        dict(seed=5, n=13, batch_size=2, num_workers=3, shuffle=True),
        dict(seed=5, n=13, batch_size=2, num_workers=0, shuffle=True),
        dict(seed=8, n=9, batch_size=4, num_workers=2, shuffle=True, gen_seed=21),
    ]
    for c in configs:
        torch.manual_seed(c["seed"])
        gen = torch.Generator().manual_seed(c["gen_seed"]) if "gen_seed" in c else None
        loader = DataLoader(IndexAndRand(c["n"]), batch_size=c["batch_size"], num_workers=c["num_workers"],
                            shuffle=c["shuffle"], generator=gen)
        epochs = [[[b[0].tolist(), b[1].tolist()] for b in loader] for _ in range(2)]
        case = dict(kind="workers", epochs=epochs, **c)
        case.update(rand_after(gen))
        out.append(case)
    # random transforms in workers
    for nw in (0, 2):
        torch.manual_seed(17)
        loader = DataLoader(ImagesWithTransform(10), batch_size=3, num_workers=nw, shuffle=True)
        epochs = [[[tl(b[0]), b[1].tolist()] for b in loader] for _ in range(2)]
        case = dict(kind="pipeline_workers", seed=17, n=10, batch_size=3, num_workers=nw, epochs=epochs)
        case.update(rand_after())
        out.append(case)
    return out


def transform_cases():
    out = []
    g = torch.Generator().manual_seed(1234)
    for shape in ([5, 4], [3, 4, 3], [2, 3, 1]):
        img = torch.randint(0, 256, shape, dtype=torch.uint8, generator=g)
        out.append(dict(kind="to_tensor", input=tl(img), output=tl(to_tensor(img))))
    img = torch.randint(-5, 5, [2, 3, 2], dtype=torch.int32, generator=g)
    out.append(dict(kind="to_tensor", input=tl(img), output=tl(to_tensor(img))))

    for shape, dtype, mean, std in (([2, 3, 4], torch.float32, [0.5, 0.25], [0.2, 0.3]),
                                    ([3, 2, 2], torch.float32, [0.2860], [0.3530]),
                                    ([2, 2, 3, 3], torch.float32, [0.1, 0.7], [0.3, 0.9]),
                                    ([2, 3, 4], torch.float64, [0.5, 0.25], [0.2, 0.3])):
        x = torch.rand(shape, dtype=dtype, generator=g)
        out.append(dict(kind="normalize", input=tl(x), mean=mean, std=std, output=tl(normalize(x, mean, std))))

    for seed, p in ((0, 0.5), (1, 0.3), (2, 1.0), (3, 0.0)):
        x = torch.rand([1, 3, 4], generator=g)
        torch.manual_seed(seed)
        outs = [tl(hflip(x, p)) for _ in range(8)]
        case = dict(kind="hflip", seed=seed, p=p, input=tl(x), outputs=outs)
        case.update(rand_after())
        out.append(case)

    crops = [
        dict(seed=0, shape=[5, 6], dtype="uint8", size=[3], padding=None, pad_if_needed=False, fill=0, mode="constant"),
        dict(seed=1, shape=[1, 5, 6], dtype="float32", size=[4, 3], padding=[2], pad_if_needed=False, fill=0, mode="constant"),
        dict(seed=2, shape=[4, 4], dtype="uint8", size=[4], padding=[1, 2], pad_if_needed=False, fill=7, mode="constant"),
        dict(seed=3, shape=[2, 4, 5], dtype="float32", size=[5], padding=[1, 0, 2, 3], pad_if_needed=False, fill=0, mode="edge"),
        dict(seed=4, shape=[1, 4, 5], dtype="float32", size=[4], padding=[2], pad_if_needed=False, fill=0, mode="reflect"),
        dict(seed=5, shape=[1, 4, 5], dtype="float32", size=[4], padding=[3], pad_if_needed=False, fill=0, mode="symmetric"),
        dict(seed=6, shape=[3, 2], dtype="uint8", size=[4, 5], padding=None, pad_if_needed=True, fill=9, mode="constant"),
        dict(seed=7, shape=[4, 4], dtype="uint8", size=[4], padding=None, pad_if_needed=False, fill=0, mode="constant"),
    ]
    for c in crops:
        if c["dtype"] == "uint8":
            x = torch.randint(0, 256, c["shape"], dtype=torch.uint8, generator=g)
        else:
            x = torch.rand(c["shape"], generator=g)
        size = c["size"] * 2 if len(c["size"]) == 1 else c["size"]
        torch.manual_seed(c["seed"])
        outs = [tl(random_crop(x, size, c["padding"], c["pad_if_needed"], c["fill"], c["mode"])) for _ in range(6)]
        case = dict(kind="random_crop", input=tl(x), outputs=outs, **c)
        case.update(rand_after())
        out.append(case)

    img = (torch.arange(64, dtype=torch.int64).view(8, 8) * 5).remainder(256).to(torch.uint8)
    torch.manual_seed(99)
    outs = [tl(pipeline(img)) for _ in range(5)]
    case = dict(kind="pipeline", seed=99, input=tl(img), outputs=outs)
    case.update(rand_after())
    out.append(case)
    return out


# ------------------------------------------------------------------ idx files

IDX_CODES = {"u1": 0x08, "i1": 0x09, ">i2": 0x0B, ">i4": 0x0C, ">f4": 0x0D, ">f8": 0x0E}


def idx_bytes(arr):
    code = IDX_CODES[arr.dtype.str.lstrip("|")]
    header = bytes([0, 0, code, arr.ndim]) + b"".join(struct.pack(">i", d) for d in arr.shape)
    return header + arr.tobytes()


def write(name, data):
    with open(os.path.join(IDX, name), "wb") as f:
        f.write(data)


def gz(data):
    # mtime=0 keeps the committed files reproducible
    return gzip.compress(data, mtime=0)


def idx_files():
    manifest = []
    rng = np.random.default_rng(5)

    def good(name, arr, torch_dtype, compress=False):
        data = idx_bytes(arr)
        write(name, gz(data) if compress else data)
        manifest.append(dict(file=name, ok=True, dtype=torch_dtype, shape=list(arr.shape),
                             values=[enc(float(v)) if torch_dtype.startswith("float") else int(v) for v in arr.reshape(-1)]))

    images = rng.integers(0, 256, size=(2, 3, 4), dtype=np.uint8)
    good("images_u8.idx", images, "uint8")
    good("images_u8.idx.gz", images, "uint8", compress=True)
    good("labels_u8", rng.integers(0, 10, size=(5,), dtype=np.uint8), "uint8")
    good("i8.idx", np.array([[-128, -1], [0, 127]], dtype=np.int8), "int8")
    good("i16.idx", np.array([-32768, 1, 32767], dtype=">i2"), "int16")
    good("i32.idx", np.array([[-2147483648, 2], [3, 2147483647]], dtype=">i4"), "int32")
    good("f32.idx", np.array([1.5, -0.0, 3.4028234663852886e38], dtype=">f4"), "float32")
    good("f64.idx", np.array([math.pi, -1e-300], dtype=">f8"), "float64")
    good("empty.idx", np.zeros((0, 28, 28), dtype=np.uint8), "uint8")

    def bad(name, data, message):
        write(name, data)
        manifest.append(dict(file=name, ok=False, message=message))

    ok = idx_bytes(images)
    bad("bad_magic.idx", b"\x01" + ok[1:], "does not start with two zero bytes")
    bad("bad_type.idx", ok[:2] + b"\x0a" + ok[3:], "unknown idx element type 0x0a")
    bad("zero_dims.idx", b"\x00\x00\x08\x00", "0 dimensions")
    bad("short_header.idx", ok[:6], "while reading the 3 dimensions")
    bad("empty_file.idx", b"", "while reading the magic number")
    bad("truncated.idx", ok[:-5], "truncated")
    bad("trailing.idx", ok + b"\x00\x01", "2 unexpected bytes after the data, at offset 40")
    huge = bytes([0, 0, 8, 3]) + struct.pack(">iii", 60000, 28, 28) + b"\x00" * 20
    bad("lying_size.idx", huge, "truncated")
    bad("lying_size.idx.gz", gz(huge), "more than a gzip file of")
    overflow = bytes([0, 0, 0x0E, 4]) + struct.pack(">iiii", 2147483647, 2147483647, 2147483647, 2147483647)
    bad("overflow.idx", overflow, "more than 2147483631 elements")
    bad("negative_dim.idx", bytes([0, 0, 8, 2]) + struct.pack(">ii", 5, -2147483648), "dimension 1 is negative")
    gzipped = gz(ok)
    bad("truncated.idx.gz", gzipped[:len(gzipped) // 2], "corrupt gzip stream at uncompressed offset")
    half = bytes([0, 0, 8, 1]) + struct.pack(">i", 100) + bytes(range(50))
    bad("short_data.idx.gz", gz(half), "truncated: the file ends at uncompressed offset 58")
    bad("trailing.idx.gz", gz(ok + b"\x05"), "unexpected bytes after the data at uncompressed offset 40")
    bad("gzip_header_only.idx.gz", gzipped[:10], "corrupt gzip stream at uncompressed offset 0")
    with open(os.path.join(IDX, "manifest.jsonl"), "w") as f:
        for m in manifest:
            f.write(json.dumps(m) + "\n")


# ------------------------------------------------------------------ Fashion-MNIST facts

def read_idx_numpy(path):
    with gzip.open(path, "rb") if path.endswith(".gz") else open(path, "rb") as f:
        data = f.read()
    ndim = data[3]
    shape = struct.unpack(">" + "i" * ndim, data[4:4 + 4 * ndim])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(shape)


def fashion_facts():
    if not os.path.isdir(FASHION):
        print("no", FASHION, "- fashion_mnist.json not regenerated")
        return
    facts = {}
    for split, prefix in (("train", "train"), ("test", "t10k")):
        images = read_idx_numpy(os.path.join(FASHION, prefix + "-images-idx3-ubyte.gz"))
        labels = read_idx_numpy(os.path.join(FASHION, prefix + "-labels-idx1-ubyte.gz"))

        class Labels(Dataset):
            def __len__(self):
                return len(labels)

            def __getitem__(self, i):
                return int(labels[i])

        torch.manual_seed(0)
        first_batch = next(iter(DataLoader(Labels(), batch_size=64, shuffle=True))).tolist()
        facts[split] = dict(size=int(len(labels)), image_shape=list(images.shape[1:]),
                            first_labels=[int(v) for v in labels[:20]],
                            label_counts=[int(v) for v in np.bincount(labels, minlength=10)],
                            first_image=[int(v) for v in images[0].reshape(-1)],
                            last_image_sum=int(images[-1].astype(np.int64).sum()),
                            pixel_sum=int(images.astype(np.int64).sum()),
                            seed0_shuffled_first_batch_labels=first_batch)
    with open(os.path.join(GOLDEN, "fashion_mnist.json"), "w") as f:
        json.dump(facts, f)
        f.write("\n")


def main():
    os.makedirs(GOLDEN, exist_ok=True)
    os.makedirs(IDX, exist_ok=True)
    cases = loader_cases() + sampler_cases() + split_cases() + worker_cases() + transform_cases()
    with open(os.path.join(GOLDEN, "data.jsonl"), "w") as f:
        for c in cases:
            f.write(json.dumps(c) + "\n")
    idx_files()
    fashion_facts()
    print(len(cases), "cases")


if __name__ == "__main__":
    main()
