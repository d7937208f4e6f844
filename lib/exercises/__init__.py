"""Self-checks for the notebooks' exercises (numpy only): a verdict, and hints that come in stages.

    check = RnnBackwardExercise()     # one object per exercise, made in the notebook
    check(my_answer)                  # prints a verdict; returns True when the answer is right

A wrong answer first gets a nudge (where to look); asked again with a wrong answer, the
checker adds the detail (what exactly is wrong, or the formula). The answer itself is never
printed: the notebooks keep it in a collapsed solution cell.
"""
from dataclasses import dataclass


@dataclass
class Hint:
    nudge: str  # the first wrong answer gets this: where to look
    detail: str = ""  # later wrong answers get this too: what exactly is wrong


class Exercise:
    """Subclasses write diagnose(answer) -> None when right, or a Hint."""

    not_attempted = "not attempted yet"
    correct = "correct"

    def __init__(self):
        self.wrong_attempts = 0

    def diagnose(self, answer):
        raise NotImplementedError

    def __call__(self, answer):
        if answer is None:
            print(self.not_attempted)
            return False
        hint = self.diagnose(answer)
        if hint is None:
            print(self.correct)
            return True
        self.wrong_attempts += 1
        message = hint.nudge
        if self.wrong_attempts > 1 and hint.detail:
            message += "\n" + hint.detail
        print("not yet: " + message)
        return False
