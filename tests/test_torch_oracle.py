"""PyTorch as an oracle: SimpleRnnlm's loss and six gradients equal autograd's on the same weights.

As micrograd tests its engine against PyTorch: an independent check beside the numerical
gradients of test_gradients.py. Skipped when torch is not installed
(pip install torch==2.13.0 installs a CPU build).
"""
import numpy as np
import pytest

import lib.time_layers
from lib import SimpleRnnlm

torch = pytest.importorskip("torch")

TOL = 1e-10  # float64 on both sides: the two differ only by rounding


def torch_loss(weights, xs, ts, h0):
    """The model written with torch operations: loss of one block and its last hidden state."""
    embed_W, Wx, Wh, b, affine_W, affine_b = weights
    x = embed_W[torch.as_tensor(xs)]  # (N, T, D)
    h, hs = h0, []
    for t in range(xs.shape[1]):
        h = torch.tanh(h @ Wh + x[:, t] @ Wx + b)
        hs.append(h)
    scores = torch.stack(hs, dim=1) @ affine_W + affine_b  # (N, T, V)
    loss = torch.nn.functional.cross_entropy(scores.reshape(-1, scores.shape[-1]),
                                             torch.as_tensor(ts).reshape(-1), ignore_index=-1)
    return loss, h


def relative(a, b):
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return float(np.max(np.abs(a - b)) / max(np.max(np.abs(b)), 1e-300))


@pytest.mark.parametrize("V, D, H, N, T, seed", [(7, 3, 4, 2, 5, 0), (30, 8, 16, 4, 6, 1), (418, 20, 24, 3, 7, 2)])
def test_loss_and_six_gradients_equal_pytorch_over_two_stateful_blocks(V, D, H, N, T, seed):
    rng = np.random.default_rng(seed)
    model = SimpleRnnlm(V, D, H, dtype=np.float64, rng=seed)
    for p in model.params:  # unit-scale weights and nonzero biases: every gradient entry matters
        p[...] = rng.standard_normal(p.shape) / np.sqrt(max(p.shape[0], 1))
    weights = [torch.tensor(p.copy(), requires_grad=True) for p in model.params]

    h = torch.zeros(N, H, dtype=torch.float64)
    for block in range(2):  # the second block starts from the first block's last state (truncated BPTT)
        xs, ts = rng.integers(0, V, (N, T)), rng.integers(0, V, (N, T))
        ts[rng.random((N, T)) < 0.2] = -1  # some labels ignored
        ts[0, 0] = 1  # at least one counts

        loss = model.forward(xs, ts)
        model.backward()
        for w in weights:
            w.grad = None
        expected, h = torch_loss(weights, xs, ts, h)
        expected.backward()
        h = h.detach()  # backward stops at the block, as in lib

        assert abs(loss - expected.item()) <= TOL * abs(expected.item()), block
        for name, g, w in zip(model.named_params(), model.grads, weights):
            assert relative(g, w.grad.numpy()) <= TOL, (block, name)


def test_the_oracle_can_fail(monkeypatch):
    """An embedding gradient that keeps one of a repeated id's gradients (dW[idx] = dout) must show."""
    def overwriting_backward(self, dout):
        dW, = self.grads
        dW[...] = 0
        dW[self.idx] = dout  # the bug add.at avoids: a repeated id keeps only one gradient

    V, D, H, N, T = 7, 3, 4, 2, 5
    rng = np.random.default_rng(3)
    model = SimpleRnnlm(V, D, H, dtype=np.float64, rng=3)
    model.params[0] *= 100
    xs, ts = rng.integers(0, V, (N, T)), rng.integers(0, V, (N, T))
    assert len(np.unique(xs)) < xs.size  # some id repeats
    weights = [torch.tensor(p.copy(), requires_grad=True) for p in model.params]
    expected, _ = torch_loss(weights, xs, ts, torch.zeros(N, H, dtype=torch.float64))
    expected.backward()

    monkeypatch.setattr(lib.time_layers.TimeEmbedding, "backward", overwriting_backward)
    model.forward(xs, ts)
    model.backward()
    assert relative(model.grads[0], weights[0].grad.numpy()) > 1e-3
    assert relative(model.grads[4], weights[4].grad.numpy()) <= TOL  # the other gradients stay right
