"""Bad input gets a clear error that says what was wrong."""
import re

import numpy as np
import pytest

from lib import (
    RNN,
    SGD,
    Affine,
    Embedding,
    RnnlmTrainer,
    SimpleRnnlm,
    SoftmaxWithLoss,
    TimeAffine,
    TimeEmbedding,
    TimeRNN,
    TimeSoftmaxWithLoss,
    cross_entropy_error,
    eval_perplexity,
    iters_per_epoch,
)

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
