"""Diagrams of sections 5.2.1-5.2.4: the RNN loop, and the RNN unrolled through time with its forward
and backward (BPTT, truncated BPTT) flows."""
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from lib.language import check_language
from lib.viz.diagrams.drawing import arrow, box
from lib.viz.korean import tr
from lib.viz.style import BACKWARD_COLOR, FONT, FORWARD_COLOR, sub

STEP, CELL_W, CELL_H = 2.0, 1.2, 0.9  # the unrolled diagram: distance between cells, a cell's size


def loop_figure(figsize=(10, 4.5), *, lang="en"):
    """Left: a feed-forward layer (signal flows one way). Right: an RNN layer whose output h_t
    also returns into the layer (a closed path, the loop). Returns (fig, info) with the number of
    loop arrows drawn in each panel: {"feedforward_loops": 0, "rnn_loops": 1}.
    lang: "en" or "ko", the language of the labels.
    """
    check_language(lang)
    fig = Figure(figsize=figsize)
    axes = fig.subplots(1, 2)
    loops = {}
    for ax, kind in zip(axes, ["feedforward", "rnn"]):
        ax.set_xlim(-2, 2.6)
        ax.set_ylim(-2.2, 2.4)
        ax.axis("off")
        box(ax, 0, 0, 1.6, 0.9, "Affine" if kind == "feedforward" else "RNN", "cell")
        arrow(ax, (0, -1.6), (0, -0.45), FORWARD_COLOR, "forward")
        arrow(ax, (0, 0.45), (0, 1.7), FORWARD_COLOR, "forward")
        ax.text(0, -1.85, "x" if kind == "feedforward" else "$x_t$", ha="center", fontsize=FONT + 2)
        ax.text(0, 1.85, "y" if kind == "feedforward" else "$h_t$", ha="center", fontsize=FONT + 2)
        n_loops = 0
        if kind == "rnn":
            # from the output branch, around the right side, back into the layer: the closed path
            arrow(ax, (0, 1.1), (0.8, 0.0), BACKWARD_COLOR, "loop", rad=-0.9, lw=2.5)
            # mathtext has no Hangul glyphs: the Korean label writes the symbols with Unicode subscripts
            h, h_prev = ("$h_t$", "$h_{t-1}$") if lang == "en" else (sub("h", "t"), sub("h", "t-1"))
            ax.text(0.75, 1.45, tr("{h} goes back in\n(next step's {h_prev})", lang).format(h=h, h_prev=h_prev),
                    fontsize=FONT - 1,
                    color=BACKWARD_COLOR, ha="left", va="center")
            n_loops = 1
            ax.set_title(tr("RNN: a closed path (loop)", lang), fontsize=FONT + 1)
        else:
            ax.set_title(tr("Feed-forward: one direction only", lang), fontsize=FONT + 1)
        loops[f"{kind}_loops"] = n_loops
    return fig, loops


# ---------------------------------------------------------------- 5.2.2-5.2.4 unrolled RNN

def unrolled_rnn_figure(T=4, *, block_size=None, show_forward=True, show_backward=False,
                        grad_norms=None, loss_steps=None, title=None, figsize=None, lang="en"):
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
    title: None for a title that says what is drawn (in lang), or the title to draw as given.
    lang: "en" or "ko", the language of the labels.
    Returns (fig, info): info = {"n_cells", "blocks" [(start, stop)], "forward_arrows",
    "backward_arrows", "cut_backward_links" (counts), "forward_links", "backward_links",
    "cut_links" (lists of t: the link between step t and step t+1), "backward_widths" {t: width},
    "loss_steps" (the steps that receive a loss gradient from above)}.
    Each link arrow (and each cut line) carries the hidden label "_link t".
    """
    check_language(lang)
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

    _draw_cells(ax, T, blocks, fs, lang)
    links = _draw_links(ax, T, blocks, show_forward, show_backward, widths, fs, loss_steps, grad_norms)
    if show_forward and show_backward:
        ax.plot([], [], color=FORWARD_COLOR, lw=2, label=tr("forward: h carries on", lang))
        ax.plot([], [], color=BACKWARD_COLOR, lw=2, ls="--", label=tr("backward: gradient flows back", lang))
        ax.legend(loc="upper center", fontsize=FONT - 1, bbox_to_anchor=(0.5, 0.0), ncol=2, frameon=False)
    if title is None:
        if not show_backward:
            title = tr("The RNN unrolled over T = {T} time steps (one layer, shared weights)", lang).format(T=T)
        elif len(blocks) == 1 and loss_steps == [T - 1]:
            title = tr("BPTT with a loss L on the last step only; red numbers: the size "
                       "\u2016\u2202L/\u2202h\u209c\u2016 of the gradient each arrow carries", lang)
        elif len(blocks) == 1:
            title = tr("BPTT: backward through all T = {T} steps", lang).format(T=T)
        else:
            title = tr("Truncated BPTT: T = {T} steps in blocks of {block_size}", lang).format(
                T=T, block_size=block_size)
    ax.set_title(title, fontsize=FONT + 1)
    ax.set_xlim(-1.1, (T - 1) * STEP + 1.1)
    ax.set_ylim(-2.3, 2.6)
    ax.axis("off")
    info = {"n_cells": T, "blocks": blocks, "forward_arrows": len(links["forward"]),
            "backward_arrows": len(links["backward"]), "cut_backward_links": len(links["cut"]),
            "forward_links": links["forward"], "backward_links": links["backward"], "cut_links": links["cut"],
            "backward_widths": links["widths"], "loss_steps": loss_steps if show_backward else []}
    return fig, info


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


def _draw_cells(ax, T, blocks, fs, lang="en"):
    """The grey block backgrounds (when there are several), then each cell with its x_t and h_t."""
    for k, (a, b) in enumerate(blocks):
        if len(blocks) > 1:
            x0, x1 = a * STEP - 0.85, (b - 1) * STEP + 0.85
            ax.add_patch(Rectangle((x0, -2.0), x1 - x0, 4.05, fc="#f3f3f3", ec="none", zorder=0, gid="block"))
            ax.text((x0 + x1) / 2, 2.25, tr("block {k}", lang).format(k=k + 1), ha="center", fontsize=fs,
                    gid="block_label")
    for t in range(T):
        box(ax, t * STEP, 0, CELL_W, CELL_H, "RNN", "cell", fontsize=fs)
        arrow(ax, (t * STEP, -1.45), (t * STEP, -CELL_H / 2), "gray", "input")
        ax.text(t * STEP, -1.75, f"$x_{{{t}}}$", ha="center", va="center", fontsize=fs + 1)
        arrow(ax, (t * STEP, CELL_H / 2), (t * STEP, 1.45), "gray", "output")
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
            arrow(ax, (x0, 0.2), (x1, 0.2), FORWARD_COLOR, "forward", label=f"_link {t}")
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
            arrow(ax, (x1, -0.25), (x0, -0.25), BACKWARD_COLOR, "backward", lw=lw, ls="--", label=f"_link {t}")
            links["backward"].append(t)
            if grad_norms is not None:  # the arrow carries dL/dh_t: print its size
                ax.text((x0 + x1) / 2, -0.75, f"{grad_norms[t]:.0e}".replace("e-0", "e-").replace("e+0", "e+"),
                        ha="center", va="center", fontsize=fs - 2, color=BACKWARD_COLOR, gid="backward_norm")
    if show_backward:  # the loss gradient comes down into the outputs that feed a loss
        for t in loss_steps:
            arrow(ax, (t * STEP + 0.3, 1.45), (t * STEP + 0.3, CELL_H / 2), BACKWARD_COLOR, "backward_out",
                   lw=1.5, ls="--")
            ax.text(t * STEP + 0.55, 1.75, "L", ha="left", va="center", fontsize=fs + 1, color=BACKWARD_COLOR,
                    fontweight="bold", gid="loss_label")
    return links


def bptt_figure(T=5, grad_norms=None, *, lang="en", **kwargs):
    """Full BPTT: unrolled_rnn_figure with forward and backward arrows and no cut. With grad_norms
    (measured with the loss on the last step) only the last output gets a loss gradient from above.
    lang: "en" or "ko", the language of the labels."""
    check_language(lang)
    return unrolled_rnn_figure(T, show_forward=True, show_backward=True, grad_norms=grad_norms, lang=lang,
                               **kwargs)


def truncated_bptt_figure(T=12, block_size=4, *, lang="en", **kwargs):
    """Truncated BPTT: forward arrows across all blocks, backward arrows only inside each block.
    lang: "en" or "ko", the language of the labels."""
    check_language(lang)
    return unrolled_rnn_figure(T, block_size=block_size, show_forward=True, show_backward=True, lang=lang,
                               **kwargs)
