"""What the three command lines share: argument errors as exceptions, exit codes, the recorded command.

Each command line's `main(argv=None)` returns an exit code; nothing below it calls sys.exit.
An error in the input raises CommandError, which `run_main` prints as `prog: error: message`
(as argparse does) and turns into EXIT_USAGE.
"""
import argparse
import math
import shlex
import sys
from pathlib import Path

# The command lines' default paths are in the project folder (the one that holds lib/ and data/ptb),
# so a run writes to the same place from any folder; a path given as an option is relative to the
# current folder, as usual.
PROJECT_DIR = Path(__file__).resolve().parents[2]  # <project>/lib/cli/parsing.py -> <project>
PATHS_RULE = (f"Paths: the default paths are in the project folder ({PROJECT_DIR}); a path given as an option "
              f"is relative to the current folder.")

EXIT_OK = 0
EXIT_FAILED = 1  # the work itself failed: training diverged, a file could not be written
EXIT_USAGE = 2  # a usage or input error (argparse's code)
EXIT_INTERRUPTED = 130  # stopped by Ctrl-C (128 + SIGINT, as shells report it)
EXIT_TERMINATED = 143  # stopped by SIGTERM (128 + 15)


class CommandError(Exception):
    """A usage or input error: the message says what was wrong and how to fix it."""

    def __init__(self, message, usage="", status=EXIT_USAGE):
        super().__init__(message)
        self.usage = usage  # the parser's usage line, printed before the message for option errors
        self.status = status  # the exit status


class RunFailed(CommandError):
    """The work failed after it started (diverged, disk full): exit status EXIT_FAILED."""

    def __init__(self, message):
        super().__init__(message, status=EXIT_FAILED)


class _Exit(Exception):
    """Raised by the parser after --help (status 0) instead of exiting."""

    def __init__(self, status):
        super().__init__(status)
        self.status = status


class ArgumentParser(argparse.ArgumentParser):
    """argparse's parser with defaults shown in --help, raising instead of exiting (main returns the code)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("formatter_class", argparse.ArgumentDefaultsHelpFormatter)
        super().__init__(**kwargs)

    def error(self, message):
        raise CommandError(message, usage=self.format_usage())

    def exit(self, status=0, message=None):
        if message:
            print(message, end="", file=sys.stderr)
        raise _Exit(status)


def run_main(prog, body, argv=None):
    """Call body(argv) -> exit code; errors become `prog: error: ...` on stderr and EXIT_USAGE.

    argv: the arguments (default: sys.argv[1:]). RunFailed gives EXIT_FAILED. A Ctrl-C that training does not catch (one
    outside training, or a second one) stops at once with EXIT_INTERRUPTED.
    """
    argv = sys.argv[1:] if argv is None else [str(a) for a in argv]
    try:
        return body(argv)
    except _Exit as done:
        return done.status
    except CommandError as err:
        print(f"{err.usage}{prog}: error: {err}", file=sys.stderr)
        return err.status
    except KeyboardInterrupt:
        print("\nstopped at once by Ctrl-C; the last checkpoint written (if any) is complete", file=sys.stderr)
        return EXIT_INTERRUPTED


def data_error(err):
    """A PtbDataError (lib.datasets.ptb) as a CommandError whose advice names the option --data-dir."""
    message = str(err).replace("give it as data_dir", "give it as --data-dir")
    if "--data-dir" not in message:
        message += " (The PTB folder is given by --data-dir FOLDER.)"
    return CommandError(message)


def command_line(prog, argv):
    """The command as a shell would run it again: 'python -m lib.cli.train --lr 0.1' (quoted by shlex)."""
    return shlex.join(["python", "-m", prog, *argv])


# argparse types that say the range they accept: in --help (RANGE_HELP) and in the error message.

def _number(text, kind=float):
    """text as a finite number of `kind` (int or float), or None."""
    try:
        value = kind(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _ranged(kind, check, wanted):
    """An argparse type: text -> a number of kind for which check(value) holds; the error says `wanted`."""
    def convert(text):
        value = _number(text, kind)
        if value is None or not check(value):
            raise argparse.ArgumentTypeError(f"expected {wanted}, got {text!r}")
        return value
    return convert


positive_int = _ranged(int, lambda n: n >= 1, "a whole number >= 1")
count_or_zero = _ranged(int, lambda n: n >= 0, "a whole number >= 0")
positive_number = _ranged(float, lambda x: x > 0, "a finite number > 0")
non_negative_number = _ranged(float, lambda x: x >= 0, "a finite number >= 0")
decay_factor = _ranged(float, lambda x: 0 < x <= 1, "a factor in (0, 1], e.g. 0.5 (1: no decay)")
dropout_ratio = _ranged(float, lambda x: 0 <= x < 1, "a dropout ratio in [0, 1), e.g. 0.4")
