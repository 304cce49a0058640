# jtorch's seed note, snippet 5: gradients of a function of two leaves.
# Java port: jtorch-examples/src/main/java/dev/jtorch/examples/book/Gradients.java
import torch

w = torch.tensor(1.0, requires_grad=True)
x = torch.tensor(3.0, requires_grad=True)
a = 2 * w * x
l = a ** 2
l.backward()
print("l:", l.item())
print("w의 기울기:", w.grad.item())
print("x의 기울기:", x.grad.item())
print(w.grad, x.grad)
