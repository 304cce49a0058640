#!/usr/bin/env python3
"""The jtorch-bench workloads in PyTorch, timed the way JMH reports them (median time per call, in us).

Prints one JSON object {"workload key": microseconds, ...} plus "_meta". Keys match bench_report.py's
names for the JMH results. Run with torch.set_num_threads(2); OpenBLAS picks its own thread count from
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


def main():
    out = {}
    for n in (1_000_000, 16_000_000):
        a = torch.randn(n)
        b = torch.randn(n)
        out[f"add n={n}"] = timed(lambda: a + b)
        out[f"mul n={n}"] = timed(lambda: a * b)
        out[f"exp n={n}"] = timed(lambda: a.exp())
        out[f"sum n={n}"] = timed(lambda: a.sum())
        del a, b

    x = torch.tensor([1.5])
    y = torch.tensor([2.5])
    out["one-element add"] = timed(lambda: x + y)

    w = torch.tensor(0.7, requires_grad=True)
    v = torch.tensor(1.3, requires_grad=True)

    def graph():
        w.grad = None
        v.grad = None
        loss = (w * v + w).exp()
        loss.backward()
        return w.grad

    out["3-op graph + backward"] = timed(graph)

    for size in (256, 1024, 2048):
        a32 = torch.randn(size, size)
        b32 = torch.randn(size, size)
        a64, b64 = a32.double(), b32.double()
        out[f"sgemm {size}"] = timed(lambda: a32.mm(b32))
        out[f"dgemm {size}"] = timed(lambda: a64.mm(b64))

    ba = torch.randn(64, 128, 128)
    bb = torch.randn(64, 128, 128)
    out["bmm 64x128x128"] = timed(lambda: torch.bmm(ba, bb))

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
