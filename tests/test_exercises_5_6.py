"""The new checkers of notebook 5.6's exercises (lib.exercises.training): each accepts the right answer, rejects
wrong ones with a hint that comes in stages (a nudge, then the detail), and never prints the answer."""
import numpy as np
from exercise_checks import assert_staged, verdict

from lib.exercises import training as ex

# ---------------------------------------------------------------- Exercise 1: temperature from probabilities

def right_temperature(p, T):
    with np.errstate(divide="ignore"):
        z = np.log(p) / T
    e = np.exp(z - z.max())
    return e / e.sum()


def test_temperature_from_probabilities_accepts_the_log_form(capsys):
    check = ex.TemperatureFromProbabilities()
    assert verdict(capsys, check, None) == (False, "not attempted yet\n")
    assert verdict(capsys, check, lambda p, T: None) == (False, "not attempted yet\n")
    assert verdict(capsys, check, right_temperature) == (True, "correct\n")


def test_temperature_from_probabilities_rejects_wrong_answers(capsys):
    def power(p, T):  # right in exact arithmetic, but p ** (1 / T) underflows at T = 0.0005
        q = p ** (1 / T)
        return q / q.sum()

    def as_scores(p, T):  # softmax(p / T): the probabilities taken for scores
        z = p / T
        e = np.exp(z - z.max())
        return e / e.sum()

    def times(p, T):
        return right_temperature(p, 1 / T)

    def unnormalised(p, T):
        with np.errstate(divide="ignore"):
            z = np.log(p) / T
        return np.exp(z - z.max())

    make = ex.TemperatureFromProbabilities
    assert_staged(capsys, make(), power, must=["inf or nan", "logarithms"])
    assert_staged(capsys, make(), as_scores, must=["as if they were the scores", "log Z"])
    assert_staged(capsys, make(), times, must=["flattens", "1/T"])
    assert_staged(capsys, make(), unnormalised, must=["sum to 1", "divide by their sum"])
    ok, out = verdict(capsys, make(), lambda p, T: p[:2])
    assert not ok and "shape" in out
    ok, out = verdict(capsys, make(), lambda p, T: p)  # no temperature at all
    assert not ok and "wrong probabilities" in out


# ---------------------------------------------------------------- Exercise 2: clipping each array by its own norm

def right_clip_each(grads, max_norm):
    norms = []
    for g in grads:
        n = float(np.linalg.norm(g))
        norms.append(n)
        if n > max_norm:
            g *= max_norm / n
    return norms


def cosine_after(clip):
    grads = ex.ClipEachArray.example()
    before = np.concatenate([g.ravel() for g in grads])
    clip(grads, 1.0)
    after = np.concatenate([g.ravel() for g in grads])
    return float(before @ after / (np.linalg.norm(before) * np.linalg.norm(after)))


def test_clip_each_array_accepts_the_right_answer(capsys):
    check = ex.ClipEachArray()
    assert verdict(capsys, check, None, None) == (False, "not attempted yet\n")
    assert verdict(capsys, check, lambda g, m: None, 0.5) == (False, "not attempted yet\n")
    cosine = cosine_after(right_clip_each)
    assert 0.5 < cosine < 0.95  # the direction changes visibly on the example
    assert verdict(capsys, check, right_clip_each, cosine) == (True, "correct\n")


def clip_global(grads, max_norm):
    norm = float(np.sqrt(sum(np.sum(g * g) for g in grads)))
    for g in grads:
        g *= max_norm / norm
    return [float(np.linalg.norm(g)) for g in grads]


def clip_normalise_all(grads, max_norm):  # also scales the small array up
    norms = [float(np.linalg.norm(g)) for g in grads]
    for g, n in zip(grads, norms):
        g *= max_norm / n
    return norms


def clip_new_arrays(grads, max_norm):
    norms = [float(np.linalg.norm(g)) for g in grads]
    grads = [g * max_norm / n for g, n in zip(grads, norms)]
    return norms


def clip_norms_after(grads, max_norm):
    right_clip_each(grads, max_norm)
    return [float(np.linalg.norm(g)) for g in grads]


def clip_wrong_factor(grads, max_norm):
    norms = [float(np.linalg.norm(g)) for g in grads]
    for g, n in zip(grads, norms):
        if n > max_norm:
            g *= max_norm / n ** 2
    return norms


def test_clip_each_array_rejects_wrong_answers(capsys):
    cosine = cosine_after(right_clip_each)

    make = ex.ClipEachArray
    assert_staged(capsys, make(), clip_global, cosine, must=["global norm", "its own norm"])
    assert_staged(capsys, make(), clip_normalise_all, cosine, must=["stay as it is", "never scales up"])
    assert_staged(capsys, make(), clip_new_arrays, cosine, must=["in place"])
    assert_staged(capsys, make(), clip_norms_after, cosine, must=["before clipping", "square root"])
    assert_staged(capsys, make(), clip_wrong_factor, cosine, must=["not what they should be"])
    assert_staged(capsys, make(), right_clip_each, 1.0, must=["same direction", "np.concatenate"])
    assert_staged(capsys, make(), right_clip_each, cosine - 0.1, must=["cosine is not"])
    ok, out = verdict(capsys, make(), right_clip_each, "about 0.8")
    assert not ok and "one number" in out


def test_hints_never_print_the_answers(capsys):
    cosine = cosine_after(right_clip_each)
    check = ex.ClipEachArray()
    for _ in range(2):
        check(right_clip_each, 1.0)
    out = capsys.readouterr().out
    assert f"{cosine:.2f}" not in out and f"{cosine:.3f}" not in out
