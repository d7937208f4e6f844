"""Time layers: process a whole sequence block (N, T, ...) at once."""
import numpy as np

from lib.checks import check_affine_params, check_array, check_dim, check_ids, check_rnn_params
from lib.functions import softmax_with_log_sum_exp
from lib.layers import Embedding


class TimeRNN:
    """T steps of the RNN layer sharing Wx (D, H), Wh (H, H), b (H,): xs (N, T, D) -> hs (N, T, H).

    stateful=True carries the last hidden state into the next forward call
    (forward continues across blocks, backward stops at the block: truncated BPTT).
    After backward, `dh` (N, H) is the gradient w.r.t. the block's initial hidden state.

    Each step computes what RNN.forward / RNN.backward compute (tests check they
    agree); the parts that do not depend on the previous step (x_t @ Wx, and the
    weight gradients summed over steps) are done as one matrix product over all
    N*T rows instead of T small ones, which is much faster in numpy.
    """

    def __init__(self, Wx, Wh, b, stateful=False):
        check_rnn_params(Wx, Wh, b)
        self.params = [Wx, Wh, b]
        self.grads = [np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)]
        self.h, self.dh = None, None
        self.stateful = stateful
        self.cache = None

    def set_state(self, h):
        """Use h (N, H) as the hidden state before the next forward (stateful layers only)."""
        if not self.stateful:
            raise ValueError("set_state needs a TimeRNN built with stateful=True: "
                             "a non-stateful TimeRNN starts every forward from zeros")
        check_array("h", h, 2, "N, H")
        check_dim("h", h, 1, self.params[1].shape[0], "H, the size of Wh")
        self.h = h

    def reset_state(self):
        self.h = None

    def forward(self, xs):
        Wx, Wh, b = self.params
        check_array("xs", xs, 3, "N, T, D")
        check_dim("xs", xs, 2, Wx.shape[0], "D, the rows of Wx")
        N, T, D = xs.shape
        H = Wh.shape[0]

        if not self.stateful or self.h is None:
            self.h = np.zeros((N, H), dtype=Wh.dtype)
        elif self.h.shape[0] != N:
            raise ValueError(
                f"the hidden state carried over has batch size {self.h.shape[0]}, but xs has "
                f"batch size {N}; call reset_state() (or set_state(h)) before changing the batch size")

        hs = np.empty((N, T, H), dtype=Wh.dtype)  # the parameters' dtype (the notes used float32 always)
        xWx = (xs.reshape(N * T, D) @ Wx + b).reshape(N, T, H)  # x_t @ Wx + b for every step at once
        h = self.h
        for t in range(T):
            h = np.tanh(h @ Wh + xWx[:, t])
            hs[:, t] = h
        self.cache = (xs, self.h, hs)  # self.h is still h_{-1}, the state this block started from
        self.h = h
        return hs

    def backward(self, dhs):
        """dhs (N, T, H) -> dxs (N, T, D); sets self.dh (N, H)."""
        Wx, Wh, b = self.params
        xs, h_first, hs = self.cache
        N, T, H = dhs.shape
        D = Wx.shape[0]

        dts = np.empty_like(hs)  # gradient w.r.t. each step's tanh input
        dh = np.zeros((N, H), dtype=hs.dtype)
        for t in reversed(range(T)):
            # h_t went two ways in forward (up to the output, on to step t+1),
            # so its gradient is the sum of the two gradients coming back.
            dts[:, t] = (dhs[:, t] + dh) * (1 - hs[:, t] ** 2)  # tanh'(a) = 1 - tanh(a)^2
            dh = dts[:, t] @ Wh.T
        self.dh = dh

        # The weights are shared by all steps, so their gradients add up over t:
        # sum_t x_t.T @ dt_t is one product over the N*T rows.
        hs_prev = np.concatenate([h_first[:, None], hs[:, :-1]], axis=1)  # h_{t-1} for every t
        dts = dts.reshape(N * T, H)
        self.grads[0][...] = xs.reshape(N * T, D).T @ dts
        self.grads[1][...] = hs_prev.reshape(N * T, H).T @ dts
        self.grads[2][...] = dts.sum(axis=0)
        return (dts @ Wx.T).reshape(N, T, D)


class TimeEmbedding(Embedding):
    """Look up word vectors for a block of ids: xs (N, T) -> (N, T, D), with W (V, D).

    The lookup and the gradient are Embedding's, applied to the whole block at once:
    backward makes one (V, D) gradient for the block, not one dense gradient per step.
    """

    def forward(self, xs):
        check_array("xs", xs, 2, "N, T")
        return super().forward(xs)


class TimeAffine:
    """xs (N, T, D) -> xs @ W + b (N, T, M), with W (D, M), b (M,): one matrix product over the N*T rows."""

    def __init__(self, W, b):
        check_affine_params(W, b)
        self.params = [W, b]
        self.grads = [np.zeros_like(W), np.zeros_like(b)]
        self.x = None

    def forward(self, xs):
        W, b = self.params
        check_array("xs", xs, 3, "N, T, D")
        check_dim("xs", xs, 2, W.shape[0], "D, the rows of W")
        N, T, D = xs.shape
        self.x = xs.reshape(N * T, D)
        out = self.x @ W
        out += b  # in place: no second (N*T, M) array
        return out.reshape(N, T, -1)

    def backward(self, dout):
        """dout (N, T, M) -> dxs (N, T, D)."""
        W, b = self.params
        N, T, M = dout.shape
        dout = dout.reshape(N * T, M)
        self.grads[0][...] = self.x.T @ dout
        self.grads[1][...] = dout.sum(axis=0)
        dx = dout @ W.T
        return dx.reshape(N, T, -1)


class TimeSoftmaxWithLoss:
    """Scores xs (N, T, V), labels ts (N, T) -> the mean cross-entropy over the N*T labels.

    Labels equal to -1 are ignored: they add no loss and no gradient, and the
    mean is over the labels that count.
    """

    ignore_label = -1

    def __init__(self):
        self.params, self.grads = [], []
        self.cache = None

    def forward(self, xs, ts):
        check_array("xs", xs, 3, "N, T, V")
        check_array("ts", ts, 2, "N, T")
        if ts.shape != xs.shape[:2]:
            raise ValueError(f"ts has shape {ts.shape}, but it needs one label per score row: {xs.shape[:2]}")
        N, T, V = xs.shape
        check_ids("ts", ts, V, allow=(self.ignore_label,))
        xs = xs.reshape(N * T, V)  # all N*T rows at once, as SoftmaxWithLoss does for N rows
        ts = ts.reshape(N * T)
        mask = ts != self.ignore_label

        ys, lse = softmax_with_log_sum_exp(xs)
        # -log ys[t] = log(sum(exp(x))) - x[t], computed from the scores: finite even where
        # ys[t] underflows to 0 (the book's log(ys[t]) gives -inf there, and -inf * 0 nan).
        ls = lse - xs[np.arange(N * T), ts]
        count = max(int(mask.sum()), 1)  # at least 1: all labels ignored gives 0, not 0 / 0
        loss = np.sum(ls * mask) / count
        self.cache = (ts, ys, mask, count, (N, T, V))
        return float(loss)

    def backward(self, dout=1):
        """-> dxs (N, T, V), the gradient of dout * loss."""
        ts, ys, mask, count, (N, T, V) = self.cache
        dx = ys.copy()  # a copy: a second backward gives the same gradient
        dx[np.arange(N * T), ts] -= 1
        dx *= dout / count
        dx *= mask[:, None]  # ignored labels get no gradient
        return dx.reshape(N, T, V)


class TimeDropout:
    """Inverted dropout on a block xs (N, T, ...): each unit is zeroed with probability dropout_ratio.

    In training (train_flg True) a new mask is drawn at every forward from rng (a numpy
    Generator), and the units kept are scaled by 1 / (1 - dropout_ratio), so that the expected
    output equals the input and evaluation (train_flg False) is simply the identity.
    """

    def __init__(self, dropout_ratio=0.5, rng=None):
        if not 0 <= dropout_ratio < 1:
            raise ValueError(f"dropout_ratio is the probability of dropping a unit: it must be in [0, 1), "
                             f"got {dropout_ratio}")
        self.params, self.grads = [], []
        self.dropout_ratio = dropout_ratio
        self.rng = np.random.default_rng(rng)
        self.train_flg = True
        self.mask = None

    def forward(self, xs):
        if not self.train_flg or self.dropout_ratio == 0:
            self.mask = None
            return xs
        keep = self.rng.random(xs.shape) >= self.dropout_ratio  # float64 draws whatever xs's dtype
        self.mask = keep.astype(xs.dtype) / xs.dtype.type(1 - self.dropout_ratio)
        return xs * self.mask

    def backward(self, dout):
        """dout -> dout * mask (the units dropped in forward get no gradient)."""
        return dout if self.mask is None else dout * self.mask
