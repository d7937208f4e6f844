"""Write files atomically: readers see the old file or the whole new one, never a part.

    with atomic_path("results/notes.txt") as tmp:   # tmp: a new empty file beside the target
        with open(tmp, "w") as f:                     # or any writer given the name: fig.savefig(tmp)
            f.write("all or nothing")
    # here results/notes.txt is the new file, its data on disk

The temporary file sits in the target's folder (so the rename cannot cross file systems) and has a
name of its own (two writers never share one). A failure anywhere inside the block deletes it; a process
killed inside the block (SIGKILL, power loss) cannot, so `remove_stale_temporaries` deletes such leftovers
on the next run.
"""
import json
import os
import re
import secrets
import time
from contextlib import contextmanager

import numpy as np


@contextmanager
def atomic_path(path, suffix=".tmp"):
    """Yield a temporary path next to `path`; on success rename it over `path`, on error delete it.

    The temporary file exists (empty) when the block starts. Its name is `.<name>.<random><suffix>`:
    give a suffix when the writer picks the format from the extension (suffix=".png" for savefig).
    The folder is created if missing. The file gets the usual mode (0o666 less the umask).
    """
    path = os.path.abspath(os.fspath(path))
    folder, name = os.path.split(path)
    os.makedirs(folder, exist_ok=True)
    tmp = _create_unique_file(folder, name, suffix)
    try:
        yield tmp
        _fsync(tmp)  # the data reaches the disk before the name points at it
        os.replace(tmp, path)
    except BaseException:  # KeyboardInterrupt too: never leave the temporary file behind
        if os.path.exists(tmp):
            os.remove(tmp)
        raise
    if os.name == "posix":  # the rename itself reaches the disk (a folder cannot be opened on Windows)
        _fsync(folder)


def _create_unique_file(folder, name, suffix):
    """Create an empty new file `.<name>.<random><suffix>` in folder; return its path."""
    while True:
        tmp = os.path.join(folder, f".{name}.{secrets.token_hex(4)}{suffix}")
        try:
            # O_EXCL: fail rather than reuse an existing file. Mode 0o666: the umask applies by itself.
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        os.close(fd)
        return tmp


def remove_stale_temporaries(path, older_than, suffix=".tmp"):
    """Delete the temporary files of atomic_path(path, suffix) not modified for older_than seconds.

    They are `.<name>.<8 hex><suffix>` beside path, left by a process killed while writing.
    older_than: choose it longer than a live writer can take, so that another process's file in
    progress is never deleted. Returns the paths deleted (a missing folder: none).
    """
    folder, name = os.path.split(os.path.abspath(os.fspath(path)))
    pattern = re.compile(re.escape(f".{name}.") + "[0-9a-f]{8}" + re.escape(suffix))
    try:
        names = os.listdir(folder)
    except OSError:  # no folder (nothing to clean), or unreadable (the caller reports that)
        return []
    removed = []
    for tmp in (os.path.join(folder, n) for n in names if pattern.fullmatch(n)):
        try:
            if time.time() - os.stat(tmp).st_mtime > older_than:
                os.remove(tmp)
                removed.append(tmp)
        except FileNotFoundError:  # another process removed it first
            pass
    return removed


def _fsync(path):
    """Wait until what the system holds of the file or folder at path is on disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_json(path, obj):
    """Write obj as indented JSON to path, atomically. ValueError for NaN or infinity (not valid JSON)."""
    try:
        text = json.dumps(obj, indent=2, allow_nan=False)
    except ValueError as err:  # nothing is written
        raise ValueError(f"cannot write {path}: {err}. JSON has no NaN or infinity: "
                         f"write None where a number is missing") from err
    with atomic_path(path) as tmp:
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text + "\n")


def save_arrays(path, arrays):
    """Write arrays {name: array} to an .npz file at path (atomically: a temporary file, then rename)."""
    with atomic_path(path) as tmp:
        with open(tmp, "wb") as f:  # a file object: np.savez would append .npz to a name
            np.savez(f, **arrays)


def load_arrays(path):
    """The arrays of an .npz file as {name: array}, each read (decompressed) once.

    ValueError for an array that is not numbers, or holds NaN or infinity (a run that diverged).
    """
    with np.load(path, allow_pickle=False) as saved:
        arrays = {name: saved[name] for name in saved.files}
    for name, a in arrays.items():
        if not np.issubdtype(a.dtype, np.number):
            raise ValueError(f"{path}: {name} has dtype {a.dtype}, not numbers: this is not a parameter file")
        if not np.all(np.isfinite(a)):
            raise ValueError(f"{path}: {name} holds NaN or infinite values (saved from a run that diverged?); "
                             f"load parameters saved before the divergence, or train again")
    return arrays


def copy_arrays(path, saved, params):
    """Copy saved[name] into each array of params {name: array} (in place), after checking names and shapes."""
    missing = [name for name in params if name not in saved]
    if missing:
        raise ValueError(f"{path} is not an RNNLM parameter file: it lacks {missing}")
    for name, p in params.items():
        if saved[name].shape != p.shape:
            raise ValueError(
                f"{path}: {name} has shape {saved[name].shape}, this model needs {p.shape}; "
                f"build the model with the vocabulary, word vector and hidden sizes it was saved with")
    for name, p in params.items():
        p[...] = saved[name]
