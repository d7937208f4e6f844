"""SGD, Adam and clip_grads: values against hand computations, and updates in place."""
import math

import numpy as np
import pytest

from lib import SGD, Adam, SimpleRnnlm, clip_grads


def arrays(seed, shapes=((3, 4), (4,), (2, 2, 3)), scale=1.0, dtype=np.float64):
    rng = np.random.default_rng(seed)
    return [(rng.standard_normal(s) * scale).astype(dtype) for s in shapes]


def away_from_zero(seed, shapes=((3, 4), (4,), (2, 2, 3))):
    """Gradients with |g| in [0.5, 2], random signs."""
    rng = np.random.default_rng(seed)
    return [rng.choice([-1.0, 1.0], s) * rng.uniform(0.5, 2.0, s) for s in shapes]


# ---------------------------------------------------------------- SGD

@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_sgd_update_in_place(dtype):
    params, grads = arrays(0, dtype=dtype), arrays(1, dtype=dtype)
    objects = list(params)
    views = [p[...] for p in params]  # someone else holding the arrays (a layer) must see the update
    expected = [p - 0.3 * g for p, g in zip(params, grads)]
    SGD(lr=0.3).update(params, grads)
    assert all(p is o for p, o in zip(params, objects))
    for p, v, e in zip(params, views, expected):
        assert p.dtype == dtype
        np.testing.assert_allclose(p, e, rtol=1e-6 if dtype == np.float32 else 1e-15)
        np.testing.assert_array_equal(v, p)


def test_sgd_updates_the_model_layers():
    model = SimpleRnnlm(6, 3, 4, dtype=np.float64, rng=0)
    rng = np.random.default_rng(1)
    model.forward(rng.integers(0, 6, (2, 3)), rng.integers(0, 6, (2, 3)))
    model.backward()
    before = [p.copy() for p in model.params]
    SGD(0.5).update(model.params, model.grads)
    layer_params = [p for layer in model.layers for p in layer.params]
    for p, q, b, g in zip(layer_params, model.params, before, model.grads):
        assert p is q  # the layers compute with the updated arrays
        np.testing.assert_allclose(p, b - 0.5 * g, rtol=1e-15)


# ---------------------------------------------------------------- clip_grads

def global_norm(grads):
    return math.sqrt(sum(float(np.sum(np.asarray(g, dtype=np.float64) ** 2)) for g in grads))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_clip_grads_above_max_norm(dtype):
    grads = arrays(2, scale=3.0, dtype=dtype)
    objects = list(grads)
    before = [g.copy() for g in grads]
    norm = global_norm(grads)
    assert norm > 5
    returned = clip_grads(grads, max_norm=5.0)
    assert returned == pytest.approx(norm, rel=1e-6)
    assert all(g is o for g, o in zip(grads, objects))  # in place
    assert global_norm(grads) == pytest.approx(5.0, rel=1e-5)
    factor = grads[0].ravel()[0] / before[0].ravel()[0]
    for g, b in zip(grads, before):  # one factor for all: directions kept
        np.testing.assert_allclose(g, b * factor, rtol=1e-5 if dtype == np.float32 else 1e-12)


def test_clip_grads_below_max_norm_changes_nothing():
    grads = arrays(3, scale=0.1)
    before = [g.copy() for g in grads]
    norm = global_norm(grads)
    assert norm < 5
    assert clip_grads(grads, max_norm=5.0) == pytest.approx(norm, rel=1e-12)
    for g, b in zip(grads, before):
        np.testing.assert_array_equal(g, b)


def test_clip_grads_all_zero():
    grads = [np.zeros(3), np.zeros((2, 2))]
    assert clip_grads(grads, 1.0) == 0.0
    assert all(not g.any() for g in grads)


# ---------------------------------------------------------------- Adam

class ReferenceAdam:
    """Adam as in Kingma & Ba (2015), Algorithm 1: bias-corrected moments, eps added to sqrt(v_hat)."""

    def __init__(self, lr, beta1=0.9, beta2=0.999, eps=1e-8):
        self.lr, self.beta1, self.beta2, self.eps = lr, beta1, beta2, eps
        self.t, self.m, self.v = 0, None, None

    def step(self, params, grads):
        if self.m is None:
            self.m = [np.zeros_like(p) for p in params]
            self.v = [np.zeros_like(p) for p in params]
        self.t += 1
        out = []
        for k, (p, g) in enumerate(zip(params, grads)):
            self.m[k] = self.beta1 * self.m[k] + (1 - self.beta1) * g
            self.v[k] = self.beta2 * self.v[k] + (1 - self.beta2) * g * g
            m_hat = self.m[k] / (1 - self.beta1 ** self.t)
            v_hat = self.v[k] / (1 - self.beta2 ** self.t)
            out.append(p - self.lr * m_hat / (np.sqrt(v_hat) + self.eps))
        return out


def test_adam_first_step_moves_by_lr_times_sign():
    params, grads = arrays(4), away_from_zero(5)
    before = [p.copy() for p in params]
    objects = list(params)
    Adam(lr=0.01).update(params, grads)
    assert all(p is o for p, o in zip(params, objects))
    for p, b, g in zip(params, before, grads):
        np.testing.assert_allclose(p - b, -0.01 * np.sign(g), rtol=1e-5)


@pytest.mark.parametrize("eps, rtol", [(0.0, 1e-12), (1e-8, 1e-5)])
def test_adam_matches_the_paper_over_several_steps(eps, rtol):
    """eps = 0: the paper's form and the folded step size are the same formula (agree to rounding);
    eps = 1e-8: they put eps in slightly different places, a difference of ~1e-8 / |g| relative."""
    params = arrays(6)
    reference_params = [p.copy() for p in params]
    adam, reference = Adam(lr=0.02, beta1=0.8, beta2=0.99, eps=eps), ReferenceAdam(0.02, 0.8, 0.99, eps)
    # the two placements of eps differ by at most lr * eps / sqrt(1 - beta2) / min|g| per step
    drift = 6 * 0.02 * eps / math.sqrt(1 - 0.99) / 0.5
    for step in range(6):
        grads = away_from_zero(100 + step)
        start = [p.copy() for p in params]
        adam.update(params, grads)
        reference_params = reference.step(reference_params, grads)
        for p, r, s in zip(params, reference_params, start):
            np.testing.assert_allclose(p - s, r - s, rtol=rtol, atol=1e-15 + drift)  # the steps, not just p
            np.testing.assert_allclose(p, r, rtol=1e-12, atol=1e-12 + drift)
    assert adam.iter == 6
    for m, v, rm, rv in zip(adam.m, adam.v, reference.m, reference.v):
        np.testing.assert_allclose(m, rm, rtol=1e-12)
        np.testing.assert_allclose(v, rv, rtol=1e-12)


def test_adam_in_float32_stays_float32_and_matches_the_paper_to_float32_rounding():
    params = arrays(7, dtype=np.float32)
    reference_params = [p.astype(np.float64) for p in params]
    adam, reference = Adam(lr=0.01), ReferenceAdam(0.01)
    for step in range(5):
        grads = [g.astype(np.float32) for g in away_from_zero(200 + step)]
        adam.update(params, grads)
        reference_params = reference.step(reference_params, [g.astype(np.float64) for g in grads])
    assert all(a.dtype == np.float32 for a in params + adam.m + adam.v)
    for p, r in zip(params, reference_params):
        np.testing.assert_allclose(p, r, rtol=1e-5, atol=1e-6)


def test_clip_grads_returns_a_python_float_norm():
    grads = arrays(8, dtype=np.float32)
    norm = clip_grads(grads, max_norm=1e9)
    assert type(norm) is float and norm == pytest.approx(global_norm(grads), rel=1e-6)
