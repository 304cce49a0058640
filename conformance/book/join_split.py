# jtorch's seed note, snippet 3: chunk, split, cat and stack.
# Java port: jtorch-examples/src/main/java/dev/jtorch/examples/book/JoinSplit.java
import torch

x = torch.arange(10)
print(torch.chunk(x, 3))
print(torch.split(x, 4))
m = torch.tensor([[1, 2, 3], [4, 5, 6]])
a, b = torch.chunk(m, 2, dim=0)
print(a)
print(b)
print(torch.cat((a, b), 0))
print(torch.cat((a, b), 1))
print(torch.stack((a, b)))
print(torch.stack((a, b), 1).shape)
