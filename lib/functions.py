"""Row-wise functions shared by the layers (numpy only)."""
import numpy as np


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
    p = y[np.arange(y.shape[0]), ids]
    return float(-np.mean(np.log(np.maximum(p, np.finfo(y.dtype).tiny))))


def softmax_cross_entropy(scores, labels, ignore_label=-1, out=None):
    """Mean cross-entropy of softmax(scores) against labels, and its gradient.

    scores (M, V) floats, labels (M,) ints; rows whose label is ignore_label do
    not count. Returns (loss, dscores) where dscores (M, V) = d loss / d scores
    = (softmax(scores) - onehot(labels)) / m over the m counted rows.
    `out` receives dscores; it may be `scores` itself, which then is overwritten.
    """
    rows = np.arange(len(labels))
    keep = labels != ignore_label
    m = max(int(keep.sum()), 1)
    targets = np.where(keep, labels, 0)

    shifted = np.subtract(scores, scores.max(axis=1, keepdims=True), out=out)
    target_scores = shifted[rows, targets]  # read before exp turns scores into probabilities
    np.exp(shifted, out=shifted)
    sums = shifted.sum(axis=1)
    # loss_i = -log softmax_i[t_i] = log(sum_j exp) - shifted score of t_i: finite even when
    # the target's probability underflows to 0.
    loss = float(np.sum((np.log(sums) - target_scores)[keep]) / m)

    # One pass turns exp into softmax / m: the 1/m of the mean is folded into the normalisation.
    shifted *= (1.0 / (sums * m))[:, None].astype(shifted.dtype, copy=False)
    shifted[rows[keep], targets[keep]] -= 1.0 / m
    shifted[~keep] = 0
    return loss, shifted
