# Chapter 3.1.1 of "3-min-pytorch" (Keon Kim, MIT): rank and shape of a tensor.
# Java port: jtorch-examples/src/main/java/dev/jtorch/examples/book/TensorBasic.java
import torch

x = torch.tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9]])
print(x)
print("Size:", x.size())
print("Shape:", x.shape)
print("랭크(차원):", x.ndimension())

# add a dimension of size 1 in front
x = torch.unsqueeze(x, 0)
print(x)
print("Size:", x.size())
print("Shape:", x.shape)
print("랭크(차원):", x.ndimension())

# drop every dimension of size 1
x = torch.squeeze(x)
print(x)
print("Size:", x.size())
print("Shape:", x.shape)
print("랭크(차원):", x.ndimension())

# the same 9 elements as a vector
x = x.view(9)
print(x)
print("Size:", x.size())
print("Shape:", x.shape)
print("랭크(차원):", x.ndimension())

# 9 elements cannot fill a 2x4 view
try:
    x = x.view(2, 4)
except Exception as e:
    print(e)
