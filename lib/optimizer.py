"""Optimizers update parameters in place; clip_grads rescales gradients in place."""
import math

import numpy as np

from lib.checks import check_params_and_grads, check_positive

LR_HINT = " (the step size: try 0.1 to 20 for SGD, 0.001 for Adam)"


class SGD:
    """Stochastic gradient descent: p <- p - lr * g."""

    def __init__(self, lr=0.01):
        self.lr = check_positive("lr", lr, LR_HINT)

    def update(self, params, grads):
        check_params_and_grads(params, grads)
        for i in range(len(params)):
            params[i] -= self.lr * grads[i]


class Adam:
    """Adam (Kingma & Ba, 2015), with bias correction folded into the step size."""

    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
        self.lr, self.beta1, self.beta2, self.eps = check_positive("lr", lr, LR_HINT), beta1, beta2, eps
        self.iter = 0
        self.m, self.v = None, None

    def update(self, params, grads):
        check_params_and_grads(params, grads)
        if self.m is None:
            self.m = [np.zeros_like(p) for p in params]
            self.v = [np.zeros_like(p) for p in params]
        self.iter += 1
        lr_t = self.lr * math.sqrt(1 - self.beta2 ** self.iter) / (1 - self.beta1 ** self.iter)
        for i in range(len(params)):
            self.m[i] += (1 - self.beta1) * (grads[i] - self.m[i])
            self.v[i] += (1 - self.beta2) * (grads[i] ** 2 - self.v[i])
            params[i] -= lr_t * self.m[i] / (np.sqrt(self.v[i]) + self.eps)


def clip_grads(grads, max_norm):
    """Scale all gradients by one factor so that their global L2 norm is at most max_norm.

    Returns the norm before clipping.
    """
    check_positive("max_norm", max_norm)
    total_norm = global_norm(grads)
    rate = max_norm / (total_norm + 1e-6)
    if rate < 1:
        for g in grads:
            g *= rate
    return total_norm


def global_norm(grads):
    """The L2 norm of all gradients together, summed in float64 (g ** 2 in float16 overflows above 256).

    FloatingPointError if it is not a finite number: a gradient holds NaN or infinity.
    """
    total_norm = math.sqrt(sum(float(np.sum(np.square(g, dtype=np.float64))) for g in grads))
    if not math.isfinite(total_norm):
        raise diverged(total_norm)
    return total_norm


def diverged(total_norm):
    """The error for gradients whose global norm is NaN or infinite."""
    return FloatingPointError(f"the gradients' global norm is {total_norm}: a gradient holds NaN or infinity, so "
                              f"training has diverged. Lower the learning rate, or clip the gradients harder")
