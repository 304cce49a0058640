# torchvision's FashionMNIST, ToTensor, Normalize and RandomHorizontalFlip for the chapter 4-6 scripts:
# Debian's PyTorch has no torchvision. Same values and the same generator draws as torchvision 0.14
# (RandomHorizontalFlip draws torch.rand(1) per image), read from the idx files that Debian's
# dataset-fashion-mnist installs, so the Java ports (dev.jtorch.data) see the same batches.
import gzip
import os
import struct
import sys
import time

import torch

ROOT = os.environ.get("FASHION_MNIST", "/usr/share/datasets/fashion-mnist")


def _idx(path):
    with gzip.open(path, "rb") as f:
        raw = f.read()
    nd = raw[3]
    dims = struct.unpack(">" + "I" * nd, raw[4:4 + 4 * nd])
    return torch.frombuffer(bytearray(raw[4 + 4 * nd:]), dtype=torch.uint8).view(*dims)


class FashionMNIST(torch.utils.data.Dataset):
    def __init__(self, train, transform=None):
        part = "train" if train else "t10k"
        self.data = _idx(os.path.join(ROOT, part + "-images-idx3-ubyte.gz"))
        self.targets = _idx(os.path.join(ROOT, part + "-labels-idx1-ubyte.gz")).long()
        self.transform = transform

    def __getitem__(self, i):
        img, target = self.data[i], int(self.targets[i])
        if self.transform is not None:
            img = self.transform(img)
        return img, target

    def __len__(self):
        return len(self.data)


class Compose:
    def __init__(self, transforms):
        self.transforms = transforms

    def __call__(self, img):
        for t in self.transforms:
            img = t(img)
        return img


class ToTensor:
    def __call__(self, pic):
        return pic.view(28, 28, 1).permute(2, 0, 1).contiguous().to(torch.float32).div(255)


class Normalize:
    def __init__(self, mean, std):
        self.mean, self.std = mean, std

    def __call__(self, t):
        mean = torch.as_tensor(self.mean, dtype=t.dtype).view(-1, 1, 1)
        std = torch.as_tensor(self.std, dtype=t.dtype).view(-1, 1, 1)
        return t.sub(mean).div(std)


class RandomHorizontalFlip:
    def __init__(self, p=0.5):
        self.p = p

    def __call__(self, img):
        if torch.rand(1) < self.p:
            return img.flip(-1)
        return img


def args(default_epochs):
    """argv: [epochs] [batches per epoch, 0 = all] [test images, 0 = all] [log every n batches, 0 = never]"""
    a = [int(x) for x in sys.argv[1:]]
    a += [default_epochs, 0, 0, 0][len(a):]
    return a


def limit(dataset, n):
    return torch.utils.data.Subset(dataset, range(n)) if n > 0 else dataset


class Clock:
    """Per-epoch wall and CPU seconds and training samples per second, on stderr (stdout is compared)."""

    def __init__(self):
        self.wall, self.cpu, self.samples = time.perf_counter(), time.process_time(), 0

    def report(self, epoch):
        w, c = time.perf_counter() - self.wall, time.process_time() - self.cpu
        print("epoch {} train: {:.2f} s wall, {:.2f} s CPU, {:.0f} samples/s".format(epoch, w, c, self.samples / w),
              file=sys.stderr, flush=True)

    def restart(self):
        self.wall, self.cpu, self.samples = time.perf_counter(), time.process_time(), 0
