"""The exercises' checkers of notebooks 5.5 and 5.6 (lib.exercises.training): each accepts the right answer,
rejects wrong ones with a hint that comes in stages (a nudge, then the detail), and never prints the answer."""
import math

import numpy as np
import pytest
from exercise_checks import assert_staged, verdict

from lib.exercises import training as ex

# ---------------------------------------------------------------- 5.5 Exercise 1

def test_perplexity_by_hand(capsys):
    check = ex.PerplexityByHand()
    assert verdict(capsys, check, None) == (False, "not attempted yet\n")
    right = (2 * 4 * 8 * 2) ** 0.25
    for wrong, word in [(np.mean([2, 4, 8, 2]), "arithmetic"), (1 / np.mean([0.5, 0.25, 0.125, 0.5]), "averaged"),
                        (-np.mean(np.log([0.5, 0.25, 0.125, 0.5])), "loss L"), (7.0, "loss L"),
                        (-np.mean(np.log2([0.5, 0.25, 0.125, 0.5])), "bits")]:
        first, second = assert_staged(capsys, ex.PerplexityByHand(), wrong)
        assert word in second
        assert f"{right:.2f}" not in second  # never the answer
    assert verdict(capsys, ex.PerplexityByHand(), "three")[0] is False
    assert verdict(capsys, check, right) == (True, "correct\n")


# ---------------------------------------------------------------- 5.5 Exercise 2

def test_uniform_model(capsys):
    V = 418
    check = ex.UniformModel(V, measured=418.0)
    assert verdict(capsys, check, None, 1.0) == (False, "not attempted yet\n")
    assert_staged(capsys, ex.UniformModel(V), 1 / V, math.log(V), must=["1/p"])
    assert_staged(capsys, ex.UniformModel(V), 10.0, math.log(V), must=["1/V"])
    assert_staged(capsys, ex.UniformModel(V), V, math.log10(V), must=["natural log"])
    assert_staged(capsys, ex.UniformModel(V), V, 5.0, must=["ln(perplexity)"])
    ok, out = verdict(capsys, ex.UniformModel(V, measured=400.0), V, math.log(V))  # disagrees with the measurement
    assert not ok and "eval_perplexity" in out
    assert verdict(capsys, check, V, math.log(V)) == (True, "correct\n")


def test_uniform_model_full_vocabulary(capsys):
    """The notebook asks about V = 10,000 (the full PTB vocabulary): the chapter's 418 is a tempting wrong V."""
    V = 10_000
    check = ex.UniformModel(V, measured=10_000.0)
    assert verdict(capsys, check, None, None) == (False, "not attempted yet\n")
    first, second = assert_staged(capsys, ex.UniformModel(V), 418, math.log(418), must=["1000-word", "THIS model"])
    assert "10000" not in second and "10,000" not in second  # never the answer
    assert_staged(capsys, ex.UniformModel(V), V, math.log10(V), must=["natural log"])
    assert_staged(capsys, ex.UniformModel(V), V, math.log(418), must=["ln(perplexity)"])
    assert verdict(capsys, check, V, math.log(V)) == (True, "correct\n")
    assert verdict(capsys, ex.UniformModel(418), 418, math.log(418)) == (True, "correct\n")  # wrong only if V != 418


# ---------------------------------------------------------------- 5.5 Exercise 3

def test_batching_arithmetic(capsys):
    check = ex.BatchingArithmetic(2100, 20, 7)
    assert verdict(capsys, check, None, 14) == (False, "not attempted yet\n")
    assert_staged(capsys, ex.BatchingArithmetic(2100, 20, 7), 105, 15, must=["corpus[:-1]"])
    assert_staged(capsys, ex.BatchingArithmetic(2100, 20, 7), 100, 14, must=["len(xs) // batch_size"])
    assert_staged(capsys, ex.BatchingArithmetic(2100, 20, 7), 104, 15, must=["batch_size * time_size"])
    assert verdict(capsys, check, 104, 14) == (True, "correct\n")


# ---------------------------------------------------------------- 5.5: finish the training loop

@pytest.fixture(scope="module")
def tiny_loop():
    rng = np.random.default_rng(0)
    corpus = rng.integers(0, 12, size=121)
    xs, ts = corpus[:-1], corpus[1:]
    return dict(xs=xs, ts=ts, vocab_size=12, wordvec_size=6, hidden_size=6, lr=0.5, max_epoch=8, batch_size=4,
                time_size=3, seed=1)


def make_fit(bug=None):
    """The notes' loop, finished; bug names one mistake to put in."""
    def fit(model, optimizer, xs, ts, max_epoch, batch_size, time_size):
        data_size = len(xs)
        max_iters = data_size // (batch_size * time_size)
        jump = data_size // batch_size
        offsets = [i * jump for i in range(batch_size)]
        time_idx = 0
        total_loss, loss_count = 0.0, 0
        ppl_list = []
        for _epoch in range(max_epoch):
            if bug == "reset time_idx":
                time_idx = 0
            for _it in range(max_iters):
                batch_x = np.empty((batch_size, time_size), dtype=np.int32)
                batch_t = np.empty((batch_size, time_size), dtype=np.int32)
                for t in range(time_size):
                    for i, offset in enumerate(offsets):
                        batch_x[i, t] = xs[(offset + time_idx) % data_size]
                        batch_t[i, t] = ts[(offset + time_idx) % data_size]
                    time_idx += 1
                if bug == "stub":
                    continue
                loss = model.forward(batch_x, batch_t)
                model.backward()
                if bug != "no update":
                    optimizer.update(model.params, model.grads)
                total_loss += loss
                loss_count += 1
                if bug == "per iteration":
                    ppl_list.append(math.exp(total_loss / loss_count))
            if bug in ("stub", "per iteration"):
                continue
            value = total_loss / loss_count
            if bug == "last loss":
                value = loss
            if bug == "root of a product":  # the same number mathematically, rounded differently
                ppl_list.append(math.exp(total_loss) ** (1 / loss_count))
            else:
                ppl_list.append(value if bug == "no exp" else math.exp(value))
            if bug != "no counter reset":
                total_loss, loss_count = 0.0, 0
        return ppl_list
    return fit


def test_training_loop_accepts_the_loop_bit_for_bit(capsys, tiny_loop):
    check = ex.TrainingLoop(**tiny_loop)
    assert verdict(capsys, check, make_fit()) == (True, "correct\n")
    assert check.result == check.reference()[0]


def test_training_loop_not_attempted(capsys, tiny_loop):
    check = ex.TrainingLoop(**tiny_loop)
    assert verdict(capsys, check, None) == (False, "not attempted yet\n")
    assert verdict(capsys, check, make_fit("stub")) == (False, "not attempted yet\n")  # the scaffold as given
    assert check.wrong_attempts == 0


@pytest.mark.parametrize("bug, detail", [
    ("per iteration", "after the inner loop"),
    ("no exp", "exp(total_loss / loss_count)"),
    ("last loss", "add up every iteration's loss"),
    ("no counter reset", "back to 0"),
    ("no update", "optimizer.update"),
    ("reset time_idx", "never reset it"),
    ("root of a product", "a float starting at 0.0"),
])
def test_training_loop_rejects_each_mistake(capsys, tiny_loop, bug, detail):
    first, second = assert_staged(capsys, ex.TrainingLoop(**tiny_loop), make_fit(bug))
    assert detail in second and detail not in first


# ---------------------------------------------------------------- 5.5 Exercise 4

def test_block_length(capsys):
    xs = np.arange(999) % 50
    measured = {("epochs", 1): 29.7, ("epochs", 5): 187.6, ("updates", 1): 34.1, ("updates", 5): 7.5}
    check = lambda: ex.BlockLength(xs, xs, 50, measured=measured)  # noqa: E731
    c = check()
    assert verdict(capsys, c, 99, 1, None) == (False, "not attempted yet\n")
    assert c.updates_per_epoch(1) == 99 and c.updates_per_epoch(5) == 19
    assert_staged(capsys, check(), 100, 1, 5, must=["len(xs) // (batch_size * time_size)"])
    ok, out = verdict(capsys, check(), 19, 1, 5)
    assert not ok and "time_size 5" in out
    ok, out = verdict(capsys, check(), 99, 3, 5)
    assert not ok and "1 or 5" in out
    assert_staged(capsys, check(), 99, 5, 5, must=["many more steps"])
    assert_staged(capsys, check(), 99, 1, 1, must=["more words"])
    assert verdict(capsys, c, 99, 1, 5) == (True, "correct\n")


def test_block_length_measures_when_not_given():
    rng = np.random.default_rng(0)
    corpus = rng.integers(0, 10, size=201)
    c = ex.BlockLength(corpus[:-1], corpus[1:], 10, short=1, long=4, epochs=2, updates=20, wordvec_size=4,
                       hidden_size=4, batch_size=5, lr=0.5)
    m = c.measure()
    assert set(m) == {("epochs", 1), ("epochs", 4), ("updates", 1), ("updates", 4)}
    assert all(np.isfinite(v) and 1 < v < 10 * 10 for v in m.values())


# ---------------------------------------------------------------- 5.6

def test_perplexity_bits(capsys):
    check = ex.PerplexityBits()
    assert verdict(capsys, check, None, 0.2) == (False, "not attempted yet\n")
    assert_staged(capsys, ex.PerplexityBits(), math.log(141.2), 0.18, must=["base 2"])
    ok, out = verdict(capsys, ex.PerplexityBits(), 7.0, 0.18)
    assert not ok and "2^b" in out
    assert_staged(capsys, ex.PerplexityBits(), math.log2(141.2), 16.5, must=["bits of each perplexity"])
    assert_staged(capsys, ex.PerplexityBits(), math.log2(141.2), 0.3, must=["subtract"])
    assert verdict(capsys, check, math.log2(141.2), math.log2(141.2 / 124.7)) == (True, "correct\n")


# ---------------------------------------------------------------- the notebooks

@pytest.mark.parametrize("name", ["5.5-training-rnnlm.ipynb", "5.6-beyond-the-book.ipynb"])
def test_solutions_hidden_and_scaffolds_unattempted(name):
    """Every solution cell is collapsed with its outputs hidden; every check before it says "not attempted yet"."""
    import json
    from pathlib import Path

    cells = json.loads((Path(__file__).parent.parent / "notebooks" / name).read_text())["cells"]
    solutions = [i for i, c in enumerate(cells) if "solution" in c["metadata"].get("tags", [])]
    assert len(solutions) >= 3
    for i in solutions:
        assert cells[i]["metadata"]["jupyter"] == {"source_hidden": True, "outputs_hidden": True}
        assert "".join(cells[i]["source"]).startswith("# solution")
        check = cells[i - 1]
        assert check["cell_type"] == "code" and "(" in "".join(check["source"])
        printed = "".join("".join(o.get("text", "")) for o in check["outputs"])
        assert printed == "not attempted yet\n", (name, i)
    for i, c in enumerate(cells):  # no solution outside the tagged cells
        if c["cell_type"] == "code" and i not in solutions:
            assert not "".join(c["source"]).startswith("# solution"), (name, i)
