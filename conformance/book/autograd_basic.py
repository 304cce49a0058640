# Chapter 3.1.3 of "3-min-pytorch" (Keon Kim, MIT): autograd on a scalar.
# Java port: jtorch-examples/src/main/java/dev/jtorch/examples/book/AutogradBasic.java
import torch

w = torch.tensor(1.0, requires_grad=True)

a = w * 3
l = a ** 2
l.backward()
print(w.grad)
print('l을 w로 미분한 값은 {}'.format(w.grad))
