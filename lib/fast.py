"""The fast engine: FastRnnlm, RegularizedRnnlm (and so SimpleRnnlm) computed with speed tricks, and optimizers.

The readable core (lib.layers, lib.time_layers, lib.rnnlm) is the textbook code; this module is
the same model rewritten for speed. tests/test_fast.py proves that it changes no number: the
same loss and gradients as SimpleRnnlm, and as RegularizedRnnlm with dropout and tied weights,
to 1e-10 in float64. The tricks, each measured faster (benchmarks/bench_train.py measures the
whole step against the core, on this machine):

1. The output layer holds W and b as one array [W; b], met by a column of ones: one matrix
   product gives the scores with the bias, one gives dW and db together (untied weights only:
   a tied W is the embedding's own array).
2. Softmax and loss are fused and done in cache-sized blocks of rows, in the scores' own memory:
   exp without the max shift (rows whose sum leaves [1e-20, 1e30] are redone with it).
3. The softmax gradient is never formed: (softmax - onehot) / m = r * (exp - sum * onehot) with
   one number r per row, so the small sides of the two gradient products are scaled by r instead
   of the (N*T, V) array.
4. The embedding gradient adds into the flat view of dW (np.add.at is faster on 1-D arrays).
5. The optimizers update large arrays in cache-sized blocks, and can fold gradient clipping into
   the update (one pass over the gradients instead of two): FastSGD(lr, max_grad=0.25).
"""
import numpy as np

from lib.checks import check_array, check_ids, check_labels, check_params_and_grads, check_positive
from lib.optimizer import SGD, Adam, diverged
from lib.regularized_rnnlm import RegularizedRnnlm


def exp_rows(scores, raw_rows, block_size=1 << 16):
    """Overwrite scores (M, V) with exp(scores - c) row by row; return (sums (M,), c (M,)).

    c is 0 for ordinary rows and the row's max for rows whose exp overflows or vanishes;
    raw_rows(i) must give the original scores of rows i (exp has overwritten them).
    Blocks of ~block_size elements stay in the CPU cache while exp and the row sums read them.
    """
    M, V = scores.shape
    sums = np.empty(M, dtype=scores.dtype)
    shift = np.zeros(M, dtype=scores.dtype)  # softmax(s) = softmax(s - c) for any c per row
    ones = np.ones(V, dtype=scores.dtype)
    step = max(1, min(M, block_size // V))
    # The max shift costs two passes (find the max, subtract it), and ordinary scores do not
    # need it: exp comes first, and only rows whose sum falls outside [1e-20, 1e30] (a score
    # above ~69, or all below ~-46) are redone shifted. Inside those bounds, sum * m and its
    # inverse stay far from float32's limits.
    with np.errstate(over="ignore", invalid="ignore"):
        for a in range(0, M, step):
            s = scores[a:a + step]
            np.exp(s, out=s)
            np.matmul(s, ones, out=sums[a:a + step])  # row sums: BLAS is faster than s.sum(axis=1)
    redo = np.flatnonzero(~((sums >= 1e-20) & (sums <= 1e30)))  # nan fails both tests
    if len(redo):
        raw = raw_rows(redo)
        shift[redo] = raw.max(axis=1)
        scores[redo] = np.exp(raw - shift[redo, None])
        sums[redo] = scores[redo] @ ones
    return sums, shift


def softmax_cross_entropy_in_place(scores, labels, raw_rows, ignore_label=-1):
    """Mean cross-entropy of softmax(scores) against labels; returns (loss, r) and overwrites scores.

    scores (M, V), labels (M,) with ignore_label for rows that do not count; raw_rows as exp_rows's.
    Afterwards d loss / d scores = r[:, None] * scores, with r (M,): the gradient is never formed.
    """
    M, V = scores.shape
    keep = labels != ignore_label
    m = max(int(np.count_nonzero(keep)), 1)
    rows, targets = np.flatnonzero(keep), labels[keep]
    target_scores = scores[rows, targets]  # read before exp overwrites them
    sums, shift = exp_rows(scores, raw_rows)
    # -log softmax(s)[t] = log(sum_j exp(s_j - c)) + c - s_t: finite even when the
    # target's probability underflows to 0.
    losses = np.log(sums[rows].astype(np.float64)) + shift[rows] - target_scores
    # (softmax - onehot) / m = r * (e - sum * onehot), with r = 1 / (sum * m) on the rows that
    # count and 0 on the others: one number per row instead of a pass over the (M, V) array.
    scores[rows, targets] -= sums[rows]
    r = np.zeros(M, dtype=scores.dtype)
    r[rows] = 1.0 / (sums[rows] * m)
    return float(np.sum(losses) / m), r


class FastTimeAffine:
    """xs (N, T, D) -> scores xs @ W + b (N, T, V), with W and b the rows of one array [W; b]."""

    def __init__(self, W, b):
        # [x, 1] @ [W; b] = x @ W + b: one product adds the bias, and in backward one product
        # gives [dW; db]. params and grads are views into Wb and dWb (Wb is a copy of W and b),
        # so an optimizer that updates params updates Wb.
        self.Wb = np.vstack([W, b])
        self.dWb = np.zeros_like(self.Wb)
        self.params = [self.Wb[:-1], self.Wb[-1]]
        self.grads = [self.dWb[:-1], self.dWb[-1]]
        self.x1 = None

    def forward(self, xs):
        check_array("xs", xs, 3, "N, T, D")
        N, T, D = xs.shape
        self.x1 = np.ones((N * T, D + 1), dtype=self.Wb.dtype)  # [x, 1]
        self.x1[:, :D] = xs.reshape(N * T, D)
        return (self.x1 @ self.Wb).reshape(N, T, -1)

    def raw_scores(self, rows):
        """The scores of the rows (of the N*T) of the last forward, computed again."""
        return self.x1[rows] @ self.Wb

    def backward(self, dout, row_scale):
        """dout (N, T, V) -> dxs (N, T, D); the gradient is row_scale[i] * dout[i] for each of the
        N*T rows i, row_scale (N*T,): the small (N*T, D) side gets scaled, not dout."""
        N, T, V = dout.shape
        dout = dout.reshape(N * T, V)
        np.matmul((self.x1 * row_scale[:, None]).T, dout, out=self.dWb)  # [dW; db] (D + 1, V)
        dxs = dout @ self.params[0].T
        dxs *= row_scale[:, None]
        return dxs.reshape(N, T, -1)


class FastTiedAffine:
    """xs (N, T, D) -> scores xs @ E.T + b (N, T, V), with E (V, D) the embedding (weight tying).

    E is the embedding's own array, so [W; b] cannot hold it; grads[0] (V, D) is the gradient of
    this use of E only (the model adds the embedding's).
    """

    def __init__(self, E, b):
        self.params = [E, b]
        self.grads = [np.zeros_like(E), np.zeros_like(b)]
        self.x = None

    def forward(self, xs):
        E, b = self.params
        check_array("xs", xs, 3, "N, T, D")
        N, T, D = xs.shape
        self.x = xs.reshape(N * T, D)
        scores = self.x @ E.T
        scores += b
        return scores.reshape(N, T, -1)

    def raw_scores(self, rows):
        E, b = self.params
        return self.x[rows] @ E.T + b

    def backward(self, dout, row_scale):
        """dout (N, T, V) -> dxs (N, T, D); the gradient is row_scale[i] * dout[i] for each row i.

        row_scale (N*T,) is required, as in FastTimeAffine.backward."""
        E, _ = self.params
        N, T, V = dout.shape
        dout = dout.reshape(N * T, V)
        np.matmul(dout.T, self.x * row_scale[:, None], out=self.grads[0])  # (V, D)
        np.matmul(row_scale, dout, out=self.grads[1])
        dxs = dout @ E
        dxs *= row_scale[:, None]
        return dxs.reshape(N, T, -1)


class FastTimeEmbedding:
    """Word vectors for ids xs (N, T) -> (N, T, D), with W (V, D); TimeEmbedding with a faster gradient."""

    def __init__(self, W):
        self.params = [W]
        self.grads = [np.zeros_like(W)]
        self.idx = None

    def forward(self, xs):
        W, = self.params
        check_array("xs", xs, 2, "N, T")
        check_ids("xs", xs, len(W))
        self.idx = xs
        return W[xs]

    def backward(self, dout):
        dW, = self.grads
        D = dW.shape[1]
        dW[...] = 0
        # A word that occurs several times collects the sum of its gradients: np.add.at(dW, idx,
        # dout), which is several times faster on the flat view of dW (row id, column j is id * D + j).
        flat = (self.idx.reshape(-1, 1).astype(np.intp) * D + np.arange(D)).ravel()
        np.add.at(dW.reshape(-1), flat, dout.reshape(-1))
        return None


class FastRnnlm(RegularizedRnnlm):
    """RegularizedRnnlm (same constructor, params, hidden state, dropout masks and .npz files), trained faster.

    The weights are RegularizedRnnlm's (same rng -> same weights, and the same as SimpleRnnlm's
    without tying); the embedding and the output layer are replaced by the fast ones, and the
    loss layer by the fused softmax-with-loss. Without options, it is SimpleRnnlm.

    loss_layer is None: forward computes the loss itself (softmax_cross_entropy_in_place) and keeps
    only exp_scores and row_scale for backward, so there is no loss layer object to call.
    """

    ignore_label = -1

    def __init__(self, vocab_size, wordvec_size, hidden_size, *, dropout=0.0, tie_weights=False,
                 dtype=np.float32, rng=None):
        super().__init__(vocab_size, wordvec_size, hidden_size, dropout=dropout, tie_weights=tie_weights,
                         dtype=dtype, rng=rng)
        embed_W, affine_b = self.embed_layer.params[0], self.affine_layer.params[1]
        self.embed_layer = FastTimeEmbedding(embed_W)
        if tie_weights:
            self.affine_layer = FastTiedAffine(embed_W, affine_b)
        else:
            self.affine_layer = FastTimeAffine(self.affine_layer.params[0], affine_b)
        self.layers = [self.embed_layer, self.dropout_layers[0], self.rnn_layer, self.dropout_layers[1],
                       self.affine_layer]
        self.loss_layer = None
        first = 1 if tie_weights else 0
        self.params = self.embed_layer.params + self.rnn_layer.params + self.affine_layer.params[first:]
        self.grads = self.embed_layer.grads + self.rnn_layer.grads + self.affine_layer.grads[first:]
        self.exp_scores, self.row_scale = None, None

    def forward(self, xs, ts):
        """Word ids xs (N, T) and next-word ids ts (N, T) -> mean cross-entropy loss (labels -1 ignored)."""
        check_labels(ts, xs)  # before predict: a wrong ts leaves the hidden state as it was
        self.exp_scores = None  # free the last step's (N, T, V) array before the new scores exist
        scores = self.predict(xs)
        N, T, V = scores.shape
        check_ids("ts", ts, V, allow=(self.ignore_label,))
        loss, self.row_scale = softmax_cross_entropy_in_place(
            scores.reshape(N * T, V), ts.reshape(-1), self.affine_layer.raw_scores, self.ignore_label)
        self.exp_scores = scores  # now the gradient, but for the factor row_scale of each row
        return loss

    def backward(self, dout=1):
        """Fill grads with the gradients of dout * loss (the loss of the last forward)."""
        dxs = self.affine_layer.backward(self.exp_scores, row_scale=self.row_scale * dout)
        dxs = self.dropout_layers[1].backward(dxs)
        dxs = self.rnn_layer.backward(dxs)
        dxs = self.dropout_layers[0].backward(dxs)
        self.embed_layer.backward(dxs)
        if self.tie_weights:  # embed_W was used twice: its gradient is the sum of both uses
            self.grads[0] += self.affine_layer.grads[0]
        return None


def blocks(*arrays, size=1 << 16):
    """Matching row slices (views) of same-shape arrays, about `size` elements each.

    Updating a large array block by block keeps each block and the temporaries made from it
    in the CPU cache, instead of streaming every temporary through memory.
    """
    first = arrays[0]
    if first.size <= size:
        return [arrays]
    rows = max(1, size // (first.size // len(first)))
    return [tuple(a[start:start + rows] for a in arrays) for start in range(0, len(first), rows)]


def clip_rate(grads, max_norm):
    """The factor clip_grads(grads, max_norm) would scale the gradients by (1: no clipping)."""
    if max_norm is None:
        return 1.0
    squares = sum(float(np.vdot(g, g)) for g in grads)  # fast, but in the gradients' dtype
    if not np.isfinite(squares):  # float32 overflows above ~3.4e38: sum again in float64, as the core does
        squares = sum(float(np.sum(np.square(g, dtype=np.float64))) for g in grads)
    total_norm = float(np.sqrt(squares))
    if not np.isfinite(total_norm):  # NaN would make min() below return 1.0: no clipping at all
        raise diverged(total_norm)
    return min(1.0, max_norm / (total_norm + 1e-6))


class FastSGD(SGD):
    """SGD in cache-sized blocks, a drop-in for lib.optimizer.SGD.

    max_grad: if given, update clips the gradients' global norm to it as clip_grads does, folded
    into the step size (one pass over the gradients instead of two; grads are left unscaled).
    Then give the trainer max_grad=None, so that it does not clip a second time.
    """

    def __init__(self, lr=0.01, max_grad=None):
        super().__init__(lr)
        self.max_grad = max_grad if max_grad is None else check_positive("max_grad", max_grad)

    def update(self, params, grads):
        check_params_and_grads(params, grads)
        step = self.lr * clip_rate(grads, self.max_grad)
        for p, g in zip(params, grads):
            for p_block, g_block in blocks(p, g):
                p_block -= step * g_block


class FastAdam(Adam):
    """Adam in cache-sized blocks, a drop-in for lib.optimizer.Adam (the same state: lr, iter, m, v, ...).

    max_grad: as FastSGD's, clipping inside update (give the trainer max_grad=None).
    """

    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8, max_grad=None):
        super().__init__(lr, beta1, beta2, eps)
        self.max_grad = max_grad if max_grad is None else check_positive("max_grad", max_grad)

    def update(self, params, grads):
        check_params_and_grads(params, grads)
        rate = clip_rate(grads, self.max_grad)
        if self.m is None:
            self.m = [np.zeros_like(p) for p in params]
            self.v = [np.zeros_like(p) for p in params]
        self.iter += 1
        lr_t = self.lr * np.sqrt(1 - self.beta2 ** self.iter) / (1 - self.beta1 ** self.iter)
        for arrays in zip(params, grads, self.m, self.v):
            for p, g, m, v in blocks(*arrays):
                if rate < 1:
                    g = g * rate  # the clipped gradient, one block at a time
                m += (1 - self.beta1) * (g - m)
                v += (1 - self.beta2) * (g * g - v)
                p -= lr_t * m / (np.sqrt(v) + self.eps)
