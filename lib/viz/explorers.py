"""What the chapter's interactive widgets compute and draw, kept apart from the widget wiring.

Each widget of `lib.widgets` has two halves here: a computation that returns numbers
(`rnn_states`, `gradient_norms_through_time`, `inspect_rnnlm`, `count_lm_probabilities`, ...) and a
figure function that takes data and returns `(fig, info)`: a `matplotlib.figure.Figure` (no pyplot:
no backend, no global state) and a dict of the numbers it drew. Tests, benchmarks and notebook
cells call these directly; `lib.widgets` only connects controls to them.

    widget (lib.widgets)          figure function here        computation here
    unrolling_explorer            unrolling_figure            rnn_states
    batch_offsets_explorer        batch_window_figure         (lib.batch_positions)
    gradient_explorer             gradient_figure             gradient_norms_through_time
    rnnlm_inspector               rnnlm_inspector_figure      sentence_ids, inspect_rnnlm
    lm_probability_explorer       lm_probability_figure       count_lm_probabilities

Drawing sits above the numpy core: this module imports matplotlib; the core never imports it.
"""
import re
from typing import NamedTuple

import numpy as np
from matplotlib import colormaps
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.ticker import FuncFormatter, LogLocator, MaxNLocator, NullLocator

from lib.viz import diagrams
from lib.batching import batch_positions, iters_per_epoch
from lib.functions import softmax
from lib.text import preprocess
from lib.time_layers import TimeEmbedding, TimeRNN

FONT = 13
SMALL = 12
TOY_SENTENCE = "you say goodbye and i say hello ."


_SUBSCRIPT = str.maketrans("0123456789t-", "\u2080\u2081\u2082\u2083\u2084\u2085\u2086\u2087\u2088\u2089\u209c\u208b")
_SIMPLE_MATH = re.compile(r"\$([A-Za-z])_\{?([0-9t-]+)\}?\$")


def sub(symbol, index):
    """'h', 3 -> 'h\u2083': a subscript written with Unicode characters instead of mathtext."""
    return symbol + str(index).translate(_SUBSCRIPT)


def plain_text_math(fig):
    """Rewrite the simple mathtext labels of fig ('$x_{3}$', '$h_t$') as Unicode subscripts.

    Matplotlib parses every mathtext string again whenever its small cache misses, which made a
    widget's redraw several times slower; Unicode subscripts render as plain text.
    """
    for ax in fig.axes:
        for text in ax.texts:
            old = text.get_text()
            new = _SIMPLE_MATH.sub(lambda m: sub(m.group(1), m.group(2)), old)
            if new != old:
                text.set_text(new)
                text.set_fontsize(text.get_fontsize() + 2)  # Unicode subscripts are small: enlarge
    return fig


def fixed_layout(fig, positions):
    """Replace fig's layout engine by fixed axes positions [left, bottom, width, height] (figure fractions).

    Constrained layout measures every text on every draw, about half the drawing time of these
    figures; a widget redrawing the same kind of figure again and again uses positions fixed once.
    """
    fig.set_layout_engine("none")
    for ax, pos in zip(fig.axes, positions):
        ax.set_position(pos)
    return fig


def row_labels(ax, labels, side="left", fontsize=SMALL):
    """Label rows 0, 1, ... of ax with plain texts beside it, instead of tick labels.

    matplotlib builds each tick from four artists, so T tick labels cost a widget's
    redraw ~1 ms each; a text is several times cheaper.
    """
    ax.set_yticks([])
    x, ha = (-0.015, "right") if side == "left" else (1.015, "left")
    for row, label in enumerate(labels):
        ax.text(x, row, label, transform=ax.get_yaxis_transform(), ha=ha, va="center", fontsize=fontsize)


_SUPERSCRIPT = str.maketrans("0123456789-", "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079\u207b")


def power_of_ten(value, _pos=None):
    """A log-axis tick label: 0.001 -> '10\u207b\u00b3' (Unicode superscripts, no mathtext)."""
    if value <= 0:
        return ""
    exponent = np.log10(value)
    if abs(exponent - round(exponent)) > 1e-6:
        return f"{value:.0e}"
    return "10" + str(int(round(exponent))).translate(_SUPERSCRIPT)


def tokens(sentence):
    """'You say hello.' -> ['you', 'say', 'hello', '.'] (lower case, the period as its own word)."""
    return sentence.lower().replace(".", " .").split()


# ---------------------------------------------------------------- 1. unrolling explorer (5.2)

def rnn_states(T, H=4, D=3, seed=0, sentence=TOY_SENTENCE):
    """Run lib.TimeRNN over the first T words of `sentence` (repeated when T is longer).

    The sentence goes through lib.preprocess; the word vectors come from a seeded
    lib.TimeEmbedding (V, D), the RNN weights from the same generator: Wx (D, H) and Wh (H, H)
    scaled by 1/sqrt(fan_in), b = 0. The weights do not depend on T, and the RNN reads left to
    right, so h_t is the same for every T > t (up to rounding). Returns (words (T,), hs (T, H) float64).
    """
    T = int(T)
    if T < 1:
        raise ValueError(f"T must be at least 1, got {T}")
    corpus, word_to_id, id_to_word = preprocess(sentence)
    ids = corpus[np.arange(T) % len(corpus)]
    rng = np.random.default_rng(seed)
    embed = TimeEmbedding(rng.standard_normal((len(word_to_id), D)))
    rnn = TimeRNN(rng.standard_normal((D, H)) / np.sqrt(D), rng.standard_normal((H, H)) / np.sqrt(H),
                  np.zeros(H))
    hs = rnn.forward(embed.forward(ids[None, :]))[0]
    return [id_to_word[int(i)] for i in ids], hs


def unrolling_figure(T=8, block_size=None, show_forward=True, show_backward=True, step=None, H=4, seed=0,
                     sentence=TOY_SENTENCE, figsize=(12, 6.5), layout="constrained"):
    """The unrolled RNN of lib.diagrams.unrolled_rnn_figure, with the real hidden states below it.

    Top: T cells with the forward (blue) and backward (red, BPTT) flows; block_size (None or
    >= T: no truncation) cuts the backward links at block borders, never the forward ones.
    Bottom: h_t (H values, coloured from -1 blue to +1 red, numbers written in) from a lib.TimeRNN
    run on `sentence` (see rnn_states), for steps 0..step (step=None: all T steps); the
    cells after `step` are greyed out, the cell of `step` is highlighted.
    Returns (fig, info): the diagram's info plus "words", "hs" (T, H), "step", "shown_steps"
    (the steps whose values are written) and "block_size". layout: "constrained" or "fixed"
    (faster to redraw, see fixed_layout).
    """
    T = int(T)
    step = T - 1 if step is None else int(step)
    if not 0 <= step < T:
        raise ValueError(f"step must be in 0..{T - 1} (T = {T}), got {step}")
    if block_size is not None and int(block_size) >= T:
        block_size = None  # one block: full BPTT
    words, hs = rnn_states(T, H=H, seed=seed, sentence=sentence)
    fig, info = diagrams.unrolled_rnn_figure(T, block_size=block_size, show_forward=show_forward,
                                             show_backward=show_backward, figsize=figsize)
    plain_text_math(fig)
    ax = fig.axes[0]
    grid = fig.add_gridspec(2, 1, height_ratios=[1.45, 1])
    ax.set_subplotspec(grid[0])
    axh = fig.add_subplot(grid[1])

    # the hidden states: one column of H boxes under each cell (all drawn; set_unrolling_step shows
    # the values up to the current step and greys out the rest)
    xstep, width = 2.0, 1.5
    cmap = diagrams_cmap()
    norm = Normalize(-1, 1)
    fs = SMALL if T <= 10 else SMALL - 1
    boxes, texts = [], []
    for t in range(T):
        for k in range(H):
            value = hs[t, k]
            boxes.append(axh.add_patch(Rectangle((t * xstep - width / 2, k - 0.45), width, 0.9, fc=cmap(norm(value)),
                                                 ec="white", lw=1)))
            texts.append(axh.text(t * xstep, k, f"{round(value, 2) + 0.0:+.2f}", ha="center", va="center",
                                  fontsize=fs, color="white" if abs(value) > 0.6 else "black"))
    current = axh.add_patch(Rectangle((0, -0.58), width + 0.16, H + 0.16, fc="none", ec="#e08000", lw=3,
                                      gid="h_current"))
    axh.set_xlim(ax.get_xlim())
    axh.set_ylim(H - 0.4, -0.7)
    axh.set_yticks(range(H), [f"{sub('h', 't')}[{k}]" for k in range(H)], fontsize=SMALL)
    axh.set_xticks([t * xstep for t in range(T)], [f"{sub('x', t)} = {w}" for t, w in enumerate(words)],
                   fontsize=fs, rotation=30 if T > 8 else 0)
    for side in ("top", "right", "left", "bottom"):
        axh.spines[side].set_visible(False)
    axh.tick_params(length=0)
    if layout == "fixed":
        rotated = T > 8
        fixed_layout(fig, [(0.045, 0.525 if rotated else 0.478, 0.95, 0.434 if rotated else 0.48),
                           (0.045, 0.119 if rotated else 0.04, 0.95, 0.299 if rotated else 0.331)])
    info.update(words=words, hs=hs, block_size=T if block_size is None else int(block_size))
    # what set_unrolling_step changes, kept with the figure
    fig.unrolling_parts = {"cells": diagrams.artists_by_gid(fig, "cell"), "boxes": boxes, "texts": texts,
                           "current": current, "axes": axh, "colors": [b.get_facecolor() for b in boxes],
                           "T": T, "H": H, "xstep": xstep, "width": width, "sentence": sentence}
    return fig, set_unrolling_step(fig, info, step)


def set_unrolling_step(fig, info, step):
    """Show the hidden states of steps 0..step in a figure of unrolling_figure (in place) and
    highlight cell `step`; later cells are greyed out. Changing only the step this way is faster
    than drawing a new figure (the Play control does it once per step). Returns the updated info.
    """
    parts = fig.unrolling_parts
    T, H = parts["T"], parts["H"]
    step = int(step)
    if not 0 <= step < T:
        raise ValueError(f"step must be in 0..{T - 1} (T = {T}), got {step}")
    for t, cell in enumerate(parts["cells"]):
        cell.set_facecolor("#ffd27f" if t == step else "#f2f2f2" if t > step else diagrams.CELL_COLOR)
        cell.set_edgecolor("#bbbbbb" if t > step else "black")
    for i, (box, text, color) in enumerate(zip(parts["boxes"], parts["texts"], parts["colors"])):
        shown = i // H <= step
        box.set_facecolor(color if shown else "white")
        box.set_edgecolor("white" if shown else "#cccccc")
        box.set_linestyle("-" if shown else "--")
        box.set_gid("h_value" if shown else "h_empty")
        text.set_visible(shown)
        text.set_gid("h_text" if shown else "h_text_hidden")
    parts["current"].set_x(step * parts["xstep"] - parts["width"] / 2 - 0.08)
    parts["axes"].set_title(f"real values of {sub('h', 't')} (H = {H}) from lib.TimeRNN on "
                            f"\u201c{parts['sentence']}\u201d, steps 0..{step}", fontsize=FONT)
    info = dict(info, step=step, shown_steps=list(range(step + 1)))
    return info


def diagrams_cmap():
    """The diverging colour map of the hidden-state pictures (negative blue, positive red)."""
    return colormaps["RdBu_r"]


# ---------------------------------------------------------------- 2. mini-batch offsets (5.2.5)

def batch_window_figure(data_size, batch_size, time_size, iteration=0, words=None, show_previous=False,
                        figsize=(12, 6), layout="constrained"):
    """Where each row of the mini-batch reads at one iteration (lib.diagrams.batch_layout_figure).

    Row i's window starts at i * (data_size // batch_size) + iteration * time_size and wraps
    modulo data_size. show_previous also draws iteration - 1, to see each row continue where it
    stopped. words: optional sequence of the corpus words, to list what each row reads.
    Returns (fig, info): the layout's info plus "iteration", "epoch" (0-based), "iters_per_epoch",
    "window" (the (batch_size, time_size) positions of this iteration) and "row_words".
    layout: "constrained" or "fixed" (faster to redraw, see fixed_layout).
    """
    iteration = int(iteration)
    if iteration < 0:
        raise ValueError(f"iteration must be >= 0, got {iteration}")
    per_epoch = iters_per_epoch(data_size, batch_size, time_size)
    iterations = [iteration - 1, iteration] if show_previous and iteration > 0 else iteration
    fig, info = diagrams.batch_layout_figure(data_size, batch_size, time_size, iterations=iterations,
                                             figsize=figsize)
    window = batch_positions(data_size, batch_size, time_size, iteration * time_size)
    epoch, within = divmod(iteration, per_epoch)
    ax = fig.axes[0]
    ax.set_title(f"batch_size={batch_size}, time_size={time_size}: jump = {data_size} // {batch_size} = "
                 f"{data_size // batch_size}; iteration {iteration} = epoch {epoch + 1}, step {within + 1} "
                 f"of {per_epoch}", fontsize=FONT + 1)
    row_words = None
    if words is not None:
        row_words = [[str(words[p]) for p in row] for row in window]
    if layout == "fixed":
        fixed_layout(fig, [(0.065, 0.173, 0.921, 0.781)])
    info.update(iteration=iteration, epoch=epoch, iters_per_epoch=per_epoch, window=window, row_words=row_words)
    return fig, info


# ---------------------------------------------------------------- 3. gradients through time (5.2.3)

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


def gradient_norms_through_time(T=30, scale=0.8, H=16, seed=0, *, mode="scale", D=8, x_scale=0.1,
                                return_weights=False):
    """||dL/dh_t|| for t = 0..T-1 from real lib.TimeRNN backward passes, with the loss on the last step.

    L = sum(dout * h_{T-1}). Weights (one generator, seeded): Wx (D, H) / sqrt(D), then Wh from
    recurrent_weights(H, scale, mode), inputs xs = x_scale * randn (1, T, D), dout randn (1, H).
    For each t, a stateful TimeRNN starts from h_t (of one full run), runs steps t+1..T-1 and
    back-propagates dout from the last step; its `dh` is dL/dh_t. Notebook 5.2 measures with it.
    Returns norms (T,) float64, or (norms, Wh) with return_weights=True.
    """
    T = int(T)
    if T < 2:
        raise ValueError(f"T must be at least 2, got {T}")
    rng = np.random.default_rng(seed)
    Wx = rng.standard_normal((D, H)) / np.sqrt(D)
    Wh = recurrent_weights(H, scale, mode, rng)
    b = np.zeros(H)
    xs = x_scale * rng.standard_normal((1, T, D))
    dout = rng.standard_normal((1, H))
    hs = TimeRNN(Wx, Wh, b).forward(xs)  # h_0 .. h_{T-1}

    norms = np.empty(T)
    norms[T - 1] = np.linalg.norm(dout)  # dL/dh_{T-1} = dout
    for t in range(T - 1):
        rest = TimeRNN(Wx, Wh, b, stateful=True)
        rest.set_state(hs[:, t].copy())  # start from h_t ...
        out = rest.forward(xs[:, t + 1:])  # ... run steps t+1 .. T-1
        dhs = np.zeros_like(out)
        dhs[:, -1] = dout
        rest.backward(dhs)
        norms[t] = np.linalg.norm(rest.dh)  # dL/dh_t
    return (norms, Wh) if return_weights else norms


def gradient_verdict(norms):
    """'vanishing', 'exploding' or 'roughly level', from log10(||dL/dh_0|| / ||dL/dh_{T-1}||)."""
    ratio = np.log10(max(norms[0], 1e-300) / norms[-1])
    if ratio < -1:
        return "vanishing"
    if ratio > 1:
        return "exploding"
    return "roughly level"


def gradient_figure(T=30, scale=0.8, H=16, seed=0, mode="scale", figsize=(12, 5.5), layout="constrained"):
    """The gradient reaching each earlier step, on a log axis (lib.diagrams.gradient_norm_figure).

    Also drawn: the bound sigma_max^(T-1-t) * ||dL/dh_{T-1}|| (|tanh'| <= 1, so one step back
    multiplies the norm by at most Wh's largest singular value sigma_max: below 1 the gradient must
    vanish; above 1 it may explode, unless tanh saturates).
    Returns (fig, info): info = {"norms", "bound", "ratio" (first / last), "sigma_max",
    "spectral_radius", "verdict", "scale", "mode", "T"}. layout: "constrained" or "fixed".
    """
    norms, Wh = gradient_norms_through_time(T, scale, H, seed, mode=mode, return_weights=True)
    sigma = float(np.linalg.norm(Wh, 2))
    radius = float(np.abs(np.linalg.eigvals(Wh)).max())
    wh = "W\u2095"
    what = f"largest singular value {scale:g}" if mode == "singular" else f"scale {scale:g}"
    label = f"{wh} with {what}"
    fig, ratios = diagrams.gradient_norm_figure({label: norms}, figsize=figsize)
    ax = fig.axes[0]
    steps_back = (T - 1) - np.arange(T)
    with np.errstate(over="ignore", under="ignore"):
        bound = norms[-1] * np.power(sigma, steps_back.astype(np.float64))
    ax.plot(np.arange(T), bound, ls="--", lw=2, color="gray", gid="bound",
            label="bound: \u03c3\u2098\u2090\u2093 ** (steps back) \u00d7 gradient at the loss")
    verdict = gradient_verdict(norms)
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
    ax.set_ylabel("\u2016\u2202L/\u2202h\u209c\u2016 (log scale)", fontsize=FONT)
    ax.legend(fontsize=SMALL, loc="best")
    ax.set_title(f"T = {T}, H = {H}: \u03c3\u2098\u2090\u2093({wh}) = {sigma:.2f}, spectral radius {radius:.2f} "
                 f"\u2192 {verdict} (first / last = {ratios[label]:.1e})", fontsize=FONT + 1)
    if layout == "fixed":
        fixed_layout(fig, [(0.07, 0.1, 0.925, 0.85)])
    info = {"norms": norms, "bound": bound, "ratio": ratios[label], "sigma_max": sigma, "spectral_radius": radius,
            "verdict": verdict, "scale": scale, "mode": mode, "T": T}
    return fig, info


# ---------------------------------------------------------------- 4. RNNLM inspector (5.4 / 5.5)

def sentence_ids(sentence, word_to_id, vocab_size=None):
    """Words of `sentence` (split on spaces) -> (ids (T,) int, unknown words).

    A word is unknown when it is not in word_to_id or its id is >= vocab_size (the model's
    vocabulary, e.g. the 418 words of the first 1000 PTB words). ids is None when any word is
    unknown or the sentence is empty.
    """
    def known(w):
        return w in word_to_id and (vocab_size is None or word_to_id[w] < vocab_size)

    # PTB is lower case except its tokens "N" (a number) and "<unk>": keep a word as typed if the
    # vocabulary has it, otherwise try it in lower case.
    words = [w if known(w) else w.lower() for w in sentence.split()]
    unknown = [w for w in words if not known(w)]
    unknown = list(dict.fromkeys(unknown))  # each once, in order
    if unknown or not words:
        return None, unknown
    return np.array([word_to_id[w] for w in words], dtype=np.int64), []


class Inspection(NamedTuple):
    """What inspect_rnnlm returns: for each step t of the input, after reading word t."""
    hidden: np.ndarray     # (T, H) hidden state h_t
    top_ids: np.ndarray    # (T, k) the k most probable next words, most probable first
    top_probs: np.ndarray  # (T, k) their probabilities
    probs: np.ndarray      # (T, V) the full next-word distribution (float64, rows sum to 1)


def inspect_rnnlm(model, ids, k=5):
    """Run a SimpleRnnlm on one sentence from a zero state: the hidden state at each step and the
    top-k next-word probabilities (softmax of the model's scores, in float64).

    The model's carried state is saved and put back afterwards, so inspecting does not disturb a
    model that is being trained or evaluated.
    """
    ids = np.asarray(ids, dtype=np.int64).reshape(1, -1)
    rnn = model.rnn_layer
    saved = rnn.h
    try:
        model.reset_state()
        xs = ids
        for layer in model.layers:
            xs = layer.forward(xs)
            if layer is rnn:
                hidden = np.array(xs[0], dtype=np.float64)
        scores = np.asarray(xs[0], dtype=np.float64)
    finally:
        rnn.h = saved
    probs = softmax(scores)
    order = np.argsort(-probs, axis=1, kind="stable")[:, :k]
    top_probs = np.take_along_axis(probs, order, axis=1)
    return Inspection(hidden, order, top_probs, probs)


def _short(word, n=11):
    return word if len(word) <= n else word[:n - 1] + "\u2026"


def rnnlm_inspector_figure(ids, inspection, id_to_word, figsize=(12, 6.2), layout="constrained"):
    """Left: heatmap of the hidden state h_t (one row per input word, one column per hidden unit).
    Right: the top-k next words after each input word with their probabilities (darker = more
    probable); the sentence's actual next word, where it is among them, is framed in green.
    ids: the sentence's word ids (T,); inspection: inspect_rnnlm(model, ids).
    Returns (fig, info): info = {"words", "hidden", "top_words", "top_probs", "next_word_prob" (P of
    the sentence's next word after each step; the last step has none: nan), "next_word_rank"
    (1-based rank of that word, 0 when outside the top k or at the last step)}.
    layout: "constrained" or "fixed" (faster to redraw, see fixed_layout).
    """
    hidden, top_ids, top_probs, probs = inspection
    ids = np.asarray(ids)
    words = [id_to_word[int(i)] for i in ids]
    T, H = hidden.shape
    k = top_ids.shape[1]
    fixed = layout == "fixed"
    fig = Figure(figsize=figsize, layout=None if fixed else "constrained")
    ax1, ax2 = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.0, 1.15]})
    image = ax1.imshow(hidden, aspect="auto", cmap=diagrams_cmap(), vmin=-1, vmax=1, interpolation="nearest",
                       gid="hidden")
    row_labels(ax1, [f"{t}: {_short(w)}" for t, w in enumerate(words)])
    ax1.set_xlabel(f"hidden unit (H = {H})", fontsize=SMALL)
    ax1.set_title(f"hidden state {sub('h', 't')} after reading each word", fontsize=FONT)
    ax1.tick_params(axis="x", labelsize=SMALL)
    if fixed:
        fixed_layout(fig, [(0.095, 0.086, 0.325, 0.872), (0.503, 0.086, 0.372, 0.872)])
        cbar = fig.colorbar(image, cax=fig.add_axes((0.428, 0.2, 0.016, 0.65)))
    else:
        cbar = fig.colorbar(image, ax=ax1, fraction=0.05, pad=0.02)
    cbar.ax.tick_params(labelsize=SMALL)

    # the top-k table
    top_words = [[id_to_word[int(i)] for i in row] for row in top_ids]
    next_prob = np.full(T, np.nan)
    next_prob[:-1] = next_word_probabilities(inspection, ids)
    next_rank = np.zeros(T, dtype=int)
    pmax = max(float(top_probs.max()), 1e-12)  # shade relative to the most probable word of the table
    shades = 0.08 + 0.8 * top_probs / pmax
    # One image for the T x k shaded cells (one artist draws much faster than T * k patches),
    # white grid lines between them, a text in each cell.
    ax2.imshow(shades, cmap="Blues", vmin=0, vmax=1, aspect="auto", interpolation="nearest",
               extent=(0, k, T - 0.5, -0.5), gid="top_shades")
    ax2.vlines(np.arange(1, k), -0.5, T - 0.5, color="white", lw=2)
    ax2.hlines(np.arange(T - 1) + 0.5, 0, k, color="white", lw=2)
    fs = SMALL if T <= 10 else SMALL - 1
    for t in range(T):
        actual = int(ids[t + 1]) if t + 1 < T else None
        for j in range(k):
            ax2.text(j + 0.5, t, f"{_short(top_words[t][j], 9)}\n{top_probs[t, j]:.3f}", ha="center", va="center",
                     fontsize=fs, color="white" if shades[t, j] > 0.6 else "black", linespacing=1.0, gid="top")
            if actual is not None and int(top_ids[t, j]) == actual:
                next_rank[t] = j + 1
                ax2.add_patch(Rectangle((j + 0.04, t - 0.46), 0.92, 0.92, fc="none", ec="#2ca02c", lw=3,
                                        gid="actual"))
    ax2.set_xlim(0, k)
    ax2.set_ylim(T - 0.5, -0.5)
    ax2.set_xticks(np.arange(k) + 0.5, [f"#{j + 1}" for j in range(k)], fontsize=SMALL)
    row_labels(ax2, [f"after \u201c{_short(w, 9)}\u201d" for w in words], side="right")
    ax2.tick_params(length=0)
    for side in ax2.spines.values():
        side.set_visible(False)
    ax2.set_title(f"top-{k} next words (green frame: the sentence's next word)", fontsize=FONT)
    info = {"words": words, "hidden": hidden, "top_words": top_words, "top_probs": top_probs,
            "next_word_prob": next_prob, "next_word_rank": next_rank}
    return fig, info


def next_word_probabilities(inspection, ids):
    """P(word t+1 | words 0..t) for t = 0..T-2 from an Inspection of the sentence ids (T,)."""
    ids = np.asarray(ids)
    return inspection.probs[np.arange(len(ids) - 1), ids[1:]]


# ---------------------------------------------------------------- 5. language-model probability explorer (5.1)

def split_sentences(text):
    """A text -> list of sentences, each a tuple of words ending with '.' (lib.preprocess's tokens)."""
    sentences, current = [], []
    for w in tokens(text):
        current.append(w)
        if w == ".":
            sentences.append(tuple(current))
            current = []
    if current:
        sentences.append(tuple(current))
    return sentences


def count_lm_probabilities(words, sentences, context="all"):
    """Count-based conditional probabilities P(w_t | left context) of `words`, one per word.

    sentences: the training sentences (tuples of words); each sentence starts fresh.
    context="all": P(w_t | w_1..w_{t-1}) = #sentences starting with w_1..w_t / #starting with w_1..w_{t-1}
        (notebook 5.1's model; 0 when the context never occurs).
    context="bigram": P(w_1) = share of sentences starting with w_1, then P(w_t | w_{t-1}) =
        count(w_{t-1} w_t) / count(w_{t-1} followed by any word), pairs counted inside sentences.
    Returns probs (n,) float64.
    """
    words = tuple(words)
    probs = np.zeros(len(words))
    if context == "all":
        for t in range(len(words)):
            den = sum(s[:t] == words[:t] for s in sentences if len(s) > t)
            num = sum(s[:t + 1] == words[:t + 1] for s in sentences)
            probs[t] = num / den if den else 0.0
    elif context == "bigram":
        pairs = [(s[i], s[i + 1]) for s in sentences for i in range(len(s) - 1)]
        probs[0] = sum(s[0] == words[0] for s in sentences) / len(sentences) if words else 0.0
        for t in range(1, len(words)):
            after = [b for a, b in pairs if a == words[t - 1]]
            probs[t] = after.count(words[t]) / len(after) if after else 0.0
    else:
        raise ValueError(f"context must be 'all' or 'bigram', got {context!r}")
    return probs


def sentence_report(probs):
    """Joint probability (product of the conditionals) and perplexity joint ** (-1/n) (inf when 0)."""
    probs = np.asarray(probs, dtype=np.float64)
    if probs.size == 0:
        raise ValueError("an empty sentence has no probability to report")
    joint = float(np.prod(probs))
    perplexity = joint ** (-1.0 / len(probs)) if joint > 0 else float("inf")
    return joint, perplexity


def lm_probability_figure(words, probs, model_name="count-based, all words on the left", context="all",
                          figsize=(12, 5.5), layout="constrained"):
    """Per-word conditional probabilities as bars and their running product
    (lib.diagrams.probability_factorisation_figure), with the joint probability and the perplexity.
    context: "all" or "bigram" (what the y label says the bars condition on).
    Returns (fig, info): info = {"words", "probs", "running", "joint", "perplexity", "n"}.
    layout: "constrained" or "fixed" (faster to redraw, see fixed_layout).
    """
    probs = np.asarray(probs, dtype=np.float64)
    joint, perplexity = sentence_report(probs)
    # a long sentence's running product is best read on a log axis (not possible once it reaches 0)
    log = len(probs) > 6 and joint > 0
    fig, drawn = diagrams.probability_factorisation_figure(list(words), probs, log=log, figsize=figsize)
    n = len(probs)
    ppl = f"{perplexity:.3f}" if np.isfinite(perplexity) else "\u221e (a factor is 0: the model never saw this)"
    fig.suptitle(f"{model_name}:  P(sentence) = {joint:.4f},  perplexity = P(sentence) ** (-1/{n}) = {ppl}",
                 fontsize=FONT + 1)
    if log:  # plain-text tick labels (mathtext ones are slow to draw)
        fig.axes[1].yaxis.set_minor_locator(NullLocator())
        fig.axes[1].yaxis.set_major_formatter(FuncFormatter(power_of_ten))
    if context == "bigram":
        fig.axes[0].set_ylabel("P(word | the word before it)", fontsize=FONT)
    if layout == "fixed":
        fixed_layout(fig, [(0.06, 0.07, 0.435, 0.82), (0.56, 0.07, 0.435, 0.82)])
    info = {"words": list(words), "probs": probs, "running": drawn["running"], "joint": joint,
            "perplexity": perplexity, "n": n}
    return fig, info
