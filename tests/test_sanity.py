"""Sanity checks of the numpy core: reference values, numerical stability, the seed's errata, training."""
import math
import os
import warnings
from pathlib import Path

import numpy as np
import pytest

import lib
from lib import (
    RNN,
    SGD,
    Adam,
    Affine,
    RnnlmTrainer,
    SimpleRnnlm,
    SoftmaxWithLoss,
    TimeAffine,
    TimeRNN,
    TimeSoftmaxWithLoss,
    cross_entropy_error,
    eval_perplexity,
    preprocess,
    softmax,
)

ROOT = Path(__file__).resolve().parents[1]
PARAM_NAMES = ("embed_W", "rnn_Wx", "rnn_Wh", "rnn_b", "affine_W", "affine_b")


def log_sum_exp(x):
    """The test's own log-sum-exp, in float64 (independent of lib's)."""
    x = np.asarray(x, dtype=np.float64)
    m = x.max(axis=-1, keepdims=True)
    return (np.log(np.exp(x - m).sum(axis=-1, keepdims=True)) + m)[..., 0]


def hand_loss(scores, labels):
    """Mean of log-sum-exp(scores) - scores[label] over the rows whose label is not -1 (float64)."""
    scores = np.asarray(scores, dtype=np.float64).reshape(-1, scores.shape[-1])
    labels = np.asarray(labels).reshape(-1)
    keep = labels != -1
    per_row = log_sum_exp(scores) - scores[np.arange(len(labels)), np.where(keep, labels, 0)]
    return per_row[keep].mean()


# ---------------------------------------------------------------- reference values

@pytest.mark.parametrize("seed", [0, 1])
def test_initial_loss_is_ln_V(seed):
    V = 418
    rng = np.random.default_rng(seed)
    model = SimpleRnnlm(V, 100, 100, rng=seed)
    loss = model.forward(rng.integers(0, V, (10, 5)), rng.integers(0, V, (10, 5)))
    assert abs(loss - math.log(V)) < 0.1


def test_uniform_scores_give_perplexity_V():
    rng = np.random.default_rng(0)
    for V in (2, 7, 418, 10000):
        loss = TimeSoftmaxWithLoss().forward(np.full((3, 4, V), 0.25), rng.integers(0, V, (3, 4)))
        assert math.exp(loss) == pytest.approx(V, rel=1e-9)
        assert loss == pytest.approx(math.log(V), rel=1e-12)


def test_eval_perplexity_of_a_model_with_zero_output_layer_is_V():
    V = 30
    model = SimpleRnnlm(V, 5, 6, dtype=np.float64, rng=0)
    model.params[4][...] = 0  # affine_W
    model.params[5][...] = 0  # affine_b
    corpus = np.random.default_rng(1).integers(0, V, 200)
    assert eval_perplexity(model, corpus, batch_size=4, time_size=5) == pytest.approx(V, rel=1e-9)


def test_initialisation_follows_the_book():
    V, D, H = 418, 100, 60
    embed_W, Wx, Wh, b, affine_W, affine_b = SimpleRnnlm(V, D, H, rng=0).params
    assert embed_W.std() == pytest.approx(1 / 100, rel=0.03)  # randn / 100
    assert Wx.std() == pytest.approx(1 / np.sqrt(D), rel=0.05)  # Xavier-style: randn / sqrt(fan_in)
    assert Wh.std() == pytest.approx(1 / np.sqrt(H), rel=0.05)
    assert affine_W.std() == pytest.approx(1 / np.sqrt(H), rel=0.05)
    assert not b.any() and not affine_b.any()


def test_same_seed_same_model_and_rng_argument_forms():
    a, b = SimpleRnnlm(9, 3, 4, rng=5), SimpleRnnlm(9, 3, 4, rng=np.random.default_rng(5))
    c = SimpleRnnlm(9, 3, 4, rng=6)
    for pa, pb in zip(a.params, b.params):
        np.testing.assert_array_equal(pa, pb)
    assert not np.array_equal(a.params[0], c.params[0])


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_weights_are_the_book_draws_in_order(dtype):
    """Same seed, same weights: embed_W, rnn_Wx, rnn_Wh, affine_W drawn in that order from one generator."""
    V, D, H = 9, 3, 4
    rn = np.random.default_rng(11).standard_normal
    expected = [rn((V, D)) / 100, rn((D, H)) / np.sqrt(D), rn((H, H)) / np.sqrt(H), np.zeros(H),
                rn((H, V)) / np.sqrt(H), np.zeros(V)]
    for p, e in zip(SimpleRnnlm(V, D, H, dtype=dtype, rng=11).params, expected):
        np.testing.assert_array_equal(p, e.astype(dtype))


def test_named_params_are_the_params_in_order():
    model = SimpleRnnlm(9, 3, 4, rng=0)
    named = model.named_params()
    assert tuple(named) == PARAM_NAMES == lib.rnnlm.PARAM_NAMES
    assert all(a is b for a, b in zip(named.values(), model.params))  # the arrays, not copies


def test_rnn_forward_is_the_formula():
    rng = np.random.default_rng(2)
    Wx, Wh, b = rng.standard_normal((3, 4)), rng.standard_normal((4, 4)), rng.standard_normal(4)
    x, h = rng.standard_normal((2, 3)), rng.standard_normal((2, 4))
    expected = np.tanh(np.einsum("nh,hk->nk", h, Wh) + np.einsum("nd,dk->nk", x, Wx) + b)
    np.testing.assert_allclose(RNN(Wx, Wh, b).forward(x, h), expected, rtol=1e-13, atol=1e-15)


# ---------------------------------------------------------------- extreme scores

@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_extreme_scores_stay_finite_and_correct(dtype):
    big = 1e4
    scores = np.array([[big, -big, -big], [-big, big, -big], [-big, -big, big]], dtype=dtype)
    right = np.array([0, 1, 2])  # the target has the high score: loss ~0
    wrong = np.array([1, 2, 0])  # the target has score -1e4, another 1e4: loss = 2e4

    for labels, expected in ((right, 0.0), (wrong, 2 * big)):
        layer = SoftmaxWithLoss()
        loss = layer.forward(scores.copy(), labels)
        assert math.isfinite(loss) and loss == pytest.approx(expected, rel=1e-6, abs=1e-6)
        assert np.all(np.isfinite(layer.backward()))

        time_layer = TimeSoftmaxWithLoss()
        loss = time_layer.forward(scores.reshape(1, 3, 3).copy(), labels.reshape(1, 3))
        assert math.isfinite(loss) and loss == pytest.approx(expected, rel=1e-6, abs=1e-6)
        assert np.all(np.isfinite(time_layer.backward()))

    probs = softmax(scores.copy())
    assert probs.dtype == dtype and np.all(np.isfinite(probs))
    np.testing.assert_allclose(probs, np.eye(3), atol=1e-30)
    assert cross_entropy_error(probs, right) == pytest.approx(0.0, abs=1e-6)
    # cross_entropy_error only sees probabilities: 0 underflowed, it cannot know 2e4, but stays finite and large
    loss = cross_entropy_error(probs, wrong)
    assert math.isfinite(loss) and loss > 50
    assert cross_entropy_error(probs, np.eye(3)[right]) == pytest.approx(0.0, abs=1e-6)  # one-hot labels


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_rows_whose_exp_would_overflow_or_vanish_give_the_right_loss_and_gradient(dtype):
    # Rows whose plain exp overflows (scores ~1e3) or vanishes (~-1e3) mixed with
    # ordinary rows: the max shift and the log-sum-exp loss keep every number right.
    rng = np.random.default_rng(8)
    M, V = 23, 9
    scores = rng.standard_normal((M, V)) * 5
    scores[[0, 7, 8, 22]] += 1e3     # exp overflows
    scores[[3, 15]] -= 1e3           # exp underflows to 0 in every column
    scores[11, 4] = 800.0            # one entry overflows
    labels = rng.integers(0, V, M)
    labels[5] = -1
    keep = labels != -1
    expected_grad = np.exp(scores - log_sum_exp(scores)[:, None])
    expected_grad[np.flatnonzero(keep), labels[keep]] -= 1
    expected_grad[~keep] = 0
    expected_grad /= keep.sum()

    rtol, atol = (2e-5, 1e-7) if dtype == np.float32 else (1e-12, 1e-15)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow or invalid-value warning may escape
        for layer, x, t in ((SoftmaxWithLoss(), scores, labels),
                            (TimeSoftmaxWithLoss(), scores.reshape(1, M, V), labels.reshape(1, M))):
            given = x.astype(dtype)
            loss = layer.forward(given, t)
            assert loss == pytest.approx(hand_loss(scores, labels), rel=1e-6)
            grad = layer.backward()
            assert grad.dtype == dtype
            np.testing.assert_allclose(grad.reshape(M, V), expected_grad, rtol=rtol, atol=atol)
            np.testing.assert_array_equal(given, x.astype(dtype))  # the scores are not overwritten


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_softmax_with_log_sum_exp_is_the_formula_and_finite_at_extreme_scores(dtype):
    rng = np.random.default_rng(2)
    x = (rng.standard_normal((3, 4, 5)) * 3).astype(dtype)
    probs, lse = lib.softmax_with_log_sum_exp(x)
    assert probs.dtype == lse.dtype == dtype and lse.shape == (3, 4)
    rtol = 1e-6 if dtype == np.float32 else 1e-13
    np.testing.assert_allclose(lse, np.log(np.exp(x.astype(np.float64)).sum(axis=-1)), rtol=rtol)
    np.testing.assert_allclose(probs, softmax(x), rtol=rtol)
    big = np.array([[1e4, 0.0, -1e4], [-1e4, -1e4, -1e4]], dtype=dtype)
    np.testing.assert_allclose(lib.softmax_with_log_sum_exp(big)[1], [1e4, -1e4 + np.log(3)], rtol=rtol)
    with np.errstate(over="ignore", divide="ignore"):
        assert not np.isfinite(np.log(np.exp(big).sum(axis=-1))).any()  # the plain formula overflows or underflows


def test_softmax_rows_sum_to_one_and_do_not_change_the_input():
    rng = np.random.default_rng(3)
    x = rng.standard_normal((2, 3, 5)) * 30
    before = x.copy()
    p = softmax(x)
    np.testing.assert_array_equal(x, before)
    np.testing.assert_allclose(p.sum(axis=-1), 1.0, rtol=1e-12)
    np.testing.assert_allclose(np.log(p), x - log_sum_exp(x)[..., None], rtol=1e-10, atol=1e-10)


# ---------------------------------------------------------------- ignored labels, repeated backward

def test_ignored_labels_count_nowhere():
    rng = np.random.default_rng(4)
    N, T, V = 3, 4, 6
    xs = rng.standard_normal((N, T, V)) * 3
    ts = rng.integers(0, V, (N, T))
    ts[0, 0] = ts[1, 2] = ts[2, 1] = ts[2, 3] = -1
    keep = ts != -1

    layer = TimeSoftmaxWithLoss()
    loss = layer.forward(xs.copy(), ts)
    assert loss == pytest.approx(hand_loss(xs, ts), rel=1e-12)
    dxs = layer.backward()
    assert np.all(dxs[~keep] == 0)
    expected = np.exp(xs - log_sum_exp(xs)[..., None])
    expected[np.nonzero(keep) + (ts[keep],)] -= 1
    expected[~keep] = 0
    np.testing.assert_allclose(dxs, expected / keep.sum(), rtol=1e-10, atol=1e-15)

    step = SoftmaxWithLoss()
    flat_x, flat_t = xs.reshape(-1, V), ts.reshape(-1)
    assert step.forward(flat_x.copy(), flat_t) == pytest.approx(loss, rel=1e-12)
    dx = step.backward()
    assert np.all(dx[flat_t == -1] == 0)
    np.testing.assert_allclose(dx, dxs.reshape(-1, V), rtol=1e-12, atol=1e-15)


def test_all_labels_ignored_gives_zero_loss_and_gradient():
    xs = np.random.default_rng(6).standard_normal((2, 3, 4))
    layer = TimeSoftmaxWithLoss()
    assert layer.forward(xs.copy(), np.full((2, 3), -1)) == 0.0
    assert np.all(layer.backward() == 0)


def test_an_ignored_label_does_not_change_the_loss_of_the_others():
    rng = np.random.default_rng(5)
    xs, ts = rng.standard_normal((2, 3, 4)), rng.integers(0, 4, (2, 3))
    loss_first = TimeSoftmaxWithLoss().forward(xs[:1].copy(), ts[:1])
    ignored = ts.copy()
    ignored[1] = -1
    assert TimeSoftmaxWithLoss().forward(xs.copy(), ignored) == pytest.approx(loss_first, rel=1e-12)


@pytest.mark.parametrize("make", [SoftmaxWithLoss, TimeSoftmaxWithLoss])
def test_second_backward_is_the_same_and_dout_scales(make):
    rng = np.random.default_rng(6)
    layer = make()
    if make is SoftmaxWithLoss:
        x, t = rng.standard_normal((5, 4)), np.array([0, 3, -1, 2, 1])
    else:
        x, t = rng.standard_normal((2, 3, 4)), np.array([[0, 3, -1], [2, 1, 1]])
    layer.forward(x, t)
    first = np.array(layer.backward(), copy=True)
    np.testing.assert_array_equal(layer.backward(), first)
    np.testing.assert_allclose(layer.backward(dout=2.0), 2 * first, rtol=1e-15)
    np.testing.assert_array_equal(layer.backward(), first)  # scaling did not change the stored gradient
    assert np.abs(first).max() > 0
    # dout as numpy values, as an upstream layer or check_layer may pass it (the old `dout == 1` shortcut
    # failed for arrays): a 0-d array, a numpy scalar, and a one-element array
    for dout in (np.array(-0.5), np.float32(3.0), np.array([1.5])):
        np.testing.assert_allclose(layer.backward(dout), float(dout.ravel()[0]) * first, rtol=1e-7)
    for dout in (1, 1.0, np.array(1.0)):
        np.testing.assert_array_equal(layer.backward(dout), first)


def test_model_second_backward_is_the_same_and_dout_scales():
    rng = np.random.default_rng(7)
    model = SimpleRnnlm(8, 4, 5, dtype=np.float64, rng=7)
    model.forward(rng.integers(0, 8, (2, 3)), rng.integers(0, 8, (2, 3)))
    grads_before = list(model.grads)
    model.backward()
    first = [g.copy() for g in model.grads]
    model.backward()
    for g, f in zip(model.grads, first):
        np.testing.assert_array_equal(g, f)
    model.backward(dout=2.0)
    for g, f in zip(model.grads, first):
        np.testing.assert_allclose(g, 2 * f, rtol=1e-14, atol=0)
    assert all(a is b for a, b in zip(model.grads, grads_before))  # written in place: same arrays


# ---------------------------------------------------------------- TimeAffine = T Affine layers

def test_time_affine_equals_t_affine_layers():
    rng = np.random.default_rng(8)
    N, T, D, M = 3, 4, 5, 6
    W, b = rng.standard_normal((D, M)), rng.standard_normal(M)
    xs, dout = rng.standard_normal((N, T, D)), rng.standard_normal((N, T, M))
    time_layer = TimeAffine(W, b)
    out = time_layer.forward(xs)
    dxs = time_layer.backward(dout)
    dW_sum, db_sum = np.zeros_like(W), np.zeros_like(b)
    for t in range(T):
        step = Affine(W, b)
        np.testing.assert_allclose(out[:, t], step.forward(xs[:, t]), rtol=1e-13, atol=1e-14)
        np.testing.assert_allclose(dxs[:, t], step.backward(dout[:, t]), rtol=1e-13, atol=1e-14)
        dW_sum += step.grads[0]
        db_sum += step.grads[1]
    np.testing.assert_allclose(time_layer.grads[0], dW_sum, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(time_layer.grads[1], db_sum, rtol=1e-12, atol=1e-14)


# ---------------------------------------------------------------- the seed's errata are fixed

def test_simple_rnnlm_output_bias_has_V_entries():
    V, D, H = 11, 3, 5
    model = SimpleRnnlm(V, D, H, rng=0)
    shapes = [p.shape for p in model.params]
    assert shapes == [(V, D), (D, H), (H, H), (H,), (H, V), (V,)]
    assert [g.shape for g in model.grads] == shapes


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_params_and_computation_follow_dtype(dtype):
    model = SimpleRnnlm(9, 4, 5, dtype=dtype, rng=0)
    assert all(p.dtype == dtype for p in model.params)
    assert all(g.dtype == dtype for g in model.grads)
    rng = np.random.default_rng(0)
    xs, ts = rng.integers(0, 9, (2, 3)), rng.integers(0, 9, (2, 3))
    assert model.predict(xs).dtype == dtype
    model.reset_state()
    model.forward(xs, ts)
    model.backward()
    assert all(g.dtype == dtype for g in model.grads)


def test_default_dtype_is_float32():
    assert all(p.dtype == np.float32 for p in SimpleRnnlm(5, 2, 3, rng=0).params)


def test_time_rnn_hs_keeps_float64():
    """The notes allocated hs as float32 whatever the parameters: hs must be float64 at full precision."""
    rng = np.random.default_rng(9)
    N, T, D, H = 2, 4, 3, 5
    Wx, Wh, b = rng.standard_normal((D, H)) * 0.5, rng.standard_normal((H, H)) * 0.5, rng.standard_normal(H)
    xs = rng.standard_normal((N, T, D))
    layer = TimeRNN(Wx, Wh, b)
    hs = layer.forward(xs)
    assert hs.dtype == np.float64
    h = np.zeros((N, H))
    for t in range(T):
        h = np.tanh(h @ Wh + xs[:, t] @ Wx + b)
        np.testing.assert_allclose(hs[:, t], h, rtol=1e-13, atol=1e-15)  # float32 storage would miss by ~1e-8
    assert layer.backward(np.ones_like(hs)).dtype == np.float64
    assert layer.dh.dtype == np.float64

    layer32 = TimeRNN(*(p.astype(np.float32) for p in (Wx, Wh, b)))
    assert layer32.forward(xs.astype(np.float32)).dtype == np.float32


def test_model_loss_in_float64_matches_a_hand_computation():
    rng = np.random.default_rng(10)
    V, D, H, N, T = 7, 3, 4, 2, 3
    model = SimpleRnnlm(V, D, H, dtype=np.float64, rng=10)
    xs, ts = rng.integers(0, V, (N, T)), rng.integers(0, V, (N, T))
    embed_W, Wx, Wh, b, affine_W, affine_b = model.params
    h, scores = np.zeros((N, H)), np.empty((N, T, V))
    for t in range(T):
        h = np.tanh(h @ Wh + embed_W[xs[:, t]] @ Wx + b)
        scores[:, t] = h @ affine_W + affine_b
    assert model.forward(xs, ts) == pytest.approx(hand_loss(scores, ts), rel=1e-13)


# ---------------------------------------------------------------- save / load

def batch(V, seed=0):
    rng = np.random.default_rng(seed)
    return rng.integers(0, V, (3, 4)), rng.integers(0, V, (3, 4))


def test_save_load_round_trip(tmp_path):
    V, D, H = 12, 4, 5
    model = SimpleRnnlm(V, D, H, rng=1)
    corpus = np.random.default_rng(9).integers(0, V, 40)
    RnnlmTrainer(model, SGD(0.5)).fit(corpus[:-1], corpus[1:], max_epoch=2, batch_size=2, time_size=3)
    path = tmp_path / "model.npz"
    model.save_params(path)
    assert sorted(os.listdir(tmp_path)) == ["model.npz"]  # no temporary file left behind
    with np.load(path, allow_pickle=False) as saved:
        assert sorted(saved.files) == sorted(PARAM_NAMES)

    other = SimpleRnnlm(V, D, H, rng=2)
    arrays = list(other.params)
    assert not np.array_equal(other.params[0], model.params[0])
    other.load_params(path)
    assert all(a is b for a, b in zip(other.params, arrays))  # loaded in place: layers and optimizers see it
    for p, q in zip(other.params, model.params):
        np.testing.assert_array_equal(p, q)
    xs, ts = batch(V)
    model.reset_state()
    other.reset_state()
    assert other.forward(xs, ts) == model.forward(xs, ts)


def test_save_with_a_string_path_and_overwrite(tmp_path):
    model = SimpleRnnlm(6, 2, 3, rng=1)
    path = str(tmp_path / "m.npz")
    model.save_params(path)
    model.params[2][...] += 1
    model.save_params(path)
    other = SimpleRnnlm(6, 2, 3, rng=3)
    other.load_params(path)
    np.testing.assert_array_equal(other.params[2], model.params[2])
    assert sorted(os.listdir(tmp_path)) == ["m.npz"]


@pytest.mark.parametrize("sizes, name", [((13, 4, 5), "embed_W"), ((12, 4, 6), "rnn_Wx"), ((12, 3, 5), "embed_W")])
def test_load_into_different_shapes_names_the_parameter(tmp_path, sizes, name):
    path = tmp_path / "model.npz"
    SimpleRnnlm(12, 4, 5, rng=1).save_params(path)
    other = SimpleRnnlm(*sizes, rng=2)
    before = [p.copy() for p in other.params]
    with pytest.raises(ValueError, match=name):
        other.load_params(path)
    for p, q in zip(other.params, before):
        np.testing.assert_array_equal(p, q)  # nothing half-loaded


# ---------------------------------------------------------------- training

def test_tiny_model_overfits_a_tiny_corpus():
    corpus, word_to_id, _ = preprocess(" ".join(["You say goodbye and I say hello."] * 25))
    assert len(word_to_id) == 7 and len(corpus) == 200
    model = SimpleRnnlm(len(word_to_id), 8, 16, rng=0)
    trainer = RnnlmTrainer(model, Adam(0.05))
    ppl = trainer.fit(corpus[:-1], corpus[1:], max_epoch=60, batch_size=4, time_size=5)
    assert len(ppl) == 60 and ppl[0] > 3
    assert ppl[-1] < 1.5
    assert eval_perplexity(model, corpus, batch_size=1, time_size=20) < 1.5


def test_tiny_model_overfits_with_sgd():
    corpus, word_to_id, _ = preprocess(" ".join(["You say goodbye and I say hello."] * 25))
    model = SimpleRnnlm(len(word_to_id), 8, 16, rng=1)
    ppl = RnnlmTrainer(model, SGD(0.5)).fit(corpus[:-1], corpus[1:], max_epoch=80, batch_size=4, time_size=5)
    assert ppl[-1] < 1.5


def ptb_train_or_skip():
    try:
        from lib.datasets import ptb
    except ImportError as err:
        pytest.skip(f"lib.datasets.ptb is not available: {err}")
    folder = Path(os.environ.get("RNNLM_DATA_DIR") or ROOT / "data" / "ptb")
    if not (folder / "ptb.train.txt").exists():
        pytest.skip(
            f"PTB not found: {folder / 'ptb.train.txt'} is missing. Put ptb.train.txt there "
            f"(https://raw.githubusercontent.com/tomsercu/lstm/master/data/ptb.train.txt; with network "
            f"access `python -c \"from lib.datasets import ptb; ptb.load_data('train')\"` downloads and "
            f"verifies it) or set RNNLM_DATA_DIR to a folder that holds it.")
    corpus, word_to_id, _ = ptb.load_data("train")
    return corpus, word_to_id


def test_seed_training_run_on_1000_ptb_words():
    """The notes' run (5.5.3): 1000 words, batch 10, wordvec 100, hidden 100, time 5, SGD lr 0.1, 100 epochs."""
    corpus, word_to_id = ptb_train_or_skip()
    corpus = corpus[:1000]
    vocab_size = int(corpus.max()) + 1
    assert vocab_size == 418 and word_to_id["<eos>"] == 24
    model = SimpleRnnlm(vocab_size, 100, 100, rng=0)
    trainer = RnnlmTrainer(model, SGD(0.1))
    ppl = trainer.fit(corpus[:-1], corpus[1:], max_epoch=100, batch_size=10, time_size=5)
    assert len(ppl) == 100
    assert ppl[0] > 200  # starts near the vocabulary size
    assert ppl[-1] < 10
