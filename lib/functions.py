"""Row-wise functions shared by the layers (numpy only)."""
import numpy as np

from lib.checks import check_ids


def softmax(x):
    """Softmax over the last axis of scores x (..., V) -> probabilities of the same shape."""
    x = x - x.max(axis=-1, keepdims=True)  # softmax(x) = softmax(x - c); with c = max, exp cannot overflow
    x = np.exp(x)
    x /= x.sum(axis=-1, keepdims=True)
    return x


def softmax_with_log_sum_exp(x):
    """softmax(x) and log(sum(exp(x))) over the last axis of x (..., V) -> ((..., V), (...)).

    Both come from one shift by c = max(x), where the largest term is exp(0) = 1:
    log(sum(exp(x))) = c + log(sum(exp(x - c))) neither overflows nor takes log(0).
    The loss layers use it: -log softmax(x)[t] = log_sum_exp - x[t], from the scores.
    """
    c = x.max(axis=-1, keepdims=True)
    y = np.exp(x - c)
    s = y.sum(axis=-1, keepdims=True)
    y /= s
    return y, (c + np.log(s))[..., 0]


def cross_entropy_error(y, t):
    """Mean cross-entropy of probabilities y (N, V) or (V,) against labels t.

    t holds class ids (N,) or one-hot rows (N, V). A probability that underflowed
    to 0 is raised to the dtype's smallest positive normal, so the result is finite.
    """
    y = np.atleast_2d(y)
    t = np.asarray(t)
    if t.size == y.size:  # one-hot rows: turn them into class ids
        t = t.reshape(y.shape).argmax(axis=1)
    t = t.reshape(-1)
    if len(t) != len(y):
        raise ValueError(f"t has {len(t)} labels, but y has {len(y)} rows: give one label (or one-hot row) per row")
    check_ids("t", t, y.shape[1])
    p = y[np.arange(len(y)), t]
    return float(-np.mean(np.log(np.maximum(p, np.finfo(y.dtype).tiny))))
