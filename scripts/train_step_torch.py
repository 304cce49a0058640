#!/usr/bin/env python3
"""PyTorch twin of `java -cp jtorch-bench/target/benchmarks.jar dev.jtorch.bench.TrainingBench`: samples/s of
one training step of the book's CNN or MLP at batch 64 on a fixed batch, by wall clock and per process CPU
second (the steadier figure on a shared machine). usage: train_step_torch.py cnn|mlp [seconds] [threads] [rounds]
"""
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch  # noqa: E402
from bench_torch import training_step  # noqa: E402

model = sys.argv[1] if len(sys.argv) > 1 else "cnn"
seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
torch.set_num_threads(int(sys.argv[3]) if len(sys.argv) > 3 else 2)
rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 7
step = training_step(cnn=model == "cnn")
t0 = time.perf_counter()
while time.perf_counter() - t0 < 2:
    step()
wall, cpu = [], []
for _ in range(rounds):
    s, c, n = time.perf_counter(), time.process_time(), 0
    while time.perf_counter() - s < seconds:
        step()
        n += 1
    wall.append(n * 64 / (time.perf_counter() - s))
    cpu.append(n * 64 / (time.process_time() - c))
print(f"torch {model} threads={torch.get_num_threads()} OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'default')} "
      f"samples/s median {statistics.median(wall):.0f} (min {min(wall):.0f} max {max(wall):.0f}) per CPU s {statistics.median(cpu):.0f}")
