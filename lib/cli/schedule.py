"""The learning-rate schedule driven by valid perplexity (python -m lib.cli.train --valid).

After every epoch, the valid perplexity decides:
- better than every epoch before: keep these weights as the best; if the gain is under MIN_GAIN,
  multiply the learning rate by `decay` all the same;
- not better: go back to the best weights (and their optimizer state), with the learning rate x decay.
A perplexity that is not a finite number (NaN, inf) is never better: NaN weights are never "the best".
"""
import math
from dataclasses import dataclass

MIN_GAIN = 0.01  # the learning rate decays when valid perplexity improves by less than this fraction


@dataclass(frozen=True)
class Decision:
    """What to do after an epoch."""
    lr: float  # the learning rate for the next epoch
    keep_as_best: bool  # these weights are the best so far: keep a copy
    restore_best: bool  # these weights are worse: go back to the best ones
    note: str  # what happened, in words, for the epoch's line


class ValidSchedule:
    """best: the best valid perplexity so far (None before the first epoch)."""

    def __init__(self, decay=0.5, min_gain=MIN_GAIN, best=None):
        if not 0 < decay <= 1:
            raise ValueError(f"the learning-rate decay must be in (0, 1], got {decay} (--lr-decay)")
        self.decay, self.min_gain, self.best = decay, min_gain, best

    def step(self, valid, lr):
        """The Decision after an epoch with valid perplexity `valid`, trained at learning rate lr."""
        best = self.best
        if not math.isfinite(valid):
            lr *= self.decay
            return Decision(lr, False, best is not None, f"(not a finite number: not the best; lr -> {lr:.3g})")
        if best is not None and valid >= best:
            lr *= self.decay
            return Decision(lr, False, True, f"(worse than {best:.2f}: best weights restored, lr -> {lr:.3g})")
        note = "(best"
        if best is not None and valid > best * (1 - self.min_gain):
            lr *= self.decay
            note += f"; gain < {self.min_gain:.0%}: lr -> {lr:.3g}"
        self.best = valid
        return Decision(lr, True, False, note + ")")
