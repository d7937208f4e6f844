"""Optimizers update parameters in place; clip_grads rescales gradients in place."""
import numpy as np


def blocks(*arrays, size=1 << 16):
    """Matching row slices (views) of same-shape arrays, about `size` elements each.

    Updating a large array block by block keeps each block and the temporaries
    made from it in the CPU cache, instead of streaming every temporary through memory.
    """
    first = arrays[0]
    if first.size <= size:
        return [arrays]
    rows = max(1, size // (first.size // len(first)))
    return [tuple(a[start:start + rows] for a in arrays) for start in range(0, len(first), rows)]


class SGD:
    """Stochastic gradient descent: p <- p - lr * g."""

    def __init__(self, lr=0.01):
        self.lr = lr

    def update(self, params, grads):
        for p, g in zip(params, grads):
            for p_block, g_block in blocks(p, g):
                p_block -= self.lr * g_block


class Adam:
    """Adam (Kingma & Ba, 2015), with bias correction folded into the step size."""

    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
        self.lr, self.beta1, self.beta2, self.eps = lr, beta1, beta2, eps
        self.iter = 0
        self.m, self.v = None, None

    def update(self, params, grads):
        if self.m is None:
            self.m = [np.zeros_like(p) for p in params]
            self.v = [np.zeros_like(p) for p in params]
        self.iter += 1
        lr_t = self.lr * np.sqrt(1 - self.beta2 ** self.iter) / (1 - self.beta1 ** self.iter)
        for arrays in zip(params, grads, self.m, self.v):
            for p, g, m, v in blocks(*arrays):
                m += (1 - self.beta1) * (g - m)
                v += (1 - self.beta2) * (g * g - v)
                p -= lr_t * m / (np.sqrt(v) + self.eps)


def clip_grads(grads, max_norm):
    """Scale all gradients by one factor so that their global L2 norm is at most max_norm.

    Returns the norm before clipping.
    """
    total_norm = float(np.sqrt(sum(np.vdot(g, g) for g in grads)))
    rate = max_norm / (total_norm + 1e-6)
    if rate < 1:
        for g in grads:
            g *= rate
    return total_norm
