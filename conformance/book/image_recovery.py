# Chapter 3, project 1 of "3-min-pytorch" (Keon Kim, MIT): restoring a picture by gradient descent.
# The seed is fixed (the book has none) and the broken picture is read from the .npy that jtorch ships
# (the book reads the same values from a pickle). argv[1] may shorten the 20000 steps for tests.
# Java port: jtorch-examples/src/main/java/dev/jtorch/examples/book/ImageRecovery.java
import os
import sys

import numpy as np
import torch

here = os.path.dirname(os.path.abspath(__file__))
npy = os.path.join(here, "..", "..", "jtorch-examples", "src", "main", "resources", "dev", "jtorch", "examples", "book", "broken_image_t.npy")
broken_image = torch.from_numpy(np.load(npy))


def weird_function(x, n_iter=5):
    h = x
    filt = torch.tensor([-1./3, 1./3, -1./3])
    for i in range(n_iter):
        zero_tensor = torch.tensor([1.0*0])
        h_l = torch.cat((zero_tensor, h[:-1]), 0)
        h_r = torch.cat((h[1:], zero_tensor), 0)
        h = filt[0] * h + filt[2] * h_l + filt[1] * h_r
        if i % 2 == 0:
            h = torch.cat((h[h.shape[0]//2:], h[:h.shape[0]//2]), 0)
    return h


def distance_loss(hypothesis, broken_image):
    return torch.dist(hypothesis, broken_image)


steps = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
torch.manual_seed(0)
random_tensor = torch.randn(10000, dtype=torch.float)

lr = 0.8
for i in range(0, steps):
    random_tensor.requires_grad_(True)
    hypothesis = weird_function(random_tensor)
    loss = distance_loss(hypothesis, broken_image)
    loss.backward()
    with torch.no_grad():
        random_tensor = random_tensor - lr * random_tensor.grad
    if i % 1000 == 0:
        print('Loss at {} = {}'.format(i, loss.item()))
