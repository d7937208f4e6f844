"""What the exercise-checker tests share: a checker's verdict and printout, and the two-stage hint."""


def verdict(capsys, check, *answer):
    """(whether check accepted the answer, what it printed)."""
    ok = check(*answer)
    return ok, capsys.readouterr().out


def assert_staged(capsys, check, *wrong, must=()):
    """Two wrong attempts on a fresh checker: the first prints the nudge only, the second adds the detail."""
    ok1, first = verdict(capsys, check, *wrong)
    ok2, second = verdict(capsys, check, *wrong)
    assert not ok1 and not ok2
    assert first.startswith("not yet: ") and second.startswith(first.rstrip("\n"))
    assert len(second) > len(first), "the second wrong answer adds the detail"
    for text in must:
        assert text in second, (text, second)
    return first, second
