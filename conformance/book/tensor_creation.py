# jtorch's seed note, snippet 1: tensors from lists and arrays, zeros and rand.
# Java port: jtorch-examples/src/main/java/dev/jtorch/examples/book/TensorCreation.java
import numpy as np
import torch

a = torch.tensor([1, 2, 3])
print(a, a.dtype)
b = torch.tensor([[1.5, 2.5], [3.5, 4.5]])
print(b, b.dtype)
c = torch.tensor([True, False, True])
print(c, c.dtype)
d = torch.from_numpy(np.array([1.0, 2.0, 3.0]))
print(d, d.dtype)
e = torch.tensor([[1, 2], [3, 4]], dtype=torch.float64)
print(e)

z = torch.zeros(2, 3)
print(z)
o = torch.ones(2, 2, dtype=torch.int64)
print(o)
torch.manual_seed(0)
r = torch.rand(2, 3)
print(r)
n = torch.randn(3)
print(n)
print(torch.arange(5))
print(torch.linspace(0, 1, 5))
