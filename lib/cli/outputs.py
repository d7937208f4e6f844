"""Where a command writes, checked before any work starts: never over another run, never too late.

    check_writable("results/r.json", "--results")       # CommandError if it could not be written
    check_checkpoint_target("c.npz", force=False, prog="lib.cli.train")  # never over a checkpoint
    remove_stale_temp_files("results/c.npz")            # what a killed write left beside it

lib.files writes atomically through a temporary file `.<name>.<8 hex digits><suffix>` beside the
target; a process killed in the middle (SIGKILL, or SIGTERM outside training) leaves it behind.
"""
import os

from lib.cli.checkpoint import describe
from lib.cli.parsing import CommandError, command_line
from lib.files import remove_stale_temporaries

# A temporary file untouched this long is left by a killed write, not by a write under way
# (the largest, a whole-PTB checkpoint of ~60 MB, is written in seconds).
STALE_SECONDS = 60


def check_writable(path, option, folder=False):
    """CommandError unless path (a file, or a folder if folder) can be created or replaced.

    option: the option that gave the path, for the message. The folders on the way need not exist
    yet (they are created when written), but the first one that exists must be a writable folder.
    """
    path = os.path.abspath(path)
    if os.path.isdir(path) and not folder:
        raise CommandError(f"{option} {path} is a folder: give the path of a file in it")
    if os.path.exists(path) and not os.path.isdir(path) and folder:
        raise CommandError(f"{option} {path} is a file: give the path of a folder (it is created if missing)")
    parent = os.path.dirname(path)
    while not os.path.exists(parent):
        parent = os.path.dirname(parent)
    if not os.path.isdir(parent):
        raise CommandError(f"{option} {path}: {parent} is a file, not a folder; give a path in a folder")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise CommandError(f"{option} {path}: the folder {parent} is not writable; give a path in a folder "
                           f"you may write to")


def check_checkpoint_target(path, force, prog, resumed_from=None):
    """CommandError if a checkpoint exists at path (other than the one resumed from) and not force.

    A fresh run would replace an earlier run's checkpoint; a resumed run (resumed_from: the path it
    resumes) would replace another one, perhaps newer. The message says how to go on.
    """
    if force or not os.path.exists(path):
        return
    if resumed_from is not None and os.path.samefile(path, resumed_from):
        return  # continuing in the file it resumes from: it only moves forward
    if resumed_from is None:
        how = (f"To continue that run: {command_line(prog, ['--resume', path])}; to start a new one, give "
               f"another --checkpoint PATH, or --force to replace it.")
    else:
        how = (f"Give another --checkpoint PATH (or --checkpoint {resumed_from} to continue in the file resumed "
               f"from), or --force to replace it.")
    raise CommandError(f"a checkpoint already exists at {path} ({describe(path)}). {how}")


def remove_stale_temp_files(path, suffix=".tmp"):
    """Delete the temporary files that an interrupted atomic write of path left beside it; returns their paths.

    Only files untouched for STALE_SECONDS: another process's write in progress is never deleted.
    """
    return remove_stale_temporaries(path, STALE_SECONDS, suffix)
