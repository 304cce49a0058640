#!/usr/bin/env python3
"""The jtorch-bench workloads in PyTorch, timed the way JMH reports them (median time per call, in us).

Prints one JSON object {"workload key": microseconds, ...} plus "_meta"; with workload keys as arguments
only those run. Keys match bench_report.py's names for the JMH results. Run with torch.set_num_threads(2); OpenBLAS picks its own thread count from
OPENBLAS_NUM_THREADS, which bench.sh varies.
"""
import json
import os
import statistics
import sys
import time

import torch

torch.set_num_threads(int(os.environ.get("BENCH_THREADS", "2")))
torch.manual_seed(0)


def timed(fn, min_time=0.2, rounds=7):
    """Median over `rounds` batches of the mean time per call; a batch lasts about `min_time` seconds."""
    t0 = time.perf_counter()
    fn()
    first = time.perf_counter() - t0
    if first > min_time:  # slow calls (big GEMMs on a busy machine): one call per batch, fewer batches
        fn()
        samples = []
        for _ in range(max(3, rounds // 2)):
            t0 = time.perf_counter()
            fn()
            samples.append((time.perf_counter() - t0) * 1e6)
        return statistics.median(samples)
    for _ in range(2):
        fn()
    n, t = 1, 0.0
    while True:  # calibrate the batch size
        t0 = time.perf_counter()
        for _ in range(n):
            fn()
        t = time.perf_counter() - t0
        if t >= min_time / 4:
            break
        n *= 4
    n = max(1, int(n * min_time / max(t, 1e-9) / 4))
    samples = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        for _ in range(n):
            fn()
        samples.append((time.perf_counter() - t0) / n * 1e6)
    return statistics.median(samples)


def workloads():
    """key -> function making the timed callable (inputs are built only for the workloads asked for)."""
    w = {}
    for n in (1_000_000, 16_000_000):
        def pair(n=n):
            return torch.randn(n), torch.randn(n)
        w[f"add n={n}"] = lambda pair=pair: (lambda a, b: (lambda: a + b))(*pair())
        w[f"mul n={n}"] = lambda pair=pair: (lambda a, b: (lambda: a * b))(*pair())
        w[f"exp n={n}"] = lambda pair=pair: (lambda a, b: (lambda: a.exp()))(*pair())
        w[f"sum n={n}"] = lambda pair=pair: (lambda a, b: (lambda: a.sum()))(*pair())
        # out= forms: the result goes into a preallocated tensor
        w[f"add out= n={n}"] = lambda pair=pair, n=n: (lambda a, b, o: (lambda: torch.add(a, b, out=o)))(*pair(), torch.empty(n))
        w[f"mul out= n={n}"] = lambda pair=pair, n=n: (lambda a, b, o: (lambda: torch.mul(a, b, out=o)))(*pair(), torch.empty(n))
        w[f"exp out= n={n}"] = lambda pair=pair, n=n: (lambda a, b, o: (lambda: torch.exp(a, out=o)))(*pair(), torch.empty(n))
        w[f"sum out= n={n}"] = lambda pair=pair, n=n: (lambda a, b, o: (lambda: torch.sum(a, (0,), out=o)))(*pair(), torch.empty(()))

    def one_add():
        x, y = torch.tensor([1.5]), torch.tensor([2.5])
        return lambda: x + y
    w["one-element add"] = one_add

    def graph():
        wt = torch.tensor(0.7, requires_grad=True)
        v = torch.tensor(1.3, requires_grad=True)

        def step():
            wt.grad = None
            v.grad = None
            loss = (wt * v + wt).exp()
            loss.backward()
            return wt.grad
        return step
    w["3-op graph + backward"] = graph

    for size in (256, 1024, 2048):
        def mats(size=size, dtype=torch.float32):
            return torch.randn(size, size).to(dtype), torch.randn(size, size).to(dtype)
        w[f"sgemm {size}"] = lambda mats=mats: (lambda a, b: (lambda: a.mm(b)))(*mats())
        w[f"dgemm {size}"] = lambda mats=mats: (lambda a, b: (lambda: a.mm(b)))(*mats(dtype=torch.float64))

    def bmm():
        a, b = torch.randn(64, 128, 128), torch.randn(64, 128, 128)
        return lambda: torch.bmm(a, b)
    w["bmm 64x128x128"] = bmm
    for rows, cols in ((256, 1024), (4096, 64)):
        def mat(rows=rows, cols=cols):
            torch.manual_seed(0)
            return torch.randn(rows, cols)
        w[f"softmax {rows}x{cols}"] = lambda mat=mat: (lambda x: (lambda: x.softmax(-1)))(mat())
        w[f"log_softmax {rows}x{cols}"] = lambda mat=mat: (lambda x: (lambda: x.log_softmax(-1)))(mat())
        w[f"logsumexp {rows}x{cols}"] = lambda mat=mat: (lambda x: (lambda: x.logsumexp(-1)))(mat())
    w["CNN training step (batch 64)"] = lambda: training_step(cnn=True)
    w["MLP training step (batch 64)"] = lambda: training_step(cnn=False)
    return w


class Cnn(torch.nn.Module):
    """The book's chapter-5 network (conformance/book/cnn.py; jtorch-examples' book.Cnn.Net, which jtorch-bench's TrainingBench times)."""

    def __init__(self):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(1, 10, kernel_size=5)
        self.conv2 = torch.nn.Conv2d(10, 20, kernel_size=5)
        self.conv2_drop = torch.nn.Dropout2d()
        self.fc1 = torch.nn.Linear(320, 50)
        self.fc2 = torch.nn.Linear(50, 10)

    def forward(self, x):
        F = torch.nn.functional
        x = F.relu(F.max_pool2d(self.conv1(x), 2))
        x = F.relu(F.max_pool2d(self.conv2_drop(self.conv2(x)), 2))
        x = x.view(-1, 320)
        x = F.relu(self.fc1(x))
        x = F.dropout(x, training=self.training)
        return self.fc2(x)


class Mlp(torch.nn.Module):
    """The book's chapter-4 network (conformance/book/neural_network.py; jtorch-examples' book.NeuralNetwork.Net)."""

    def __init__(self):
        super().__init__()
        self.fc1 = torch.nn.Linear(784, 256)
        self.fc2 = torch.nn.Linear(256, 128)
        self.fc3 = torch.nn.Linear(128, 10)

    def forward(self, x):
        F = torch.nn.functional
        x = x.view(-1, 784)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)


def training_step(cnn):
    """One SGD step at batch 64 on a fixed random batch, as jtorch-bench's TrainingBench."""
    model = Cnn() if cnn else Mlp()
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.5) if cnn else torch.optim.SGD(model.parameters(), lr=0.01)
    data, target = torch.randn(64, 1, 28, 28), torch.randint(0, 10, (64,))
    model.train()

    def step():
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(data), target)
        loss.backward()
        opt.step()
        return loss
    return step


def main():
    """Times every workload, or only those named on the command line."""
    all_w = workloads()
    keys = sys.argv[1:] or list(all_w)
    out = {}
    for key in keys:
        out[key] = timed(all_w[key]())
    with open("/proc/self/maps") as maps:
        libs = {line.split()[-1] for line in maps if "blas" in line.lower()}
    out["_meta"] = {
        "blas": ", ".join(sorted(libs)) or "unknown",
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "OPENBLAS_NUM_THREADS": os.environ.get("OPENBLAS_NUM_THREADS", "default"),
    }
    json.dump(out, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
