"""Diagrams for sections 5.1 and 5.2: language-model contexts, the RNN loop, the unrolled RNN
with forward / backward (BPTT, truncated BPTT) flows, and the truncated-BPTT mini-batch layout.
(Plots of measured numbers, such as gradient norms, are in lib.viz.plots.)

Every function takes data and parameters and returns `(fig, info)`: a matplotlib Figure built
with `matplotlib.figure.Figure` (no pyplot, so no backend is needed and no global state is
touched) and a dict of the numbers it drew (how many cells and arrows, which positions were
highlighted). Artists carry a gid ("cell", "forward", "backward", "cut", "window", ...), so a test
or a widget can find what was drawn with `artists_by_gid(fig, gid)`.

Drawing sits above the numpy core: this module imports matplotlib; the core never imports it.
"""
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Rectangle

from lib.batching import batch_offsets, batch_positions
from lib.viz.style import BACKWARD_COLOR, CELL_COLOR, FONT, FORWARD_COLOR, SMALL


def artists_by_gid(fig, gid):
    """Every artist of fig (patches, lines, texts of all axes) whose gid is `gid`."""
    found = []
    for ax in fig.axes:
        for artist in list(ax.patches) + list(ax.lines) + list(ax.texts) + list(ax.collections):
            if artist.get_gid() == gid:
                found.append(artist)
    return found


def _arrow(ax, start, end, color, gid, lw=2.0, style="-|>", ls="-", rad=0.0, alpha=1.0, label=None):
    # label: "_..." (hidden from legends) to tag what the arrow stands for, e.g. "_link 3"
    arrow = FancyArrowPatch(start, end, arrowstyle=style, mutation_scale=16, lw=lw, color=color,
                            linestyle=ls, alpha=alpha, connectionstyle=f"arc3,rad={rad}",
                            shrinkA=0, shrinkB=0, gid=gid, label=label)
    ax.add_patch(arrow)
    return arrow


def _box(ax, x, y, w, h, text, gid, color=CELL_COLOR, fontsize=FONT):
    box = FancyBboxPatch((x - w / 2, y - h / 2), w, h, boxstyle="round,pad=0.02,rounding_size=0.12",
                         fc=color, ec="black", lw=1.5, gid=gid)
    ax.add_patch(box)
    ax.text(x, y, text, ha="center", va="center", fontsize=fontsize, gid=gid + "_label")
    return box


# ---------------------------------------------------------------- 5.1

def context_window_figure(words, target, window=1, figsize=(11, 4.5)):
    """Which words each model conditions on when it predicts words[target].

    Row 1: CBOW (word2vec) uses `window` words on BOTH sides of the target.
    Row 2: a language model uses ALL the words to the LEFT of the target.
    Returns (fig, info) with info = {"cbow": [indices], "lm": [indices], "target": target}.
    """
    n = len(words)
    if not 0 <= target < n:
        raise ValueError(f"target must be an index into words (0..{n - 1}), got {target}")
    cbow = [i for i in range(target - window, target + window + 1) if 0 <= i < n and i != target]
    lm = list(range(target))
    # each word gets a box as wide as its text needs
    widths = np.array([max(0.9, 0.21 * len(word) + 0.45) for word in words])
    centers = np.cumsum(widths + 0.12) - (widths + 0.12) / 2
    right = centers[-1] + widths[-1] / 2
    fig = Figure(figsize=figsize, layout="constrained")
    ax = fig.subplots()
    rows = [("CBOW\n(word2vec)", cbow, f"P(target | {window} word(s) on each side)"),
            ("language\nmodel", lm, "P(target | all words on the left)")]
    for r, (name, ctx, formula) in enumerate(rows):
        y = 1 - r * 1.5
        ax.text(-0.3, y, name, ha="right", va="center", fontsize=FONT, fontweight="bold")
        ax.text(right, y - 0.55, formula, ha="right", va="center", fontsize=FONT, style="italic")
        for i, word in enumerate(words):
            if i == target:
                color, gid = "#ffd27f", "target"
            elif i in ctx:
                color, gid = "#9ecae1", "context"
            else:
                color, gid = "white", "word"
            ax.add_patch(Rectangle((centers[i] - widths[i] / 2, y - 0.3), widths[i], 0.6, fc=color, ec="gray",
                                   gid=gid))
            ax.text(centers[i], y, word, ha="center", va="center", fontsize=FONT)
    ax.add_patch(Rectangle((0, 0), 0, 0, fc="#9ecae1", ec="gray", label="context used"))
    ax.add_patch(Rectangle((0, 0), 0, 0, fc="#ffd27f", ec="gray", label="target (to predict)"))
    ax.legend(loc="lower center", ncol=2, fontsize=FONT, frameon=False, bbox_to_anchor=(0.5, -0.05))
    ax.set_xlim(-2.6, right + 0.1)
    ax.set_ylim(-1.5, 1.5)
    ax.axis("off")
    ax.set_title("Which words does each model look at to predict the target?", fontsize=FONT + 1)
    return fig, {"cbow": cbow, "lm": lm, "target": target}


def probability_factorisation_figure(words, probs, log=False, figsize=(12, 4.8)):
    """Bars of the conditional probabilities P(w_t | w_1..w_{t-1}) and their running product.

    words: the sentence (m words); probs: the m conditional probabilities.
    Left: one bar per word. Right: the running product (log=True: on a log axis, for long
    sentences); its last value is the joint probability P(w_1, ..., w_m).
    Returns (fig, info), info = {"running": array, "joint": float}.
    """
    probs = np.asarray(probs, dtype=np.float64)
    if len(words) != len(probs):
        raise ValueError(f"one probability per word: got {len(words)} words and {len(probs)} probabilities")
    running = np.cumprod(probs)
    x = np.arange(len(words))
    fig = Figure(figsize=figsize, layout="constrained")
    ax1, ax2 = fig.subplots(1, 2)
    ax1.bar(x, probs, color="#9ecae1", edgecolor="black", gid="conditional")
    for i, p in enumerate(probs):
        ax1.text(i, p + 0.02, f"{p:.2f}", ha="center", va="bottom", fontsize=FONT - 1)
    ax1.set_xticks(x, [f"{w}" for w in words], fontsize=FONT)
    ax1.set_ylim(0, 1.12)
    ax1.set_ylabel("P(word | all words on its left)", fontsize=FONT)
    ax1.set_title("Conditional probability of each word", fontsize=FONT + 1)
    ax1.tick_params(labelsize=FONT - 1)

    colors = ["#c6dbef"] * (len(words) - 1) + ["#ffd27f"]
    ax2.bar(x, running, color=colors, edgecolor="black", gid="running")
    ax2.plot(x, running, color=FORWARD_COLOR, lw=1.5, marker="o")
    for i, p in enumerate(running):
        if len(words) > 6 and i < len(words) - 1:
            continue  # too crowded: only the joint gets its number
        ax2.text(i, p * 1.08 if log else p + 0.02, f"{p:.3f}", ha="center", va="bottom", fontsize=FONT - 1)
    if log:
        ax2.set_yscale("log")
        ax2.set_ylim(running.min() / 3, 2.5)
    else:
        ax2.set_ylim(0, 1.12)
    ax2.set_xticks(x, list(words), fontsize=FONT)
    ax2.set_ylabel("product up to this word" + (" (log scale)" if log else ""), fontsize=FONT)
    ax2.set_title(f"Running product: P(sentence) = {running[-1]:.4f}", fontsize=FONT + 1)
    ax2.tick_params(labelsize=FONT - 1)
    ax2.grid(True, axis="y", alpha=0.3)
    return fig, {"running": running, "joint": float(running[-1])}


# ---------------------------------------------------------------- 5.2.1 the loop

def loop_figure(figsize=(10, 4.5)):
    """Left: a feed-forward layer (signal flows one way). Right: an RNN layer whose output h_t
    also returns into the layer (a closed path, the loop). Returns (fig, info) with the number of
    loop arrows drawn in each panel: {"feedforward_loops": 0, "rnn_loops": 1}.
    """
    fig = Figure(figsize=figsize)
    axes = fig.subplots(1, 2)
    loops = {}
    for ax, kind in zip(axes, ["feedforward", "rnn"]):
        ax.set_xlim(-2, 2.6)
        ax.set_ylim(-2.2, 2.4)
        ax.axis("off")
        _box(ax, 0, 0, 1.6, 0.9, "Affine" if kind == "feedforward" else "RNN", "cell")
        _arrow(ax, (0, -1.6), (0, -0.45), FORWARD_COLOR, "forward")
        _arrow(ax, (0, 0.45), (0, 1.7), FORWARD_COLOR, "forward")
        ax.text(0, -1.85, "x" if kind == "feedforward" else "$x_t$", ha="center", fontsize=FONT + 2)
        ax.text(0, 1.85, "y" if kind == "feedforward" else "$h_t$", ha="center", fontsize=FONT + 2)
        n_loops = 0
        if kind == "rnn":
            # from the output branch, around the right side, back into the layer: the closed path
            _arrow(ax, (0, 1.1), (0.8, 0.0), BACKWARD_COLOR, "loop", rad=-0.9, lw=2.5)
            ax.text(0.75, 1.45, "$h_t$ goes back in\n(next step's $h_{t-1}$)", fontsize=FONT - 1,
                    color=BACKWARD_COLOR, ha="left", va="center")
            n_loops = 1
            ax.set_title("RNN: a closed path (loop)", fontsize=FONT + 1)
        else:
            ax.set_title("Feed-forward: one direction only", fontsize=FONT + 1)
        loops[f"{kind}_loops"] = n_loops
    return fig, loops


# ---------------------------------------------------------------- 5.2.2-5.2.4 unrolled RNN

def unrolled_rnn_figure(T=4, *, block_size=None, show_forward=True, show_backward=False,
                        grad_norms=None, loss_steps=None, title=None, figsize=None):
    """The RNN unrolled over T time steps, with the forward and/or backward flow.

    T: number of unrolled cells (time steps 0..T-1).
    block_size: None (one block: full BPTT) or the truncated-BPTT block length. The forward
        arrows cross block borders (the hidden state carries on); the backward arrows do not
        (each block is back-propagated on its own); a dashed line with scissors marks each cut.
    show_forward / show_backward: draw the blue forward arrows h_{t-1} -> h_t and the red
        backward arrows dL/dh_t -> dL/dh_{t-1} (with red arrows coming down from each output).
    grad_norms: optional (T,) values ||dL/dh_t||; the backward arrow into step t is drawn with a
        width that grows with log10 of its norm (vanishing gradients look thin), and labelled with it.
    loss_steps: the steps whose output h_t gets a gradient from a loss above it (a red arrow coming
        down): None for every step (a loss at each step, as in the RNN language model), or a list,
        e.g. [T - 1] for a loss on the last step only, the measurement grad_norms come from
        (the default when grad_norms is given).
    Returns (fig, info): info = {"n_cells", "blocks" [(start, stop)], "forward_arrows",
    "backward_arrows", "cut_backward_links" (counts), "forward_links", "backward_links",
    "cut_links" (lists of t: the link between step t and step t+1), "backward_widths" {t: width},
    "loss_steps" (the steps that receive a loss gradient from above)}.
    Each link arrow (and each cut line) carries the hidden label "_link t".
    """
    T = int(T)
    if T < 1:
        raise ValueError(f"T must be at least 1, got {T}")
    block_size = T if block_size is None else int(block_size)
    if block_size < 1:
        raise ValueError(f"block_size must be at least 1, got {block_size}")
    blocks = [(s, min(s + block_size, T)) for s in range(0, T, block_size)]
    widths = _backward_widths(grad_norms, T)
    if loss_steps is None:
        loss_steps = list(range(T)) if grad_norms is None else [T - 1]
    loss_steps = sorted({int(t) for t in loss_steps})
    if any(not 0 <= t < T for t in loss_steps):
        raise ValueError(f"loss_steps must lie in 0..{T - 1}, got {loss_steps}")
    fs = FONT if T <= 12 else max(8, FONT - (T - 12) // 3)
    if figsize is None:
        figsize = (min(12, max(10, 1.1 * T)), 4.8)
    fig = Figure(figsize=figsize, layout="constrained")
    ax = fig.subplots()

    _draw_cells(ax, T, blocks, fs)
    links = _draw_links(ax, T, blocks, show_forward, show_backward, widths, fs, loss_steps, grad_norms)
    if show_forward and show_backward:
        ax.plot([], [], color=FORWARD_COLOR, lw=2, label="forward: h carries on")
        ax.plot([], [], color=BACKWARD_COLOR, lw=2, ls="--", label="backward: gradient flows back")
        ax.legend(loc="upper center", fontsize=FONT - 1, bbox_to_anchor=(0.5, 0.0), ncol=2, frameon=False)
    if title is None:
        if not show_backward:
            title = f"The RNN unrolled over T = {T} time steps (one layer, shared weights)"
        elif len(blocks) == 1 and loss_steps == [T - 1]:
            title = ("BPTT with a loss L on the last step only; red numbers: the size "
                     "\u2016\u2202L/\u2202h\u209c\u2016 of the gradient each arrow carries")
        elif len(blocks) == 1:
            title = f"BPTT: backward through all T = {T} steps"
        else:
            title = f"Truncated BPTT: T = {T} steps in blocks of {block_size}"
    ax.set_title(title, fontsize=FONT + 1)
    ax.set_xlim(-1.1, (T - 1) * STEP + 1.1)
    ax.set_ylim(-2.3, 2.6)
    ax.axis("off")
    info = {"n_cells": T, "blocks": blocks, "forward_arrows": len(links["forward"]),
            "backward_arrows": len(links["backward"]), "cut_backward_links": len(links["cut"]),
            "forward_links": links["forward"], "backward_links": links["backward"], "cut_links": links["cut"],
            "backward_widths": links["widths"], "loss_steps": loss_steps if show_backward else []}
    return fig, info


STEP, CELL_W, CELL_H = 2.0, 1.2, 0.9  # the unrolled diagram: distance between cells, a cell's size


def _backward_widths(grad_norms, T):
    """Line widths (T,) growing with log10 ||dL/dh_t|| from 0.6 to 6, or None without norms."""
    if grad_norms is None:
        return None
    norms = np.asarray(grad_norms, dtype=np.float64)
    if norms.shape != (T,):
        raise ValueError(f"grad_norms must have one value per step, shape ({T},), got {norms.shape}")
    logs = np.log10(np.maximum(norms, 1e-30))
    span = max(logs.max() - logs.min(), 1e-12)
    return 0.6 + 5.4 * (logs - logs.min()) / span


def _draw_cells(ax, T, blocks, fs):
    """The grey block backgrounds (when there are several), then each cell with its x_t and h_t."""
    for k, (a, b) in enumerate(blocks):
        if len(blocks) > 1:
            x0, x1 = a * STEP - 0.85, (b - 1) * STEP + 0.85
            ax.add_patch(Rectangle((x0, -2.0), x1 - x0, 4.05, fc="#f3f3f3", ec="none", zorder=0, gid="block"))
            ax.text((x0 + x1) / 2, 2.25, f"block {k + 1}", ha="center", fontsize=fs, gid="block_label")
    for t in range(T):
        _box(ax, t * STEP, 0, CELL_W, CELL_H, "RNN", "cell", fontsize=fs)
        _arrow(ax, (t * STEP, -1.45), (t * STEP, -CELL_H / 2), "gray", "input")
        ax.text(t * STEP, -1.75, f"$x_{{{t}}}$", ha="center", va="center", fontsize=fs + 1)
        _arrow(ax, (t * STEP, CELL_H / 2), (t * STEP, 1.45), "gray", "output")
        ax.text(t * STEP, 1.75, f"$h_{{{t}}}$", ha="center", va="center", fontsize=fs + 1)


def _draw_links(ax, T, blocks, show_forward, show_backward, widths, fs, loss_steps, grad_norms=None):
    """The arrows between neighbouring cells; a cut (dashed line, scissors) at each block border;
    the loss gradients coming down into the outputs of loss_steps.

    Returns the links drawn, as lists of t (the link between step t and step t+1), and the widths.
    """
    block_of = np.repeat(np.arange(len(blocks)), [b - a for a, b in blocks])
    links = {"forward": [], "backward": [], "cut": [], "widths": {}}
    for t in range(T - 1):
        x0, x1 = t * STEP + CELL_W / 2, (t + 1) * STEP - CELL_W / 2
        if show_forward:
            _arrow(ax, (x0, 0.2), (x1, 0.2), FORWARD_COLOR, "forward", label=f"_link {t}")
            links["forward"].append(t)
        same_block = block_of[t] == block_of[t + 1]
        if not same_block:
            xc = (t + 0.5) * STEP
            ax.plot([xc, xc], [-2.0, 2.05], ls="--", color="black", lw=1.5, gid="cut", label=f"_link {t}")
            if show_backward:
                ax.text(xc, -0.25, "\u2702", ha="center", va="center", fontsize=fs + 6, gid="cut_mark")
                links["cut"].append(t)
        if show_backward and same_block:
            lw = 2.0 if widths is None else float(widths[t])
            links["widths"][t] = lw
            _arrow(ax, (x1, -0.25), (x0, -0.25), BACKWARD_COLOR, "backward", lw=lw, ls="--", label=f"_link {t}")
            links["backward"].append(t)
            if grad_norms is not None:  # the arrow carries dL/dh_t: print its size
                ax.text((x0 + x1) / 2, -0.75, f"{grad_norms[t]:.0e}".replace("e-0", "e-").replace("e+0", "e+"),
                        ha="center", va="center", fontsize=fs - 2, color=BACKWARD_COLOR, gid="backward_norm")
    if show_backward:  # the loss gradient comes down into the outputs that feed a loss
        for t in loss_steps:
            _arrow(ax, (t * STEP + 0.3, 1.45), (t * STEP + 0.3, CELL_H / 2), BACKWARD_COLOR, "backward_out",
                   lw=1.5, ls="--")
            ax.text(t * STEP + 0.55, 1.75, "L", ha="left", va="center", fontsize=fs + 1, color=BACKWARD_COLOR,
                    fontweight="bold", gid="loss_label")
    return links


def bptt_figure(T=5, grad_norms=None, **kwargs):
    """Full BPTT: unrolled_rnn_figure with forward and backward arrows and no cut. With grad_norms
    (measured with the loss on the last step) only the last output gets a loss gradient from above."""
    return unrolled_rnn_figure(T, show_forward=True, show_backward=True, grad_norms=grad_norms, **kwargs)


def truncated_bptt_figure(T=12, block_size=4, **kwargs):
    """Truncated BPTT: forward arrows across all blocks, backward arrows only inside each block."""
    return unrolled_rnn_figure(T, block_size=block_size, show_forward=True, show_backward=True, **kwargs)


# ---------------------------------------------------------------- 5.2.5 mini-batch layout

def _runs(positions):
    """Split a sequence of positions into runs of consecutive integers: [(start, stop), ...]."""
    runs = []
    start = prev = int(positions[0])
    for p in positions[1:]:
        p = int(p)
        if p != prev + 1:
            runs.append((start, prev + 1))
            start = p
        prev = p
    runs.append((start, prev + 1))
    return runs


ZOOM_GAP = 3  # the zoom panel of batch_layout_figure: space between two iterations' columns, in squares
ZOOM_SQUARES = 12  # up to this time_size the zoom draws one square per word, above it one bar per window


def batch_layout_figure(data_size, batch_size, time_size, iterations=0, figsize=(13, 6)):
    """Where each row of a truncated-BPTT mini-batch reads in the corpus, in two panels sharing the rows.

    Left, the whole corpus: data_size input words drawn as a strip, once per row and once on top
    with all rows together. Row i starts at offset i * (data_size // batch_size) (a black triangle
    under its strip); at iteration k it reads time_size words from time index k * time_size on,
    wrapping modulo data_size at the end (a wrapped window is drawn as two pieces). The windows are
    drawn above the offset marks, at their true width.
    Right, a zoom on what each row reads: one column per iteration, one square per word read (one bar
    when time_size > ZOOM_SQUARES), each
    window labelled with its corpus positions (a wrapped window is hatched and shows both pieces).
    iterations: an int or a list of ints (each gets its own colour).
    Returns (fig, info): info = {"offsets", "jump", "time_idx": {k: ...},
    "positions": {k: (batch_size, time_size) array}, "wrapped_rows": {k: [rows]}, "zoom_xlim"}.
    Artists: "strip", "offset", "window" and "window_all" (left, in corpus positions), "window_zoom"
    (right, one square per word) and "window_zoom_label".
    """
    iterations = [iterations] if np.isscalar(iterations) else list(iterations)
    offsets = batch_offsets(data_size, batch_size)
    jump = data_size // batch_size
    colors = ["#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2"]
    fig = Figure(figsize=figsize, layout="constrained")
    ax, zoom = fig.subplots(1, 2, sharey=True, gridspec_kw={"width_ratios": [1.5, 1]})
    lanes = {"corpus": batch_size}  # y of each lane; the all-rows strip on top
    lanes.update({i: batch_size - 1 - i for i in range(batch_size)})
    for y in lanes.values():
        ax.add_patch(Rectangle((0, y - 0.3), data_size, 0.6, fc="#eeeeee", ec="gray", lw=0.8, zorder=1,
                               gid="strip"))
    for i, off in enumerate(offsets):  # under the strip, where no window can hide it
        ax.plot([off], [lanes[i] - 0.36], marker="^", ms=7, color="black", ls="none", zorder=4, gid="offset",
                clip_on=False)
    info = {"offsets": offsets, "jump": jump, "time_idx": {}, "positions": {}, "wrapped_rows": {}}
    fs = SMALL if batch_size <= 12 else max(7, SMALL - (batch_size - 12) // 2)
    for n, k in enumerate(iterations):
        time_idx = k * time_size
        pos = batch_positions(data_size, batch_size, time_size, time_idx)
        color = colors[n % len(colors)]
        wrapped = []
        for i in range(batch_size):
            runs = _runs(pos[i])
            if len(runs) > 1:
                wrapped.append(i)
            for a, b in runs:
                for lane in (i, "corpus"):
                    y = lanes[lane]
                    ax.add_patch(Rectangle((a, y - 0.3), b - a, 0.6, fc=color, ec=color, lw=1.5, zorder=3,
                                           gid="window" if lane == i else "window_all"))
            y, x0 = lanes[i], n * (time_size + ZOOM_GAP)  # one column per iteration, one square per word
            squares = [(x0 + t, 1) for t in range(time_size)] if time_size <= ZOOM_SQUARES else [(x0, time_size)]
            for x, w in squares:
                zoom.add_patch(Rectangle((x, y - 0.3), w, 0.6, fc=color, ec="white", lw=1, alpha=0.45,
                                         hatch="//" if len(runs) > 1 else None, gid="window_zoom"))
            text = " | ".join(f"{a}..{b - 1}" if b - a > 1 else f"{a}" for a, b in runs)
            zoom.text(x0 + time_size / 2, y, text, ha="center", va="center", fontsize=fs - 1,
                      gid="window_zoom_label")
        ax.plot([], [], color=color, lw=8, label=f"iteration {k} (time_idx {time_idx})")
        info["time_idx"][k] = time_idx
        info["positions"][k] = pos
        info["wrapped_rows"][k] = wrapped
    ax.plot([], [], color="black", marker="^", ls="none", ms=8, label="row start (offset)")
    ax.set_yticks([lanes[lane] for lane in lanes],
                  ["all rows"] + [f"row {i}" for i in range(batch_size)], fontsize=fs)
    ax.set_xlim(-data_size * 0.01, data_size * 1.01)
    ax.set_ylim(-0.8, batch_size + 0.7)
    ax.set_xlabel(f"position in the corpus (0 .. {data_size - 1}); wraps around at the end", fontsize=FONT)
    ax.set_title(f"Mini-batch layout: batch_size={batch_size}, time_size={time_size}, "
                 f"jump = {data_size} // {batch_size} = {jump}", fontsize=FONT + 1)
    ax.tick_params(labelsize=fs)
    fig.legend(loc="outside lower center", ncol=min(len(iterations) + 1, 4), fontsize=FONT - 1, frameon=False)

    xlim = (-ZOOM_GAP / 2, len(iterations) * (time_size + ZOOM_GAP) - ZOOM_GAP / 2)
    zoom.set_xlim(*xlim)
    zoom.set_xticks([n * (time_size + ZOOM_GAP) + time_size / 2 for n in range(len(iterations))],
                    [f"iteration {k}" for k in iterations], fontsize=fs)
    zoom.tick_params(left=False, bottom=False)
    for side in ("top", "right", "left", "bottom"):
        zoom.spines[side].set_visible(False)
    zoom.set_xlabel(f"one square per word read (time_size = {time_size})" if time_size <= ZOOM_SQUARES else
                    f"the time_size = {time_size} words each row reads", fontsize=FONT)
    zoom.set_title("zoom: the words each row reads", fontsize=FONT + 1)
    info["zoom_xlim"] = xlim
    return fig, info
