"""The unrolling explorer's numbers and figure (5.2.2-5.2.4): the unrolled RNN with the real h_t below it.

rnn_states runs a lib.TimeRNN over a toy sentence; unrolling_figure draws lib.viz.diagrams's
unrolled RNN above those states; set_unrolling_step moves the current step in place (Play).
"""
import numpy as np
from matplotlib.colors import Normalize
from matplotlib.patches import Rectangle

from lib.language import check_language
from lib.text import preprocess
from lib.time_layers import TimeEmbedding, TimeRNN
from lib.viz import diagrams
from lib.viz.korean import tr
from lib.viz.style import CELL_COLOR, FONT, SMALL, fixed_layout, hidden_cmap, plain_text_math, sub

TOY_SENTENCE = "you say goodbye and i say hello ."


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
                     sentence=TOY_SENTENCE, figsize=(12, 6.5), layout="constrained", *, lang="en"):
    """The unrolled RNN of lib.viz.diagrams.unrolled_rnn_figure, with the real hidden states below it.

    Top: T cells with the forward (blue) and backward (red, BPTT) flows; block_size (None or
    >= T: no truncation) cuts the backward links at block borders, never the forward ones.
    Bottom: h_t (H values, coloured from -1 blue to +1 red, numbers written in) from a lib.TimeRNN
    run on `sentence` (see rnn_states), for steps 0..step (step=None: all T steps); the
    cells after `step` are greyed out, the cell of `step` is highlighted.
    Returns (fig, info): the diagram's info plus "words", "hs" (T, H), "step", "shown_steps"
    (the steps whose values are written) and "block_size". layout: "constrained" or "fixed"
    (faster to redraw, see fixed_layout). lang: "en" or "ko" (the labels).
    """
    check_language(lang)
    T = int(T)
    step = T - 1 if step is None else int(step)
    if not 0 <= step < T:
        raise ValueError(f"step must be in 0..{T - 1} (T = {T}), got {step}")
    if block_size is not None and int(block_size) >= T:
        block_size = None  # one block: full BPTT
    words, hs = rnn_states(T, H=H, seed=seed, sentence=sentence)
    fig, info = diagrams.unrolled_rnn_figure(T, block_size=block_size, show_forward=show_forward,
                                             show_backward=show_backward, figsize=figsize, lang=lang)
    plain_text_math(fig)
    ax = fig.axes[0]
    grid = fig.add_gridspec(2, 1, height_ratios=[1.45, 1])
    ax.set_subplotspec(grid[0])
    axh = fig.add_subplot(grid[1])

    # the hidden states: one column of H boxes under each cell (all drawn; set_unrolling_step shows
    # the values up to the current step and greys out the rest)
    xstep, width = 2.0, 1.5
    cmap = hidden_cmap()
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
                           "T": T, "H": H, "xstep": xstep, "width": width, "sentence": sentence,
                           "lang": lang}
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
        cell.set_facecolor("#ffd27f" if t == step else "#f2f2f2" if t > step else CELL_COLOR)
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
    parts["axes"].set_title(tr("real values of {h} (H = {H}) from lib.TimeRNN on \u201c{sentence}\u201d, "
                               "steps 0..{step}", parts["lang"])
                            .format(h=sub("h", "t"), H=H, sentence=parts["sentence"], step=step), fontsize=FONT)
    info = dict(info, step=step, shown_steps=list(range(step + 1)))
    return info
