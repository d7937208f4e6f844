"""The checkers of notebooks 5.3 and 5.4 (lib.exercises.rnn_layers, lib.exercises.time_layers):
each accepts a right answer, says "not attempted yet" for the scaffold, and rejects wrong answers
with a hint that names what is wrong, a nudge first and the detail on a later try."""
import numpy as np
import pytest

import lib
from lib.exercises.rnn_layers import (
    RnnBackwardExercise,
    StepwiseTimeRNN,
    TimeRnnBackwardExercise,
    TimeRnnShapesExercise,
)
from lib.exercises.time_layers import EmbeddingBackwardExercise, TimeSoftmaxLossExercise


def verdicts(check, *answers, capsys):
    """Feed the answers in turn; the list of (returned, printed) pairs."""
    out = []
    for answer in answers:
        ok = check(answer)
        out.append((ok, capsys.readouterr().out.strip()))
    return out


# ---------------------------------------------------------------- RNN.backward (5.3)

def rnn_class(dx=1, dh_prev=1, dWx=1, dWh=1, db=1, tanh=True, in_place=True):
    """A subclass of lib.RNN whose backward is right, or wrong by a sign in the gradients asked for."""

    class Attempt(lib.RNN):
        def backward(self, dh_next):
            Wx, Wh, b = self.params
            x, h_prev, h_next = self.cache
            dt = dh_next * (1 - h_next ** 2) if tanh else dh_next
            grads = [dWx * x.T @ dt, dWh * h_prev.T @ dt, db * dt.sum(axis=0)]
            if in_place:
                for g, new in zip(self.grads, grads):
                    g[...] = new
            else:
                self.grads = grads
            return dx * dt @ Wx.T, dh_prev * dt @ Wh.T

    return Attempt


class RnnStub(lib.RNN):
    def backward(self, dh_next):
        # your code here
        return None


def test_rnn_backward_accepts_a_right_class_and_waits_for_the_stub(capsys):
    check = RnnBackwardExercise()
    assert verdicts(check, None, RnnStub, rnn_class(), capsys=capsys) == [
        (False, "not attempted yet"), (False, "not attempted yet"), (True, "correct")]


@pytest.mark.parametrize("name", ["dx", "dh_prev", "dWx", "dWh", "db"])
def test_rnn_backward_names_the_gradient_with_a_flipped_sign(name, capsys):
    check = RnnBackwardExercise()
    wrong = rnn_class(**{name: -1})
    (ok1, first), (ok2, second) = verdicts(check, wrong, wrong, capsys=capsys)
    assert not ok1 and not ok2
    assert first.startswith(f"not yet: wrong: {name} (")
    others = [n for n in ["dx", "dh_prev", "dWx", "dWh", "db"] if n != name]
    assert f"right: {', '.join(others)}" in first
    assert "opposite sign" not in first  # the nudge says which, the detail says how
    assert f"{name} has the right size but the opposite sign" in second


def test_rnn_backward_without_the_tanh_factor_points_at_dt(capsys):
    check = RnnBackwardExercise()
    (_, first), (_, second) = verdicts(check, rnn_class(tanh=False), rnn_class(tanh=False), capsys=capsys)
    assert "wrong: dx, dh_prev, dWx, dWh, db" in first and "1 - h_next**2" not in first
    assert "tanh'(a) = 1 - h_next**2" in second


class ThreeOutputs(lib.RNN):
    def backward(self, dh_next):
        return 1, 2, 3


class Raises(lib.RNN):
    def backward(self, dh_next):
        return self.cache[0] @ self.cache[0]  # (N, D) @ (N, D): shapes do not fit


def test_rnn_backward_wants_the_grads_in_place_and_two_outputs(capsys):
    check = RnnBackwardExercise()
    out = verdicts(check, rnn_class(in_place=False), ThreeOutputs, Raises, rnn_class()(
        np.zeros((2, 2)), np.zeros((2, 2)), np.zeros(2)), capsys=capsys)
    assert [ok for ok, _ in out] == [False] * 4
    assert "self.grads was given new arrays" in out[0][1]
    assert "return two arrays" in out[1][1]
    assert "your code raised ValueError" in out[2][1]
    assert "pass your class itself" in out[3][1]


# ---------------------------------------------------------------- TimeRNN.backward (5.3)

def time_rnn_class(branch_sum=True, summed=True, sign=1, set_dh=True, dxs_sign=1):
    class Attempt(StepwiseTimeRNN):
        def backward(self, dhs):
            N, T, H = dhs.shape
            D = self.params[0].shape[0]
            dxs = np.empty((N, T, D))
            dh = 0
            sums = [0, 0, 0]
            for t in reversed(range(T)):
                layer = self.layers[t]
                dx, dh = layer.backward(dhs[:, t] + dh if branch_sum else dhs[:, t])
                dxs[:, t] = dxs_sign * dx
                for i, g in enumerate(layer.grads):
                    sums[i] = sums[i] + g if summed else g.copy()
            for i, g in enumerate(sums):
                self.grads[i][...] = sign * g if i == 1 else g
            if set_dh:
                self.dh = dh
            return dxs

    return Attempt


class TimeStub(StepwiseTimeRNN):
    def backward(self, dhs):
        # your code here
        return None


def test_time_rnn_backward_accepts_a_right_class_and_waits_for_the_stub(capsys):
    check = TimeRnnBackwardExercise()
    assert verdicts(check, None, TimeStub, time_rnn_class(), capsys=capsys) == [
        (False, "not attempted yet"), (False, "not attempted yet"), (True, "correct")]


def test_time_rnn_backward_names_a_flipped_sign(capsys):
    check = TimeRnnBackwardExercise()
    (ok, first), (_, second) = verdicts(check, time_rnn_class(sign=-1), time_rnn_class(sign=-1), capsys=capsys)
    assert not ok and first.startswith("not yet: wrong: dWh (") and "right: dxs, dWx, db, dh" in first
    assert "dWh has the right size but the opposite sign" in second
    (ok, first), = verdicts(TimeRnnBackwardExercise(), time_rnn_class(dxs_sign=-1), capsys=capsys)
    assert not ok and first.startswith("not yet: wrong: dxs (")


def test_time_rnn_backward_without_the_branch_sum(capsys):
    check = TimeRnnBackwardExercise()
    wrong = time_rnn_class(branch_sum=False)
    (ok, first), (_, second) = verdicts(check, wrong, wrong, capsys=capsys)
    assert not ok
    # every gradient but nothing else changes: the carried dh is what all of them lack
    assert first.startswith("not yet: wrong: dxs, dWx, dWh, db, dh (")
    assert "Where does the gradient reaching h_t come from?" in first and "dh carried" not in first
    assert "the one from above and the dh carried back from step t+1" in second


def test_time_rnn_backward_with_unsummed_weight_gradients_or_no_dh(capsys):
    check = TimeRnnBackwardExercise()
    wrong = time_rnn_class(summed=False)
    (ok, first), (_, second) = verdicts(check, wrong, wrong, capsys=capsys)
    assert not ok and first.startswith("not yet: wrong: dWx, dWh, db (") and "right: dxs, dh" in first
    assert "How many steps used these weights?" in first
    assert "add them up over all T steps" in second
    (ok, first), = verdicts(TimeRnnBackwardExercise(), time_rnn_class(set_dh=False), capsys=capsys)
    assert not ok and first == "not yet: self.dh is not set"


def test_time_rnn_backward_refuses_lib_rnn_subclasses(capsys):
    (ok, out), = verdicts(TimeRnnBackwardExercise(), rnn_class(), capsys=capsys)
    assert not ok and "a subclass of StepwiseTimeRNN" in out


def test_stepwise_time_rnn_forward_is_lib_time_rnn_forward():
    rng = np.random.default_rng(0)
    Wx, Wh, b = rng.standard_normal((3, 4)), rng.standard_normal((4, 4)), rng.standard_normal(4)
    xs = rng.standard_normal((2, 5, 3))
    np.testing.assert_allclose(StepwiseTimeRNN(Wx, Wh, b).forward(xs), lib.TimeRNN(Wx, Wh, b).forward(xs),
                               rtol=0, atol=1e-12)
    with pytest.raises(NotImplementedError):
        StepwiseTimeRNN(Wx, Wh, b).backward(xs)


# ---------------------------------------------------------------- shapes (5.3)

RIGHT_SHAPES = {"xs": (5, 7, 3), "hs": (5, 7, 4), "x_t": (5, 3), "h_t": (5, 4), "Wx": (3, 4), "Wh": (4, 4),
                "b": (4,), "dxs": (5, 7, 3), "dh": (5, 4)}


def test_shapes_exercise(capsys):
    check = TimeRnnShapesExercise()
    empty = dict.fromkeys(RIGHT_SHAPES)
    swapped = {**RIGHT_SHAPES, "Wx": (4, 3), "b": (1, 4), "dh": None}
    out = verdicts(check, empty, swapped, swapped, RIGHT_SHAPES, capsys=capsys)
    assert out[0] == (False, "not attempted yet")
    assert out[1] == (False, "not yet: not right: Wx, b; still missing: dh (N = 5, T = 7, D = 3, H = 4)")
    assert "Wx: the right sizes in the wrong order" in out[2][1] and "b: b is not a matrix" in out[2][1]
    assert out[3] == (True, "correct")


# ---------------------------------------------------------------- embedding gradient (5.4)

def embedding_right(idx, dout, V):
    dW = np.zeros((V, dout.shape[-1]))
    for n in range(idx.shape[0]):
        for t in range(idx.shape[1]):
            dW[idx[n, t]] += dout[n, t]
    return dW


def embedding_buffered(idx, dout, V):
    dW = np.zeros((V, dout.shape[-1]))
    dW[idx] += dout
    return dW


def embedding_add_at(idx, dout, V):
    dW = np.zeros((V, dout.shape[-1]))
    np.add.at(dW, idx, dout)
    return dW


def test_embedding_backward_exercise(capsys):
    right, buffered, add_at = embedding_right, embedding_buffered, embedding_add_at

    def not_zeroed(idx, dout, V):
        return right(idx, dout, V) + 1

    def transposed(idx, dout, V):
        return right(idx, dout, V).T

    def stub(idx, dout, V):
        return None

    check = EmbeddingBackwardExercise()
    out = verdicts(check, stub, buffered, buffered, not_zeroed, add_at, transposed, right, capsys=capsys)
    assert out[0] == (False, "not attempted yet")
    assert out[1] == (False, "not yet: word 1 occurs three times in idx: does its row hold all three contributions?")
    assert "the last write" in out[2][1]
    assert "rows 2 and 3" in out[3][1]
    assert "without np.add.at" in out[4][1]
    assert out[5] == (False, "not yet: dW has shape (2, 6); it needs one row per vocabulary word: (6, 2)")
    assert out[6] == (True, "correct")


# ---------------------------------------------------------------- loss by hand (5.4)

def test_time_softmax_loss_exercise(capsys):
    L0 = np.log(np.exp(2) + np.exp(1) + 1) - 2
    L1 = np.log(3)
    check = TimeSoftmaxLossExercise()
    out = verdicts(check, None, L0 + L1, L0 + L1, L1, (L0 + L1) / 2 / np.log(10), 1.0, "0.75",
                   round((L0 + L1) / 2, 3), capsys=capsys)
    assert out[0] == (False, "not attempted yet")
    assert out[1] == (False, "not yet: you are close: how does the time layer combine the per-step losses?")
    assert "(L_0 + L_1) / T" in out[2][1]
    assert "one step" in out[3][1]
    assert "natural logarithm" in out[4][1]
    assert "-ln of the probability" in out[5][1]
    assert "the answer is one number" not in out[6][1] and not out[6][0]  # "0.75" is a number, but off by 3e-3
    assert out[7] == (True, "correct")


# ---------------------------------------------------------------- the notebooks use these checkers

NOTEBOOKS = {"5.3-rnn-implementation.ipynb": 3, "5.4-time-layers.ipynb": 2}


def notebook(name):
    import json
    from pathlib import Path

    return json.loads((Path(__file__).parent.parent / "notebooks" / name).read_text(encoding="utf-8"))


def source(cell):
    return "".join(cell["source"])


def outputs(cell):
    return "".join("".join(o.get("text", "")) for o in cell.get("outputs", []))


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_each_exercise_has_a_scaffold_a_checker_and_a_hidden_solution(name):
    cells = notebook(name)["cells"]
    for k in range(1, NOTEBOOKS[name] + 1):
        checks = [i for i, c in enumerate(cells) if f"_ = check_exercise_{k}(" in source(c)]
        first, solution = checks[0], checks[-1]
        assert f"check_exercise_{k} = exercises." in source(cells[first])
        assert outputs(cells[first]).strip() == "not attempted yet"  # the scaffold as stored
        assert cells[solution]["metadata"] == {"jupyter": {"source_hidden": True, "outputs_hidden": True},
                                               "tags": ["solution"]}
        assert source(cells[solution]).startswith("# Solution") and outputs(cells[solution]).strip().endswith("correct")
    tagged = [c for c in cells if "solution" in c["metadata"].get("tags", [])]
    assert len(tagged) == NOTEBOOKS[name]
    assert not any("def check_" in source(c) for c in cells)  # the checkers live in lib.exercises


def test_5_3_says_the_notes_time_rnn_backward_is_complete_and_float32_is_the_books():
    text = "\n".join(source(c) for c in notebook("5.3-rnn-implementation.ipynb")["cells"])
    assert "breaks off" not in text and "mid-loop" not in text and "cut off" not in text
    assert "The notes' backward cell is complete." in text
    assert "book's own\n`common/time_layers.py` has exactly these lines" in text
