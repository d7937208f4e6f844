"""Self-checks for the notebooks' exercises (numpy only): a verdict, and hints that come in stages.

    check = RnnBackwardExercise(lang="en")  # one object per exercise, made in the notebook
    check(my_answer)                        # prints a verdict; returns True when the answer is right

A wrong answer first gets a nudge (where to look); asked again with a wrong answer, the
checker adds the detail (what exactly is wrong, or the formula). The answer itself is never
printed: the notebooks keep it in a collapsed solution cell. lang="ko" gives the verdicts and hints in
Korean (the table in lib/exercises/korean.py), for the Korean edition of the notebooks.
"""
from dataclasses import dataclass

from lib.exercises.korean import KOREAN
from lib.language import check_language, translate


@dataclass
class Hint:
    nudge: str  # the first wrong answer gets this: where to look
    detail: str = ""  # later wrong answers get this too: what exactly is wrong


class Exercise:
    """Subclasses write diagnose(answer) -> None when right, or a Hint."""

    def __init__(self, lang="en"):
        check_language(lang)
        self.lang = lang
        self.wrong_attempts = 0

    def tr(self, text):
        """text (English) in the checker's language."""
        return translate(text, self.lang, KOREAN)

    def diagnose(self, answer):
        raise NotImplementedError

    def __call__(self, answer):
        if answer is None:
            print(self.tr("not attempted yet"))
            return False
        hint = self.diagnose(answer)
        if hint is None:
            print(self.tr("correct"))
            return True
        self.wrong_attempts += 1
        message = hint.nudge
        if self.wrong_attempts > 1 and hint.detail:
            message += "\n" + hint.detail
        print(self.tr("not yet: ") + message)
        return False
