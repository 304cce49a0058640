#!/usr/bin/env python3
"""Joins JMH results (-rf json) with bench_torch.py runs into one table of ratios, as Markdown.

usage: bench_report.py RESULTS_DIR
RESULTS_DIR holds jmh-*.json (JMH -rf json) and torch-CONFIG-*.json (bench_torch.py) files, as bench.sh
writes them. For each workload the fastest PyTorch configuration is the reference; the ratio is
jtorch time / PyTorch time (below 1 means jtorch is faster).
"""
import glob
import json
import os
import re
import sys

PEAK_FP32 = 481.0  # GFLOP/s on this machine's 2 cores (issue 6); fp64 peak is half

TARGETS = {
    "one-element add": ("<= 0.1", 0.1),
    "3-op graph + backward": ("<= 0.1", 0.1),
    "sgemm": ("<= 1.11 (>= 0.9x speed)", 1 / 0.9),
    "dgemm": ("<= 1.11 (>= 0.9x speed)", 1 / 0.9),
    "bmm": ("<= 1", 1.0),
    "CNN training step": ("<= 1.25 (>= 0.8x speed)", 1.25),
    "MLP training step": ("<= 1", 1.0),
    # issue 6 lists these kernels in its work but sets them no target: reported, not judged
    "softmax": ("none set", None),
    "log_softmax": ("none set", None),
    "logsumexp": ("none set", None),
    "default": ("<= 1", 1.0),
}

UNIT_TO_US = {"us/op": 1.0, "ns/op": 1e-3, "ms/op": 1e3, "s/op": 1e6}


def jmh_key(entry):
    name = entry["benchmark"].rsplit(".", 2)
    cls, method = name[-2], name[-1]
    params = entry.get("params", {})
    if cls == "ElementwiseBench":
        if method.endswith("Out"):  # addOut -> "add out= n=..."
            return f"{method[:-3]} out= n={params['n']}"
        return f"{method} n={params['n']}"
    if cls == "SmallOpBench":
        return {"oneElementAdd": "one-element add", "graphBackward": "3-op graph + backward"}[method]
    if cls == "GemmBench":
        return f"{method} {params['size']}"
    if cls == "BmmBench":
        return "bmm 64x128x128"
    if cls == "SoftmaxBench":
        return {"softmax": "softmax", "logSoftmax": "log_softmax", "logsumexp": "logsumexp"}[method] + " " + params["shape"]
    if cls == "TrainingBench":
        return {"cnnStep": "CNN training step (batch 64)", "mlpStep": "MLP training step (batch 64)"}[method]
    return f"{cls}.{method}"


def flops(key):
    if key.startswith(("sgemm", "dgemm")):
        s = int(key.split()[1])
        return 2.0 * s ** 3
    if key.startswith("bmm"):
        return 2.0 * 64 * 128 ** 3
    if key.startswith("CNN training step"):
        # the convolutions' products (conv1 forward and weight gradient, conv2 forward and both gradients) and the
        # linear layers' three products each, at batch 64
        return 2.0 * 64 * (2 * 10 * 25 * 576 + 3 * 20 * 250 * 64 + 3 * (320 * 50 + 50 * 10))
    if key.startswith("MLP training step"):
        return 2.0 * 64 * (2 * 784 * 256 + 3 * (256 * 128 + 128 * 10))  # no gradient for the input images
    return None


def main():
    d = sys.argv[1]
    jmh = []
    for p in sorted(glob.glob(os.path.join(d, "jmh-*.json"))):
        jmh.extend(json.load(open(p)))
    configs = {}
    for p in sorted(glob.glob(os.path.join(d, "torch-*.json"))):
        cfg = re.sub(r"-\d+\.json$", "", os.path.basename(p))
        configs.setdefault(cfg, {}).update(json.load(open(p)))
    torch_runs = list(configs.values())
    java = {}
    for e in jmh:
        pm = e["primaryMetric"]
        median = pm.get("scorePercentiles", {}).get("50.0", pm["score"])
        java[jmh_key(e)] = median * UNIT_TO_US[pm["scoreUnit"]]
    rows = []
    rows.append("| workload | jtorch (us) | PyTorch best (us) | PyTorch run | ratio jtorch/PyTorch | target ratio | met | GFLOP/s jtorch / PyTorch (% of peak) |")
    rows.append("|---|---:|---:|---|---:|---|---|---|")
    missed = []
    for key, jt in java.items():
        cands = [(r[key], f"torch threads={r['_meta']['threads']}, OPENBLAS_NUM_THREADS={r['_meta']['OPENBLAS_NUM_THREADS']}")
                 for r in torch_runs if key in r]
        if not cands:
            continue
        pt, which = min(cands)
        ratio = jt / pt
        tkey = next((k for k in TARGETS if key.startswith(k)), "default")
        label, limit = TARGETS[tkey]
        met = limit is None or ratio <= limit
        if not met:
            missed.append(key)
        fl = flops(key)
        gf = ""
        if fl:
            peak = PEAK_FP32 / (2 if key.startswith("dgemm") else 1)
            gj, gp = fl / jt / 1e3, fl / pt / 1e3
            gf = f"{gj:.0f} ({100 * gj / peak:.0f}%) / {gp:.0f} ({100 * gp / peak:.0f}%)"
        rows.append(f"| {key} | {jt:.3f} | {pt:.3f} | {which} | {ratio:.3f} | {label} | {'n/a' if limit is None else 'yes' if met else 'NO'} | {gf} |")
    print("\n".join(rows))
    print()
    print("Missed targets: " + (", ".join(missed) if missed else "none"))


if __name__ == "__main__":
    main()
