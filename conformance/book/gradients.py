# jtorch's seed note, snippet 5: l = (3w)^2 + (2x)^2 at w = 4, x = 3 gives dl/dw = 72, dl/dx = 24.
# Java port: jtorch-examples/src/main/java/dev/jtorch/examples/book/Gradients.java
import torch

w = torch.tensor(4.0, requires_grad=True)
x = torch.tensor(3.0, requires_grad=True)
l = (3 * w) ** 2 + (2 * x) ** 2
l.backward()
print("l:", l.item())
print("w의 기울기:", w.grad.item())
print("x의 기울기:", x.grad.item())
print(w.grad, x.grad)
