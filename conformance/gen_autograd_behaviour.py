#!/usr/bin/env python3
"""Expected values and messages of autograd behaviours, from PyTorch 1.13, for AutogradBehaviourTest.

Each line: {"name": ..., "value": ...}; value is a number, a flat list, a string (an error message or a
repr) or a bool. The Java test runs the same scenario (named alike) and compares.

Usage: /usr/bin/python3 conformance/gen_autograd_behaviour.py > jtorch-core/src/test/resources/golden/autograd_behaviour.jsonl
"""
import json
import threading

import torch
import torch.autograd.functional as AF

OUT = []


def rec(name, value):
    if isinstance(value, torch.Tensor):
        value = value.detach().reshape(-1).tolist()
    OUT.append(dict(name=name, value=value))


def err(name, f):
    try:
        f()
    except Exception as e:
        rec(name, str(e))
        return
    raise AssertionError(name + " did not raise")


def t(*v, rg=True, dtype=torch.float32):
    return torch.tensor(list(v), dtype=dtype, requires_grad=rg)


# the seed examples
w = torch.tensor(4.0, requires_grad=True)
x = torch.tensor(3.0, requires_grad=True)
l = (3 * w) ** 2 + (2 * x) ** 2
l.backward()
rec("seed.w_grad", w.grad.item())
rec("seed.x_grad", x.grad.item())
w = torch.tensor(1.0, requires_grad=True)
a = w * 3
l = a ** 2
l.backward()
rec("basic.w_grad", w.grad.item())
rec("basic.repr", repr(w.grad))

# backward
err("msg.nonscalar", lambda: (t(1., 2., 3.) * 2).backward())
x = t(1., 2., 3.)
(x * x).backward(torch.tensor([1., 0.1, 0.01]))
rec("backward_gradient.x_grad", x.grad)
err("msg.shape_mismatch", lambda: (t(1., 2., 3.) * 2).backward(torch.ones(2)))
x = t(1., 2., 3.)
z = (x * x).sum()
z.backward(retain_graph=True)
z.backward()
rec("retain.x_grad", x.grad)


def freed():
    x = t(1., 2., 3.)
    z = (x * x).sum()
    z.backward()
    z.backward()


err("msg.freed", freed)
x = t(1., 2., 3.)
(x * 2).sum().backward()
(x * x).sum().backward()
rec("accumulate.x_grad", x.grad)
x.grad = None
(x * 3).sum().backward()
rec("set_grad_none.x_grad", x.grad)
x.grad.zero_()
(x * x * x).sum().backward()
rec("zero_.x_grad", x.grad)

# retain_grad and hooks
x = t(1., 2., 3.)
y = x * 2
y.retain_grad()
(y * y).sum().backward()
rec("retain_grad.y_grad", y.grad)
rec("retain_grad.x_grad", x.grad)
x = t(1., 2., 3.)
y = x * 2
y.register_hook(lambda g: g * 3)
y.retain_grad()
(y * y).sum().backward()
rec("hook_then_retain.y_grad", y.grad)
rec("hook_then_retain.x_grad", x.grad)
x = t(1., 2., 3.)
y = x * 2
y.retain_grad()
y.register_hook(lambda g: g * 3)
(y * y).sum().backward()
rec("retain_then_hook.y_grad", y.grad)
x = t(1., 2., 3.)
x.register_hook(lambda g: g * 10)
(x * x).sum().backward()
rec("leaf_hook.x_grad", x.grad)
x = t(1., 2., 3.)
h = x.register_hook(lambda g: g * 10)
h.remove()
(x * x).sum().backward()
rec("removed_hook.x_grad", x.grad)
x = t(1., 2., 3.)
y = x.exp()
seen = []
y.register_hook(lambda g: seen.append(g.clone()))
(y * t(1., 2., 3., rg=False)).sum().backward()
rec("observing_hook.seen", seen[0])
err("msg.hook_no_grad", lambda: torch.ones(3).register_hook(lambda g: g))
err("msg.retain_no_grad", lambda: torch.ones(3).retain_grad())

# detach
x = t(1., 2., 3.)
d = x.detach()
rec("detach.requires_grad", d.requires_grad)
with torch.no_grad():
    d.mul_(2)
rec("detach.shared_x", x)
rec("detach.version", x._version)
y = x * 2
y.detach_()
rec("detach_.requires_grad", y.requires_grad)
rec("detach_.is_leaf", y.is_leaf)
err("msg.detach_view", lambda: t(1., 2., 3.)[1:].detach_())
err("msg.requires_grad_nonleaf", lambda: (t(1., 2.) * 2).requires_grad_(False))

# grad modes
x = t(1., 2., 3.)
with torch.no_grad():
    y = x * 2
    with torch.enable_grad():
        z = x * 2
    u = x * 2
rec("no_grad.y", y.requires_grad)
rec("no_grad.enable_grad.z", z.requires_grad)
rec("no_grad.after_nested.u", u.requires_grad)
with torch.set_grad_enabled(False):
    y = x * 2
rec("set_grad_enabled.y", y.requires_grad)
with torch.inference_mode():
    y = x * 2
    rec("inference_mode.enabled", torch.is_inference_mode_enabled())
    rec("inference_mode.grad_enabled", torch.is_grad_enabled())
rec("inference_mode.y", y.requires_grad)
rec("inference_mode.after", torch.is_inference_mode_enabled())
with torch.no_grad():
    with torch.inference_mode(False):
        rec("inference_mode_false.grad_enabled", torch.is_grad_enabled())
        rec("inference_mode_false.enabled", torch.is_inference_mode_enabled())
    rec("inference_mode_false.after", torch.is_grad_enabled())
y = torch.ones(3)
with torch.inference_mode():
    xi = torch.ones(3)
    yv = y[1:]
    yn = y * 2
    zi = torch.ones(3, requires_grad=True)
    rec("inference.requires_grad_inside", zi.requires_grad)
    rec("inference.op_inside_requires_grad", (zi * 2).requires_grad)
    xi.add_(1)
    rec("inference.inplace_inside", xi)
rec("inference.is_inference", [xi.is_inference(), yv.is_inference(), yn.is_inference(), y.is_inference(),
                               (xi * 2).is_inference(), xi.clone().is_inference()])
err("msg.inference_inplace", lambda: xi.add_(1))
err("msg.inference_inplace_view", lambda: xi[0:2].mul_(2))
err("msg.inference_requires_grad", lambda: xi.requires_grad_())
err("msg.inference_saved", lambda: t(1., 2., 3.) * xi)
wi = t(1., 2., 3.)
(wi + xi).sum().backward()
rec("inference.add_ok", wi.grad)
res = {}


def worker():
    res["other_thread"] = torch.is_grad_enabled()


with torch.no_grad():
    th = threading.Thread(target=worker)
    th.start()
    th.join()
rec("thread.other_thread_grad_enabled", res["other_thread"])
err("msg.int_requires_grad", lambda: torch.ones(3, dtype=torch.long).requires_grad_())
x = t(1., 2., 3.)
rec("nondiff.gt", (x > 1).requires_grad)
rec("nondiff.eq", (x == 2).requires_grad)
rec("nondiff.to_long", x.long().requires_grad)
rec("nondiff.to_double", x.double().requires_grad)

# version counter and in-place


def v1():
    x = t(1., 2., 3.)
    y = x * 2
    z = y * y
    y.add_(1)
    z.sum().backward()


def v2():
    x = torch.ones(2, 3, requires_grad=True)
    y = x.exp()
    y.add_(1)
    y.sum().backward()


def v3():
    x = t(1., 2., 3.)
    w = torch.ones(3)
    z = x * w
    w.add_(1)
    z.sum().backward()


err("msg.version_nonleaf", v1)
err("msg.version_output", v2)
err("msg.version_leaf", v3)
err("msg.leaf_inplace", lambda: t(1., 2., 3.).mul_(2))
err("msg.leaf_view_inplace", lambda: t(1., 2., 3.)[0].mul_(2))
x = t(1., 2., 3.)
y = x * 2
y.add_(1)
rec("inplace_nonleaf.name", y.grad_fn.name())
(y * y).sum().backward()
rec("inplace_nonleaf.x_grad", x.grad)
x = t(1., 2., 3.)
w = t(0.5, -1., 2.)
y = x * 1
y.mul_(w)
y.mul_(3.0)
y.sum().backward()
rec("inplace_mul_tensor.x_grad", x.grad)
rec("inplace_mul_tensor.w_grad", w.grad)
x = t(1., 2., 3.)
y = x * 2
z = y.clone()
v = z[1]
v.mul_(5)
rec("copyslices.z_name", z.grad_fn.name())
rec("copyslices.v_name", v.grad_fn.name())
z.sum().backward()
rec("copyslices.x_grad", x.grad)
x = t(1., 2.)
buf = torch.zeros(2, 3)
buf[:, 1].copy_(x * x)
rec("copyslices_into_constant.requires_grad", buf.requires_grad)
(buf * torch.arange(6.).view(2, 3)).sum().backward()
rec("copyslices_into_constant.x_grad", x.grad)
x = t(1., 2., 3., 4.)
y = x * 1
y.view(2, 2)[0].zero_()
(y * y).sum().backward()
rec("fill_view.x_grad", x.grad)
x = t(1., 2., 3.)
y = x * 2
y.retain_grad()
y.mul_(3)
(y * y).sum().backward()
rec("retain_grad_moves.y_grad", y.grad)
rec("retain_grad_moves.x_grad", x.grad)
x = t(1., 2., 3.)
y = x * 2
seen = []
y.register_hook(lambda g: seen.append(g.clone()))
y.mul_(3)
(y * y).sum().backward()
rec("hook_before_inplace.seen", seen[0])
x = t(1., 2., 3.)
y = x * 1
y.add_(t(1., 1., 1.))
y.sub_(2.0)
y.div_(4.0)
(y * y).sum().backward()
rec("inplace_chain.x_grad", x.grad)

# grad_fn names and next_functions
x = t(1., 2., 3.)
z = (x * 2) ** 2
rec("names.z", z.grad_fn.name())
rec("names.z_next", [f.name() if f is not None else None for f, _ in z.grad_fn.next_functions])
m = z.grad_fn.next_functions[0][0]
rec("names.mul_next", [f.name() if f is not None else None for f, _ in m.next_functions])
rec("names.exp_next", [f.name() if f is not None else None for f, _ in x.exp().grad_fn.next_functions])
rec("names.leaf_grad_fn_none", x.grad_fn is None)

# torch.autograd.grad
x = t(1., 2., 3.)
(g,) = torch.autograd.grad((x ** 3).sum(), [x], create_graph=True)
rec("grad.first", g)
(g2,) = torch.autograd.grad(g.sum(), [x])
rec("grad.x3_second", g2)
x = t(0.5, -1., 2.)
(g,) = torch.autograd.grad(x.exp().sum(), [x], create_graph=True)
(g2,) = torch.autograd.grad(g.sum(), [x])
rec("grad.exp_second", g2)
a = t(1., 2., 3.)
b = t(0.5, -1., 2.5)
(ga, gb) = torch.autograd.grad(torch.dist(a, b), [a, b], create_graph=True)
(h,) = torch.autograd.grad((ga * t(1., 2., 3., rg=False)).sum(), [a])
rec("grad.dist_second", h)
x = t(1., 2., 3.)
y = t(2., 0.5, 1.)
(g,) = torch.autograd.grad((x * y * x * y).sum(), [x], create_graph=True)
(gx, gy) = torch.autograd.grad(g.sum(), [x, y])
rec("grad.mulchain_second_x", gx)
rec("grad.mulchain_second_y", gy)
x = t(1., 2., 3., 4.)
y = torch.cat([x[1:3] ** 2, x.view(2, 2)[:, 0] ** 3])
(g,) = torch.autograd.grad(y.sum(), [x], create_graph=True)
(g2,) = torch.autograd.grad((g * g).sum(), [x])
rec("grad.views_cat_first", g)
rec("grad.views_cat_second", g2)
x = t(1., 2.)
u = t(3., 4.)
err("msg.unused", lambda: torch.autograd.grad((x * 2).sum(), [x, u]))
gs = torch.autograd.grad((x * 2).sum(), [x, u], allow_unused=True)
rec("grad.allow_unused_second_is_none", gs[1] is None)
err("msg.not_require", lambda: torch.autograd.grad((x * 2).sum(), [x.detach()]))
err("msg.no_grad_fn", lambda: torch.autograd.grad(torch.ones(3).sum(), [x]))
x = t(1., 2.)
y = x * 3
(gy,) = torch.autograd.grad((y * y).sum(), [y])
rec("grad.nonleaf_input", gy)
rec("grad.leaves_untouched", x.grad is None)
x = t(1., 2.)
w = t(3., 4.)
y = x * 2
y.retain_grad()
z = (y * w).sum()
(gy,) = torch.autograd.grad(z, [y], retain_graph=False)
rec("grad.pruned.gy", gy)
rec("grad.pruned.retain_hook_not_run", y.grad is None)
q = (x * x * w).sum()
(gx,) = torch.autograd.grad(q, [w])
rec("grad.pruned.gw", gx)
q2 = (x * x).sum() + (w + 1).sum()
torch.autograd.grad(q2, [w])
q2.backward()  # grad ran only the w branch (nothing saved there); the x branch still has its saved tensors
rec("grad.pruned.then_backward_x", x.grad)
rec("grad.pruned.then_backward_w", w.grad)
x = t(1., 2.)
y = (x + 1).sum()
y.backward()
y.backward()
rec("rerun_without_saved.x_grad", x.grad)
err("msg.rerun_saved_scalar", lambda: [(lambda y: (y.backward(), y.backward()))((t(1., 2.) * 3).sum())])
x = t(1., 2.)
x.register_hook(lambda g: g * 10)
rec("grad.leaf_hook_not_applied", torch.autograd.grad((x * 2).sum(), [x])[0])
y = x * 1
y.register_hook(lambda g: g * 10)
rec("grad.nonleaf_hook_not_applied", torch.autograd.grad((y * 2).sum(), [y])[0])
x = t(1., 2.)
torch.autograd.backward([(x * x).sum(), (x * 3).sum()])
rec("autograd_backward.multi_root", x.grad)

# gradcheck
err("msg.gradcheck_none_requires", lambda: torch.autograd.gradcheck(lambda a: a * 2, (torch.ones(2, dtype=torch.double),)))

err("msg.gradcheck_stride0", lambda: torch.autograd.gradcheck(
    lambda a: a * 2, (torch.ones(1, dtype=torch.double, requires_grad=True).expand(3),)))
err("msg.gradcheck_expected_zero", lambda: torch.autograd.gradcheck(
    lambda a: a.detach() * 2, (torch.ones(2, dtype=torch.double, requires_grad=True),)))
rec("gradcheck.constant_ok", torch.autograd.gradcheck(
    lambda a: (a > 0).double(), (torch.ones(2, dtype=torch.double, requires_grad=True),)))


class Noisy(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * x

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return g * 2 * x + torch.rand(1, dtype=x.dtype) * 1e-9


err("msg.gradcheck_nondet", lambda: torch.autograd.gradcheck(
    Noisy.apply, (torch.tensor([1., 2.], dtype=torch.double, requires_grad=True),)))

# a deep graph: backward and freeing need no recursion
x = torch.tensor([1.0, -2.0], dtype=torch.double, requires_grad=True)
y = x
for i in range(20000):
    y = y * 1.0001 + 0.5
y.sum().backward()
rec("deep.x_grad", x.grad)

# anomaly detection


def anomaly():
    with torch.autograd.detect_anomaly():
        rec("anomaly.enabled_inside", torch.is_anomaly_enabled())
        x = t(0., 1.)
        (x / x).sum().backward()


err("msg.anomaly_nan", anomaly)
rec("anomaly.enabled_after", torch.is_anomaly_enabled())
torch.autograd.set_detect_anomaly(True)
err("msg.anomaly_version", v1)
torch.autograd.set_detect_anomaly(False)
x = t(0., 1.)
(x / x).sum().backward()
rec("anomaly.off_nan_grad", [str(v) for v in x.grad.tolist()])

# custom Functions


class MyExp(torch.autograd.Function):
    @staticmethod
    def forward(ctx, i):
        r = i.exp()
        ctx.save_for_backward(r)
        return r

    @staticmethod
    def backward(ctx, g):
        (r,) = ctx.saved_tensors
        return g * r


x = t(0.5, -1., 2.)
y = MyExp.apply(x)
rec("function.value", y)
rec("function.name", y.grad_fn.name())
(g,) = torch.autograd.grad(y.sum(), [x], create_graph=True)
(g2,) = torch.autograd.grad((g * t(1., 2., 3., rg=False)).sum(), [x])
rec("function.grad", g)
rec("function.grad2", g2)


def fversion():
    x = t(0.5, -1., 2.)
    y = MyExp.apply(x)
    y.add_(1)
    y.sum().backward()


err("msg.function_version", fversion)


class Bad(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a, b):
        return a * b

    @staticmethod
    def backward(ctx, g):
        return g


err("msg.function_count", lambda: Bad.apply(t(1., 2.), t(1., 2.)).sum().backward())


class Shape(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a):
        return a * 2

    @staticmethod
    def backward(ctx, g):
        return g.sum()


err("msg.function_shape", lambda: Shape.apply(t(1., 2.)).sum().backward())


class Two(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a):
        ctx.mark_non_differentiable
        return a * 2, a * 3

    @staticmethod
    def backward(ctx, g1, g2):
        return g1 * 2 + g2 * 3


x = t(1., 2.)
u, v = Two.apply(x)
u.sum().backward()
rec("function.two_outputs_x_grad", x.grad)


class Ident(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a):
        return a

    @staticmethod
    def backward(ctx, g):
        return g * 5


x = t(1., 2.)
z = Ident.apply(x)
rec("function.identity_is_input", z is x)
rec("function.identity_name", z.grad_fn.name())
z.sum().backward()
rec("function.identity_x_grad", x.grad)


class ArgMax(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a):
        m = a * 2
        idx = (a > 1.5).double()
        ctx.mark_non_differentiable(idx)
        return m, idx

    @staticmethod
    def backward(ctx, g, gidx):
        return g * 2


x = t(1., 2.)
m, idx = ArgMax.apply(x)
rec("function.nondiff_requires_grad", [m.requires_grad, idx.requires_grad])

# functional
x = torch.tensor([1., 2.], dtype=torch.double)
rec("functional.jacobian", AF.jacobian(lambda a: a ** 2, x))
rec("functional.hessian", AF.hessian(lambda a: (a ** 3).sum(), x))
rec("functional.vjp", AF.vjp(lambda a: a ** 2, x, torch.tensor([1., 0.5], dtype=torch.double))[1])
rec("functional.jvp", AF.jvp(lambda a: a.exp() * a[0], x, torch.tensor([1., 0.5], dtype=torch.double))[1])
rec("functional.vhp", AF.vhp(lambda a: (a ** 3).sum() * a[0], x, torch.tensor([1., 0.5], dtype=torch.double))[1])
rec("functional.hvp", AF.hvp(lambda a: (a ** 3).sum() * a[0], x, torch.tensor([1., 0.5], dtype=torch.double))[1])
j = AF.jacobian(lambda a, b: a * b.sum(), (x, torch.tensor([3., 4., 5.], dtype=torch.double)))
rec("functional.jacobian_two_inputs_0", j[0])
rec("functional.jacobian_two_inputs_1", j[1])
rec("functional.jacobian_shape_1", list(j[1].shape))
err("msg.hessian_nonscalar", lambda: AF.hessian(lambda a: a ** 3, x))

for o in OUT:
    print(json.dumps(o))
