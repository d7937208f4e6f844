"""What the exercise-checker tests share: a checker's verdict and printout, the two-stage hint, and (for the
Korean edition) whether a printout is Korean with no English phrase left in it."""
import re

NOT_YET = {"en": "not yet: ", "ko": "아직 정답이 아닙니다. "}
NOT_ATTEMPTED = {"en": "not attempted yet\n", "ko": "아직 풀지 않았습니다\n"}
CORRECT = {"en": "correct\n", "ko": "정답입니다\n"}


def verdict(capsys, check, *answer):
    """(whether check accepted the answer, what it printed)."""
    ok = check(*answer)
    return ok, capsys.readouterr().out


def assert_staged(capsys, check, *wrong, must=()):
    """Two wrong attempts on a fresh checker: the first prints the nudge only, the second adds the detail.
    The verdict's prefix is the checker's language's ("not yet: " or "아직 정답이 아닙니다. ")."""
    ok1, first = verdict(capsys, check, *wrong)
    ok2, second = verdict(capsys, check, *wrong)
    assert not ok1 and not ok2
    assert first.startswith(NOT_YET[check.lang]) and second.startswith(first.rstrip("\n"))
    assert len(second) > len(first), "the second wrong answer adds the detail"
    for text in must:
        assert text in second, (text, second)
    return first, second


HANGUL = re.compile("[\uac00-\ud7a3]")
# three or more English words in a row ("is not a", "the loss of"): a phrase left untranslated. Words are
# lower-case letters only, so code (h_prev, np.tanh, self.grads[0], dW[idx]) and symbols (N, T, Wx) are not
# words; quoted text ('you say hello .', "xs") is corpus data or a name and is skipped.
WORD = re.compile(r"^[(\[]?[a-z]+[,.;:?!)\]]?$")
QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")
CODE_NAMES = {"dx", "dxs", "dh", "db", "xs", "hs"}  # gradient and array names listed in a verdict


def english_left(text):
    """The runs of three or more English words in text (quoted text and code names aside)."""
    runs, run = [], []
    for token in QUOTED.sub(" ", text).split() + [""]:
        if WORD.match(token) and token.strip("()[],.;:?!") not in CODE_NAMES:
            run.append(token)
            continue
        if len(run) >= 3:
            runs.append(" ".join(run))
        run = []
    return runs


def assert_korean(text):
    """text has Hangul and no English phrase (three words or more) left in it."""
    assert HANGUL.search(text), f"no Hangul in {text!r}"
    assert not english_left(text), f"English left in {text!r}: {english_left(text)}"
