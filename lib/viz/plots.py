"""Plots of measured numbers: BPTT's memory and gradient norms (5.2), training results (5.5, 5.6).

matplotlib only through `Figure` (no pyplot); the numpy core never imports this.
"""
import numpy as np
from matplotlib.figure import Figure

from lib.language import check_language
from lib.viz.korean import tr
from lib.viz.style import FONT, FORWARD_COLOR, SMALL

# ---------------------------------------------------------------- 5.2.3 BPTT's memory and gradients

def memory_figure(Ts, nbytes, figsize=(10, 4.5), *, lang="en"):
    """Line plot of the bytes a layer caches for backward against the sequence length T (labels in lang)."""
    check_language(lang)
    Ts = np.asarray(Ts)
    mib = np.asarray(nbytes, dtype=np.float64) / 2**20
    fig = Figure(figsize=figsize, layout="constrained")
    ax = fig.subplots()
    ax.plot(Ts, mib, marker="o", lw=2, color=FORWARD_COLOR, gid="memory")
    ax.set_xlabel(tr("sequence length T (time steps back-propagated at once)", lang), fontsize=FONT)
    ax.set_ylabel(tr("cached for backward (MiB)", lang), fontsize=FONT)
    ax.set_title(tr("BPTT keeps every step's activations until backward", lang), fontsize=FONT + 1)
    ax.tick_params(labelsize=FONT - 1)
    ax.grid(True, alpha=0.3)
    return fig, {"mib": mib}


def gradient_norm_figure(norms_by_label, figsize=(11, 5), *, lang="en"):
    """||dL/dh_t|| against the time step t, one line per label, on a log axis.

    norms_by_label: dict label -> (T,) norms, with the loss on the last step T-1 (labels drawn as given).
    lang: "en" or "ko", the language of the axis labels and the title.
    Returns (fig, info), info = {label: norm at step 0 / norm at step T-1}.
    """
    check_language(lang)
    fig = Figure(figsize=figsize, layout="constrained")
    ax = fig.subplots()
    ratios = {}
    for label, norms in norms_by_label.items():
        norms = np.asarray(norms, dtype=np.float64)
        ax.plot(np.arange(len(norms)), norms, marker=".", lw=2, label=label, gid="norms")
        ratios[label] = float(norms[0] / norms[-1])
    ax.set_yscale("log")
    ax.set_xlabel(tr("time step t (the loss is on the last step)", lang), fontsize=FONT)
    # Korean: Unicode symbols instead of mathtext, which has no Hangul glyphs
    ax.set_ylabel(tr("$\\|\\partial L / \\partial h_t\\|$ (log scale)", lang), fontsize=FONT)
    ax.set_title(tr("How much gradient reaches earlier steps", lang), fontsize=FONT + 1)
    ax.tick_params(labelsize=FONT - 1)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=FONT - 1)
    return fig, ratios


# ---------------------------------------------------------------- training

def perplexity_figure(ppl_list, xlabel=None, title=None, figsize=(8, 5), *, lang="en"):
    """A line plot of perplexity per epoch (or per evaluation interval); returns the Figure.

    xlabel, title: drawn as given; None for "epoch" and "Perplexity during training" in lang ("en" or "ko").
    """
    check_language(lang)
    fig = Figure(figsize=figsize)
    ax = fig.subplots()
    ax.plot(range(1, len(ppl_list) + 1), ppl_list, marker="." if len(ppl_list) <= 200 else None)
    ax.set_xlabel(tr("epoch", lang) if xlabel is None else xlabel)
    ax.set_ylabel(tr("perplexity", lang))
    ax.set_title(tr("Perplexity during training", lang) if title is None else title)
    ax.grid(True, alpha=0.3)
    return fig


# ---------------------------------------------------------------- notebook 5.5

TOP_COLOR = "#cc4125"  # red: the model's top word, in every next-word figure (5.5, 5.6)
OTHER_COLOR = "#6d9eeb"  # blue: the other words shown
CORRECT_COLOR = "#38761d"  # green frame: the correct next word, when the panel has one


def next_word_figure(panels, top_k=10, ymax=None, figsize=(12, 4.5), title=None, *, lang="en"):
    """Bar charts of next-word distributions, one panel each, with a legend.

    Red bar: the model's top word (its most probable word). Green frame (with its probability written
    above it): the correct next word, when the panel names one. Blue: the other words shown.
    panels: list of dicts with keys probs (V,), labels (V words), title, and optionally correct
    (index of the correct next word; `target` is accepted as its old name). Shows the top_k most
    probable words, plus the correct word if it is not among them. ymax: top of every probability
    axis (e.g. 1.0 to compare panels), or None to fit each panel to its tallest bar. title: optional
    title above all panels. One legend for the figure, at its top. lang: "en" or "ko", the language of
    the legend and the axis labels (the panels' titles and words are drawn as given).
    Returns (Figure, shown) where shown[i] is the list of indices drawn in panel i (most probable first).
    """
    from matplotlib.patches import Patch

    check_language(lang)
    fig = Figure(figsize=figsize)
    axes = fig.subplots(1, len(panels), squeeze=False)[0]
    shown = []
    handles = [Patch(color=TOP_COLOR, label=tr("the model's top word", lang)),
               Patch(color=OTHER_COLOR, label=tr("other words", lang))]
    for ax, panel in zip(axes, panels):
        probs = np.asarray(panel["probs"], dtype=float)
        correct = panel.get("correct", panel.get("target"))
        order = list(np.argsort(-probs, kind="stable")[:top_k])
        if correct is not None and int(correct) not in order:
            order.append(int(correct))
        top = order[0]
        colors = [TOP_COLOR if i == top else OTHER_COLOR for i in order]
        bars = ax.bar(range(len(order)), probs[order], color=colors)
        height = ymax if ymax is not None else min(1.0, 1.25 * float(probs[order].max()))
        if correct is not None:
            correct = int(correct)
            bar = bars[order.index(correct)]
            bar.set_edgecolor(CORRECT_COLOR)
            bar.set_linewidth(3.5)
            ax.text(order.index(correct), probs[correct] + 0.03 * height, f"p = {probs[correct]:.3g}", ha="center",
                    va="bottom", fontsize=SMALL, color=CORRECT_COLOR)
            if len(handles) == 2:
                handles.append(Patch(facecolor="white", edgecolor=CORRECT_COLOR, linewidth=3,
                                     label=tr("correct next word", lang)))
        ax.set_xticks(range(len(order)), [panel["labels"][i] for i in order], rotation=45, ha="right",
                      fontsize=SMALL)
        ax.set_ylim(0, height)
        ax.set_ylabel(tr("probability", lang), fontsize=SMALL)
        ax.set_title(panel.get("title", ""), fontsize=FONT)
        ax.tick_params(axis="y", labelsize=12)
        ax.grid(True, axis="y", alpha=0.3)
        shown.append([int(i) for i in order])
    if title:
        fig.suptitle(title, fontsize=FONT + 1, y=0.995)
    fig.legend(handles=handles, loc="upper center", ncol=len(handles), fontsize=SMALL, frameon=False,
               bbox_to_anchor=(0.5, 0.94 if title else 1.0))
    fig.tight_layout(rect=(0, 0, 1, 0.86 if title else 0.9))
    return fig, shown


def perplexity_curves_figure(curves, xlabel=None, title=None, logy=False, reference=None, figsize=(10, 4.5), *,
                             lang="en"):
    """Several perplexity curves on one axes (dict label -> list of values, x = 1, 2, ...).

    Each curve gets its own line style, so identical curves stay visible on top of each
    other. reference: optional (value, label) drawn as a dotted horizontal line
    (e.g. the vocabulary size, the perplexity of a uniform guess). xlabel, title, the curves' labels and the
    reference's label are drawn as given; xlabel and title None give "epoch" and "Perplexity during training"
    in lang ("en" or "ko"), the language of the axis labels. Returns the Figure.
    """
    check_language(lang)
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
    ax.set_xlabel(tr("epoch", lang) if xlabel is None else xlabel, fontsize=FONT)
    ax.set_ylabel(tr("perplexity (log scale)" if logy else "perplexity", lang), fontsize=FONT)
    ax.set_title(tr("Perplexity during training", lang) if title is None else title, fontsize=14)
    ax.tick_params(labelsize=12)
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=SMALL)
    fig.tight_layout()
    return fig
