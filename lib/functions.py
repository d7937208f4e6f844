"""Row-wise functions shared by the layers (numpy only)."""
import numpy as np

from lib.checks import check_ids


def softmax(x):
    """Softmax over the last axis of scores x (..., V); stable for any finite scores."""
    x = x - x.max(axis=-1, keepdims=True)  # the largest score becomes 0, so exp cannot overflow
    np.exp(x, out=x)
    x /= x.sum(axis=-1, keepdims=True)
    return x


def cross_entropy_error(y, t):
    """Mean cross-entropy of probabilities y (N, V) or (V,) against labels t.

    t holds class ids (N,) or one-hot rows (N, V). Probabilities that underflowed
    to 0 are clipped to the dtype's smallest positive normal, so the result is finite.
    """
    y = np.atleast_2d(y)
    t = np.asarray(t).reshape(y.shape[0], -1)  # (N, 1) ids or (N, V) one-hot rows
    ids = t.argmax(axis=1) if t.shape[1] == y.shape[1] > 1 else t[:, 0]
    check_ids("t", ids, y.shape[1])
    p = y[np.arange(y.shape[0]), ids]
    return float(-np.mean(np.log(np.maximum(p, np.finfo(y.dtype).tiny))))


def softmax_cross_entropy(scores, labels, ignore_label=-1, out=None, block_size=1 << 17):
    """Mean cross-entropy of softmax(scores) against labels, and its gradient.

    scores (M, V) floats, labels (M,) ints; rows whose label is ignore_label do
    not count. Returns (loss, dscores) where dscores (M, V) = d loss / d scores
    = (softmax(scores) - onehot(labels)) / m over the m counted rows.
    `out` receives dscores; it may be `scores` itself, which then is overwritten.
    """
    M, V = scores.shape
    rows = np.arange(M)
    keep = labels != ignore_label
    m = max(int(np.count_nonzero(keep)), 1)
    targets = np.where(keep, labels, 0)
    target_scores = scores[rows, targets]  # read before `out` (maybe `scores`) is overwritten
    if out is None:
        out = np.empty_like(scores)

    row_sum = np.empty(M, dtype=scores.dtype)
    row_shift = np.zeros(M, dtype=scores.dtype)  # c subtracted from a row: softmax(s) = softmax(s - c)
    ones = np.ones(V, dtype=scores.dtype)
    # Rows are done in blocks small enough (~block_size elements) to stay in the
    # CPU cache, so the passes below read the large (M, V) array from memory once.
    step = max(1, min(M, block_size // V))
    block_exp = np.empty((step, V), dtype=scores.dtype)
    # The usual c is the row's largest score, so that exp cannot overflow. Finding
    # and subtracting it costs two passes, and ordinary scores need no shift: so
    # exp(s) comes first, and the rows whose sum falls outside [1e-20, 1e30] (scores
    # above ~69, or all below ~-46: none in ordinary training) are redone with
    # c = their max. Within those bounds sum * m and its inverse stay far from
    # float32's limits.
    with np.errstate(over="ignore"):
        for a in range(0, M, step):
            s, sm = scores[a:a + step], row_sum[a:a + step]
            e = np.exp(s, out=block_exp[:len(s)])
            np.matmul(e, ones, out=sm)  # row sums; BLAS is ~4x faster than e.sum(axis=1)
            redo = np.flatnonzero(~((sm >= 1e-20) & (sm <= 1e30)))  # nan fails both tests
            if len(redo):
                c = s[redo].max(axis=1)
                row_shift[a + redo] = c
                e[redo] = np.exp(s[redo] - c[:, None])
                sm[redo] = e[redo] @ ones
            np.multiply(e, (1.0 / (sm * m))[:, None], out=out[a:a + step])  # softmax / m: the mean's 1/m folded in

    # -log softmax(s)[t] = log(sum_j exp(s_j - c)) + c - s_t: finite even when
    # the target's probability underflows to 0.
    losses = np.log(row_sum.astype(np.float64)) + row_shift - target_scores
    loss = float(np.sum(losses[keep]) / m)
    out[rows[keep], targets[keep]] -= 1.0 / m
    out[~keep] = 0
    return loss, out
