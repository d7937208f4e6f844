"""RegularizedRnnlm: dropout and weight tying on the chapter's RNN; gradients checked in float64 with fixed masks."""
import inspect

import numpy as np
import pytest

from lib import RegularizedRnnlm, SimpleRnnlm, eval_perplexity, evaluation, numerical_gradient, relative_error
from lib.generate import generate
from lib.rnnlm import PARAM_NAMES
from lib.viz.explorers.inspector import inspect_rnnlm

TOL = 1e-6  # the gradient checks' threshold (tests/test_gradients.py)
TIED_NAMES = ["embed_W", "rnn_Wx", "rnn_Wh", "rnn_b", "affine_b"]


def unit_model(V, D, H, seed, **options):
    """A float64 model with unit-scale weights (gradients large enough to resolve, see test_gradients)."""
    model = RegularizedRnnlm(V, D, H, dtype=np.float64, rng=seed, **options)
    rng = np.random.default_rng(seed + 100)
    for p in model.params:
        p[...] = rng.standard_normal(p.shape) / np.sqrt(max(p.shape[0], 1))
    return model


def fixed_masks_loss(model, xs, ts, seed):
    """f() = the loss from a zero state, with the same dropout masks at every call."""
    def f():
        rng = np.random.default_rng(seed)
        for layer in model.dropout_layers:
            layer.rng = rng
        model.reset_state()
        return model.forward(xs, ts)
    return f


@pytest.mark.parametrize("tie_weights", [False, True])
@pytest.mark.parametrize("seed", [0, 1])
def test_gradients_of_every_parameter_with_dropout_masks_fixed(tie_weights, seed):
    V, D, H, N, T = 9, 4, 4, 2, 3
    rng = np.random.default_rng(seed)
    model = unit_model(V, D, H, seed, dropout=0.3, tie_weights=tie_weights)
    xs, ts = rng.integers(0, V, (N, T)), rng.integers(0, V, (N, T))
    ts[0, 1] = -1  # an ignored label
    f = fixed_masks_loss(model, xs, ts, seed)
    f()
    assert any((layer.mask == 0).any() for layer in model.dropout_layers)  # some units really dropped
    model.backward()
    names = list(model.named_params())
    assert names == (TIED_NAMES if tie_weights else list(PARAM_NAMES))
    for name, p, g in zip(names, model.params, model.grads):
        assert relative_error(g, numerical_gradient(f, p)) <= TOL, name


def test_the_tied_gradient_is_the_sum_of_both_uses():
    V, D = 7, 3
    rng = np.random.default_rng(4)
    model = unit_model(V, D, D, 4, tie_weights=True)
    xs, ts = rng.integers(0, V, (2, 3)), rng.integers(0, V, (2, 3))
    model.forward(xs, ts)
    model.backward()
    as_input, as_output = model.embed_layer.grads[0], model.affine_layer.grads[0].T
    assert np.abs(as_output).max() > 0 and np.abs(as_input).max() > 0
    np.testing.assert_array_equal(model.grads[0], as_input)  # the embedding's grads array holds the sum
    embed_only = np.zeros((V, D))
    np.add.at(embed_only, xs, model.dropout_layers[0].backward(model.rnn_layer.backward(
        model.affine_layer.backward(model.loss_layer.backward()))))
    np.testing.assert_allclose(model.grads[0] - as_output, embed_only, rtol=1e-12, atol=1e-14)


def test_one_shared_array_and_the_output_follows_the_embedding():
    model = RegularizedRnnlm(12, 5, 5, tie_weights=True, rng=0)
    assert len(model.params) == len({id(p) for p in model.params}) == 5
    assert model.affine_layer.params[0].base is model.params[0]
    xs = np.array([[1, 2, 3]])
    model.eval()
    before = model.predict(xs)
    model.reset_state()
    model.params[0][...] *= 2  # what an optimizer does, in place
    assert not np.allclose(model.predict(xs), before)


def test_same_seed_same_weights_as_simple_rnnlm_and_without_options_the_same_numbers():
    simple = SimpleRnnlm(11, 4, 4, dtype=np.float64, rng=3)
    plain = RegularizedRnnlm(11, 4, 4, dtype=np.float64, rng=3)
    tied = RegularizedRnnlm(11, 4, 4, dtype=np.float64, rng=3, tie_weights=True)
    for name, p in plain.named_params().items():
        np.testing.assert_array_equal(p, simple.named_params()[name])
    for name, p in tied.named_params().items():
        np.testing.assert_array_equal(p, simple.named_params()[name])
    rng = np.random.default_rng(0)
    xs, ts = rng.integers(0, 11, (2, 5)), rng.integers(0, 11, (2, 5))
    assert plain.forward(xs, ts) == simple.forward(xs, ts)
    plain.backward(), simple.backward()
    for g_p, g_s in zip(plain.grads, simple.grads):
        np.testing.assert_array_equal(g_p, g_s)


def test_tying_needs_equal_sizes():
    with pytest.raises(ValueError, match="wordvec_size must equal hidden_size"):
        RegularizedRnnlm(10, 4, 5, tie_weights=True)


def test_evaluation_is_deterministic_and_training_is_not():
    corpus = np.random.default_rng(1).integers(0, 20, 200)
    model = RegularizedRnnlm(20, 6, 6, dropout=0.5, rng=2)
    assert model.training
    assert eval_perplexity(model, corpus, 4, 5) == eval_perplexity(model, corpus, 4, 5)
    assert model.training  # eval_perplexity gives the model back its mode
    xs, ts = corpus[:10].reshape(2, 5), corpus[1:11].reshape(2, 5)
    model.reset_state()
    first = model.forward(xs, ts)
    model.reset_state()
    assert model.forward(xs, ts) != first  # new masks
    with evaluation(model):
        assert not model.training
        model.reset_state()
        a = model.forward(xs, ts)
        model.reset_state()
        assert model.forward(xs, ts) == a
    assert model.training
    model.eval()
    eval_perplexity(model, corpus, 4, 5)
    assert not model.training  # an evaluating model stays evaluating


def test_generation_and_inspection_run_without_dropout_and_keep_the_mode():
    model = RegularizedRnnlm(30, 6, 6, dropout=0.6, rng=5)
    for p in model.params:
        p *= 40  # sharp distributions: the words depend on the scores, not on luck
    words = [generate(model, [1, 2], 10, greedy=True) for _ in range(2)]
    assert words[0] == words[1]
    assert model.training
    model.eval()
    assert generate(model, [1, 2], 10, greedy=True) == words[0]  # the same as without dropout
    model.train()
    a, b = inspect_rnnlm(model, [1, 2, 3]), inspect_rnnlm(model, [1, 2, 3])
    np.testing.assert_array_equal(a.probs, b.probs)
    np.testing.assert_array_equal(a.hidden, b.hidden)
    assert a.hidden.shape == (3, 6) and model.training


@pytest.mark.parametrize("tie_weights", [False, True])
def test_save_and_load_keep_the_tie(tmp_path, tie_weights):
    saved = RegularizedRnnlm(10, 4, 4, tie_weights=tie_weights, rng=1)
    loaded = RegularizedRnnlm(10, 4, 4, tie_weights=tie_weights, rng=2)
    saved.save_params(tmp_path / "m.npz")
    with np.load(tmp_path / "m.npz") as f:
        assert sorted(f.files) == sorted(saved.named_params())
    loaded.load_params(tmp_path / "m.npz")
    for p_s, p_l in zip(saved.params, loaded.params):
        np.testing.assert_array_equal(p_l, p_s)
    if tie_weights:
        np.testing.assert_array_equal(loaded.affine_layer.params[0], saved.params[0].T)
    other = RegularizedRnnlm(10, 4, 4, tie_weights=not tie_weights, rng=2)
    with pytest.raises(ValueError, match=f"build the model with tie_weights={tie_weights}"):
        other.load_params(tmp_path / "m.npz")


@pytest.mark.parametrize("tie_weights", [False, True])
def test_a_file_that_is_no_parameter_file_says_so_whatever_the_tying(tmp_path, tie_weights):
    """Missing parameters are named before tying is mentioned (a file lacking only affine_W is a tied one)."""
    np.savez(tmp_path / "other.npz", weights=np.zeros(3))
    model = RegularizedRnnlm(10, 4, 4, tie_weights=tie_weights, rng=0)
    with pytest.raises(ValueError, match=r"is not an RNNLM parameter file: it lacks \['embed_W'") as error:
        model.load_params(tmp_path / "other.npz")
    assert "tie_weights" not in str(error.value)


@pytest.mark.parametrize("model_class", [SimpleRnnlm, RegularizedRnnlm])
@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_a_parameter_file_with_non_finite_values_is_refused_and_changes_nothing(tmp_path, model_class, bad):
    saved = model_class(10, 4, 4, rng=1)
    saved.params[3][2] = bad  # rnn_b
    saved.save_params(tmp_path / "m.npz")
    model = model_class(10, 4, 4, rng=2)
    before = [p.copy() for p in model.params]
    with pytest.raises(ValueError, match=r"m.npz: rnn_b holds NaN or infinite values"):
        model.load_params(tmp_path / "m.npz")
    for p, p0 in zip(model.params, before):
        np.testing.assert_array_equal(p, p0)


@pytest.mark.parametrize("model_class", [SimpleRnnlm, RegularizedRnnlm])
def test_load_params_reads_each_array_once(tmp_path, model_class, monkeypatch):
    model_class(10, 4, 4, rng=1).save_params(tmp_path / "m.npz")
    reads = []
    read = np.lib.npyio.NpzFile.__getitem__

    def counting_read(self, name):
        reads.append(name)
        return read(self, name)
    monkeypatch.setattr(np.lib.npyio.NpzFile, "__getitem__", counting_read)
    model = model_class(10, 4, 4, rng=2)
    model.load_params(tmp_path / "m.npz")
    assert sorted(reads) == sorted(model.named_params())


def test_both_models_share_the_parameter_file_code():
    """One implementation of save and load (lib.files), so the two models cannot drift apart."""
    for model_class in (SimpleRnnlm, RegularizedRnnlm):
        assert "save_arrays(" in inspect.getsource(model_class.save_params)
        load = inspect.getsource(model_class.load_params)
        assert "load_arrays(" in load and "copy_arrays(" in load and "np.load" not in load
