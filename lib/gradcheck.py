"""Numerical gradients by centred differences, and the relative error used to compare."""
import numpy as np


def numerical_gradient(f, x, eps=1e-5):
    """d f() / d x by centred differences; f takes no argument and reads x, which is changed and restored."""
    grad = np.zeros(x.shape, dtype=np.float64)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + eps
        f_plus = f()
        x[i] = old - eps
        f_minus = f()
        x[i] = old
        grad[i] = (f_plus - f_minus) / (2 * eps)
    return grad


def relative_error(a, b):
    """max over elements of |a - b| / max(1e-8, |a| + |b|)."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b)), initial=0.0))


def check_layer(layer, *inputs, rng=None, eps=1e-5):
    """Compare a layer's backward with numerical gradients of sum(forward(*inputs) * dout).

    Float inputs get a gradient (in the order backward returns them); integer
    inputs (word ids, labels) do not. Use float64 arrays and a non-stateful layer
    (each forward must start afresh). Returns {name: relative error}, names
    'input 0', ..., 'param 0', ...
    """
    rng = np.random.default_rng(rng)
    out = layer.forward(*inputs)
    dout = rng.standard_normal(np.shape(out))  # a loss layer returns a float: dout is a scalar

    def loss():
        return float(np.sum(layer.forward(*inputs) * dout))

    layer.forward(*inputs)
    dinputs = layer.backward(dout)
    if not isinstance(dinputs, tuple):
        dinputs = (dinputs,)
    analytic = {f"input {i}": d for i, d in enumerate(dinputs) if d is not None}
    analytic.update({f"param {i}": g.copy() for i, g in enumerate(layer.grads)})

    arrays = {f"input {i}": x for i, x in enumerate(inputs) if np.issubdtype(x.dtype, np.floating)}
    arrays.update({f"param {i}": p for i, p in enumerate(layer.params)})
    return {name: relative_error(analytic[name], numerical_gradient(loss, arrays[name], eps))
            for name in analytic}
