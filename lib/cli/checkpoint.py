"""Checkpoints: the whole state of a training run in one .npz file, to continue it exactly.

    ckpt = capture(model, optimizer, trainer=trainer.state_dict())  # a copy, in memory
    save("run/checkpoint.npz", ckpt)                                 # written atomically
    ckpt = load("run/checkpoint.npz")
    restore(ckpt, model, optimizer)                                  # in place; shapes checked
    model = build_model(ckpt)                                        # a new model with its weights

A Checkpoint holds `meta`, a JSON-able dict (the model's class and sizes, the optimizer's
numbers, and whatever the caller adds, such as the trainer's state), and `arrays`, a dict
name -> array:
    model/<name>        the parameters, named as in lib.rnnlm.PARAM_NAMES
    hidden              the RNN's hidden state (N, H), if it has one
    optimizer/m/<i>     Adam's moment estimates, one per parameter (after Adam's first step)
    optimizer/v/<i>
In the file, meta is stored as JSON text under the key "meta" (a string array: no pickle),
and an optional second checkpoint (e.g. the best weights so far) under the prefix "best/".
SimpleRnnlm and FastRnnlm have the same parameters, and FastSGD/FastAdam the same state as
SGD/Adam: a checkpoint of one restores into the other. A model with dropout also records its
ratio and the state of the Generator that draws its masks (meta["model"]), so a resumed run draws
the masks it would have drawn; a tied model has no model/affine_W and restores only into a tied one.

load checks the file before it trusts it: a .npz archive (not a text file, not truncated), arrays
stored uncompressed as save writes them (so reading takes no more memory than the file's size),
meta a JSON object with the model's sizes, and finite weights (a run that diverged is refused).
"""
import errno
import json
import math
import os
import zipfile
from dataclasses import dataclass

import numpy as np

from lib.fast import FastRnnlm
from lib.files import atomic_path
from lib.optimizer import SGD, Adam
from lib.regularized_rnnlm import RegularizedRnnlm
from lib.rnnlm import SimpleRnnlm

FORMAT = 1  # bump when the layout changes
DTYPES = ("float32", "float64")  # the dtypes a checkpoint's model may have
MODEL_KEYS = ("class", "vocab_size", "wordvec_size", "hidden_size", "dtype")  # meta["model"] holds at least these
OPTIMIZERS = {"SGD": (SGD, ("lr",)), "Adam": (Adam, ("lr", "beta1", "beta2", "eps", "iter"))}
MODELS = {"SimpleRnnlm": SimpleRnnlm, "RegularizedRnnlm": RegularizedRnnlm,
          "FastRnnlm": FastRnnlm}  # the classes a checkpoint may name


@dataclass
class Checkpoint:
    meta: dict  # JSON-able: format, model sizes, optimizer numbers, and the caller's extras
    arrays: dict  # name -> np.ndarray
    best: "Checkpoint | None" = None  # optionally a second state saved alongside (e.g. the best weights)
    path: str = "the checkpoint"  # where it was loaded from, for error messages


def capture(model, optimizer=None, **extras):
    """A Checkpoint with copies of model's parameters and hidden state and optimizer's state.

    extras: more JSON-able entries for meta (e.g. trainer=trainer.state_dict()).
    """
    params = model.named_params()
    V, D = params["embed_W"].shape
    meta = {"format": FORMAT,
            "model": {"class": type(model).__name__, "vocab_size": V, "wordvec_size": D,
                      "hidden_size": params["rnn_Wh"].shape[0], "dtype": str(params["embed_W"].dtype),
                      "dropout": getattr(model, "dropout", 0.0), "tie_weights": getattr(model, "tie_weights", False)},
            "optimizer": optimizer_numbers(optimizer) if optimizer is not None else None,
            **extras}
    if hasattr(model, "dropout_rng"):
        meta["model"]["dropout_rng"] = model.dropout_rng.bit_generator.state  # JSON-able (Python ints)
    arrays = {f"model/{name}": p.copy() for name, p in params.items()}
    if model.rnn_layer.h is not None:
        arrays["hidden"] = model.rnn_layer.h.copy()
    if isinstance(optimizer, Adam) and optimizer.m is not None:
        for i, (m, v) in enumerate(zip(optimizer.m, optimizer.v)):
            arrays[f"optimizer/m/{i}"], arrays[f"optimizer/v/{i}"] = m.copy(), v.copy()
    return Checkpoint(meta, arrays)


def optimizer_numbers(optimizer):
    """{'name': 'Adam', 'lr': ..., ...}: the optimizer's hyperparameters and step count.

    name: the class it is (FastAdam is an Adam), so that either restores the other's state.
    """
    name = _optimizer_name(optimizer)
    return {"name": name, **{key: getattr(optimizer, key) for key in OPTIMIZERS[name][1]}}


def _optimizer_name(optimizer):
    for name, (cls, _) in OPTIMIZERS.items():
        if isinstance(optimizer, cls):
            return name
    raise TypeError(f"cannot checkpoint a {type(optimizer).__name__} optimizer: only {', '.join(OPTIMIZERS)} "
                    f"(and their subclasses) are known")


def restore(ckpt, model, optimizer=None, masks=True, batch_size=None):
    """Copy ckpt's parameters and hidden state into model, its state into optimizer (in place).

    masks: also restore the state of the model's dropout Generator (False: going back to the best
    weights, training then draws new masks rather than the ones it drew after them).
    batch_size: if given, the rows N the hidden state (N, H) must have (those of the training resumed).

    Everything is checked before anything is changed: a mismatch raises ValueError and
    leaves model and optimizer as they were.
    """
    _check_model(ckpt, model)
    moments = _check_optimizer(ckpt, model, optimizer) if optimizer is not None else None
    hidden = ckpt.arrays.get("hidden")
    H = model.rnn_layer.params[1].shape[0]
    if hidden is not None and (hidden.ndim != 2 or hidden.shape[1] != H):
        raise ValueError(f"{ckpt.path}: the hidden state has shape {hidden.shape}, the model needs (N, {H})")
    if hidden is not None and batch_size is not None and hidden.shape[0] != batch_size:
        raise ValueError(f"{ckpt.path}: the hidden state has {hidden.shape[0]} rows, and the run it continues "
                         f"reads {batch_size} (its batch size)")

    for name, p in model.named_params().items():
        p[...] = ckpt.arrays[f"model/{name}"]
    model.rnn_layer.h = None if hidden is None else hidden.astype(model.params[0].dtype)
    if masks and "dropout_rng" in ckpt.meta["model"] and hasattr(model, "dropout_rng"):
        model.dropout_rng.bit_generator.state = ckpt.meta["model"]["dropout_rng"]
    if optimizer is not None:
        for key in OPTIMIZERS[ckpt.meta["optimizer"]["name"]][1]:
            setattr(optimizer, key, ckpt.meta["optimizer"][key])
        if isinstance(optimizer, Adam):
            optimizer.m, optimizer.v = moments


def build_model(ckpt, model_class=None):
    """A new model of the checkpoint's sizes and dtype, with its parameters and hidden state.

    model_class: SimpleRnnlm, RegularizedRnnlm or FastRnnlm (None: the class the checkpoint was
    saved from); the last two get the checkpoint's dropout and tie_weights.
    """
    sizes = ckpt.meta["model"]
    if model_class is None:
        model_class = saved_model_class(ckpt)
    options = {}
    if model_class is not SimpleRnnlm:
        options = dict(dropout=sizes.get("dropout", 0.0), tie_weights=sizes.get("tie_weights", False))
    model = model_class(sizes["vocab_size"], sizes["wordvec_size"], sizes["hidden_size"],
                        dtype=np.dtype(sizes["dtype"]), rng=0, **options)
    restore(ckpt, model)
    return model


def saved_model_class(ckpt):
    """The class of the model the checkpoint was saved from (a class of MODELS)."""
    name = ckpt.meta["model"].get("class", "SimpleRnnlm")
    if name not in MODELS:
        raise ValueError(f"{ckpt.path} holds a {name}; this code builds {' or '.join(MODELS)}: pass "
                         f"model_class=SimpleRnnlm (or another class with the same parameters)")
    return MODELS[name]


def save(path, ckpt):
    """Write ckpt (and ckpt.best, if any) to path as .npz, atomically (a temporary file, then rename)."""
    arrays = _to_file_arrays(ckpt)
    if ckpt.best is not None:
        arrays.update(_to_file_arrays(ckpt.best, prefix="best/"))
    with atomic_path(path) as tmp:
        with open(tmp, "wb") as f:  # a file object: np.savez would append .npz to a name
            np.savez(f, **arrays)


def load(path):
    """The Checkpoint saved in path (with .best if one was saved beside it); ValueError if it is not one."""
    path = os.fspath(path)
    if os.path.islink(path) and not os.path.exists(path):
        _refuse_broken_link(path)
    if not os.path.exists(path):
        raise FileNotFoundError(f"no checkpoint at {path}: give the path of a .npz file written by "
                                f"lib.cli.checkpoint.save (python -m lib.cli.train writes one with --checkpoint)")
    check_archive(path)
    try:
        with np.load(path, allow_pickle=False) as f:
            arrays = {key: f[key] for key in f.files}
    except (OSError, ValueError, EOFError, zipfile.BadZipFile) as err:
        raise ValueError(f"{path} is damaged ({err}); use an earlier checkpoint or a complete copy") from None
    if "meta" not in arrays:
        raise ValueError(f"{path} is not a checkpoint (it has no 'meta' entry); a file written by "
                         f"SimpleRnnlm.save_params holds parameters only: load it with model.load_params")
    best = _from_file_arrays({k[5:]: v for k, v in arrays.items() if k.startswith("best/")}, path)
    ckpt = _from_file_arrays({k: v for k, v in arrays.items() if not k.startswith("best/")}, path)
    ckpt.best = best
    return ckpt


def _refuse_broken_link(path):
    """FileNotFoundError for a symbolic link at path that leads nowhere: a loop, or a missing target."""
    try:
        os.stat(path)
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise FileNotFoundError(f"{path} is a symbolic link loop (it leads back to itself): give the path of "
                                    f"the checkpoint file itself") from None
    raise FileNotFoundError(f"{path} is a symbolic link to {os.readlink(path)}, which does not exist: give the "
                            f"path of the checkpoint file itself")


def describe(path):
    """Where the run saved at path stands, in words ('epoch 3, 120 steps'), reading only its meta."""
    try:
        check_archive(path)
        with np.load(path, allow_pickle=False) as f:
            run = json.loads(str(f["meta"]))["run"]
        return f"epoch {run['epoch']}, {run['steps']:,} steps"
    except (OSError, ValueError, KeyError, TypeError, EOFError, zipfile.BadZipFile):  # any damage reads as such
        return "not readable as a checkpoint"


def check_archive(path):
    """ValueError unless path is a .npz archive whose arrays fit in it: stored uncompressed (as save
    writes them), with array headers that claim no more bytes than their entry holds.

    np.load would otherwise read a text file as a pickle (and suggest allowing pickle), and a small
    compressed file could unpack to gigabytes.
    """
    what = "written by lib.cli.checkpoint.save (python -m lib.cli.train --checkpoint PATH)"
    if os.path.isdir(path):
        raise ValueError(f"{path} is a folder: give a checkpoint file {what}")
    if not zipfile.is_zipfile(path):
        size = os.path.getsize(path)
        state = "empty (0 bytes)" if size == 0 else f"not a .npz archive ({size:,} bytes; perhaps truncated)"
        raise ValueError(f"{path} is {state}: give a checkpoint {what}")
    try:
        with zipfile.ZipFile(path) as archive:
            for entry in archive.infolist():
                _check_entry(path, archive, entry)
    except (zipfile.BadZipFile, EOFError, OSError) as err:
        raise ValueError(f"{path} is damaged ({err}): give a complete checkpoint {what}") from None


def _check_entry(path, archive, entry):
    if entry.compress_type != zipfile.ZIP_STORED:
        raise ValueError(f"{path}: {entry.filename} is compressed, and checkpoints are written uncompressed: the "
                         f"file is damaged or was not written by lib.cli.checkpoint.save")
    with archive.open(entry) as f:
        try:
            version = np.lib.format.read_magic(f)
            read_header = {(1, 0): np.lib.format.read_array_header_1_0,
                           (2, 0): np.lib.format.read_array_header_2_0}.get(version)
            if read_header is None:
                raise ValueError(f"it has .npy format {version}, not one numpy's np.save writes")
            shape, _, dtype = read_header(f)
        except ValueError as err:  # numpy's own words, e.g. 'the magic string is not correct'
            raise ValueError(f"{path}: {entry.filename} is not a .npy array ({err}); the file is damaged or "
                             f"was not written by lib.cli.checkpoint.save") from None
    if math.prod(shape) * dtype.itemsize > entry.file_size:
        raise ValueError(f"{path}: {entry.filename} claims an array of shape {shape} ({dtype}), larger than "
                         f"its {entry.file_size:,} bytes; the file is damaged")


def _to_file_arrays(ckpt, prefix=""):
    meta = json.dumps(ckpt.meta, default=_json_number)
    return {prefix + "meta": np.array(meta), **{prefix + k: v for k, v in ckpt.arrays.items()}}


def _from_file_arrays(arrays, path):
    if "meta" not in arrays:
        return None
    try:
        meta = json.loads(str(arrays.pop("meta")))
    except ValueError as err:
        raise ValueError(f"{path}: its meta entry is not JSON ({err}); the file is damaged") from None
    if not isinstance(meta, dict):
        raise ValueError(f"{path}: its meta entry is a JSON {type(meta).__name__}, not an object; the file is "
                         f"damaged or was not written by lib.cli.checkpoint.save")
    if meta.get("format") != FORMAT:
        raise ValueError(f"{path} has checkpoint format {meta.get('format')}, this code reads format "
                         f"{FORMAT}: use the version of lib that wrote it")
    sizes = meta.get("model")
    if not isinstance(sizes, dict) or any(key not in sizes for key in MODEL_KEYS):
        raise ValueError(f"{path}: its meta lacks the model's {', '.join(MODEL_KEYS)}; the file is damaged")
    if sizes["dtype"] not in DTYPES:
        raise ValueError(f"{path}: the model's dtype is {sizes['dtype']!r}; a checkpoint holds {' or '.join(DTYPES)}")
    for key, a in arrays.items():
        if a.dtype.kind != "f":
            raise ValueError(f"{path}: {key} holds {a.dtype} values, not floating-point numbers; the file is damaged")
        if (key.startswith("model/") or key == "hidden") and not np.isfinite(a).all():
            raise ValueError(f"{path}: {key} holds NaN or infinity (the run that saved them had "
                             f"diverged); use an earlier checkpoint, or train again with a lower --lr")
    return Checkpoint(meta, arrays, path=path)


def _json_number(x):
    """numpy numbers -> Python numbers, for json.dumps."""
    if isinstance(x, np.generic):
        return x.item()
    raise TypeError(f"checkpoint meta must be JSON-able, got a {type(x).__name__}: {x!r}")


def _check_model(ckpt, model):
    sizes = ckpt.meta["model"]
    hint = (f"it was saved from a model with vocab_size={sizes['vocab_size']}, wordvec_size="
            f"{sizes['wordvec_size']}, hidden_size={sizes['hidden_size']}: build one of these sizes "
            f"(or use lib.cli.checkpoint.build_model)")
    saved_tied, tied = "model/affine_W" not in ckpt.arrays, getattr(model, "tie_weights", False)
    # the parameters both kinds of model have come first: a damaged file is named damaged, not untied
    missing = [name for name in model.named_params() if name != "affine_W" and f"model/{name}" not in ckpt.arrays]
    if missing:
        raise ValueError(f"{ckpt.path} lacks the parameter(s) {', '.join(missing)}; the file is damaged or incomplete")
    if saved_tied != tied:
        raise ValueError(f"{ckpt.path} was saved from a model with tie_weights={saved_tied}, this one has "
                         f"tie_weights={tied}: build a RegularizedRnnlm or FastRnnlm with tie_weights={saved_tied} "
                         f"(or use lib.cli.checkpoint.build_model)")
    for name, p in model.named_params().items():
        key = f"model/{name}"
        if ckpt.arrays[key].shape != p.shape:
            raise ValueError(f"{ckpt.path}: {name} has shape {ckpt.arrays[key].shape}, the model's has "
                             f"shape {p.shape}; {hint}")


def _check_optimizer(ckpt, model, optimizer):
    """The (m, v) lists to give an Adam (None, None if it had not stepped yet); errors on a mismatch."""
    saved = ckpt.meta.get("optimizer")
    name = _optimizer_name(optimizer)
    if saved is None:
        raise ValueError(f"{ckpt.path} holds no optimizer state; restore it without an optimizer")
    if saved["name"] != name:
        raise ValueError(f"{ckpt.path} holds the state of a {saved['name']} optimizer, but a {name} was "
                         f"given: create a {saved['name']} to continue this run "
                         f"(python -m lib.cli.train: --optimizer {saved['name'].lower()})")
    if name != "Adam" or "optimizer/m/0" not in ckpt.arrays:
        return None, None
    m = [ckpt.arrays.get(f"optimizer/m/{i}") for i in range(len(model.params))]
    v = [ckpt.arrays.get(f"optimizer/v/{i}") for i in range(len(model.params))]
    names = list(model.named_params())
    for i, (p, mi, vi) in enumerate(zip(model.params, m, v)):
        if mi is None or vi is None or mi.shape != p.shape or vi.shape != p.shape:
            raise ValueError(f"{ckpt.path}: Adam's moments for parameter {i} ({names[i]}) are missing "
                             f"or do not have its shape {p.shape}; the file is damaged or from another model")
    return [a.astype(p.dtype) for a, p in zip(m, model.params)], [a.astype(p.dtype) for a, p in zip(v, model.params)]
