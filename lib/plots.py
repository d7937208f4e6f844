"""Figures for training results (matplotlib; the numpy core never imports this)."""
import numpy as np
from matplotlib.figure import Figure


def perplexity_figure(ppl_list, xlabel="epoch", title="Perplexity during training", figsize=(8, 5)):
    """A line plot of perplexity per epoch (or per evaluation interval); returns the Figure."""
    fig = Figure(figsize=figsize)
    ax = fig.subplots()
    ax.plot(range(1, len(ppl_list) + 1), ppl_list, marker="." if len(ppl_list) <= 200 else None)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("perplexity")
    ax.set_title(title)
    ax.grid(True, alpha=0.3)
    return fig


# ---------------------------------------------------------------- notebook 5.5

LAYER_COLORS = {
    "embed": "#cfe2f3",  # Embedding
    "rnn": "#d9ead3",  # RNN
    "affine": "#fff2cc",  # Affine
    "loss": "#f4cccc",  # Softmax with Loss
    "data": "#eeeeee",  # word ids, labels, the loss value
}


def _box(ax, x, y, w, h, text, kind, fontsize=12, **kw):
    """A rounded box centred at (x, y) with a label; returns the patch."""
    from matplotlib.patches import FancyBboxPatch

    patch = FancyBboxPatch((x - w / 2, y - h / 2), w, h, boxstyle="round,pad=0.02,rounding_size=0.08",
                           facecolor=LAYER_COLORS[kind], edgecolor="#333333", linewidth=1.3, **kw)
    ax.add_patch(patch)
    ax.text(x, y, text, ha="center", va="center", fontsize=fontsize)
    return patch


def _arrow(ax, start, end, text=None, text_side="right", color="#333333", fontsize=11, style="-|>"):
    """An arrow from start to end, with an optional label beside its middle."""
    ax.annotate("", xy=end, xytext=start,
                arrowprops=dict(arrowstyle=style, color=color, lw=1.5, shrinkA=0, shrinkB=0))
    if text:
        mx, my = (start[0] + end[0]) / 2, (start[1] + end[1]) / 2
        dx = 0.08 if text_side == "right" else -0.08
        ax.text(mx + dx, my, text, ha="left" if text_side == "right" else "right", va="center",
                fontsize=fontsize, color="#444444")


def rnnlm_figure(V, D, H, N="N", T="T", words=("pierre", "<unk>", "N", "years"),
                 targets=("<unk>", "N", "years", "old"), figsize=(12, 6.5)):
    """SimpleRnnlm's four layers: left as Time layers with the array shapes between them,
    right unrolled over len(words) time steps (one Embedding, RNN, Affine and
    Softmax-with-Loss per step, the RNN steps joined by the hidden state).

    V, D, H: vocabulary, word vector and hidden sizes; N, T: batch and time sizes
    (numbers or symbols). Returns the Figure.
    """
    if len(words) != len(targets):
        raise ValueError(f"words and targets need the same length, got {len(words)} and {len(targets)}")
    fig = Figure(figsize=figsize)
    ax_time, ax_unrolled = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.1, 1.4]})

    # Left: the four Time layers, bottom to top.
    ax = ax_time
    ys = {"xs": 0.4, "embed": 1.5, "rnn": 3.0, "affine": 4.5, "loss": 6.0, "L": 7.1}
    cx, w, h = 2.0, 2.6, 0.9
    _box(ax, cx, ys["xs"], 2.2, 0.5, f"xs: word ids ({N}, {T})", "data", fontsize=11)
    _box(ax, cx, ys["embed"], w, h, f"Time Embedding\nembed_W ({V}, {D})", "embed", fontsize=11)
    _box(ax, cx, ys["rnn"], w, h, f"Time RNN (stateful)\nWx ({D}, {H}), Wh ({H}, {H})\nb ({H},)", "rnn",
         fontsize=11)
    _box(ax, cx, ys["affine"], w, h, f"Time Affine\naffine_W ({H}, {V})\naffine_b ({V},)", "affine",
         fontsize=11)
    _box(ax, cx, ys["loss"], w, h, "Time Softmax\nwith Loss", "loss", fontsize=12)
    _box(ax, cx, ys["L"], 1.4, 0.5, "loss L", "data", fontsize=11)
    _arrow(ax, (cx, ys["xs"] + 0.25), (cx, ys["embed"] - h / 2))
    _arrow(ax, (cx, ys["embed"] + h / 2), (cx, ys["rnn"] - h / 2), f"({N}, {T}, {D})")
    _arrow(ax, (cx, ys["rnn"] + h / 2), (cx, ys["affine"] - h / 2), f"hs ({N}, {T}, {H})")
    _arrow(ax, (cx, ys["affine"] + h / 2), (cx, ys["loss"] - h / 2), f"scores ({N}, {T}, {V})")
    _arrow(ax, (cx, ys["loss"] + h / 2), (cx, ys["L"] - 0.25))
    # the targets enter the loss from the side
    _box(ax, -0.05, ys["loss"], 1.0, 0.5, f"ts ({N}, {T})", "data", fontsize=11)
    _arrow(ax, (0.45, ys["loss"]), (cx - w / 2, ys["loss"]))
    # the hidden state carries from block to block
    _arrow(ax, (cx + w / 2, ys["rnn"]), (cx + w / 2 + 0.4, ys["rnn"]), color="#2a7a2a")
    ax.text(cx + w / 2 + 0.45, ys["rnn"], "h carried\nto the next\nblock", fontsize=10,
            color="#2a7a2a", ha="left", va="center")
    ax.set_xlim(-0.6, 4.7)
    ax.set_ylim(-0.1, 8.1)
    ax.set_title("the four Time layers", fontsize=14)
    ax.axis("off")

    # Right: unrolled over the time steps.
    ax = ax_unrolled
    steps = len(words)
    xs_ = [1.0 + 1.9 * t for t in range(steps)]
    bw = 1.45
    for t, (x, word, target) in enumerate(zip(xs_, words, targets)):
        _box(ax, x, ys["xs"], bw, 0.5, word, "data", fontsize=11)
        _box(ax, x, ys["embed"], bw, 0.6, "Embedding", "embed", fontsize=11)
        _box(ax, x, ys["rnn"], bw, 0.6, "RNN", "rnn")
        _box(ax, x, ys["affine"], bw, 0.6, "Affine", "affine")
        _box(ax, x, ys["loss"], bw, 0.6, "Softmax\nwith Loss", "loss", fontsize=10)
        ax.text(x, ys["xs"] - 0.45, f"$x_{t}$", ha="center", va="center", fontsize=12)
        _arrow(ax, (x, ys["xs"] + 0.25), (x, ys["embed"] - 0.3))
        _arrow(ax, (x, ys["embed"] + 0.3), (x, ys["rnn"] - 0.3))
        _arrow(ax, (x, ys["rnn"] + 0.3), (x, ys["affine"] - 0.3), f"$h_{t}$", fontsize=12)
        _arrow(ax, (x, ys["affine"] + 0.3), (x, ys["loss"] - 0.3))
        # target word for this step, above the loss box
        ax.text(x, ys["loss"] + 0.55, f"$t_{t}$: {target}", ha="center", va="center", fontsize=11,
                bbox=dict(boxstyle="round,pad=0.2", facecolor=LAYER_COLORS["data"], edgecolor="#999999"))
        ax.text(x, ys["loss"] + 1.0, f"$L_{t}$", ha="center", va="center", fontsize=12)
        if t + 1 < steps:
            _arrow(ax, (x + bw / 2, ys["rnn"]), (xs_[t + 1] - bw / 2, ys["rnn"]), color="#2a7a2a")
    _arrow(ax, (xs_[0] - bw / 2 - 0.55, ys["rnn"]), (xs_[0] - bw / 2, ys["rnn"]), color="#2a7a2a")
    ax.text(xs_[0] - bw / 2 - 0.6, ys["rnn"] + 0.3, "$h_{-1}$", fontsize=12, color="#2a7a2a", ha="left")
    _arrow(ax, (xs_[-1] + bw / 2, ys["rnn"]), (xs_[-1] + bw / 2 + 0.5, ys["rnn"]), color="#2a7a2a")
    ax.text(xs_[0] - bw / 2, ys["L"] + 0.6,
            f"L = ($L_0$ + ... + $L_{{{steps - 1}}}$) / {steps}, averaged over the batch too",
            ha="left", va="center", fontsize=12)
    ax.set_xlim(xs_[0] - bw / 2 - 0.7, xs_[-1] + bw / 2 + 0.6)
    ax.set_ylim(-0.1, 8.1)
    ax.set_title(f"unrolled over {steps} time steps", fontsize=14)
    ax.axis("off")
    fig.tight_layout()
    return fig


def next_word_figure(panels, top_k=10, ymax=None, figsize=(12, 4.5)):
    """Bar charts of next-word distributions, one panel each, the target word's bar highlighted.

    panels: list of dicts with keys probs (V,), labels (V words), target (index into probs)
    and title. Shows the top_k most probable words, plus the target if it is not among
    them. ymax: top of every probability axis (e.g. 1.0 to compare panels), or None to fit
    each panel to its tallest bar. Returns (Figure, shown) where shown[i] is the list of
    indices drawn in panel i.
    """
    fig = Figure(figsize=figsize)
    axes = fig.subplots(1, len(panels), squeeze=False)[0]
    shown = []
    for ax, panel in zip(axes, panels):
        probs = np.asarray(panel["probs"], dtype=float)
        target = int(panel["target"])
        order = list(np.argsort(-probs, kind="stable")[:top_k])
        if target not in order:
            order.append(target)
        colors = ["#cc4125" if i == target else "#6d9eeb" for i in order]
        ax.bar(range(len(order)), probs[order], color=colors)
        top = ymax if ymax is not None else min(1.0, 1.25 * float(probs[order].max()))
        ax.text(order.index(target), probs[target] + 0.03 * top, f"p = {probs[target]:.3g}", ha="center",
                va="bottom", fontsize=12, color="#cc4125")
        ax.set_xticks(range(len(order)), [panel["labels"][i] for i in order], rotation=45, ha="right",
                      fontsize=12)
        ax.set_ylim(0, top)
        ax.set_ylabel("probability", fontsize=12)
        ax.set_title(panel.get("title", ""), fontsize=13)
        ax.tick_params(axis="y", labelsize=12)
        ax.grid(True, axis="y", alpha=0.3)
        shown.append([int(i) for i in order])
    fig.tight_layout()
    return fig, shown


def perplexity_curves_figure(curves, xlabel="epoch", title="Perplexity during training", logy=False,
                             reference=None, figsize=(10, 4.5)):
    """Several perplexity curves on one axes (dict label -> list of values, x = 1, 2, ...).

    Each curve gets its own line style, so identical curves stay visible on top of each
    other. reference: optional (value, label) drawn as a dotted horizontal line
    (e.g. the vocabulary size, the perplexity of a uniform guess). Returns the Figure.
    """
    styles = [dict(lw=4, alpha=0.45, color="#3c78d8"), dict(lw=1.6, ls="--", color="#cc4125"),
              dict(lw=1.6, ls=":", color="#38761d"), dict(lw=1.6, ls="-.", color="#7f6000")]
    fig = Figure(figsize=figsize)
    ax = fig.subplots()
    for (label, values), style in zip(curves.items(), styles * (len(curves) // len(styles) + 1)):
        ax.plot(range(1, len(values) + 1), values, label=label, **style)
    if reference is not None:
        value, label = reference
        ax.axhline(value, color="#666666", ls=":", lw=1.5, label=label)
    if logy:
        ax.set_yscale("log")
    ax.set_xlabel(xlabel, fontsize=13)
    ax.set_ylabel("perplexity" + (" (log scale)" if logy else ""), fontsize=13)
    ax.set_title(title, fontsize=14)
    ax.tick_params(labelsize=12)
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=12)
    fig.tight_layout()
    return fig
