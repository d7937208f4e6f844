"""What the three command lines share: argument errors as exceptions, exit codes, the recorded command.

Each command line's `main(argv=None)` returns an exit code; nothing below it calls sys.exit.
An error in the input raises CommandError, which `run_main` prints as `prog: error: message`
(as argparse does) and turns into EXIT_USAGE.
"""
import argparse
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
EXIT_USAGE = 2  # a usage or input error (argparse's code)
EXIT_INTERRUPTED = 130  # stopped by Ctrl-C (128 + SIGINT, as shells report it)


class CommandError(Exception):
    """A usage or input error: the message says what was wrong and how to fix it."""

    def __init__(self, message, usage=""):
        super().__init__(message)
        self.usage = usage  # the parser's usage line, printed before the message for option errors


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

    argv: the arguments (default: sys.argv[1:]). A Ctrl-C that training does not catch (one
    outside training, or a second one) stops at once with EXIT_INTERRUPTED.
    """
    argv = sys.argv[1:] if argv is None else [str(a) for a in argv]
    try:
        return body(argv)
    except _Exit as done:
        return done.status
    except CommandError as err:
        print(f"{err.usage}{prog}: error: {err}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("\nstopped at once by Ctrl-C; the last checkpoint written (if any) is complete", file=sys.stderr)
        return EXIT_INTERRUPTED


def command_line(prog, argv):
    """The command as a shell would run it again: 'python -m lib.cli.train --lr 0.1' (quoted by shlex)."""
    return shlex.join(["python", "-m", prog, *argv])
