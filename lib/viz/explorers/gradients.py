"""The gradient explorer's numbers and figure (5.2.3): how ||dL/dh_t|| vanishes or explodes going back in time."""
import numpy as np
from matplotlib.ticker import FuncFormatter, LogLocator, MaxNLocator, NullLocator

from lib.language import check_language
from lib.layers import RNN
from lib.viz import plots
from lib.viz.korean import tr
from lib.viz.style import FONT, SMALL, fixed_layout, power_of_ten


def recurrent_weights(H, value, mode="singular", rng=None):
    """Wh (H, H) from M = randn(H, H) / sqrt(H) (drawn from rng).

    mode="scale": Wh = value * M (the book's initialisation times a scale).
    mode="singular": Wh = value * M / sigma_max(M), so that Wh's largest singular value is `value`.
    """
    rng = np.random.default_rng(rng)
    M = rng.standard_normal((H, H)) / np.sqrt(H)
    if mode == "scale":
        return value * M
    if mode == "singular":
        return value * M / np.linalg.norm(M, 2)
    raise ValueError(f"mode must be 'scale' or 'singular', got {mode!r}")


def rnn_draws(T=30, scale=0.8, H=16, seed=0, *, mode="scale", D=8, x_scale=0.1):
    """The seeded weights and data that gradient_norms_through_time measures with: a dict with
    Wx (D, H) = randn / sqrt(D), Wh (H, H) from recurrent_weights(H, scale, mode), b = 0,
    xs (1, T, D) = x_scale * randn and dout (1, H) = randn, drawn in that order from one generator.
    Notebook 5.2 runs the formula for dL/dh_t on the same draws.
    """
    T = int(T)
    if T < 2:
        raise ValueError(f"T must be at least 2, got {T}")
    rng = np.random.default_rng(seed)
    Wx = rng.standard_normal((D, H)) / np.sqrt(D)
    Wh = recurrent_weights(H, scale, mode, rng)
    xs = x_scale * rng.standard_normal((1, T, D))
    dout = rng.standard_normal((1, H))
    return {"Wx": Wx, "Wh": Wh, "b": np.zeros(H), "xs": xs, "dout": dout}


def gradient_norms_through_time(T=30, scale=0.8, H=16, seed=0, *, mode="scale", D=8, x_scale=0.1,
                                return_weights=False):
    """||dL/dh_t|| for t = 0..T-1 from one lib.RNN forward and backward pass, with the loss on the last step.

    L = sum(dout * h_{T-1}). Weights and data from rnn_draws (one generator, seeded): Wx (D, H) / sqrt(D),
    then Wh from recurrent_weights(H, scale, mode), inputs xs = x_scale * randn (1, T, D), dout randn (1, H).
    Forward: T steps of lib.RNN from h = 0. Backward: from dL/dh_{T-1} = dout, each step's
    backward gives dL/dh_{t-1}; the norm is taken at every step on the way back.
    Notebook 5.2 measures with it. Returns norms (T,) float64, or (norms, Wh) with return_weights=True.
    """
    T = int(T)
    draws = rnn_draws(T, scale, H, seed, mode=mode, D=D, x_scale=x_scale)
    Wx, Wh, b, xs, dout = (draws[k] for k in ("Wx", "Wh", "b", "xs", "dout"))

    steps = [RNN(Wx, Wh, b) for _ in range(T)]  # one layer per time step, sharing the weights
    h = np.zeros((1, H))
    for t, step in enumerate(steps):
        h = step.forward(xs[:, t], h)  # h_t

    norms = np.empty(T)
    dh = dout  # dL/dh_{T-1}
    for t in reversed(range(T)):
        norms[t] = np.linalg.norm(dh)  # dL/dh_t
        _, dh = steps[t].backward(dh)  # dL/dh_{t-1}
    return (norms, Wh) if return_weights else norms


def gradient_verdict(norms, *, lang="en"):
    """'vanishing', 'exploding' or 'roughly level' (in lang), from log10(||dL/dh_0|| / ||dL/dh_{T-1}||)."""
    check_language(lang)
    ratio = np.log10(max(norms[0], 1e-300) / norms[-1])
    if ratio < -1:
        return tr("vanishing", lang)
    if ratio > 1:
        return tr("exploding", lang)
    return tr("roughly level", lang)


def gradient_figure(T=30, scale=0.8, H=16, seed=0, mode="scale", figsize=(12, 5.5), layout="constrained", *,
                    lang="en"):
    """The gradient reaching each earlier step, on a log axis (lib.plots.gradient_norm_figure).

    Also drawn: the bound sigma_max^(T-1-t) * ||dL/dh_{T-1}|| (|tanh'| <= 1, so one step back
    multiplies the norm by at most Wh's largest singular value sigma_max: below 1 the gradient must
    vanish; above 1 it may explode, unless tanh saturates).
    Returns (fig, info): info = {"norms", "bound", "ratio" (first / last), "sigma_max",
    "spectral_radius", "verdict" (gradient_verdict, in lang), "scale", "mode", "T"}.
    layout: "constrained" or "fixed". lang: "en" or "ko" (the labels).
    """
    check_language(lang)
    norms, Wh = gradient_norms_through_time(T, scale, H, seed, mode=mode, return_weights=True)
    sigma = float(np.linalg.norm(Wh, 2))
    radius = float(np.abs(np.linalg.eigvals(Wh)).max())
    wh = "W\u2095"
    if mode == "singular":
        label = tr("{wh} with largest singular value {scale:g}", lang).format(wh=wh, scale=scale)
    else:
        label = tr("{wh} with scale {scale:g}", lang).format(wh=wh, scale=scale)
    fig, ratios = plots.gradient_norm_figure({label: norms}, figsize=figsize, lang=lang)
    ax = fig.axes[0]
    steps_back = (T - 1) - np.arange(T)
    with np.errstate(over="ignore", under="ignore"):
        bound = norms[-1] * np.power(sigma, steps_back.astype(np.float64))
    ax.plot(np.arange(T), bound, ls="--", lw=2, color="gray", gid="bound",
            label=tr("bound: \u03c3\u2098\u2090\u2093 ** (steps back) \u00d7 gradient at the loss", lang))
    verdict = gradient_verdict(norms, lang=lang)
    lo = min(norms.min(), norms[-1] / 100) / 3  # at least four decades around the loss step
    hi = max(norms.max(), norms[-1] * 100) * 3
    ax.set_ylim(max(lo, 1e-300), hi)
    ax.set_xlim(-0.5, T - 0.5)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    # one tick per decade, labelled 10\u207b\u2074 in plain text: the log axis's default minor ticks and
    # mathtext labels took most of the drawing time
    ax.yaxis.set_major_locator(LogLocator(base=10, numticks=10))
    ax.yaxis.set_minor_locator(NullLocator())
    ax.yaxis.set_major_formatter(FuncFormatter(power_of_ten))
    ax.set_ylabel(tr("\u2016\u2202L/\u2202h\u209c\u2016 (log scale)", lang), fontsize=FONT)
    ax.legend(fontsize=SMALL, loc="best")
    ax.set_title(tr("T = {T}, H = {H}: \u03c3\u2098\u2090\u2093({wh}) = {sigma:.2f}, spectral radius {radius:.2f} "
                    "\u2192 {verdict} (first / last = {ratio:.1e})", lang)
                 .format(T=T, H=H, wh=wh, sigma=sigma, radius=radius, verdict=verdict, ratio=ratios[label]),
                 fontsize=FONT + 1)
    if layout == "fixed":
        fixed_layout(fig, [(0.07, 0.1, 0.925, 0.85)])
    info = {"norms": norms, "bound": bound, "ratio": ratios[label], "sigma_max": sigma, "spectral_radius": radius,
            "verdict": verdict, "scale": scale, "mode": mode, "T": T}
    return fig, info
