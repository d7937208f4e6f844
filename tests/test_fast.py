"""lib.fast changes no number: FastRnnlm against SimpleRnnlm, FastSGD / FastAdam against SGD / Adam.

In float64 the loss and the six gradients agree to TOL = 1e-10 entry by entry, measured with lib's
relative_error (|a - b| / max(1e-8, |a| + |b|), the gradient checks' measure; seen: <= 1.1e-11 over
200 random cases). In float32, values agree to a few float32 roundings relative to the largest
entry of each array (`difference`): entry by entry, float32 rounding of sums can exceed any small bound.
"""
import inspect
import re
from pathlib import Path
from unittest.mock import patch

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib import (
    SGD,
    Adam,
    FastRnnlm,
    RegularizedRnnlm,
    RnnlmTrainer,
    SimpleRnnlm,
    clip_grads,
    eval_perplexity,
    relative_error,
)
from lib import fast as fast_module
from lib.cli import checkpoint
from lib.fast import FastAdam, FastSGD, FastTiedAffine, FastTimeAffine, blocks, clip_rate, exp_rows
from lib.generate import generate
from lib.optimizer import global_norm
from lib.rnnlm import PARAM_NAMES

TOL = 1e-10
F32_TOL = 4e-6  # ~32 float32 roundings (eps = 1.2e-7): ten steps of sums done in another order; seen: <= 4.4e-7

# derandomize: the same examples on every run, so a red test always means a changed result
PROPERTY = settings(max_examples=25, deadline=None, derandomize=True, database=None)


def difference(a, b):
    """max |a - b| relative to the larger of max |a| and max |b| (0 when both are all zeros)."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    scale = max(np.max(np.abs(b), initial=0.0), np.max(np.abs(a), initial=0.0))
    return 0.0 if scale == 0 else float(np.max(np.abs(a - b)) / scale)


def twins(V, D, H, dtype=np.float64, seed=0):
    """A SimpleRnnlm and a FastRnnlm built from the same seed."""
    return (SimpleRnnlm(V, D, H, dtype=dtype, rng=seed), FastRnnlm(V, D, H, dtype=dtype, rng=seed))


def batch(rng, V, N, T, ignored=0.0):
    xs = rng.integers(0, V, (N, T))
    ts = rng.integers(0, V, (N, T))
    ts[rng.random((N, T)) < ignored] = -1
    return xs, ts


def assert_same_step(simple, fast, xs, ts, tol=TOL):
    """One forward and backward of each: the same loss, gradients, hidden state and its gradient dh.

    float64 models are compared entry by entry (relative_error), float32 ones by `difference`.
    """
    measure = relative_error if simple.params[0].dtype == np.float64 else difference
    loss_s, loss_f = simple.forward(xs, ts), fast.forward(xs, ts)
    simple.backward()
    fast.backward()
    assert isinstance(loss_f, float)
    assert measure(loss_f, loss_s) <= tol, (loss_f, loss_s)
    for name, g_s, g_f in zip(PARAM_NAMES, simple.grads, fast.grads):
        assert g_f.dtype == g_s.dtype
        assert measure(g_f, g_s) <= tol, name
    assert measure(fast.rnn_layer.dh, simple.rnn_layer.dh) <= tol
    assert measure(fast.rnn_layer.h, simple.rnn_layer.h) <= tol


# ---------------------------------------------------------------- the model

def test_same_seed_same_weights_names_and_order():
    simple, fast = twins(11, 4, 6, dtype=np.float32, seed=3)
    assert [p.shape for p in fast.params] == [p.shape for p in simple.params]
    for p_s, p_f in zip(simple.params, fast.params):
        assert p_f.dtype == np.float32
        np.testing.assert_array_equal(p_f, p_s)
    assert list(fast.named_params()) == list(PARAM_NAMES)
    assert all(a is b for a, b in zip(fast.named_params().values(), fast.params))
    assert fast.vocab_size == 11


@PROPERTY
@given(V=st.integers(2, 40), D=st.integers(1, 8), H=st.integers(1, 8), N=st.integers(1, 5),
       T=st.integers(1, 6), ignored=st.sampled_from([0.0, 0.3, 1.0]), seed=st.integers(0, 2**32 - 1))
def test_same_loss_and_gradients_over_two_stateful_blocks(V, D, H, N, T, ignored, seed):
    rng = np.random.default_rng(seed)
    simple, fast = twins(V, D, H, seed=seed)
    for p_s, p_f in zip(simple.params, fast.params):  # unit-scale weights: every gradient is large enough to compare
        p_s[...] = p_f[...] = rng.standard_normal(p_s.shape)
    for _ in range(2):  # the second block starts from the hidden state the first one left
        assert_same_step(simple, fast, *batch(rng, V, N, T, ignored))


def test_blocks_of_rows_give_the_same_numbers():
    """More rows than one cache block holds (the loss is done block by block)."""
    rng = np.random.default_rng(1)
    simple, fast = twins(3000, 6, 7)
    assert_same_step(simple, fast, *batch(rng, 3000, 8, 5, ignored=0.2))


def test_backward_scales_with_dout_and_can_repeat():
    rng = np.random.default_rng(2)
    simple, fast = twins(9, 3, 4)
    xs, ts = batch(rng, 9, 2, 3)
    simple.forward(xs, ts), fast.forward(xs, ts)
    fast.backward()
    once = [g.copy() for g in fast.grads]
    fast.backward()  # a second backward gives the same gradients
    for g, g1 in zip(fast.grads, once):
        np.testing.assert_array_equal(g, g1)
    simple.backward(2.5)
    fast.backward(2.5)
    for g_s, g_f in zip(simple.grads, fast.grads):
        assert relative_error(g_f, g_s) <= TOL


@pytest.mark.parametrize("dtype, tol", [(np.float64, TOL), (np.float32, 1e-5)])
@pytest.mark.parametrize("extreme", [500.0, -500.0])
def test_extreme_scores_are_redone_with_the_shift(dtype, tol, extreme):
    """Scores far above ~69 overflow the unshifted exp sum's bound; all far below ~-46 vanish."""
    rng = np.random.default_rng(4)
    simple, fast = twins(12, 3, 5, dtype=dtype)
    for model in (simple, fast):
        b = model.params[5]
        if extreme > 0:
            b[[2, 7]] = extreme  # two huge scores in every row
        else:
            b[...] = extreme  # every score very negative
    assert_same_step(simple, fast, *batch(rng, 12, 3, 4, ignored=0.2), tol=tol)
    assert all(np.all(np.isfinite(g)) for g in fast.grads)


@PROPERTY
@given(N=st.integers(1, 4), T=st.integers(1, 5), seed=st.integers(0, 2**32 - 1))
def test_a_batch_mixing_redone_and_ordinary_rows(N, T, seed):
    """Words 0 and 1 give rows whose scores are all ~80, above the ~69 bound: they are redone shifted,
    while the other words' rows stay ordinary, in the same batch (Wh = 0: each row depends on its word).
    The scores spread over a few units, so probabilities are not one-hot and every gradient counts."""
    rng = np.random.default_rng(seed)
    V, D, H = 9, 3, 4
    simple, fast = twins(V, D, H, seed=seed)
    for p_s, p_f in zip(simple.params, fast.params):
        p_s[...] = p_f[...] = rng.standard_normal(p_s.shape)
    for model in (simple, fast):
        embed_W, Wx, Wh, rnn_b, affine_W, _ = model.params
        embed_W[2:] *= 1e-3  # ordinary rows: h near 0, scores near the bias
        embed_W[:2] = 100  # extreme rows: tanh saturates, h[0] = 1 ...
        Wx[:, 0] = 1
        Wh[...] = rnn_b[...] = 0
        affine_W[0] += 80  # ... so every score is ~80 (give or take a few): exp sums above 1e30
    shifts = []

    def recording_exp_rows(scores, raw_rows):
        sums, shift = exp_rows(scores, raw_rows)
        shifts.append(shift.copy())
        return sums, shift
    xs, ts = batch(rng, V, N, T, ignored=0.2)
    xs[0, 0] = 0  # at least one extreme row
    xs[-1, -1] = 2  # and one ordinary row (the same one when N = T = 1: then both are tried below)
    if N * T == 1:
        xs = np.array([[0, 2]])
        ts = rng.integers(0, V, (1, 2))
    with patch.object(fast_module, "exp_rows", recording_exp_rows):
        assert_same_step(simple, fast, xs, ts)
    shift, = shifts
    assert np.any(shift != 0) and np.any(shift == 0), shift  # the batch mixes both kinds of rows


def test_exp_rows_redoes_only_rows_out_of_bounds():
    rng = np.random.default_rng(5)
    raw = rng.standard_normal((6, 4))
    raw[1, 2], raw[4] = 800.0, -900.0  # exp overflows in row 1, vanishes in row 4
    scores = raw.copy()
    sums, shift = exp_rows(scores, lambda i: raw[i], block_size=8)  # blocks of two rows
    np.testing.assert_array_equal(shift, [0, 800, 0, 0, -900, 0])  # each redone row shifted by its max
    np.testing.assert_allclose(scores, np.exp(raw - shift[:, None]), rtol=1e-15)
    np.testing.assert_allclose(sums, np.exp(raw - shift[:, None]).sum(axis=1), rtol=1e-15)


def test_the_output_layers_need_row_scale_alike():
    """Both fast output layers take the softmax gradient's row factors as a required argument."""
    for layer in (FastTimeAffine, FastTiedAffine):
        parameter = inspect.signature(layer.backward).parameters["row_scale"]
        assert parameter.default is inspect.Parameter.empty, layer
    assert FastRnnlm(5, 2, 2, rng=0).loss_layer is None
    assert "loss_layer is None" in FastRnnlm.__doc__  # the docstring says why


@pytest.mark.parametrize("scale", [1.0, 1e20, 1e30])
def test_clip_rate_sums_large_float32_gradients_in_float64(scale):
    """A finite float32 gradient whose squared norm overflows float32 (above ~1.8e19) is clipped, not 'diverged'."""
    grads = [g.astype(np.float32) for g in arrays(3, [(50, 40), (7,)], scale=scale)]
    norm = global_norm(grads)
    assert np.isfinite(norm)
    assert clip_rate(grads, 0.25) == pytest.approx(min(1.0, 0.25 / (norm + 1e-6)), rel=1e-6)
    with pytest.raises(FloatingPointError):
        clip_rate([np.array([np.inf], dtype=np.float32)], 0.25)


def test_no_speed_figures_that_go_stale():
    """Speed claims point to benchmarks/bench_train.py instead of quoting numbers."""
    for module in ("fast.py", "threads.py"):
        text = (Path(__file__).resolve().parents[1] / "lib" / module).read_text()
        assert not re.search(r"\d(\.\d+)?x\b", text), module  # e.g. "~3x", "1.34x"
        assert "benchmarks/bench_train.py" in text, module


def test_bad_labels_are_refused():
    fast = FastRnnlm(5, 2, 3, rng=0)
    xs = np.zeros((2, 3), dtype=np.int64)
    with pytest.raises(ValueError, match="ts"):
        fast.forward(xs, np.zeros((2, 4), dtype=np.int64))
    with pytest.raises(ValueError, match="ts"):
        fast.forward(xs, np.full((2, 3), 5))


@pytest.mark.parametrize("source, target", [(SimpleRnnlm, FastRnnlm), (FastRnnlm, SimpleRnnlm)])
def test_a_checkpoint_of_one_loads_into_the_other(tmp_path, source, target):
    saved, loaded = source(10, 3, 4, rng=1), target(10, 3, 4, rng=2)
    rng = np.random.default_rng(6)
    for p in saved.params:
        p[...] = rng.standard_normal(p.shape)
    saved.save_params(tmp_path / "model.npz")
    loaded.load_params(tmp_path / "model.npz")
    for p_s, p_l in zip(saved.params, loaded.params):
        np.testing.assert_array_equal(p_l, p_s)
    xs = rng.integers(0, 10, (2, 3))
    np.testing.assert_allclose(loaded.predict(xs), saved.predict(xs), rtol=1e-5, atol=1e-6)


def test_generates_the_same_words():
    simple, fast = twins(30, 4, 6, seed=8)
    for p_s, p_f in zip(simple.params, fast.params):
        p_s *= 50  # sharp distributions: a sample from each then depends on the scores, not luck
        p_f *= 50
    words = [generate(model, [1, 2], 12, rng=9) for model in (simple, fast)]
    assert words[0] == words[1] and len(set(words[0])) > 1


# ---------------------------------------------------------------- dropout and tied weights

@PROPERTY
@given(V=st.integers(2, 40), D=st.integers(1, 8), N=st.integers(1, 5), T=st.integers(1, 6),
       dropout=st.sampled_from([0.0, 0.3, 0.7]), tie_weights=st.booleans(),
       ignored=st.sampled_from([0.0, 0.3, 1.0]), seed=st.integers(0, 2**32 - 1))
def test_same_as_regularized_rnnlm_with_dropout_and_tying(V, D, N, T, dropout, tie_weights, ignored, seed):
    """The same weights and the same masks (one Generator, the same draws in the same order), so the
    same loss and gradients over two stateful blocks; H = D so that tying is possible."""
    rng = np.random.default_rng(seed)
    options = dict(dropout=dropout, tie_weights=tie_weights, dtype=np.float64, rng=seed)
    readable, fast = RegularizedRnnlm(V, D, D, **options), FastRnnlm(V, D, D, **options)
    assert list(fast.named_params()) == list(readable.named_params())
    for p_r, p_f in zip(readable.params, fast.params):  # unit-scale weights: gradients large enough to compare
        p_r[...] = p_f[...] = rng.standard_normal(p_r.shape)
    for _ in range(2):
        xs, ts = batch(rng, V, N, T, ignored)
        loss_r, loss_f = readable.forward(xs, ts), fast.forward(xs, ts)
        readable.backward()
        fast.backward()
        assert relative_error(loss_f, loss_r) <= TOL
        for name, g_r, g_f in zip(readable.named_params(), readable.grads, fast.grads):
            assert relative_error(g_f, g_r) <= TOL, name
        assert relative_error(fast.rnn_layer.h, readable.rnn_layer.h) <= TOL
        assert relative_error(fast.rnn_layer.dh, readable.rnn_layer.dh) <= TOL


def test_dropout_changes_training_and_evaluation_is_deterministic():
    corpus = np.random.default_rng(3).integers(0, 50, 400)
    fast = FastRnnlm(50, 8, 8, dropout=0.4, tie_weights=True, dtype=np.float64, rng=1)
    first = eval_perplexity(fast, corpus, 4, 7)
    assert eval_perplexity(fast, corpus, 4, 7) == first
    fast.eval()
    assert eval_perplexity(fast, corpus, 4, 7) == first
    fast.train()
    xs, ts = corpus[:28].reshape(4, 7), corpus[1:29].reshape(4, 7)
    losses = []
    for _ in range(2):
        fast.reset_state()
        losses.append(fast.forward(xs, ts))
    assert losses[0] != losses[1]


@pytest.mark.parametrize("source, target", [(FastRnnlm, RegularizedRnnlm), (RegularizedRnnlm, FastRnnlm)])
def test_a_tied_checkpoint_loads_into_the_other_tied_model(tmp_path, source, target):
    saved = source(20, 6, 6, dropout=0.3, tie_weights=True, rng=1)
    rng = np.random.default_rng(2)
    for p in saved.params:
        p[...] = rng.standard_normal(p.shape)
    saved.save_params(tmp_path / "params.npz")
    loaded = target(20, 6, 6, dropout=0.3, tie_weights=True, rng=5)
    loaded.load_params(tmp_path / "params.npz")
    checkpoint.save(tmp_path / "c.npz", checkpoint.capture(saved))
    built = checkpoint.build_model(checkpoint.load(tmp_path / "c.npz"), target)
    xs = rng.integers(0, 20, (2, 4))
    saved.eval()
    for model in (loaded, built):
        assert model.tie_weights and len(model.params) == 5
        model.eval()
        saved.reset_state()
        np.testing.assert_allclose(model.predict(xs), saved.predict(xs), rtol=1e-5, atol=1e-6)
    with pytest.raises(ValueError, match="tie_weights=True"):
        checkpoint.restore(checkpoint.load(tmp_path / "c.npz"), target(20, 6, 6))


# ---------------------------------------------------------------- training in float32

def train_both(make_plain, make_fast, steps=10, max_grad=0.25, V=50, seed=7):
    """`steps` float32 steps of each model with its optimizer, on the same batches; returns both models."""
    rng = np.random.default_rng(seed)
    simple, fast = twins(V, 8, 9, dtype=np.float32, seed=seed)
    plain_opt, fast_opt = make_plain(), make_fast(max_grad)
    for _ in range(steps):
        xs, ts = batch(rng, V, 4, 5, ignored=0.1)
        simple.forward(xs, ts)
        simple.backward()
        clip_grads(simple.grads, max_grad)
        plain_opt.update(simple.params, simple.grads)
        fast.forward(xs, ts)
        fast.backward()
        fast_opt.update(fast.params, fast.grads)  # clips inside
    return simple, fast


@pytest.mark.parametrize("make_plain, make_fast", [(lambda: SGD(0.5), lambda c: FastSGD(0.5, max_grad=c)),
                                                   (lambda: Adam(0.01), lambda c: FastAdam(0.01, max_grad=c))],
                         ids=["sgd", "adam"])
def test_ten_float32_steps_stay_within_rounding(make_plain, make_fast):
    simple, fast = train_both(make_plain, make_fast)
    start, _ = twins(50, 8, 9, dtype=np.float32, seed=7)
    for name, p_s, p_f, p0 in zip(PARAM_NAMES, simple.params, fast.params, start.params):
        assert p_f.dtype == np.float32
        assert difference(p_s, p0) > 100 * F32_TOL, name  # training moved the weights well beyond the tolerance
        assert difference(p_f, p_s) <= F32_TOL, name


def test_the_trainer_trains_both_alike():
    """FastSGD clips inside its update, so the trainer gets max_grad=None for the fast pair."""
    rng = np.random.default_rng(11)
    corpus = rng.integers(0, 40, 400)
    simple, fast = twins(40, 8, 9, dtype=np.float32, seed=12)
    ppl_s = RnnlmTrainer(simple, SGD(0.5)).fit(corpus[:-1], corpus[1:], max_epoch=3, batch_size=4,
                                              time_size=5, max_grad=0.25)
    ppl_f = RnnlmTrainer(fast, FastSGD(0.5, max_grad=0.25)).fit(corpus[:-1], corpus[1:], max_epoch=3,
                                                                 batch_size=4, time_size=5)
    np.testing.assert_allclose(ppl_f, ppl_s, rtol=F32_TOL)
    for name, p_s, p_f in zip(PARAM_NAMES, simple.params, fast.params):
        assert difference(p_f, p_s) <= F32_TOL, name


# ---------------------------------------------------------------- the optimizers alone

def arrays(seed, shapes, scale=1.0):
    rng = np.random.default_rng(seed)
    return [rng.standard_normal(s) * scale for s in shapes]


SHAPES = [(300, 300), (70_000,), (3, 4), (5,)]  # the first two exceed one block of 65,536 elements


def test_blocks_cover_every_element_once():
    a = np.zeros((300, 300))
    parts = blocks(a)
    assert len(parts) > 1
    for (part,) in parts:
        part += 1
    np.testing.assert_array_equal(a, 1)


@pytest.mark.parametrize("max_norm", [None, 1e3, 5.0])  # no clipping, a norm below the bound, clipping
def test_fast_sgd_equals_clip_then_sgd(max_norm):
    params, grads = arrays(0, SHAPES), arrays(1, SHAPES)
    fast_params, fast_grads = [p.copy() for p in params], [g.copy() for g in grads]
    if max_norm is not None:
        clip_grads(grads, max_norm)
    SGD(0.3).update(params, grads)
    FastSGD(0.3, max_grad=max_norm).update(fast_params, fast_grads)
    for p, p_f in zip(params, fast_params):
        np.testing.assert_allclose(p_f, p, rtol=1e-14, atol=1e-15)
    assert all(np.array_equal(g, g0) for g, g0 in zip(fast_grads, arrays(1, SHAPES)))  # grads left unscaled


@pytest.mark.parametrize("max_norm", [None, 5.0])
def test_fast_adam_equals_clip_then_adam_and_keeps_its_state(max_norm):
    params = arrays(0, SHAPES)
    fast_params = [p.copy() for p in params]
    plain, fast = Adam(0.01), FastAdam(0.01, max_grad=max_norm)
    for step in range(3):
        grads = arrays(10 + step, SHAPES)
        fast.update(fast_params, [g.copy() for g in grads])
        if max_norm is not None:
            clip_grads(grads, max_norm)
        plain.update(params, grads)
    assert isinstance(fast, Adam) and fast.iter == plain.iter == 3
    for p, p_f, m, m_f, v, v_f in zip(params, fast_params, plain.m, fast.m, plain.v, fast.v):
        np.testing.assert_allclose(p_f, p, rtol=1e-13, atol=1e-15)
        np.testing.assert_allclose(m_f, m, rtol=1e-13, atol=1e-15)
        np.testing.assert_allclose(v_f, v, rtol=1e-13, atol=1e-15)
