# Chapter 3.1.2 of "3-min-pytorch" (Keon Kim, MIT): tensor arithmetic and the matrix product.
# The book draws w and b without a seed; here the seed is fixed so that the output can be compared.
# Java port: jtorch-examples/src/main/java/dev/jtorch/examples/book/TensorOperation.java
import torch

torch.manual_seed(0)
w = torch.randn(5, 3, dtype=torch.float)
x = torch.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
print("w size:", w.size())
print("x size:", x.size())
print("w:", w)
print("x:", x)

b = torch.randn(5, 2, dtype=torch.float)
print("b:", b.size())
print("b:", b)

wx = torch.mm(w, x)  # [5, 3] times [3, 2] gives [5, 2]
print("wx size:", wx.size())
print("wx:", wx)

result = wx + b
print("result size:", result.size())
print("result:", result)
