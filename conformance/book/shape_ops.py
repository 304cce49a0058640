# jtorch's seed note, snippet 2: reshape, view, squeeze and unsqueeze.
# Java port: jtorch-examples/src/main/java/dev/jtorch/examples/book/ShapeOps.java
import torch

x = torch.arange(12)
print(x.reshape(3, 4))
print(x.view(2, 2, 3))
print(x.reshape(-1, 6))
y = torch.zeros(1, 3, 1, 2)
print(y.squeeze().shape)
print(y.squeeze(0).shape)
print(y.unsqueeze(0).shape)
print(torch.unsqueeze(x, 1).shape)
t = torch.tensor([[1, 2, 3], [4, 5, 6]])
print(t.t())
print(t.transpose(0, 1).is_contiguous())
print(t.flatten())
