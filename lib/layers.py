"""Layers for one time step: RNN, Embedding, Affine, SoftmaxWithLoss.

Every layer has `params` (list of arrays), `grads` (arrays of the same shapes,
overwritten in place by backward so an optimizer may keep references),
`forward(...)` and `backward(dout)`.
"""
import numpy as np

from lib.checks import check_affine_params, check_array, check_dim, check_ids, check_rnn_params
from lib.functions import softmax_with_log_sum_exp


class RNN:
    """One step of a tanh RNN: h_next = tanh(h_prev @ Wh + x @ Wx + b).

    Wx (D, H), Wh (H, H), b (H,); x (N, D), h_prev and h_next (N, H).
    """

    def __init__(self, Wx, Wh, b):
        check_rnn_params(Wx, Wh, b)
        self.params = [Wx, Wh, b]
        self.grads = [np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)]
        self.cache = None

    def forward(self, x, h_prev):
        Wx, Wh, b = self.params
        check_array("x", x, 2, "N, D")
        check_dim("x", x, 1, Wx.shape[0], "D, the rows of Wx")
        check_array("h_prev", h_prev, 2, "N, H")
        check_dim("h_prev", h_prev, 1, Wh.shape[0], "H, the size of Wh")
        check_dim("h_prev", h_prev, 0, x.shape[0], "N, the batch size of x")
        h_next = np.tanh(h_prev @ Wh + x @ Wx + b)
        self.cache = (x, h_prev, h_next)
        return h_next

    def backward(self, dh_next):
        """dh_next (N, H) -> (dx (N, D), dh_prev (N, H))."""
        Wx, Wh, b = self.params
        x, h_prev, h_next = self.cache
        dt = dh_next * (1 - h_next ** 2)  # tanh'(a) = 1 - tanh(a)^2
        self.grads[0][...] = x.T @ dt
        self.grads[1][...] = h_prev.T @ dt
        self.grads[2][...] = dt.sum(axis=0)
        dx = dt @ Wx.T
        dh_prev = dt @ Wh.T
        return dx, dh_prev


class Embedding:
    """Look up rows of W (V, D): ids of any shape (...) -> vectors (..., D)."""

    def __init__(self, W):
        self.params = [W]
        self.grads = [np.zeros(W.shape, dtype=W.dtype)]
        self.idx = None

    def forward(self, idx):
        W, = self.params
        check_ids("idx", idx, len(W))
        self.idx = idx
        return W[idx]

    def backward(self, dout):
        """dout (..., D) -> None (ids have no gradient)."""
        dW, = self.grads
        dW[...] = 0
        # A word that occurs several times collects the sum of its gradients: add.at
        # adds at repeated indices, where dW[idx] += dout would keep only one of them.
        np.add.at(dW, self.idx, dout)
        return None


class Affine:
    """x (N, D) -> x @ W + b (N, M), with W (D, M), b (M,)."""

    def __init__(self, W, b):
        check_affine_params(W, b)
        self.params = [W, b]
        self.grads = [np.zeros_like(W), np.zeros_like(b)]
        self.x = None

    def forward(self, x):
        W, b = self.params
        check_dim("x", x, -1, W.shape[0], "the rows of W")
        self.x = x
        return x @ W + b

    def backward(self, dout):
        """dout (N, M) -> dx (N, D)."""
        W, b = self.params
        self.grads[0][...] = self.x.T @ dout
        self.grads[1][...] = dout.sum(axis=0)
        return dout @ W.T


class SoftmaxWithLoss:
    """Softmax then mean cross-entropy: scores x (N, V), labels t (N,) -> loss.

    Labels equal to -1 are ignored: they add no loss and no gradient, and the
    mean is over the labels that count.
    """

    ignore_label = -1

    def __init__(self):
        self.params, self.grads = [], []
        self.y, self.t, self.mask, self.count = None, None, None, None

    def forward(self, x, t):
        check_array("x", x, 2, "N, V")
        check_ids("t", t, x.shape[1], allow=(self.ignore_label,))  # first: a list gets a clear TypeError
        check_dim("t", t.reshape(-1, 1), 0, x.shape[0], "N, one label per row of x")
        self.t = t.reshape(-1)
        self.mask = self.t != self.ignore_label
        self.y, lse = softmax_with_log_sum_exp(x)
        # -log y[t] = log(sum(exp(x))) - x[t], computed from the scores: finite even where
        # y[t] underflows to 0 (the book's log(y[t]) gives -inf there, and -inf * 0 nan).
        losses = lse - x[np.arange(len(x)), self.t]
        self.count = max(int(self.mask.sum()), 1)  # at least 1: all labels ignored gives 0, not 0 / 0
        return float(np.sum(losses * self.mask) / self.count)

    def backward(self, dout=1):
        """-> dx (N, V), the gradient of dout * loss."""
        dx = self.y.copy()  # a copy: a second backward gives the same gradient
        dx[np.arange(len(dx)), self.t] -= 1
        dx *= dout / self.count
        dx *= self.mask[:, None]  # ignored labels get no gradient
        return dx
