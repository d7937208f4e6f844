"""Gradient checks: every layer's backward against centred differences, in float64.

Relative error = |a - b| / max(1e-8, |a| + |b|) elementwise, max over elements
(lib.relative_error); numerical gradients by centred differences with EPS = 1e-5
(lib.numerical_gradient). Every gradient must agree to TOL = 1e-6.

A limit of the method, measured while writing these tests: a centred difference in
float64 carries rounding noise of about ulp(f) / EPS ~ 1e-11 * max(1, |f|) (up to
~6e-11 seen for losses of order 1). A gradient entry g then shows a relative error of
about noise / (2 |g|) even when backward is exactly right, so entries below ~3e-5
cannot be verified to 1e-6 (the 1e-8 floor of relative_error only covers entries
that are exactly 0, where the numerical gradient is exactly 0 too). The book's
initialisation makes word vectors of size ~0.01, which puts many dWx / dWh entries
at 1e-7..1e-5: a correct SimpleRnnlm then shows errors up to ~3e-5. So the data here
is drawn at unit scale, and a case with an entry whose analytic and numerical values
are both below RESOLVABLE * max(1, |f|) (and not both exactly 0) is not used
(hypothesis.assume; fixed cases assert it). The threshold itself is never loosened.
"""
import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import lib.layers
import lib.time_layers
from lib import (
    RNN,
    Affine,
    Embedding,
    SimpleRnnlm,
    SoftmaxWithLoss,
    TimeAffine,
    TimeEmbedding,
    TimeRNN,
    TimeSoftmaxWithLoss,
    check_layer,
    numerical_gradient,
    relative_error,
)

EPS = 1e-5
TOL = 1e-6
RESOLVABLE = 3e-5  # smallest nonzero |gradient| entry (per unit of |f|) that EPS resolves to TOL
MUTATED = 1e-2  # a wrong backward must show at least this error (>> TOL)

# derandomize: the same examples on every run, so a red test always means a changed result
PROPERTY = settings(max_examples=30, deadline=None, derandomize=True, database=None)
seeds = st.integers(0, 2**32 - 1)


# ---------------------------------------------------------------- helpers

def normal(rng, *shape, scale=1.0):
    return rng.standard_normal(shape) * scale


def rnn_params(rng, D, H):
    """Wx (D, H), Wh (H, H), b (H,) in float64, scaled so that tanh does not saturate."""
    Wx = normal(rng, D, H, scale=1 / np.sqrt(D))
    Wh = normal(rng, H, H, scale=1 / np.sqrt(H))
    return Wx, Wh, normal(rng, H, scale=0.5)


def measure(f, f0, pairs):
    """Relative errors of analytic gradients against numerical ones, and whether the case is resolvable.

    f() -> float reads the arrays; f0 = f() at the point; pairs = {name: (array, analytic
    gradient of f w.r.t. array)}. Resolvable: every entry where the analytic or the
    numerical gradient is nonzero has max(|analytic|, |numerical|) >= RESOLVABLE * max(1, |f0|)
    (an entry both ways exactly 0 is fine). Using both sides means a backward that wrongly
    returns a tiny value where the true gradient is large is still checked, not skipped.
    """
    errors, smallest = {}, np.inf
    for name, (array, grad) in pairs.items():
        numerical = numerical_gradient(f, array, EPS)
        errors[name] = relative_error(grad, numerical)
        size = np.maximum(np.abs(np.asarray(grad, dtype=np.float64)), np.abs(numerical))
        size = size[size != 0]
        if size.size:
            smallest = min(smallest, size.min())
    return errors, smallest >= RESOLVABLE * max(1.0, abs(f0))


def errors_of(f, pairs):
    return measure(f, 0.0, pairs)[0]


def check_resolvable_case(f, f0, pairs):
    """For property tests: skip a case too close to zero to measure, else the check must pass."""
    errors, ok = measure(f, f0, pairs)
    assume(ok)
    assert max(errors.values()) <= TOL, errors


def layer_case(layer, inputs, dout, before_forward=None):
    """f = sum(layer.forward(*inputs) * dout); returns (f, f0, pairs) with analytic gradients from backward."""
    def f():
        if before_forward is not None:
            before_forward()
        return float(np.sum(layer.forward(*inputs) * dout))

    f0 = f()
    dinputs = layer.backward(dout)
    if not isinstance(dinputs, tuple):
        dinputs = (dinputs,)
    pairs = {f"input {i}": (x, d.copy()) for i, (x, d) in enumerate(zip(inputs, dinputs)) if d is not None}
    pairs.update({f"param {i}": (p, g.copy()) for i, (p, g) in enumerate(zip(layer.params, layer.grads))})
    return f, f0, pairs


def loss_layer_case(layer, x, t):
    """f = layer.forward(x, t) (the loss); the gradient w.r.t. the scores x from backward()."""
    def f():
        return layer.forward(x, t)

    f0 = f()
    return f, f0, {"scores": (x, layer.backward().copy())}


def model_case(model, xs, ts):
    """f = loss after reset_state(); analytic gradients of the 6 parameters from backward()."""
    def f():
        model.reset_state()
        return model.forward(xs, ts)

    f0 = f()
    model.backward()
    names = ("embed_W", "rnn_Wx", "rnn_Wh", "rnn_b", "affine_W", "affine_b")
    return f, f0, {name: (p, g.copy()) for name, p, g in zip(names, model.params, model.grads)}


def assert_gradients_ok(f, f0, pairs, expected_names=None):
    errors, ok = measure(f, f0, pairs)
    assert ok, "badly conditioned test data: pick another case (see the module doc)"
    if expected_names is not None:
        assert sorted(errors) == sorted(expected_names)
    assert max(errors.values()) <= TOL, errors
    return errors


def unit_model(V, D, H, seed):
    """SimpleRnnlm in float64, book initialisation except word vectors of unit size (see the module doc)."""
    model = SimpleRnnlm(V, D, H, dtype=np.float64, rng=seed)
    model.params[0] *= 100  # randn / 100 -> randn
    return model


def labels_with_ignored(rng, shape, V, p_ignore=0.3):
    ts = rng.integers(0, V, shape)
    ts[rng.random(shape) < p_ignore] = -1
    return ts


# ---------------------------------------------------------------- the helpers themselves

def test_relative_error_follows_its_definition():
    assert relative_error(1.0, 3.0) == pytest.approx(2 / 4)
    assert relative_error(0.0, 0.0) == 0.0
    assert relative_error(1e-9, 0.0) == pytest.approx(1e-9 / 1e-8)  # the 1e-8 floor
    assert relative_error(np.array([1.0, 2.0]), np.array([1.0, -2.0])) == pytest.approx(1.0)  # the max


def test_numerical_gradient_of_a_known_function_and_restores_x():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((3, 4))
    before = x.copy()
    grad = numerical_gradient(lambda: float(np.sum(x ** 3)), x, EPS)
    np.testing.assert_array_equal(x, before)
    assert relative_error(grad, 3 * before ** 2) <= TOL


# ---------------------------------------------------------------- single-step layers

@pytest.mark.parametrize("seed", [0, 1])
def test_rnn_layer(seed):
    rng = np.random.default_rng(seed)
    N, D, H = 3, 4, 5
    layer = RNN(*rnn_params(rng, D, H))
    inputs = (normal(rng, N, D), normal(rng, N, H))
    assert_gradients_ok(*layer_case(layer, inputs, normal(rng, N, H)),
                        expected_names=["input 0", "input 1", "param 0", "param 1", "param 2"])
    errors = check_layer(layer, *inputs, rng=seed, eps=EPS)
    assert len(errors) == 5 and max(errors.values()) <= TOL, errors


def test_affine_layer():
    rng = np.random.default_rng(2)
    layer = Affine(normal(rng, 4, 6), normal(rng, 6))
    x = normal(rng, 3, 4)
    assert_gradients_ok(*layer_case(layer, (x,), normal(rng, 3, 6)),
                        expected_names=["input 0", "param 0", "param 1"])
    errors = check_layer(layer, x, rng=2, eps=EPS)
    assert len(errors) == 3 and max(errors.values()) <= TOL, errors


def test_embedding_layer_with_repeated_ids():
    rng = np.random.default_rng(3)
    layer = Embedding(normal(rng, 6, 4))
    ids = np.array([1, 4, 1, 0, 1, 4])  # repeated ids must add up their gradients; rows 2, 3, 5 unused
    f, f0, pairs = layer_case(layer, (ids,), normal(rng, 6, 4))
    assert list(pairs) == ["param 0"]  # ids get no gradient
    assert np.all(pairs["param 0"][1][[2, 3, 5]] == 0)
    assert_gradients_ok(f, f0, pairs)
    errors = check_layer(layer, ids, rng=3, eps=EPS)
    assert list(errors) == ["param 0"] and errors["param 0"] <= TOL


@pytest.mark.parametrize("dtype_labels", [np.int64, np.int32])
def test_softmax_with_loss_including_ignored_labels(dtype_labels):
    rng = np.random.default_rng(4)
    layer = SoftmaxWithLoss()
    x = normal(rng, 6, 5)
    t = np.array([0, 3, -1, 4, -1, 3], dtype=dtype_labels)
    f, f0, pairs = loss_layer_case(layer, x, t)
    assert np.all(pairs["scores"][1][t == -1] == 0)
    assert_gradients_ok(f, f0, pairs)


def test_check_layer_accepts_loss_layers():
    """check_layer documents 'a layer' and sum(forward * dout); a loss layer's forward returns a float.

    Fails with lib as written: gradcheck.py takes `out.shape` of the float loss (AttributeError).
    """
    rng = np.random.default_rng(5)
    errors = check_layer(SoftmaxWithLoss(), normal(rng, 4, 3), np.array([0, 2, -1, 1]), rng=5, eps=EPS)
    assert errors and max(errors.values()) <= TOL, errors
    errors = check_layer(TimeSoftmaxWithLoss(), normal(rng, 2, 3, 4), np.array([[0, 3, -1], [2, 1, 0]]),
                         rng=5, eps=EPS)
    assert errors and max(errors.values()) <= TOL, errors


# ---------------------------------------------------------------- time layers

@pytest.mark.parametrize("seed", [0, 1])
def test_time_rnn_not_stateful(seed):
    rng = np.random.default_rng(seed)
    N, T, D, H = 2, 5, 3, 4
    layer = TimeRNN(*rnn_params(rng, D, H), stateful=False)
    xs = normal(rng, N, T, D)
    assert_gradients_ok(*layer_case(layer, (xs,), normal(rng, N, T, H)),
                        expected_names=["input 0", "param 0", "param 1", "param 2"])
    errors = check_layer(layer, xs, rng=seed, eps=EPS)
    assert len(errors) == 4 and max(errors.values()) <= TOL, errors


@pytest.mark.parametrize("seed", [0, 1])
def test_time_rnn_stateful_from_set_state_and_dh(seed):
    """Stateful TimeRNN started from h0 by set_state: params, inputs, and dh = d f / d h0."""
    rng = np.random.default_rng(seed)
    N, T, D, H = 3, 4, 3, 5
    layer = TimeRNN(*rnn_params(rng, D, H), stateful=True)
    xs, h0 = normal(rng, N, T, D), normal(rng, N, H, scale=0.5)
    f, f0, pairs = layer_case(layer, (xs,), normal(rng, N, T, H), before_forward=lambda: layer.set_state(h0))
    assert layer.dh.shape == (N, H)
    pairs["h0"] = (h0, layer.dh.copy())
    assert_gradients_ok(f, f0, pairs, expected_names=["input 0", "param 0", "param 1", "param 2", "h0"])


def test_time_embedding():
    rng = np.random.default_rng(6)
    V, D = 7, 3
    layer = TimeEmbedding(normal(rng, V, D))
    xs = np.array([[0, 2, 2, 5], [5, 2, 1, 0]])  # repeats across rows and steps; ids 3, 4, 6 unused
    f, f0, pairs = layer_case(layer, (xs,), normal(rng, 2, 4, D))
    assert list(pairs) == ["param 0"]
    assert np.all(pairs["param 0"][1][[3, 4, 6]] == 0)
    assert_gradients_ok(f, f0, pairs)
    errors = check_layer(layer, xs, rng=6, eps=EPS)
    assert list(errors) == ["param 0"] and errors["param 0"] <= TOL


def test_time_affine():
    rng = np.random.default_rng(7)
    N, T, D, M = 2, 3, 4, 5
    layer = TimeAffine(normal(rng, D, M), normal(rng, M))
    xs = normal(rng, N, T, D)
    assert_gradients_ok(*layer_case(layer, (xs,), normal(rng, N, T, M)),
                        expected_names=["input 0", "param 0", "param 1"])
    errors = check_layer(layer, xs, rng=7, eps=EPS)
    assert len(errors) == 3 and max(errors.values()) <= TOL, errors


def test_time_softmax_with_loss_with_ignored_labels():
    rng = np.random.default_rng(8)
    N, T, V = 3, 4, 6
    xs = normal(rng, N, T, V)
    ts = rng.integers(0, V, (N, T))
    ts[0, 1] = ts[2, 0] = ts[2, 3] = -1
    f, f0, pairs = loss_layer_case(TimeSoftmaxWithLoss(), xs, ts)
    assert np.all(pairs["scores"][1][ts == -1] == 0)
    assert_gradients_ok(f, f0, pairs)


# ---------------------------------------------------------------- stateful carry-over (truncated BPTT)

def test_stateful_time_rnn_carries_forward_and_truncates_backward():
    rng = np.random.default_rng(9)
    N, T1, T2, D, H = 2, 3, 4, 3, 4
    params = rnn_params(rng, D, H)
    xs = normal(rng, N, T1 + T2, D)
    xs1, xs2 = xs[:, :T1].copy(), xs[:, T1:].copy()

    # forward continues: block 1 then block 2 equals one run over the whole sequence
    stateful = TimeRNN(*params, stateful=True)
    hs1 = stateful.forward(xs1)
    hs2 = stateful.forward(xs2)
    whole = TimeRNN(*params, stateful=False)
    hs_whole = whole.forward(xs)
    np.testing.assert_allclose(np.concatenate([hs1, hs2], axis=1), hs_whole, rtol=1e-13, atol=1e-15)

    # backward of block 2 equals that of a layer started from block 1's last h by set_state
    dhs2 = normal(rng, N, T2, H)
    dxs2 = stateful.backward(dhs2)
    grads2 = [g.copy() for g in stateful.grads]
    h_start = hs1[:, -1].copy()
    started = TimeRNN(*params, stateful=True)
    started.set_state(h_start)
    np.testing.assert_array_equal(started.forward(xs2), hs2)
    dxs_started = started.backward(dhs2)
    assert dxs2.shape == (N, T2, D)  # gradients for block 2's inputs only: nothing flows into block 1
    np.testing.assert_array_equal(dxs2, dxs_started)
    for g, g_started in zip(grads2, started.grads):
        np.testing.assert_array_equal(g, g_started)
    np.testing.assert_array_equal(stateful.dh, started.dh)

    # truncation matters: full BPTT of the same loss over both blocks differs (block 1 gets gradient)
    dxs_whole = whole.backward(np.concatenate([np.zeros((N, T1, H)), dhs2], axis=1))
    assert np.abs(dxs_whole[:, :T1]).max() > 1e-3
    assert max(relative_error(g, gw) for g, gw in zip(grads2, whole.grads)) > MUTATED

    # dh is the gradient of block 2's loss w.r.t. block 2's initial state (block 1's last h)
    probe = TimeRNN(*params, stateful=True)

    def f():
        probe.set_state(h_start)
        return float(np.sum(probe.forward(xs2) * dhs2))

    pairs = {"h_start": (h_start, stateful.dh.copy())}
    errors, ok = measure(f, f(), pairs)
    assert ok and errors["h_start"] <= TOL, errors


def test_time_rnn_equals_t_rnn_steps_and_shared_weight_gradient_is_the_sum_over_steps():
    """TimeRNN computes what T RNN layers on the same weights compute; its weight gradients are
    the sums of the per-step gradients (the weights are shared by all steps)."""
    rng = np.random.default_rng(10)
    N, T, D, H = 2, 5, 3, 4
    params = rnn_params(rng, D, H)
    xs, h0, dhs = normal(rng, N, T, D), normal(rng, N, H, scale=0.5), normal(rng, N, T, H)
    layer = TimeRNN(*params, stateful=True)
    layer.set_state(h0)
    hs = layer.forward(xs)
    dxs = layer.backward(dhs)

    steps = [RNN(*params) for _ in range(T)]
    h = h0
    for t, step in enumerate(steps):
        h = step.forward(xs[:, t], h)
        np.testing.assert_allclose(hs[:, t], h, rtol=1e-13, atol=1e-15)
    dh = np.zeros((N, H))
    for t in reversed(range(T)):
        dx, dh = steps[t].backward(dhs[:, t] + dh)  # h_t went up and on: its two gradients add
        np.testing.assert_allclose(dxs[:, t], dx, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(layer.dh, dh, rtol=1e-12, atol=1e-14)
    for k in range(3):
        per_step = [step.grads[k] for step in steps]
        assert relative_error(per_step[0], per_step[-1]) > MUTATED  # the steps' gradients do differ
        np.testing.assert_allclose(layer.grads[k], np.sum(per_step, axis=0), rtol=1e-12, atol=1e-14)


# ---------------------------------------------------------------- the whole model

@pytest.mark.parametrize("seed", [0, 1, 2])
def test_simple_rnnlm_all_six_parameters(seed):
    rng = np.random.default_rng(100 + seed)
    N, T, V, D, H = 2, 4, 7, 4, 5
    model = unit_model(V, D, H, seed)
    xs, ts = rng.integers(0, V, (N, T)), rng.integers(0, V, (N, T))
    f, f0, pairs = model_case(model, xs, ts)
    for name, (p, g) in pairs.items():
        assert p.dtype == g.dtype == np.float64, name
    assert_gradients_ok(f, f0, pairs,
                        expected_names=["embed_W", "rnn_Wx", "rnn_Wh", "rnn_b", "affine_W", "affine_b"])


# ---------------------------------------------------------------- property-based

@PROPERTY
@given(N=st.integers(1, 3), T=st.integers(1, 4), D=st.integers(1, 4), H=st.integers(1, 4),
       stateful=st.booleans(), seed=seeds)
def test_property_time_rnn(N, T, D, H, stateful, seed):
    rng = np.random.default_rng(seed)
    layer = TimeRNN(*rnn_params(rng, D, H), stateful=stateful)
    xs, h0 = normal(rng, N, T, D), normal(rng, N, H, scale=0.5)
    before = (lambda: layer.set_state(h0)) if stateful else None
    f, f0, pairs = layer_case(layer, (xs,), normal(rng, N, T, H), before_forward=before)
    if stateful:
        pairs["h0"] = (h0, layer.dh.copy())
    check_resolvable_case(f, f0, pairs)


@PROPERTY
@given(N=st.integers(1, 3), T=st.integers(1, 4), D=st.integers(1, 4), M=st.integers(1, 6), seed=seeds)
def test_property_time_affine(N, T, D, M, seed):
    rng = np.random.default_rng(seed)
    layer = TimeAffine(normal(rng, D, M), normal(rng, M))
    f, f0, pairs = layer_case(layer, (normal(rng, N, T, D),), normal(rng, N, T, M))
    check_resolvable_case(f, f0, pairs)


@PROPERTY
@given(N=st.integers(1, 3), T=st.integers(1, 4), D=st.integers(1, 4), V=st.integers(2, 6), seed=seeds)
def test_property_time_embedding(N, T, D, V, seed):
    rng = np.random.default_rng(seed)
    layer = TimeEmbedding(normal(rng, V, D))
    f, f0, pairs = layer_case(layer, (rng.integers(0, V, (N, T)),), normal(rng, N, T, D))
    check_resolvable_case(f, f0, pairs)


@PROPERTY
@given(N=st.integers(1, 3), T=st.integers(1, 4), V=st.integers(2, 6), seed=seeds)
def test_property_time_softmax_with_loss(N, T, V, seed):
    rng = np.random.default_rng(seed)
    xs, ts = normal(rng, N, T, V, scale=2.0), labels_with_ignored(rng, (N, T), V)
    f, f0, pairs = loss_layer_case(TimeSoftmaxWithLoss(), xs, ts)
    assert np.all(pairs["scores"][1][ts == -1] == 0)
    check_resolvable_case(f, f0, pairs)


@PROPERTY
@given(N=st.integers(1, 3), T=st.integers(1, 4), D=st.integers(1, 4), H=st.integers(1, 4),
       V=st.integers(2, 6), seed=seeds)
def test_property_simple_rnnlm(N, T, D, H, V, seed):
    rng = np.random.default_rng(seed)
    model = unit_model(V, D, H, seed)
    f, f0, pairs = model_case(model, rng.integers(0, V, (N, T)), rng.integers(0, V, (N, T)))
    check_resolvable_case(f, f0, pairs)


# ---------------------------------------------------------------- mutations: the checks can fail

def test_mutation_rnn_backward_wrong_sign_of_dh_prev_is_caught(monkeypatch):
    rng = np.random.default_rng(11)
    params, x, h_prev = rnn_params(rng, 3, 4), normal(rng, 2, 3), normal(rng, 2, 4)
    original = lib.layers.RNN.backward

    def flipped(self, dh_next):
        dx, dh_prev = original(self, dh_next)
        return dx, -dh_prev

    monkeypatch.setattr(lib.layers.RNN, "backward", flipped)
    errors = check_layer(RNN(*params), x, h_prev, rng=11, eps=EPS)
    assert errors["input 1"] > MUTATED and errors["input 0"] <= TOL
    f, _, pairs = layer_case(RNN(*params), (x, h_prev), normal(rng, 2, 4))
    assert errors_of(f, pairs)["input 1"] > MUTATED


def test_mutation_time_rnn_wrong_dh_or_dxs_is_caught(monkeypatch):
    rng = np.random.default_rng(11)
    params, xs, h0 = rnn_params(rng, 3, 4), normal(rng, 2, 4, 3), normal(rng, 2, 4)
    original = lib.time_layers.TimeRNN.backward

    def flipped_dh(self, dhs):
        dxs = original(self, dhs)
        self.dh = -self.dh
        return dxs

    monkeypatch.setattr(lib.time_layers.TimeRNN, "backward", flipped_dh)
    layer = TimeRNN(*params, stateful=True)
    f, _, pairs = layer_case(layer, (xs,), normal(rng, 2, 4, 4), before_forward=lambda: layer.set_state(h0))
    pairs["h0"] = (h0, layer.dh.copy())
    errors = errors_of(f, pairs)
    assert errors["h0"] > MUTATED and errors["input 0"] <= TOL

    monkeypatch.setattr(lib.time_layers.TimeRNN, "backward", lambda self, dhs: -original(self, dhs))
    assert check_layer(TimeRNN(*params), xs, rng=11, eps=EPS)["input 0"] > MUTATED
    f, _, pairs = model_case(unit_model(5, 3, 4, 11), rng.integers(0, 5, (2, 4)), rng.integers(0, 5, (2, 4)))
    errors = errors_of(f, pairs)
    assert errors["embed_W"] > MUTATED and errors["affine_W"] <= TOL


def test_mutation_time_affine_backward_wrong_sign_of_dx_is_caught(monkeypatch):
    rng = np.random.default_rng(12)
    original = lib.time_layers.TimeAffine.backward
    monkeypatch.setattr(lib.time_layers.TimeAffine, "backward", lambda self, dout: -original(self, dout))
    layer = TimeAffine(normal(rng, 3, 4), normal(rng, 4))
    errors = check_layer(layer, normal(rng, 2, 3, 3), rng=12, eps=EPS)
    assert errors["input 0"] > MUTATED and errors["param 0"] <= TOL
    f, _, pairs = layer_case(layer, (normal(rng, 2, 3, 3),), normal(rng, 2, 3, 4))
    assert errors_of(f, pairs)["input 0"] > MUTATED


def test_mutation_embedding_without_accumulation_is_caught(monkeypatch):
    """dW[idx] += dout keeps only one of the gradients of a repeated id; the check must notice."""
    def lossy_backward(self, dout):
        dW, = self.grads
        dW[...] = 0
        dW[self.idx.ravel()] += dout.reshape(-1, dW.shape[1])

    monkeypatch.setattr(lib.time_layers.TimeEmbedding, "backward", lossy_backward)
    rng = np.random.default_rng(13)
    layer = TimeEmbedding(normal(rng, 5, 3))
    errors = check_layer(layer, np.array([[1, 1, 2], [1, 4, 2]]), rng=13, eps=EPS)
    assert errors["param 0"] > MUTATED


def test_mutation_loss_gradient_not_divided_by_the_count_is_caught(monkeypatch):
    original = lib.time_layers.TimeSoftmaxWithLoss.backward

    def undivided(self, dout=1):
        dxs = original(self, dout)
        return dxs * dxs.shape[0] * dxs.shape[1]  # every label counts here: the count is N * T

    monkeypatch.setattr(lib.time_layers.TimeSoftmaxWithLoss, "backward", undivided)
    rng = np.random.default_rng(14)
    f, _, pairs = loss_layer_case(TimeSoftmaxWithLoss(), normal(rng, 2, 3, 4), rng.integers(0, 4, (2, 3)))
    assert errors_of(f, pairs)["scores"] > MUTATED


def test_mutation_tiny_wrong_gradient_is_checked_not_skipped(monkeypatch):
    """The resolvable filter looks at the numerical side too: a backward that returns ~0 is caught."""
    original = lib.time_layers.TimeAffine.backward
    monkeypatch.setattr(lib.time_layers.TimeAffine, "backward", lambda self, dout: original(self, dout) * 1e-9)
    rng = np.random.default_rng(15)
    f, f0, pairs = layer_case(TimeAffine(normal(rng, 3, 4), normal(rng, 4)), (normal(rng, 2, 3, 3),),
                              normal(rng, 2, 3, 4))
    errors, ok = measure(f, f0, pairs)
    assert ok and errors["input 0"] > MUTATED
