"""Diagrams of section 5.1: which words a model conditions on, and a sentence's probability as a product."""
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from lib.language import check_language
from lib.viz.korean import tr
from lib.viz.style import FONT, FORWARD_COLOR


def context_window_figure(words, target, window=1, figsize=(11, 4.5), *, lang="en"):
    """Which words each model conditions on when it predicts words[target].

    Row 1: CBOW (word2vec) uses `window` words on BOTH sides of the target.
    Row 2: a language model uses ALL the words to the LEFT of the target.
    lang: "en" or "ko", the language of the labels (the words are drawn as given).
    Returns (fig, info) with info = {"cbow": [indices], "lm": [indices], "target": target}.
    """
    check_language(lang)
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
    rows = [(tr("CBOW\n(word2vec)", lang), cbow,
             tr("P(target | {window} word(s) on each side)", lang).format(window=window)),
            (tr("language\nmodel", lang), lm, tr("P(target | all words on the left)", lang))]
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
    ax.add_patch(Rectangle((0, 0), 0, 0, fc="#9ecae1", ec="gray", label=tr("context used", lang)))
    ax.add_patch(Rectangle((0, 0), 0, 0, fc="#ffd27f", ec="gray", label=tr("target (to predict)", lang)))
    ax.legend(loc="lower center", ncol=2, fontsize=FONT, frameon=False, bbox_to_anchor=(0.5, -0.05))
    ax.set_xlim(-2.6, right + 0.1)
    ax.set_ylim(-1.5, 1.5)
    ax.axis("off")
    ax.set_title(tr("Which words does each model look at to predict the target?", lang), fontsize=FONT + 1)
    return fig, {"cbow": cbow, "lm": lm, "target": target}


def probability_factorisation_figure(words, probs, log=False, figsize=(12, 4.8), *, lang="en"):
    """Bars of the conditional probabilities P(w_t | w_1..w_{t-1}) and their running product.

    words: the sentence (m words); probs: the m conditional probabilities.
    Left: one bar per word. Right: the running product (log=True: on a log axis, for long
    sentences); its last value is the joint probability P(w_1, ..., w_m).
    lang: "en" or "ko", the language of the labels.
    Returns (fig, info), info = {"running": array, "joint": float}.
    """
    check_language(lang)
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
    ax1.set_ylabel(tr("P(word | all words on its left)", lang), fontsize=FONT)
    ax1.set_title(tr("Conditional probability of each word", lang), fontsize=FONT + 1)
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
    ax2.set_ylabel(tr("product up to this word (log scale)" if log else "product up to this word", lang), fontsize=FONT)
    ax2.set_title(tr("Running product: P(sentence) = {joint:.4f}", lang).format(joint=running[-1]), fontsize=FONT + 1)
    ax2.tick_params(labelsize=FONT - 1)
    ax2.grid(True, axis="y", alpha=0.3)
    return fig, {"running": running, "joint": float(running[-1])}
