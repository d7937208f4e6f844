"""Time layers: process a whole sequence block (N, T, ...) at once."""
import numpy as np

from lib.checks import check_affine_params, check_array, check_dim, check_ids, check_rnn_params
from lib.functions import softmax_cross_entropy
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
            h = np.tanh(h @ Wh + xWx[:, t], out=hs[:, t])  # h_t, written straight into hs
        self.cache = (xs, self.h, hs)  # self.h is still h_{-1}, the state this block started from
        self.h = h
        return hs

    def backward(self, dhs):
        """dhs (N, T, H) -> dxs (N, T, D); sets self.dh (N, H)."""
        Wx, Wh, b = self.params
        xs, h_first, hs = self.cache
        N, T, H = dhs.shape
        D = Wx.shape[0]

        dtanh = 1 - hs ** 2  # tanh'(a) = 1 - tanh(a)^2, for every step at once
        dts = np.empty_like(hs)  # gradient w.r.t. each step's tanh input
        dh = np.zeros((N, H), dtype=hs.dtype)
        WhT = np.ascontiguousarray(Wh.T)  # one copy; T products with a contiguous matrix are faster
        for t in reversed(range(T)):
            # h_t went two ways in forward (up to the output, on to step t+1),
            # so its gradient is the sum of the two gradients coming back.
            np.multiply(dhs[:, t] + dh, dtanh[:, t], out=dts[:, t])
            dh = dts[:, t] @ WhT
        self.dh = dh

        # The weights are shared by all steps, so their gradients add up over t:
        # sum_t x_t.T @ dt_t is one product over the N*T rows.
        hs_prev = np.concatenate([h_first[:, None], hs[:, :-1]], axis=1)  # h_{t-1} for every t
        dts = dts.reshape(N * T, H)
        np.matmul(xs.reshape(N * T, D).T, dts, out=self.grads[0])
        np.matmul(hs_prev.reshape(N * T, H).T, dts, out=self.grads[1])
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
    """xs (N, T, D) -> xs @ W + b (N, T, M) as one matrix product over the N*T rows."""

    def __init__(self, W, b):
        check_affine_params(W, b)
        # W and b live as the rows of one array Wb = [W; b] (D + 1, M), met by a column
        # of ones in x: [x, 1] @ [W; b] = x @ W + b. One matrix product then adds the
        # bias, and in backward one product gives dW and db (db = the column sums of
        # dout) into dWb = [dW; db], with no extra pass over the large (N*T, M) arrays.
        # params and grads are views into these arrays (Wb is a copy of the W and b given),
        # so an optimizer that updates params updates Wb.
        self.Wb = np.vstack([W, b])
        self.dWb = np.zeros_like(self.Wb)
        self.params = [self.Wb[:-1], self.Wb[-1]]
        self.grads = [self.dWb[:-1], self.dWb[-1]]
        self.x1 = None

    def forward(self, xs):
        W = self.params[0]
        check_array("xs", xs, 3, "N, T, D")
        check_dim("xs", xs, 2, W.shape[0], "D, the rows of W")
        N, T, D = xs.shape
        self.x1 = np.ones((N * T, D + 1), dtype=W.dtype)  # [x, 1]
        self.x1[:, :D] = xs.reshape(N * T, D)
        return (self.x1 @ self.Wb).reshape(N, T, -1)

    def backward(self, dout):
        """dout (N, T, M) -> dxs (N, T, D)."""
        W = self.params[0]
        N, T, M = dout.shape
        dout = dout.reshape(N * T, M)
        np.matmul(self.x1.T, dout, out=self.dWb)  # [dW; db] (D + 1, M)
        return (dout @ W.T).reshape(N, T, -1)


class TimeSoftmaxWithLoss:
    """Scores xs (N, T, V), labels ts (N, T) -> the mean cross-entropy over all N*T labels.

    Labels equal to -1 are ignored. overwrite_scores=True lets the layer reuse the
    memory of xs for its probabilities and gradient (xs is destroyed): a model
    whose scores are its own temporary saves one (N, T, V) array that way.
    """

    ignore_label = -1

    def __init__(self, overwrite_scores=False):
        self.params, self.grads = [], []
        self.overwrite_scores = overwrite_scores
        self.dx = None

    def forward(self, xs, ts):
        check_array("xs", xs, 3, "N, T, V")
        check_array("ts", ts, 2, "N, T")
        if ts.shape != xs.shape[:2]:
            raise ValueError(f"ts has shape {ts.shape}, but it needs one label per score row: {xs.shape[:2]}")
        N, T, V = xs.shape
        check_ids("ts", ts, V, allow=(self.ignore_label,))
        scores = xs.reshape(N * T, V)
        # The gradient (softmax - onehot) / n is prepared here, so backward only
        # scales it and a second backward returns the same gradient.
        loss, dx = softmax_cross_entropy(scores, ts.reshape(-1), self.ignore_label,
                                         out=scores if self.overwrite_scores else None)
        self.dx = dx.reshape(N, T, V)
        self.dx.flags.writeable = False  # backward hands out this array: nobody may change it
        return loss

    def backward(self, dout=1):
        """-> dxs (N, T, V), the gradient of dout * loss."""
        return self.dx if dout == 1 else self.dx * dout
