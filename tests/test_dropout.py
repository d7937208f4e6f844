"""TimeDropout: inverted dropout, one mask per forward, the identity in evaluation; its gradient in float64."""
import numpy as np
import pytest

from lib import TimeDropout, numerical_gradient, relative_error

TOL = 1e-6  # the gradient checks' threshold (tests/test_gradients.py)


def fixed_mask_loss(layer, xs, dout, seed):
    """f() = sum(layer.forward(xs) * dout), with the layer's Generator reset before each forward:
    every call draws the same mask, so f is a fixed function of xs."""
    def f():
        layer.rng = np.random.default_rng(seed)
        return float(np.sum(layer.forward(xs) * dout))
    return f


@pytest.mark.parametrize("ratio", [0.0, 0.3, 0.7])
def test_gradient_with_a_fixed_mask(ratio):
    rng = np.random.default_rng(1)
    xs, dout = rng.standard_normal((3, 4, 5)), rng.standard_normal((3, 4, 5))
    layer = TimeDropout(ratio)
    f = fixed_mask_loss(layer, xs, dout, seed=7)
    f()
    dxs = layer.backward(dout)
    assert relative_error(dxs, numerical_gradient(f, xs)) <= TOL
    assert layer.params == [] and layer.grads == []


def test_inverted_dropout_keeps_the_expected_value_and_drops_about_the_ratio():
    layer = TimeDropout(0.4, rng=0)
    xs = np.ones((50, 40, 30))
    out = layer.forward(xs)
    kept = out != 0
    np.testing.assert_allclose(out[kept], 1 / 0.6)  # the units kept are scaled by 1 / (1 - p)
    assert abs(kept.mean() - 0.6) < 0.01  # 60,000 draws: the kept share is 0.6 +- 0.002 (1 sd)
    assert abs(out.mean() - 1.0) < 0.02


def test_a_new_mask_at_every_forward_drawn_from_the_generator_given():
    xs = np.ones((4, 5, 6), dtype=np.float32)
    a, b = TimeDropout(0.5, rng=3), TimeDropout(0.5, rng=3)
    first, second = a.forward(xs), a.forward(xs)
    assert not np.array_equal(first, second)
    np.testing.assert_array_equal(b.forward(xs), first)  # the same seed: the same masks
    assert first.dtype == np.float32


def test_evaluation_is_the_identity_with_no_mask():
    layer = TimeDropout(0.5, rng=0)
    xs = np.random.default_rng(0).standard_normal((2, 3, 4))
    layer.train_flg = False
    assert layer.forward(xs) is xs and layer.mask is None
    dout = np.ones_like(xs)
    assert layer.backward(dout) is dout


@pytest.mark.parametrize("ratio", [-0.1, 1.0, 1.5])
def test_a_ratio_outside_0_1_is_refused(ratio):
    with pytest.raises(ValueError, match=r"in \[0, 1\)"):
        TimeDropout(ratio)
