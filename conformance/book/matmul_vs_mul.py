# jtorch's seed note, snippet 4: @ (matrix product) against * (elementwise product).
# Java port: jtorch-examples/src/main/java/dev/jtorch/examples/book/MatmulVsMul.java
import torch

a = torch.tensor([[1., 2.], [3., 4.]])
b = torch.tensor([[5., 6.], [7., 8.]])
print(a @ b)
print(a * b)
print(torch.matmul(a, b))
print(torch.mm(a, b))
v = torch.tensor([1., 1.])
print(a @ v)
print(a * v)
print(a * 2)
