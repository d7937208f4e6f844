"""Ctrl-C (and SIGTERM) as a polite request: stop training between two steps, never in the middle of one.

    with stop_on_ctrl_c(trainer) as ctrl_c:
        trainer.fit(...)          # returns after the current step once Ctrl-C is pressed
    if ctrl_c.pressed:
        ...say so (ctrl_c.by: 'Ctrl-C' or 'SIGTERM'), save a checkpoint...

A KeyboardInterrupt raised at a random moment can land between two parameter updates of
one optimizer step; a checkpoint saved then would hold a half-applied update. Here the
signal handler only sets flags (trainer.stop_requested, ctrl_c.pressed), which
RnnlmTrainer.fit checks before each step. It prints nothing: a signal that lands while the
progress bar writes to stderr would make a print there fail ("reentrant call"), so the caller
says what happened after fit returns. A second Ctrl-C raises KeyboardInterrupt (quit at once).
SIGTERM (what `kill`, a job scheduler or a shutdown sends) is handled the same way, so it costs a
step, not the work since the last checkpoint.
"""
import signal
import threading
from contextlib import contextmanager

SIGNALS = {signal.SIGINT: "Ctrl-C", signal.SIGTERM: "SIGTERM"}


class CtrlC:
    """pressed: whether Ctrl-C or SIGTERM came while the handler was installed; by: which one, in words."""

    def __init__(self):
        self.pressed = False
        self.by = None


@contextmanager
def stop_on_ctrl_c(trainer):
    """Within the block, SIGINT and SIGTERM set trainer.stop_requested; the previous handlers come back after."""
    ctrl_c = CtrlC()
    if threading.current_thread() is not threading.main_thread():  # Python delivers signals to the main thread only
        yield ctrl_c
        return

    def handler(signum, frame):
        if ctrl_c.pressed:
            raise KeyboardInterrupt
        ctrl_c.pressed, ctrl_c.by = True, SIGNALS[signum]
        trainer.stop_requested = True

    previous = {signum: signal.signal(signum, handler) for signum in SIGNALS}
    try:
        yield ctrl_c
    finally:
        for signum, handler_before in previous.items():
            signal.signal(signum, handler_before)
