"""Bad input gets a clear error that says what was wrong."""
import math
import re

import numpy as np
import pytest

from lib import (
    RNN,
    SGD,
    Adam,
    Affine,
    Embedding,
    FastRnnlm,
    RegularizedRnnlm,
    RnnlmTrainer,
    SimpleRnnlm,
    SoftmaxWithLoss,
    TimeAffine,
    TimeEmbedding,
    TimeRNN,
    TimeSoftmaxWithLoss,
    clip_grads,
    cross_entropy_error,
    eval_perplexity,
    get_batch,
    iters_per_epoch,
)
from lib.fast import FastAdam, FastSGD

D, H, V = 3, 4, 7


def rnn_params(seed=0):
    """Wx (D, H), Wh (H, H), b (H,) from a local generator: the same values whatever order the tests run in."""
    rng = np.random.default_rng(seed)
    return rng.standard_normal((D, H)), rng.standard_normal((H, H)), np.zeros(H)


def shape(*dims):
    return re.escape(str(tuple(dims)))


# ---------------------------------------------------------------- wrong shapes

def test_rnn_forward_wrong_D():
    with pytest.raises(ValueError, match=shape(2, D + 1) + ".*" + str(D)):
        RNN(*rnn_params()).forward(np.zeros((2, D + 1)), np.zeros((2, H)))


def test_rnn_forward_wrong_H():
    with pytest.raises(ValueError, match=r"h_prev.*" + shape(2, H + 2) + ".*" + str(H)):
        RNN(*rnn_params()).forward(np.zeros((2, D)), np.zeros((2, H + 2)))


def test_rnn_forward_mismatched_batch():
    with pytest.raises(ValueError, match=r"h_prev.*" + shape(3, H) + r".*\b2\b.*batch"):
        RNN(*rnn_params()).forward(np.zeros((2, D)), np.zeros((3, H)))


def test_time_rnn_two_dimensional_xs():
    with pytest.raises(ValueError, match=r"xs.*\(N, T, D\).*" + shape(2, D)):
        TimeRNN(*rnn_params()).forward(np.zeros((2, D)))


def test_time_rnn_wrong_D():
    with pytest.raises(ValueError, match=shape(2, 5, D + 1) + ".*" + str(D)):
        TimeRNN(*rnn_params()).forward(np.zeros((2, 5, D + 1)))


def test_time_rnn_set_state_wrong_H():
    with pytest.raises(ValueError, match=r"h.*" + shape(2, H + 1) + ".*" + str(H)):
        TimeRNN(*rnn_params(), stateful=True).set_state(np.zeros((2, H + 1)))


def test_affine_and_time_affine_wrong_D():
    W, b = np.zeros((D, 5)), np.zeros(5)
    with pytest.raises(ValueError, match=shape(2, 4, D + 2) + ".*" + str(D)):
        TimeAffine(W, b).forward(np.zeros((2, 4, D + 2)))
    with pytest.raises(ValueError, match=shape(2, D + 2) + ".*" + str(D)):
        Affine(W, b).forward(np.zeros((2, D + 2)))


@pytest.mark.parametrize("ts_shape", [(2, 4), (3, 3), (2, 3, 1)])
def test_time_softmax_with_loss_ts_not_matching_xs(ts_shape):
    xs = np.zeros((2, 3, V))
    with pytest.raises(ValueError, match=shape(*ts_shape)):
        TimeSoftmaxWithLoss().forward(xs, np.zeros(ts_shape, dtype=int))


def test_time_softmax_with_loss_message_names_the_expected_shape():
    with pytest.raises(ValueError, match=shape(2, 4) + r".*\(2, 3\)"):
        TimeSoftmaxWithLoss().forward(np.zeros((2, 3, V)), np.zeros((2, 4), dtype=int))


def test_softmax_with_loss_one_label_per_row():
    with pytest.raises(ValueError, match="label"):
        SoftmaxWithLoss().forward(np.zeros((3, V)), np.zeros(4, dtype=int))


def test_cross_entropy_error_one_label_per_row():
    with pytest.raises(ValueError, match=r"t has 2 labels, but y has 3 rows"):
        cross_entropy_error(np.full((3, V), 1 / V), np.array([0, 1]))


def test_a_list_where_an_array_is_needed_is_a_type_error_naming_the_shape():
    with pytest.raises(TypeError, match=r"xs must be a numpy array of shape \(N, T, D\), got list"):
        TimeRNN(*rnn_params()).forward([[[0.0] * D]])


# ---------------------------------------------------------------- ids outside the vocabulary

@pytest.mark.parametrize("bad", [V, V + 5, -1, -3])
def test_time_embedding_id_outside_vocabulary(bad):
    xs = np.array([[0, 1, bad], [2, 3, 4]])
    with pytest.raises(ValueError, match=rf"{bad}.*outside the vocabulary.*\b{V}\b"):
        TimeEmbedding(np.zeros((V, D))).forward(xs)


@pytest.mark.parametrize("bad", [V, -1])
def test_embedding_id_outside_vocabulary(bad):
    with pytest.raises(ValueError, match=rf"outside the vocabulary.*\b{V}\b"):
        Embedding(np.zeros((V, D))).forward(np.array([0, bad]))


@pytest.mark.parametrize("bad", [V, -1])
def test_model_forward_id_outside_vocabulary(bad):
    model = SimpleRnnlm(V, D, H, rng=0)
    xs, ts = np.zeros((2, 3), dtype=int), np.ones((2, 3), dtype=int)
    xs[1, 2] = bad
    with pytest.raises(ValueError, match=rf"outside the vocabulary.*\b{V}\b"):
        model.forward(xs, ts)


@pytest.mark.parametrize("bad", [V, -2])
def test_model_forward_label_outside_vocabulary(bad):
    """ts may hold -1 (ignored), but nothing else outside 0..V-1."""
    model = SimpleRnnlm(V, D, H, rng=0)
    xs, ts = np.zeros((2, 3), dtype=int), np.ones((2, 3), dtype=int)
    ts[0, 0] = -1
    model.reset_state()
    model.forward(xs, ts)  # -1 is fine
    ts[1, 1] = bad
    model.reset_state()
    with pytest.raises(ValueError, match=rf"outside the vocabulary.*\b{V}\b"):
        model.forward(xs, ts)


def test_float_ids_are_a_type_error():
    with pytest.raises(TypeError, match="integer"):
        TimeEmbedding(np.zeros((V, D))).forward(np.zeros((2, 3)))
    with pytest.raises(TypeError, match="integer"):
        Embedding(np.zeros((V, D))).forward(np.array([0.0, 1.0]))
    with pytest.raises(TypeError, match="integer"):
        SimpleRnnlm(V, D, H, rng=0).forward(np.zeros((2, 3)), np.zeros((2, 3), dtype=int))
    with pytest.raises(TypeError, match="integer"):
        TimeSoftmaxWithLoss().forward(np.zeros((2, 3, V)), np.zeros((2, 3)))


# ---------------------------------------------------------------- corpus too short

def test_iters_per_epoch_too_short():
    assert iters_per_epoch(50, 10, 5) == 1
    with pytest.raises(ValueError, match=r"too short.*10 x 5"):
        iters_per_epoch(49, 10, 5)


@pytest.mark.parametrize("batch_size, time_size", [(0, 5), (3, 0)])
def test_iters_per_epoch_needs_positive_sizes(batch_size, time_size):
    with pytest.raises(ValueError, match="positive"):
        iters_per_epoch(100, batch_size, time_size)


def test_fit_corpus_too_short():
    corpus = np.arange(20) % V
    trainer = RnnlmTrainer(SimpleRnnlm(V, D, H, rng=0), SGD(0.1))
    with pytest.raises(ValueError, match="too short"):
        trainer.fit(corpus[:-1], corpus[1:], max_epoch=1, batch_size=4, time_size=5)


def test_eval_perplexity_corpus_too_short():
    corpus = np.arange(20) % V  # 19 input tokens < 4 x 5
    with pytest.raises(ValueError, match="too short"):
        eval_perplexity(SimpleRnnlm(V, D, H, rng=0), corpus, batch_size=4, time_size=5)
    eval_perplexity(SimpleRnnlm(V, D, H, rng=0), np.arange(21) % V, batch_size=4, time_size=5)  # 20 is enough


def test_fit_xs_and_ts_of_different_lengths():
    corpus = np.arange(60) % V
    trainer = RnnlmTrainer(SimpleRnnlm(V, D, H, rng=0), SGD(0.1))
    with pytest.raises(ValueError, match="same length"):
        trainer.fit(corpus[:-1], corpus[2:], max_epoch=1, batch_size=2, time_size=5)


@pytest.mark.parametrize("threads", [0, -1])
def test_a_thread_count_below_one(threads):
    with pytest.raises(ValueError, match="positive number of BLAS threads"):
        RnnlmTrainer(SimpleRnnlm(V, D, H, rng=0), SGD(0.1), threads=threads)
    corpus = np.arange(60) % V
    with pytest.raises(ValueError, match="positive number of BLAS threads"):
        eval_perplexity(SimpleRnnlm(V, D, H, rng=0), corpus, batch_size=2, time_size=5, threads=threads)


# ---------------------------------------------------------------- carried state of another batch size

def test_stateful_time_rnn_batch_size_change_needs_reset_state():
    layer = TimeRNN(*rnn_params(), stateful=True)
    layer.forward(np.zeros((4, 2, D)))
    with pytest.raises(ValueError, match="reset_state"):
        layer.forward(np.zeros((3, 2, D)))
    layer.reset_state()
    assert layer.forward(np.zeros((3, 2, D))).shape == (3, 2, H)


def test_model_batch_size_change_needs_reset_state():
    model = SimpleRnnlm(V, D, H, rng=0)
    model.forward(np.zeros((4, 2), dtype=int), np.zeros((4, 2), dtype=int))
    with pytest.raises(ValueError, match="reset_state"):
        model.forward(np.zeros((3, 2), dtype=int), np.zeros((3, 2), dtype=int))
    model.reset_state()
    assert np.isfinite(model.forward(np.zeros((3, 2), dtype=int), np.zeros((3, 2), dtype=int)))


def test_not_stateful_time_rnn_accepts_any_batch_size():
    """A TimeRNN with stateful=False starts every forward from zeros, so no carried state can misfit."""
    layer = TimeRNN(*rnn_params(), stateful=False)
    layer.forward(np.zeros((4, 2, D)))
    assert layer.forward(np.zeros((3, 2, D))).shape == (3, 2, H)


# ---------------------------------------------------------------- parameter files

def test_load_params_file_missing_names(tmp_path):
    path = tmp_path / "partial.npz"
    model = SimpleRnnlm(V, D, H, rng=0)
    np.savez(path, embed_W=model.params[0], rnn_Wx=model.params[1])
    with pytest.raises(ValueError, match=r"rnn_Wh.*rnn_b.*affine_W.*affine_b"):
        model.load_params(path)


def test_set_state_on_a_non_stateful_time_rnn_is_refused():
    with pytest.raises(ValueError, match="stateful=True"):
        TimeRNN(*rnn_params()).set_state(np.zeros((2, H)))


def test_a_bias_of_the_wrong_length_is_refused_when_the_layer_is_built():
    from lib import Affine, TimeAffine
    W = np.zeros((4, 6))
    for layer in (Affine, TimeAffine):
        with pytest.raises(ValueError, match=r"one entry per column of W: shape \(6,\)"):
            layer(W, np.zeros(4))


def test_rnn_weights_of_mismatched_shapes_are_refused():
    from lib import RNN
    with pytest.raises(ValueError, match=r"Wh has shape \(3, 3\)"):
        RNN(np.zeros((2, 4)), np.zeros((3, 3)), np.zeros(4))
    with pytest.raises(ValueError, match="one entry per hidden unit"):
        TimeRNN(np.zeros((2, 4)), np.zeros((4, 4)), np.zeros(3))


# ---------------------------------------------------------------- dtypes the models cannot compute in

@pytest.mark.parametrize("model_class", [SimpleRnnlm, RegularizedRnnlm, FastRnnlm])
@pytest.mark.parametrize("dtype", [np.float16, np.complex64, np.int32])
def test_a_model_refuses_a_dtype_it_cannot_compute_in(model_class, dtype):
    with pytest.raises(ValueError, match=rf"np.float32.*np.float64.*got {np.dtype(dtype)}.*float16"):
        model_class(V, D, H, dtype=dtype, rng=0)
    assert model_class(V, D, H, dtype="float64", rng=0).params[0].dtype == np.float64  # any spelling of the two


# ---------------------------------------------------------------- optimizers and clipping

def params_and_grads(dtype=np.float64):
    rng = np.random.default_rng(0)
    params = [rng.standard_normal((3, 4)).astype(dtype), rng.standard_normal(4).astype(dtype)]
    return params, [np.ones_like(p) for p in params]


OPTIMIZERS = [SGD, Adam, FastSGD, FastAdam]


@pytest.mark.parametrize("optimizer_class", OPTIMIZERS)
@pytest.mark.parametrize("lr", [float("nan"), float("inf"), 0, -0.1])
def test_a_learning_rate_that_is_not_positive_and_finite(optimizer_class, lr):
    with pytest.raises(ValueError, match=rf"lr must be a positive finite number, got {lr}"):
        optimizer_class(lr=lr)
    with pytest.raises(TypeError, match="lr must be a positive number, got '0.1'"):
        optimizer_class(lr="0.1")


@pytest.mark.parametrize("optimizer_class", OPTIMIZERS)
def test_gradients_of_the_wrong_shape_or_count_change_nothing(optimizer_class):
    params, grads = params_and_grads()
    before = [p.copy() for p in params]
    optimizer = optimizer_class(lr=0.1)
    with pytest.raises(ValueError, match=r"gradient 1 has shape \(1,\), but parameter 1 has shape \(4,\)"):
        optimizer.update(params, [grads[0], np.ones(1)])  # would broadcast
    with pytest.raises(ValueError, match=r"gradient 0 has shape \(4, 3\)"):
        optimizer.update(params, [grads[0].T.copy(), grads[1]])
    with pytest.raises(ValueError, match="got 1 gradients for 2 parameters"):
        optimizer.update(params, grads[:1])  # would skip a parameter
    for p, b in zip(params, before):
        np.testing.assert_array_equal(p, b)
    optimizer.update(params, grads)  # the right ones still work
    assert not np.array_equal(params[0], before[0])


@pytest.mark.parametrize("max_norm", [0, -0.25, float("nan")])
def test_clip_grads_needs_a_positive_max_norm(max_norm):
    _, grads = params_and_grads()
    with pytest.raises(ValueError, match=rf"max_norm must be a positive finite number, got {max_norm}"):
        clip_grads(grads, max_norm)
    for optimizer_class in (FastSGD, FastAdam):
        with pytest.raises(ValueError, match="max_grad must be a positive finite number"):
            optimizer_class(lr=0.1, max_grad=max_norm)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_non_finite_gradients_are_an_error_not_a_scaling(bad):
    params, grads = params_and_grads()
    grads[1][2] = bad
    before = [g.copy() for g in grads]
    with pytest.raises(FloatingPointError, match="global norm is (nan|inf).*diverged"):
        clip_grads(grads, 1.0)
    for g, b in zip(grads, before):
        np.testing.assert_array_equal(g, b)  # not scaled to NaN or zeros
    for optimizer_class in (FastSGD, FastAdam):  # their clipping checks too: NaN would mean "no clipping"
        kept = [p.copy() for p in params]
        with pytest.raises(FloatingPointError, match="diverged"):
            optimizer_class(lr=0.1, max_grad=1.0).update(params, grads)
        for p, k in zip(params, kept):
            np.testing.assert_array_equal(p, k)


def test_clip_grads_in_float16_clips_instead_of_zeroing():
    """g ** 2 overflows float16 above 256: the norm is summed in float64."""
    grads = [np.full(4, 300.0, dtype=np.float16), np.full(3, -400.0, dtype=np.float16)]
    expected_norm = np.sqrt(4 * 300.0 ** 2 + 3 * 400.0 ** 2)
    assert clip_grads(grads, 1.0) == pytest.approx(expected_norm)
    assert grads[0].dtype == np.float16
    clipped = np.sqrt(sum(float(np.sum(g.astype(np.float64) ** 2)) for g in grads))
    assert clipped == pytest.approx(1.0, rel=1e-3)
    np.testing.assert_allclose(grads[0], 300.0 / expected_norm, rtol=1e-3)


# ---------------------------------------------------------------- the trainer's arguments and divergence

@pytest.mark.parametrize("eval_interval", [0, -1, 1.5])
def test_fit_refuses_an_eval_interval_below_one_before_any_work(eval_interval):
    corpus = np.arange(60) % V
    model = SimpleRnnlm(V, D, H, rng=0)
    before = [p.copy() for p in model.params]
    with pytest.raises(ValueError, match=rf"eval_interval must be a positive number of iterations.*{eval_interval}"):
        RnnlmTrainer(model, SGD(0.1)).fit(corpus[:-1], corpus[1:], max_epoch=1, batch_size=2, time_size=5,
                                          eval_interval=eval_interval)
    for p, b in zip(model.params, before):
        np.testing.assert_array_equal(p, b)


@pytest.mark.parametrize("max_grad", [0, -0.25, float("nan")])
def test_fit_refuses_a_max_grad_that_is_not_positive(max_grad):
    corpus = np.arange(60) % V
    with pytest.raises(ValueError, match=rf"max_grad must be a positive finite number, got {max_grad}"):
        RnnlmTrainer(SimpleRnnlm(V, D, H, rng=0), SGD(0.1)).fit(corpus[:-1], corpus[1:], max_epoch=1,
                                                                batch_size=2, time_size=5, max_grad=max_grad)


def test_a_python_list_where_a_corpus_is_needed():
    corpus = list(np.arange(60) % V)
    with pytest.raises(TypeError, match=r"corpus must be a 1-D numpy array of integer word ids.*got list"):
        eval_perplexity(SimpleRnnlm(V, D, H, rng=0), corpus, batch_size=2, time_size=5)
    with pytest.raises(TypeError, match=r"xs must be a 1-D numpy array.*got list"):
        RnnlmTrainer(SimpleRnnlm(V, D, H, rng=0), SGD(0.1)).fit(corpus[:-1], corpus[1:], max_epoch=1,
                                                                batch_size=2, time_size=5)
    with pytest.raises(TypeError, match=r"shape \(59,\) and dtype float64"):
        eval_perplexity(SimpleRnnlm(V, D, H, rng=0), np.arange(59.0), batch_size=2, time_size=5)


def test_a_corpus_of_the_wrong_shape_is_a_value_error():
    """A 2-D array of ids has the right type and the wrong shape: ValueError, as check_array gives."""
    with pytest.raises(ValueError, match=r"corpus must be a 1-D array of word ids \(n,\), got shape \(6, 10\)"):
        eval_perplexity(SimpleRnnlm(V, D, H, rng=0), np.zeros((6, 10), dtype=int), batch_size=2, time_size=5)


def test_softmax_with_loss_labels_as_a_list_is_a_type_error():
    with pytest.raises(TypeError, match="t must be a numpy integer array of word ids, got list"):
        SoftmaxWithLoss().forward(np.zeros((2, 3)), [0, 1])


@pytest.mark.parametrize("model_class", [SimpleRnnlm, RegularizedRnnlm, FastRnnlm])
def test_model_sizes_are_checked(model_class):
    with pytest.raises(ValueError, match="vocab_size must be at least 1, got -5"):
        model_class(-5, D, H, rng=0)
    with pytest.raises(ValueError, match="hidden_size must be at least 1, got 0"):
        model_class(V, D, 0, rng=0)
    with pytest.raises(TypeError, match=r"wordvec_size must be a positive int, got 2.5 \(float\)"):
        model_class(V, 2.5, H, rng=0)


def test_simple_rnnlm_backward_documents_its_shapes():
    assert "(N, T, V)" in SimpleRnnlm.backward.__doc__ and "(N, T, H)" in SimpleRnnlm.backward.__doc__


@pytest.mark.parametrize("model_class", [SimpleRnnlm, RegularizedRnnlm, FastRnnlm])
def test_bad_labels_leave_the_hidden_state_as_it_was(model_class):
    model = model_class(V, D, H, rng=0)
    xs = np.zeros((2, 3), dtype=np.int64)
    model.forward(xs, xs)
    h = model.rnn_layer.h.copy()
    for ts in [np.zeros((2, 4), dtype=np.int64), np.zeros((3, 3), dtype=np.int64), np.zeros(6, dtype=np.int64)]:
        with pytest.raises(ValueError, match="ts"):
            model.forward(xs, ts)
        np.testing.assert_array_equal(model.rnn_layer.h, h)


@pytest.mark.parametrize("max_epoch", [0, -1, 1.5, True])
def test_fit_refuses_a_max_epoch_that_is_not_a_positive_int(max_epoch):
    corpus = np.arange(60) % V
    with pytest.raises(ValueError, match=rf"max_epoch must be a positive int.*got {max_epoch!r}"):
        RnnlmTrainer(SimpleRnnlm(V, D, H, rng=0), SGD(0.1)).fit(corpus[:-1], corpus[1:], max_epoch=max_epoch,
                                                                batch_size=2, time_size=5)


@pytest.mark.parametrize("threads", [1.5, "2", True])
def test_threads_that_are_not_an_int_are_a_type_error(threads):
    corpus = np.arange(60) % V
    with pytest.raises(TypeError, match="threads must be a positive int"):
        RnnlmTrainer(SimpleRnnlm(V, D, H, rng=0), SGD(0.1), threads=threads)
    with pytest.raises(TypeError, match="threads must be a positive int"):
        eval_perplexity(SimpleRnnlm(V, D, H, rng=0), corpus, batch_size=2, time_size=5, threads=threads)


def test_eval_perplexity_resets_the_state_even_when_it_fails():
    model = SimpleRnnlm(V, D, H, rng=0)
    corpus = np.arange(60) % V
    corpus[40] = V  # an id outside the vocabulary, met after a few blocks
    with pytest.raises(ValueError, match=f"contains id {V}"):
        eval_perplexity(model, corpus, batch_size=2, time_size=5)
    assert model.rnn_layer.h is None


@pytest.mark.parametrize("model_class", [SimpleRnnlm, RegularizedRnnlm, FastRnnlm])
@pytest.mark.parametrize("shape", [(0, 3), (2, 0), (0, 0)])
def test_an_empty_batch_is_refused(model_class, shape):
    model = model_class(V, D, H, rng=0)
    with pytest.raises(ValueError, match=re.escape(f"xs has shape {shape}, an empty batch")):
        model.forward(np.zeros(shape, dtype=int), np.zeros(shape, dtype=int))


@pytest.mark.parametrize("model_class", [SimpleRnnlm, FastRnnlm])
def test_a_nan_loss_stops_fit_before_the_weights_change(model_class):
    corpus = np.arange(60) % V
    model = model_class(V, D, H, dtype=np.float64, rng=0)
    trainer = RnnlmTrainer(model, SGD(0.1))
    trainer.fit(corpus[:-1], corpus[1:], max_epoch=1, batch_size=2, time_size=5)  # 5 iterations
    model.params[3][0] = np.nan  # rnn_b: the next loss is NaN
    before = [p.copy() for p in model.params]
    state = trainer.state_dict()
    with pytest.raises(FloatingPointError, match=r"the loss is nan at iteration 1 of the epoch.*diverged.*lower"):
        trainer.fit(corpus[:-1], corpus[1:], max_epoch=1, batch_size=2, time_size=5)
    for p, b in zip(model.params, before):
        np.testing.assert_array_equal(p, b)  # no update (NaN equals NaN here)
    assert trainer.state_dict() == state  # the step did not count


def test_a_perplexity_too_large_for_a_float_is_inf_not_an_overflow_error():
    """A mean loss of ~1000 (exp overflows above ~709.8): perplexity inf, as math says, not "math range error"."""
    corpus = np.arange(1, 61) % (V - 1) + 1  # word 0 never comes
    model = SimpleRnnlm(V, D, H, dtype=np.float64, rng=0)
    model.params[5][0] = 1000.0  # affine_b: word 0 takes all the probability
    assert eval_perplexity(model, corpus, batch_size=2, time_size=5) == math.inf
    ppl = RnnlmTrainer(model, SGD(1e-12)).fit(corpus[:-1], corpus[1:], max_epoch=1, batch_size=2, time_size=5)
    assert ppl == [math.inf]


@pytest.mark.parametrize("batch_size, time_size, match", [
    (0, 5, "batch_size must be at least 1 row, got 0"),  # was ZeroDivisionError
    (-2, 5, "batch_size must be at least 1 row, got -2"),
    (2, 0, "time_size must be at least 1 word, got 0"),  # was an empty batch
])
def test_get_batch_of_an_empty_layout(batch_size, time_size, match):
    corpus = np.arange(21) % V
    with pytest.raises(ValueError, match=match):
        get_batch(corpus[:-1], corpus[1:], batch_size, time_size, 0)
