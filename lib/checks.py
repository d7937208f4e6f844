"""Input checks that turn a wrong shape or id into an error saying how to fix it."""
import numpy as np


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
