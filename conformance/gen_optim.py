#!/usr/bin/env python3
"""Golden trajectories for torch.optim and learning-rate sequences for torch.optim.lr_scheduler (PyTorch 1.13).

Writes jtorch-core/src/test/resources/golden/optim.jsonl, replayed by OptimConformanceTest. Two kinds of lines:

kind "optim": params (initial values), target, weight, noise (fixed tensors per param); each step k (1..100)
  sets p.grad = (p - target) * weight + noise * s_k in the param's dtype, with s_k = float(((37 * k) % 11 - 5) / 10)
  (no grad on odd k for params listed in skip_odd), then calls step(). With "autograd": true the gradient comes
  from loss = (weight * (p - target) ** 2).sum() * 0.5 through backward() after zero_grad() instead.
  Recorded: params after steps 1, 10 and 100 and the final state_dict (state values and param_groups).
kind "sched": an optimizer with groups, a scheduler, and the lr (and momentum / beta1) of every group after
  construction and after each of 50 steps; "epochs" lists explicit step(epoch) arguments (closed form), and
  "metrics" the values given to ReduceLROnPlateau.step.
"""
import json
import os
import warnings

import torch

warnings.filterwarnings("ignore")
torch.manual_seed(2024)

OUT = os.path.join(os.path.dirname(__file__), "..", "jtorch-core", "src", "test", "resources", "golden", "optim.jsonl")
lines = []
STEPS = 100
RECORD = (1, 10, 100)


def num(v):
    v = float(v)
    if v != v:
        return "nan"
    if v in (float("inf"), float("-inf")):
        return "inf" if v > 0 else "-inf"
    return v


def tens(t):
    t = t.detach()
    return {"dtype": str(t.dtype).replace("torch.", ""), "shape": list(t.shape),
            "data": [num(v) for v in t.reshape(-1).tolist()]}


def enc(v):
    if isinstance(v, torch.Tensor):
        return {"tensor": tens(v)}
    if isinstance(v, bool) or v is None or isinstance(v, str):
        return v
    if isinstance(v, int):
        return {"int": v}
    if isinstance(v, float):
        return num(v)
    if isinstance(v, (list, tuple)):
        return [enc(x) for x in v]
    if isinstance(v, dict):
        return {str(k): enc(x) for k, x in v.items()}
    raise TypeError(type(v))


def s_k(k):
    return float(((37 * k) % 11 - 5) / 10)


def make_params(shapes, dtype):
    ps, tg, wt, nz = [], [], [], []
    for shape in shapes:
        ps.append(torch.randn(shape, dtype=dtype))
        tg.append(torch.randn(shape, dtype=dtype))
        wt.append(torch.rand(shape, dtype=dtype) * 1.5 + 0.5)
        nz.append(torch.randn(shape, dtype=dtype) * 0.1)
    return ps, tg, wt, nz


SHAPES = [(4, 8), (5,), (3, 3)]
CTORS = {"SGD": torch.optim.SGD, "Adam": torch.optim.Adam, "AdamW": torch.optim.AdamW,
         "RMSprop": torch.optim.RMSprop, "Adagrad": torch.optim.Adagrad}


def optim_case(name, opt, kwargs, dtype=torch.float32, groups=None, skip_odd=(), autograd=False):
    init, target, weight, noise = make_params(SHAPES, dtype)
    params = [p.clone().requires_grad_(True) for p in init]
    if groups is None:
        opt_obj = CTORS[opt](params, **kwargs)
    else:
        opt_obj = CTORS[opt]([dict(g, params=[params[i] for i in g["params"]]) for g in groups], **kwargs)
    recorded = {}
    for k in range(1, STEPS + 1):
        if autograd:
            opt_obj.zero_grad()
            loss = sum((w * (p - t) ** 2).sum() for p, t, w in zip(params, target, weight)) * 0.5
            loss.backward()
        else:
            with torch.no_grad():
                for i, (p, t, w, n) in enumerate(zip(params, target, weight, noise)):
                    if i in skip_odd and k % 2 == 1:
                        p.grad = None
                    else:
                        p.grad = (p - t) * w + n * s_k(k)
        opt_obj.step()
        if k in RECORD:
            recorded[str(k)] = [tens(p) for p in params]
    sd = opt_obj.state_dict()
    lines.append({"kind": "optim", "id": name, "optimizer": opt, "kwargs": enc(kwargs), "dtype": str(dtype)[6:],
                  "groups": enc(groups) if groups is not None else None, "skip_odd": list(skip_odd),
                  "autograd": autograd, "params": [tens(p) for p in init], "target": [tens(t) for t in target],
                  "weight": [tens(w) for w in weight], "noise": [tens(n) for n in noise], "record": recorded,
                  "state": {str(k): enc(v) for k, v in sd["state"].items()},
                  "param_groups": [{"keys": list(g.keys()), "values": enc(g)} for g in sd["param_groups"]]})


optim_case("sgd_plain", "SGD", {"lr": 0.05})
optim_case("sgd_momentum", "SGD", {"lr": 0.05, "momentum": 0.9})
optim_case("sgd_dampening_wd", "SGD", {"lr": 0.03, "momentum": 0.8, "dampening": 0.1, "weight_decay": 0.01})
optim_case("sgd_nesterov", "SGD", {"lr": 0.05, "momentum": 0.9, "nesterov": True, "weight_decay": 1e-3})
optim_case("sgd_maximize", "SGD", {"lr": 0.005, "momentum": 0.5, "maximize": True})
optim_case("sgd_f64", "SGD", {"lr": 0.05, "momentum": 0.9, "weight_decay": 0.01}, dtype=torch.float64)
optim_case("sgd_groups", "SGD", {"lr": 0.05, "momentum": 0.9},
           groups=[{"params": [0, 2]}, {"params": [1], "lr": 0.01, "momentum": 0.5}])
optim_case("sgd_skip_odd", "SGD", {"lr": 0.05, "momentum": 0.9}, skip_odd=(1,))
optim_case("sgd_autograd_f64", "SGD", {"lr": 0.05, "momentum": 0.9}, dtype=torch.float64, autograd=True)
optim_case("adam_default", "Adam", {"lr": 0.01})
optim_case("adam_amsgrad", "Adam", {"lr": 0.01, "amsgrad": True})
optim_case("adam_wd_betas", "Adam", {"lr": 0.02, "betas": (0.8, 0.99), "eps": 1e-6, "weight_decay": 0.01})
optim_case("adam_maximize", "Adam", {"lr": 0.005, "maximize": True})
optim_case("adam_f64", "Adam", {"lr": 0.01, "amsgrad": True, "weight_decay": 1e-3}, dtype=torch.float64)
optim_case("adam_groups", "Adam", {"lr": 0.01},
           groups=[{"params": [1]}, {"params": [0, 2], "lr": 0.003, "betas": (0.5, 0.9)}])
optim_case("adam_skip_odd", "Adam", {"lr": 0.01}, skip_odd=(0, 2))
optim_case("adamw_default", "AdamW", {"lr": 0.01})
optim_case("adamw_amsgrad_wd", "AdamW", {"lr": 0.01, "amsgrad": True, "weight_decay": 0.1})
optim_case("adamw_maximize", "AdamW", {"lr": 0.005, "maximize": True, "weight_decay": 0.0})
optim_case("rmsprop_default", "RMSprop", {"lr": 0.01})
optim_case("rmsprop_centered", "RMSprop", {"lr": 0.01, "centered": True})
optim_case("rmsprop_momentum", "RMSprop", {"lr": 0.005, "momentum": 0.9, "alpha": 0.9})
optim_case("rmsprop_all", "RMSprop", {"lr": 0.005, "momentum": 0.5, "centered": True, "weight_decay": 0.01,
                                      "eps": 1e-6})
optim_case("rmsprop_maximize_f64", "RMSprop", {"lr": 0.001, "maximize": True}, dtype=torch.float64)
optim_case("adagrad_default", "Adagrad", {"lr": 0.1})
optim_case("adagrad_decay", "Adagrad", {"lr": 0.1, "lr_decay": 0.01, "weight_decay": 0.01,
                                        "initial_accumulator_value": 0.1})
optim_case("adagrad_eps_maximize", "Adagrad", {"lr": 0.01, "eps": 1e-6, "maximize": True})
optim_case("adagrad_skip_odd_f64", "Adagrad", {"lr": 0.1}, dtype=torch.float64, skip_odd=(1,))


# ---------------------------------------------------------------------- schedulers

SCHED = {"StepLR": torch.optim.lr_scheduler.StepLR, "MultiStepLR": torch.optim.lr_scheduler.MultiStepLR,
         "ExponentialLR": torch.optim.lr_scheduler.ExponentialLR,
         "CosineAnnealingLR": torch.optim.lr_scheduler.CosineAnnealingLR,
         "ReduceLROnPlateau": torch.optim.lr_scheduler.ReduceLROnPlateau,
         "OneCycleLR": torch.optim.lr_scheduler.OneCycleLR, "LambdaLR": torch.optim.lr_scheduler.LambdaLR,
         "MultiplicativeLR": torch.optim.lr_scheduler.MultiplicativeLR, "LinearLR": torch.optim.lr_scheduler.LinearLR,
         "ConstantLR": torch.optim.lr_scheduler.ConstantLR}

# lr_lambda functions by name; OptimConformanceTest defines the same functions under these names
LAMBDAS = {"pow095": lambda e: 0.95 ** e, "inv": lambda e: 1.0 / (1 + 0.1 * e), "const097": lambda e: 0.97,
           "alternate": lambda e: 0.99 if e % 2 else 0.9}


def momenta(opt):
    out = []
    for g in opt.param_groups:
        if "betas" in g:
            out.append(num(g["betas"][0]))
        else:
            out.append(num(g.get("momentum", 0.0)))
    return out


def sched_case(name, opt, opt_kwargs, group_lrs, sched, sched_kwargs, epochs=None, metrics=None, n=50, lambdas=None):
    params = [torch.zeros(2, requires_grad=True) for _ in group_lrs]
    groups = [{"params": [p], "lr": lr} for p, lr in zip(params, group_lrs)]
    o = CTORS[opt](groups, **opt_kwargs)
    if lambdas is not None:
        fns = [LAMBDAS[x] for x in lambdas]
        s = SCHED[sched](o, lr_lambda=fns[0] if len(fns) == 1 else fns, **sched_kwargs)
    else:
        s = SCHED[sched](o, **sched_kwargs)
    lrs = [[num(g["lr"]) for g in o.param_groups]]
    moms = [momenta(o)]
    for i in range(n):
        o.step()
        if metrics is not None:
            s.step(metrics[i])
            lrs.append([num(g["lr"]) for g in o.param_groups])
        else:
            if epochs is not None:
                s.step(epochs[i])
            else:
                s.step()
            lrs.append([num(v) for v in s.get_last_lr()])
        moms.append(momenta(o))
    sd = {k: v for k, v in s.state_dict().items() if k not in ("anneal_func",)}
    lines.append({"kind": "sched", "id": name, "optimizer": opt, "opt_kwargs": enc(opt_kwargs), "group_lrs": group_lrs,
                  "scheduler": sched, "kwargs": enc(sched_kwargs), "lambdas": lambdas, "epochs": epochs, "metrics": metrics,
                  "lrs": lrs, "momenta": moms, "state_keys": sorted(sd.keys())})


sched_case("step", "SGD", {}, [0.1, 0.01], "StepLR", {"step_size": 7, "gamma": 0.5})
sched_case("step_default_gamma", "SGD", {}, [0.3], "StepLR", {"step_size": 3})
sched_case("multistep", "SGD", {}, [0.1, 0.05], "MultiStepLR", {"milestones": [5, 15, 15, 30], "gamma": 0.3})
sched_case("exponential", "SGD", {}, [0.1, 1.0], "ExponentialLR", {"gamma": 0.93})
sched_case("cosine_cycles", "SGD", {}, [0.1, 0.02], "CosineAnnealingLR", {"T_max": 10, "eta_min": 0.001})
sched_case("cosine_default", "Adam", {}, [0.003], "CosineAnnealingLR", {"T_max": 20})
closed = [0, 1, 2, 5, 5, 6, 9, 12, 20, 13, 14, 14, 30, 31, 44, 45, 46, 3, 2, 49] + list(range(20, 50))
sched_case("step_closed", "SGD", {}, [0.1], "StepLR", {"step_size": 4, "gamma": 0.7}, epochs=closed)
sched_case("multistep_closed", "SGD", {}, [0.1], "MultiStepLR", {"milestones": [3, 12, 12, 40], "gamma": 0.5},
           epochs=closed)
sched_case("exponential_closed", "SGD", {}, [0.1], "ExponentialLR", {"gamma": 0.9}, epochs=closed)
sched_case("cosine_closed", "SGD", {}, [0.1, 0.5], "CosineAnnealingLR", {"T_max": 15, "eta_min": 0.01},
           epochs=closed)
gen = torch.Generator().manual_seed(7)
plateau_metrics = [float(1.0 / (1 + i) if i < 8 else 0.11 + 0.01 * torch.rand(1, generator=gen).item())
                   for i in range(50)]
sched_case("plateau_min", "SGD", {}, [0.1, 0.2], "ReduceLROnPlateau",
           {"mode": "min", "factor": 0.5, "patience": 3, "threshold": 0.01, "cooldown": 2, "min_lr": 0.003},
           metrics=plateau_metrics)
rising = [float(i // 6) + 0.001 * ((i * 7) % 5) for i in range(50)]
sched_case("plateau_max_abs", "SGD", {}, [0.1], "ReduceLROnPlateau",
           {"mode": "max", "factor": 0.3, "patience": 2, "threshold": 0.5, "threshold_mode": "abs"},
           metrics=rising)
sched_case("plateau_default", "Adam", {}, [0.01], "ReduceLROnPlateau", {}, metrics=[1.0] * 50)
sched_case("onecycle_sgd", "SGD", {"momentum": 0.9}, [0.1, 0.1], "OneCycleLR", {"max_lr": 0.5, "total_steps": 50})
sched_case("onecycle_adam_linear_3phase", "Adam", {}, [0.001], "OneCycleLR",
           {"max_lr": 0.01, "total_steps": 60, "anneal_strategy": "linear", "three_phase": True,
            "pct_start": 0.25, "div_factor": 10.0, "final_div_factor": 100.0})
sched_case("onecycle_epochs", "SGD", {"momentum": 0.9}, [0.1], "OneCycleLR",
           {"max_lr": 1.0, "epochs": 5, "steps_per_epoch": 10, "cycle_momentum": False, "pct_start": 0.4})
sched_case("lambda_pow", "SGD", {}, [0.1, 0.2], "LambdaLR", {}, lambdas=["pow095"])
sched_case("lambda_per_group", "SGD", {}, [0.1, 0.2], "LambdaLR", {}, lambdas=["inv", "pow095"])
sched_case("lambda_closed", "SGD", {}, [0.1], "LambdaLR", {}, lambdas=["inv"], epochs=closed)
sched_case("multiplicative", "SGD", {}, [0.1, 0.2], "MultiplicativeLR", {}, lambdas=["const097", "alternate"])
sched_case("linear_warmup", "SGD", {}, [0.1, 0.02], "LinearLR", {"start_factor": 0.25, "total_iters": 8})
sched_case("linear_default", "Adam", {}, [0.001], "LinearLR", {})
sched_case("linear_closed", "SGD", {}, [0.1], "LinearLR", {"start_factor": 0.1, "end_factor": 0.6, "total_iters": 30},
           epochs=closed)
sched_case("constant", "SGD", {}, [0.1, 0.3], "ConstantLR", {"factor": 0.5, "total_iters": 4})
sched_case("constant_default", "SGD", {}, [0.1], "ConstantLR", {})
sched_case("constant_closed", "SGD", {}, [0.1], "ConstantLR", {"factor": 0.2, "total_iters": 13}, epochs=closed)


# ---------------------------------------------------------------------- errors and repr


def error_case(name, fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - the type is recorded
        lines.append({"kind": "error", "id": name, "type": type(e).__name__, "msg": str(e).strip("'\"")})
        return
    raise AssertionError(name + " did not raise")


def P(n=1):
    return [torch.zeros(2, requires_grad=True) for _ in range(n)]


def too_many_steps():
    o = torch.optim.SGD(P(), lr=0.1, momentum=0.9)
    s = torch.optim.lr_scheduler.OneCycleLR(o, max_lr=0.5, total_steps=3)
    for _ in range(4):
        s.step()


def load_mismatch():
    a = torch.optim.SGD(P(2), lr=0.1)
    ps = P(2)
    b = torch.optim.SGD([{"params": [ps[0]]}, {"params": [ps[1]]}], lr=0.1)
    b.load_state_dict(a.state_dict())


def load_size_mismatch():
    a = torch.optim.SGD(P(2), lr=0.1)
    b = torch.optim.SGD(P(3), lr=0.1)
    b.load_state_dict(a.state_dict())


def duplicate_groups():
    p = P(2)
    torch.optim.SGD([{"params": [p[0], p[1]]}, {"params": [p[1]]}], lr=0.1)


def non_leaf():
    p = torch.zeros(2, requires_grad=True)
    torch.optim.SGD([p * 2], lr=0.1)


def resume_without_initial_lr():
    torch.optim.lr_scheduler.StepLR(torch.optim.SGD(P(), lr=0.1), step_size=2, last_epoch=3)


error_case("sgd_negative_lr", lambda: torch.optim.SGD(P(), lr=-0.5))
error_case("sgd_negative_momentum", lambda: torch.optim.SGD(P(), lr=0.1, momentum=-0.5))
error_case("sgd_nesterov_no_momentum", lambda: torch.optim.SGD(P(), lr=0.1, nesterov=True))
error_case("sgd_missing_lr", lambda: torch.optim.SGD([{"params": P()}]))
error_case("adam_beta0", lambda: torch.optim.Adam(P(), betas=(1.0, 0.9)))
error_case("adam_beta1", lambda: torch.optim.Adam(P(), betas=(0.9, -0.25)))
error_case("adam_eps", lambda: torch.optim.Adam(P(), eps=-1e-08))
error_case("adamw_wd", lambda: torch.optim.AdamW(P(), weight_decay=-0.01))
error_case("rmsprop_alpha", lambda: torch.optim.RMSprop(P(), alpha=-0.99))
error_case("adagrad_lr_decay", lambda: torch.optim.Adagrad(P(), lr_decay=-0.1))
error_case("adagrad_initial_acc", lambda: torch.optim.Adagrad(P(), initial_accumulator_value=-1.0))
error_case("empty_params", lambda: torch.optim.SGD([], lr=0.1))
error_case("duplicate_groups", duplicate_groups)
error_case("non_leaf", non_leaf)
error_case("load_group_count", load_mismatch)
error_case("load_group_size", load_size_mismatch)
error_case("plateau_factor", lambda: torch.optim.lr_scheduler.ReduceLROnPlateau(torch.optim.SGD(P(), lr=0.1), factor=1.0))
error_case("plateau_mode", lambda: torch.optim.lr_scheduler.ReduceLROnPlateau(torch.optim.SGD(P(), lr=0.1), mode="avg"))
error_case("onecycle_total_steps", lambda: torch.optim.lr_scheduler.OneCycleLR(torch.optim.SGD(P(), lr=0.1), 0.5,
                                                                                total_steps=0))
error_case("onecycle_no_momentum", lambda: torch.optim.lr_scheduler.OneCycleLR(torch.optim.Adagrad(P()), 0.5,
                                                                                total_steps=10))
error_case("onecycle_too_many_steps", too_many_steps)
error_case("resume_without_initial_lr", resume_without_initial_lr)
error_case("lambda_count", lambda: torch.optim.lr_scheduler.LambdaLR(torch.optim.SGD(P(), lr=0.1),
                                                                       [LAMBDAS["inv"], LAMBDAS["inv"]]))
error_case("linear_start_factor", lambda: torch.optim.lr_scheduler.LinearLR(torch.optim.SGD(P(), lr=0.1),
                                                                              start_factor=1.5))
error_case("constant_factor", lambda: torch.optim.lr_scheduler.ConstantLR(torch.optim.SGD(P(), lr=0.1), factor=-0.5))

rp = P(2)
lines.append({"kind": "repr", "id": "sgd_repr", "text": repr(torch.optim.SGD(
    [{"params": [rp[0]]}, {"params": [rp[1]], "lr": 1e-05}], lr=0.1, momentum=0.9, dampening=0.0,
    weight_decay=0.0005))})
lines.append({"kind": "repr", "id": "adam_repr", "text": repr(torch.optim.Adam(P(), lr=0.001, weight_decay=0.0))})

# ---------------------------------------------------------------------- behaviours


def fact(name, **facts):
    lines.append({"kind": "fact", "id": name, "facts": enc(facts)})


zp = torch.tensor([1.0, -2.0, 3.0], requires_grad=True)
zo = torch.optim.SGD([zp], lr=0.1)
(zp * zp).sum().backward()
zg = zp.grad
zo.zero_grad()
fact("zero_grad_default", grad_is_none=zp.grad is None, same_object=zp.grad is zg, grad=zp.grad,
     grad_requires_grad=zp.grad.requires_grad)
zo.zero_grad(set_to_none=True)
fact("zero_grad_set_to_none", grad_is_none=zp.grad is None)
(zp * zp).sum().backward(create_graph=True)
had_fn = zp.grad.grad_fn is not None
zo.zero_grad()
fact("zero_grad_detaches", had_grad_fn=had_fn, grad_fn_after=zp.grad.grad_fn is not None, grad=zp.grad)

sp = torch.tensor([1.0, 2.0], requires_grad=True)
so = torch.optim.Adam([sp], lr=0.1)
sp.grad = torch.tensor([0.5, -0.5])
v0 = sp._version
so.step()
fact("step_no_graph", is_leaf=sp.is_leaf, has_grad_fn=sp.grad_fn is not None, requires_grad=sp.requires_grad,
     version_grew=sp._version > v0, param=sp)

src_p = torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64, requires_grad=True)
src = torch.optim.Adam([src_p], lr=0.1, amsgrad=True)
for k in range(3):
    src_p.grad = src_p.detach() * (k + 1)
    src.step()
dst_p = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
dst = torch.optim.Adam([dst_p], lr=0.5)
dst.load_state_dict(src.state_dict())
st = dst.state[dst_p]
fact("load_casts_to_param_dtype", dtypes={k: str(v.dtype)[6:] for k, v in st.items()}, lr=dst.param_groups[0]["lr"],
     amsgrad=dst.param_groups[0]["amsgrad"], exp_avg=st["exp_avg"], step=st["step"],
     shares_storage=st["exp_avg"].data_ptr() == src.state[src_p]["exp_avg"].data_ptr())

with open(OUT, "w") as f:
    for line in lines:
        f.write(json.dumps(line) + "\n")
print("wrote", len(lines), "cases to", OUT)
