"""Input checks that turn a wrong shape, id, number or dtype into an error saying how to fix it."""
import math
from numbers import Integral, Real

import numpy as np

FLOAT_DTYPES = (np.float32, np.float64)  # what the models compute in (see check_float_dtype)


def check_array(name, x, ndim, shape_names):
    """Raise TypeError unless x is a numpy array, ValueError unless it has `ndim` dimensions."""
    if not isinstance(x, np.ndarray):
        raise TypeError(f"{name} must be a numpy array of shape ({shape_names}), got {type(x).__name__}")
    if x.ndim != ndim:
        raise ValueError(f"{name} must have shape ({shape_names}), got shape {x.shape}")


def check_dim(name, x, axis, expected, what):
    """Raise ValueError unless x.shape[axis] == expected."""
    if x.shape[axis] != expected:
        raise ValueError(
            f"{name} has shape {x.shape}, but its axis {axis} must be {expected} ({what})")


def check_ids(name, ids, vocab_size, allow=()):
    """Raise TypeError unless ids is an integer numpy array, ValueError unless all are in [0, vocab_size) or `allow`."""
    if not isinstance(ids, np.ndarray):
        raise TypeError(f"{name} must be a numpy integer array of word ids, got {type(ids).__name__}")
    if not np.issubdtype(ids.dtype, np.integer):
        raise TypeError(f"{name} must hold integer word ids, got dtype {ids.dtype}")
    if ids.size == 0:
        return
    lo, hi = ids.min(), ids.max()
    if (lo < 0 and lo not in allow) or hi >= vocab_size:
        bad = ids[((ids < 0) & ~np.isin(ids, allow)) | (ids >= vocab_size)]
        raise ValueError(
            f"{name} contains id {int(bad[0])}, outside the vocabulary of {vocab_size} words "
            f"(valid ids are 0..{vocab_size - 1}); build the model with a vocabulary that covers "
            f"the corpus, e.g. vocab_size = int(corpus.max()) + 1")


def check_affine_params(W, b):
    """W (D, M) and b (M,): one bias entry per column of W."""
    check_array("W", W, 2, "D, M")
    if b.shape != (W.shape[1],):
        raise ValueError(f"b has shape {b.shape}, but it needs one entry per column of W: "
                         f"shape ({W.shape[1]},)")


def check_rnn_params(Wx, Wh, b):
    """Wx (D, H), Wh (H, H), b (H,)."""
    check_array("Wx", Wx, 2, "D, H")
    H = Wx.shape[1]
    if Wh.shape != (H, H):
        raise ValueError(f"Wh has shape {Wh.shape}, but it must be (H, H) = ({H}, {H}) to match Wx {Wx.shape}")
    if b.shape != (H,):
        raise ValueError(f"b has shape {b.shape}, but it needs one entry per hidden unit: shape ({H},)")


def check_batch(name, xs):
    """Raise unless xs is a numpy array (N, T) with N >= 1 sequences of T >= 1 words."""
    check_array(name, xs, 2, "N, T")
    if 0 in xs.shape:
        raise ValueError(f"{name} has shape {xs.shape}, an empty batch: it needs at least one sequence (N >= 1) "
                         f"of at least one word (T >= 1)")


def check_corpus(name, corpus):
    """Raise TypeError unless corpus is a numpy array of integer word ids, ValueError unless it is 1-D (n,)."""
    if not isinstance(corpus, np.ndarray) or not np.issubdtype(corpus.dtype, np.integer):
        what = (f"{type(corpus).__name__}" if not isinstance(corpus, np.ndarray)
                else f"an array of shape {corpus.shape} and dtype {corpus.dtype}")
        raise TypeError(f"{name} must be a 1-D numpy array of integer word ids (n,), got {what}; "
                        f"convert it with np.asarray({name}, dtype=np.int64)")
    if corpus.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array of word ids (n,), got shape {corpus.shape}; "
                         f"join the texts into one sequence, e.g. {name}.ravel()")


def check_labels(ts, xs):
    """Raise unless ts is a numpy array (N, T) of the same shape as xs: one next-word id per word."""
    check_array("ts", ts, 2, "N, T")
    if ts.shape != np.shape(xs):
        raise ValueError(f"ts has shape {ts.shape}, but it needs one label (the next word's id) per word of xs: "
                         f"shape {np.shape(xs)}")


def check_sizes(**sizes):
    """Raise unless every size (e.g. vocab_size=V) is a positive int."""
    for name, size in sizes.items():
        if isinstance(size, bool) or not isinstance(size, Integral):
            raise TypeError(f"{name} must be a positive int, got {size!r} ({type(size).__name__})")
        if size < 1:
            raise ValueError(f"{name} must be at least 1, got {size}")


def check_positive(name, value, hint=""):
    """Raise unless value is a real number > 0 and finite (not NaN, not infinity); return it."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{name} must be a positive number, got {value!r} ({type(value).__name__})")
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a positive finite number, got {value}{hint}")
    return value


def check_float_dtype(dtype):
    """Raise unless dtype is float32 (the book's) or float64 (for gradient checks); return it as np.dtype."""
    dtype = np.dtype(dtype)
    if dtype not in FLOAT_DTYPES:
        raise ValueError(
            f"dtype must be np.float32 (the book's choice) or np.float64 (for gradient checks), got {dtype}. "
            f"float16 has too small a range for these models (its softmax overflows for scores above ~11, "
            f"and squared gradients overflow); complex and integer types have no meaning here")
    return dtype


def check_params_and_grads(params, grads):
    """Raise ValueError unless grads has one array of the same shape per array of params."""
    if len(grads) != len(params):
        raise ValueError(f"got {len(grads)} gradients for {len(params)} parameters: give model.params "
                         f"and model.grads, one gradient per parameter in the same order")
    for i, (p, g) in enumerate(zip(params, grads)):
        if np.shape(g) != p.shape:
            raise ValueError(f"gradient {i} has shape {np.shape(g)}, but parameter {i} has shape {p.shape}: "
                             f"each gradient must have the shape of its parameter")
