"""The RNNLM inspector's numbers and figure (5.4 / 5.5): a trained model's hidden states and top-k next words."""
from typing import NamedTuple

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from lib.functions import softmax
from lib.generate import from_zero_state
from lib.language import check_language
from lib.viz.korean import tr
from lib.viz.style import FONT, SMALL, fixed_layout, hidden_cmap, row_labels, sub


class Inspection(NamedTuple):
    """What inspect_rnnlm returns: for each step t of the input, after reading word t."""
    hidden: np.ndarray     # (T, H) hidden state h_t
    top_ids: np.ndarray    # (T, k) the k most probable next words, most probable first
    top_probs: np.ndarray  # (T, k) their probabilities
    probs: np.ndarray      # (T, V) the full next-word distribution (float64, rows sum to 1)


def inspect_rnnlm(model, ids, k=5):
    """Run a SimpleRnnlm on one sentence ids (T,): the hidden state at each step and the
    top-k next-word probabilities (softmax of the model's scores, in float64).

    Like lib.generate, it starts from a zero state and gives the model back the state it had
    (lib.generate.from_zero_state): inspecting does not disturb a model being trained or evaluated.
    """
    ids = np.asarray(ids, dtype=np.int64).reshape(1, -1)
    with from_zero_state(model):
        xs = ids
        for layer in model.layers:
            xs = layer.forward(xs)
            if layer is model.rnn_layer:
                hidden = np.array(xs[0], dtype=np.float64)
        scores = np.asarray(xs[0], dtype=np.float64)
    probs = softmax(scores)
    order = np.argsort(-probs, axis=1, kind="stable")[:, :k]
    top_probs = np.take_along_axis(probs, order, axis=1)
    return Inspection(hidden, order, top_probs, probs)


def _short(word, n=11):
    return word if len(word) <= n else word[:n - 1] + "\u2026"


def rnnlm_inspector_figure(ids, inspection, id_to_word, figsize=(12, 6.2), layout="constrained", *, lang="en"):
    """Left: heatmap of the hidden state h_t (one row per input word, one column per hidden unit).
    Right: the top-k next words after each input word with their probabilities (darker = more
    probable); the sentence's actual next word, where it is among them, is framed in green.
    ids: the sentence's word ids (T,); inspection: inspect_rnnlm(model, ids).
    Returns (fig, info): info = {"words", "hidden", "top_words", "top_probs", "next_word_prob" (P of
    the sentence's next word after each step; the last step has none: nan), "next_word_rank"
    (1-based rank of that word, 0 when outside the top k or at the last step)}.
    layout: "constrained" or "fixed" (faster to redraw, see fixed_layout). lang: "en" or "ko" (the labels).
    """
    check_language(lang)
    hidden, top_ids, top_probs, probs = inspection
    ids = np.asarray(ids)
    words = [id_to_word[int(i)] for i in ids]
    T, H = hidden.shape
    k = top_ids.shape[1]
    fixed = layout == "fixed"
    fig = Figure(figsize=figsize, layout=None if fixed else "constrained")
    ax1, ax2 = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.0, 1.15]})
    image = ax1.imshow(hidden, aspect="auto", cmap=hidden_cmap(), vmin=-1, vmax=1, interpolation="nearest",
                       gid="hidden")
    row_labels(ax1, [f"{t}: {_short(w)}" for t, w in enumerate(words)])
    ax1.set_xlabel(tr("hidden unit (H = {H})", lang).format(H=H), fontsize=SMALL)
    ax1.set_title(tr("hidden state {h} after reading each word", lang).format(h=sub("h", "t")), fontsize=FONT)
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
    after = tr("after \u201c{word}\u201d", lang)
    row_labels(ax2, [after.format(word=_short(w, 9)) for w in words], side="right")
    ax2.tick_params(length=0)
    for side in ax2.spines.values():
        side.set_visible(False)
    ax2.set_title(tr("top-{k} next words (green frame: the sentence's next word)", lang).format(k=k), fontsize=FONT)
    info = {"words": words, "hidden": hidden, "top_words": top_words, "top_probs": top_probs,
            "next_word_prob": next_prob, "next_word_rank": next_rank}
    return fig, info


def next_word_probabilities(inspection, ids):
    """P(word t+1 | words 0..t) for t = 0..T-2 from an Inspection of the sentence ids (T,)."""
    ids = np.asarray(ids)
    return inspection.probs[np.arange(len(ids) - 1), ids[1:]]
