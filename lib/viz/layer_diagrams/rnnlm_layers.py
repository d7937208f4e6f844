"""Diagrams of section 5.4: the RNNLM over T words, its time layers, TimeSoftmaxWithLoss, TimeAffine, predictions."""

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch, Rectangle

from lib.language import check_language
from lib.viz.korean import tr
from lib.viz.layer_diagrams.canvas import Canvas, indexed
from lib.viz.style import FONT, LAYER_COLORS, SMALL, sub

# Red frames mark one thing in every notebook: the model's top word (the most probable next word).
TOP_WORD_COLOR = "#c0392b"
TOP_WORD_LEGEND = "red frame: the model's top word at each step (the largest probability of the row, its argmax)"

STEP_LAYERS = (("Embedding", "Embedding"), ("RNN", "RNN"), ("Affine", "Affine"), ("Softmax", "Softmax\nwith Loss"))


def rnnlm_figure(words, targets, shapes=None, *, lang="en"):
    """The RNNLM unrolled over T = len(words) steps.

    Word ids enter at the bottom, each step goes Embedding -> RNN -> Affine -> Softmax with Loss,
    the RNN steps pass h to the right, the target (the next word) enters each loss from above,
    and the T losses are averaged into L. shapes: optional dict with N, T, D, H, V for the labels.
    lang: "en" or "ko", the language of the labels (the words and targets are drawn as given).
    Returns (fig, drawn) with counts per layer kind and the words and targets drawn.
    """
    check_language(lang)
    words, targets = list(words), list(targets)
    T = len(words)
    if T < 1 or len(targets) != T:
        raise ValueError(f"need one target per word, got {T} words and {len(targets)} targets")
    sh = shapes or {}
    width, height = 12, 7.2
    left, right = 1.75, 0.35
    colw = (width - left - right) / T
    bw = min(1.35, colw * 0.8)
    rows = {"word": 0.4, "Embedding": 1.45, "RNN": 2.6, "Affine": 3.75, "Softmax": 4.9, "target": 6.05,
            "L": 6.8}
    c = Canvas(width, height)
    cxs = [left + colw * (t + 0.5) for t in range(T)]
    for t, cx in enumerate(cxs):
        c.box(cx, rows["word"], bw, 0.5, words[t], "word", color=LAYER_COLORS["data"], size=FONT)
        prev = rows["word"] + 0.25
        for kind, label in STEP_LAYERS:
            y = rows[kind]
            hgt = 0.7 if kind != "Softmax" else 0.75
            c.box(cx, y, bw, hgt, label, kind, size=FONT if kind != "Softmax" else SMALL)
            c.arrow((cx, prev), (cx, y - hgt / 2 - 0.02), "up", None)
            prev = y + hgt / 2
        c.box(cx - bw * 0.14, rows["target"], bw * 0.7, 0.45, targets[t], "target", color="#fff7cc",
              size=SMALL)
        c.arrow((cx - bw * 0.14, rows["target"] - 0.23), (cx - bw * 0.14, rows["Softmax"] + 0.4), "target", None)
        c.arrow((cx + bw * 0.36, rows["Softmax"] + 0.4), (cx + bw * 0.36, rows["L"] - 0.2), "loss",
                f"$L_{{{t}}}$", where="right", offset=0.05)
        if t + 1 < T:
            c.arrow((cx + bw / 2 + 0.02, rows["RNN"]), (cxs[t + 1] - bw / 2 - 0.02, rows["RNN"]), "h",
                    f"$h_{{{t}}}$" if colw > 1.0 else None, where="above", offset=0.05)
    c.ax.add_patch(FancyBboxPatch((left + 0.05, rows["L"] - 0.2), width - left - right - 0.1, 0.42,
                                  boxstyle="round,pad=0.02", fc="#eeeeee", ec="#333333", lw=1.4, gid="box:L"))
    # mathtext has no Hangul glyphs: the Korean label writes the formula with Unicode subscripts
    formula = (f"$L = \\frac{{1}}{{T}}\\,(L_0 + \\dots + L_{{{T - 1}}})$" if lang == "en" else
               f"L = (L\u2080 + \u2026 + {sub('L', T - 1)}) / T")
    c.text((left + width - right) / 2, rows["L"],
           tr("{formula}: the mean loss over the T = {T} steps", lang).format(formula=formula, T=T),
           size=FONT, kind="L")

    def dims(names):
        if all(n in sh for n in names):
            return "\n= (" + ", ".join(str(sh[n]) for n in names) + ")"
        return ""

    labels = [("word", "Embedding", tr("word ids", lang) + "\n(N, T)" + dims("NT")),
              ("Embedding", "RNN", "(N, T, D)" + dims("NTD")),
              ("RNN", "Affine", "(N, T, H)" + dims("NTH")),
              ("Affine", "Softmax", tr("scores", lang) + "\n(N, T, V)" + dims("NTV"))]
    for a, b, text in labels:
        c.text(0.85, (rows[a] + rows[b]) / 2, text, size=SMALL, kind="shape")
    c.text(0.85, rows["target"], tr("targets", lang) + "\n(N, T)", size=SMALL, kind="shape")
    return c.finish(T=T, words=words, targets=targets)


def time_layers_figure(T, *, lang="en"):
    """The RNNLM as a stack of four time layers (left) and the same stack unrolled into T steps each (right).

    lang: "en" or "ko", the language of the time layers' names ("Time RNN 계층", as the Korean edition writes).
    """
    check_language(lang)
    if T < 1:
        raise ValueError(f"T must be at least 1, got {T}")
    width, height = 12, 6.6
    c = Canvas(width, height)
    ys = {"Embedding": 1.25, "RNN": 2.45, "Affine": 3.65, "Softmax": 4.85}
    time_names = {"Embedding": tr("Time\nEmbedding", lang), "RNN": tr("Time RNN", lang),
                  "Affine": tr("Time Affine", lang), "Softmax": tr("Time Softmax\nwith Loss", lang)}
    # left: the compact stack
    x0, w0 = 1.45, 2.1
    c.text(x0, 0.3, "xs (N, T)", size=SMALL, kind="shape")
    prev = 0.5
    for kind, _ in STEP_LAYERS:
        y = ys[kind]
        c.box(x0, y, w0, 0.72, time_names[kind], "Time" + kind, color=LAYER_COLORS[kind], size=SMALL)
        c.arrow((x0, prev), (x0, y - 0.38), "stack", None)
        prev = y + 0.37
    c.arrow((x0 + 0.4, prev), (x0 + 0.4, 5.95), "stack", None)
    c.text(x0 + 0.4, 6.15, "L", size=FONT, kind="L")
    c.text(x0 - 0.4, 6.15, "ts (N, T)", size=SMALL, kind="t")
    c.arrow((x0 - 0.4, 5.95), (x0 - 0.4, prev), "stack", None)
    c.text(3.05, 3.05, "=", size=FONT + 10, kind="operator")
    # right: each time layer is T step layers
    left, right = 3.45, 0.25
    colw = (width - left - right) / T
    bw = min(1.3, colw * 0.72)
    cxs = [left + colw * (t + 0.5) for t in range(T)]
    for kind, _ in STEP_LAYERS:
        y = ys[kind]
        c.ax.add_patch(Rectangle((left, y - 0.5), width - left - right, 1.0, fill=False, ls="--", lw=1.2,
                                 ec="#666666", gid=f"container:{kind}"))
    for t, cx in enumerate(cxs):
        c.text(cx, 0.3, f"$x_{{{t}}}$", size=FONT, kind="x")
        prev = 0.5
        for kind, label in STEP_LAYERS:
            y = ys[kind]
            c.box(cx, y, bw, 0.7 if kind != "Softmax" else 0.74, label, kind,
                  size=SMALL if kind in ("Softmax", "Embedding") else FONT)
            c.arrow((cx, prev), (cx, y - 0.38), "up", None)
            prev = y + 0.37
        c.arrow((cx + bw * 0.25, prev), (cx + bw * 0.25, 5.95), "loss", None)
        c.text(cx + bw * 0.25, 6.15, f"$L_{{{t}}}$", size=FONT, kind="L")
        c.arrow((cx - bw * 0.25, 5.95), (cx - bw * 0.25, prev), "target", None)
        c.text(cx - bw * 0.25, 6.15, f"$t_{{{t}}}$", size=FONT, kind="t")
        if t + 1 < T:
            c.arrow((cx + bw / 2 + 0.02, ys["RNN"]), (cxs[t + 1] - bw / 2 - 0.02, ys["RNN"]), "h", None)
    return c.finish(T=T)


def time_softmax_figure(T, *, lang="en"):
    """Time Softmax with Loss: T Softmax-with-Loss steps, scores x_t from below, labels t_t, mean loss L.

    lang: "en" or "ko", the language of the labels (the title is the layer's name and its formula in both).
    """
    check_language(lang)
    if T < 1:
        raise ValueError(f"T must be at least 1, got {T}")
    width, height = 12, 4.8
    c = Canvas(width, height, title="Time Softmax with Loss: $L = \\frac{1}{T}(L_0 + L_1 + \\dots + L_{T-1})$")
    left, right = 0.5, 0.5
    colw = (width - left - right) / T
    bw = min(1.5, colw * 0.7)
    y = 2.0
    cxs = [left + colw * (t + 0.5) for t in range(T)]
    for t, cx in enumerate(cxs):
        c.box(cx, y, bw, 0.75, "Softmax\nwith Loss", "Softmax", size=SMALL)
        c.text(cx, 0.4, tr("scores {x}", lang).format(x=indexed("x", t, lang)), size=SMALL, kind="x")
        c.arrow((cx, 0.6), (cx, y - 0.4), "x", None)
        c.text(cx - bw * 0.3, 3.1, tr("label {t}", lang).format(t=indexed("t", t, lang)), size=SMALL, kind="t")
        c.arrow((cx - bw * 0.3, 2.92), (cx - bw * 0.3, y + 0.4), "t", None)
        c.arrow((cx + bw * 0.3, y + 0.4), (cx + bw * 0.3, 3.55), "loss", f"$L_{{{t}}}$", where="right",
                offset=0.06)
    c.ax.add_patch(FancyBboxPatch((left, 3.57), width - left - right, 0.4, boxstyle="round,pad=0.02",
                                  fc="#eeeeee", ec="#333333", lw=1.4, gid="box:L"))
    c.text(width / 2, 3.77, tr("mean over the T steps (and the N rows): L", lang), size=SMALL, kind="L")
    return c.finish(T=T)


def time_affine_figure(N, T, D, M, *, lang="en"):
    """Time Affine two ways: T Affine layers sharing W, b (left) or one product over N*T rows (right).

    lang: "en" or "ko", the language of the labels.
    """
    check_language(lang)
    width, height = 12, 5.2
    c = Canvas(width, height, title=tr("Time Affine: T separate products, or one product over N*T rows", lang))
    # left: T Affine boxes
    lw_ = 4.8
    colw = lw_ / T
    bw = min(1.1, colw * 0.8)
    for t in range(T):
        cx = 0.3 + colw * (t + 0.5)
        c.box(cx, 2.4, bw, 0.65, "Affine", "Affine", size=SMALL if bw < 1.0 else FONT)
        c.arrow((cx, 1.15), (cx, 2.05), "up", None)
        c.arrow((cx, 2.75), (cx, 3.6), "up", None)
        c.text(cx, 0.9, f"$x_{{{t}}}$", size=FONT, kind="x")
        c.text(cx, 3.85, f"$y_{{{t}}}$", size=FONT, kind="y")
    c.text(0.3 + lw_ / 2, 4.45, tr("T = {T} products (N, D) @ (D, M), same W and b", lang).format(T=T), size=SMALL,
           kind="note")
    c.text(5.55, 2.4, "=", size=FONT + 10, kind="operator")
    # right: stacked rows
    total_rows = N * T
    cell = min(0.25, 3.4 / total_rows, 1.3 / max(D, M))
    x = 6.1
    y_mid = 2.4
    palette = ["#cfe3f7", "#cdebc5", "#fde3b6", "#f6c9c9", "#e6dcf5", "#d5f0f0", "#f0e0d0", "#e0e0e0"]

    def banded(x, cols, name, label, shape, step_name):
        h = total_rows * cell
        top = y_mid + h / 2
        for t in range(T):
            c.ax.add_patch(Rectangle((x, top - (t + 1) * N * cell), cols * cell, N * cell,
                                     fc=palette[t % len(palette)], ec="#555555", lw=1.0, gid=f"band:{name}"))
            for i in range(1, N):  # the N rows of step t
                yy = top - t * N * cell - i * cell
                c.ax.plot([x, x + cols * cell], [yy, yy], color="#999999", lw=0.6)
            if step_name:
                c.text(x - 0.08, top - (t + 0.5) * N * cell, f"${step_name}_{{{t}}}$", size=SMALL, ha="right",
                       kind="step")
        c.text(x + cols * cell / 2, top + 0.25, label, size=SMALL, kind="name")
        c.text(x + cols * cell / 2, y_mid - h / 2 - 0.3, shape, size=SMALL, kind="shape")
        return x + cols * cell

    x = banded(x + 0.3, D, "xs rows", tr("xs rows", lang), f"(N*T, D) = ({total_rows}, {D})", "x")
    c.text(x + 0.25, y_mid, "@", size=FONT + 4, kind="operator")
    x += 0.5
    c.ax.add_patch(Rectangle((x, y_mid - D * cell / 2), M * cell, D * cell, fc=LAYER_COLORS["param"], ec="#333333",
                             gid="matrix:W"))
    c.text(x + M * cell / 2, y_mid + D * cell / 2 + 0.25, "W", size=SMALL, kind="name")
    c.text(x + M * cell / 2, y_mid - D * cell / 2 - 0.3, f"({D}, {M})", size=SMALL, kind="shape")
    x += M * cell
    c.text(x + 0.35, y_mid, "+ b =", size=FONT + 2, kind="operator")
    x += 0.75
    banded(x, M, "ys rows", tr("ys rows", lang), f"(N*T, M) = ({total_rows}, {M})", None)
    c.text(9.0, 4.45, tr("one product; each colour band is one step's N rows", lang), size=SMALL, kind="note")
    return c.finish(T=T, N=N, bands=T)


def prediction_figure(prob_tables, words, vocab, titles, *, lang="en"):
    """Heat maps of P(next word) at each step, one panel per table (e.g. untrained and trained).

    prob_tables: list of arrays (T, V); words: the T input words (row labels); vocab: the V words
    (column labels). Each cell shows its probability; the largest of each row, the model's top word
    (its argmax), is framed in TOP_WORD_COLOR, and a legend says so. Red means "the model's top word"
    in every figure of the notebooks that marks one. lang: "en" or "ko", the language of the axis labels
    and the legend (the titles and words are drawn as given).
    Returns (fig, drawn) with drawn["argmax"] = per panel, the list of the top word of each row, and
    drawn["legend"], the legend's text.
    """
    check_language(lang)
    n = len(prob_tables)
    fig = Figure(figsize=(12, 5.6))
    axes = fig.subplots(1, n, squeeze=False)[0]
    argmax = []
    for ax, probs, title in zip(axes, prob_tables, titles):
        probs = np.asarray(probs)
        T, V = probs.shape
        ax.imshow(probs, cmap="Blues", vmin=0, vmax=1, aspect="auto")
        ax.set_xticks(range(V), vocab, fontsize=SMALL, rotation=45, ha="right")
        ax.set_yticks(range(T), [f"{t}: {w}" for t, w in enumerate(words)], fontsize=SMALL)
        ax.set_xlabel(tr("next word", lang), fontsize=FONT)
        ax.set_title(title, fontsize=FONT)
        top = probs.argmax(axis=1)
        for t in range(T):
            for v in range(V):
                p = probs[t, v]
                ax.text(v, t, f"{p:.2f}", ha="center", va="center", fontsize=SMALL,
                        color="white" if p > 0.6 else "black", gid="prob")
            ax.add_patch(Rectangle((top[t] - 0.5, t - 0.5), 1, 1, fill=False, ec=TOP_WORD_COLOR, lw=2.2,
                                   gid="argmax"))
        argmax.append([vocab[i] for i in top])
    axes[0].set_ylabel(tr("input word at step t (context: all words up to it)", lang), fontsize=SMALL)
    legend = tr(TOP_WORD_LEGEND, lang)
    fig.legend(handles=[Rectangle((0, 0), 1, 1, fill=False, ec=TOP_WORD_COLOR, lw=2.2, label=legend)],
               loc="lower center", bbox_to_anchor=(0.5, 0.0), frameon=False, fontsize=SMALL)
    fig.subplots_adjust(left=0.2, right=0.98, bottom=0.26, top=0.92, wspace=0.35)
    return fig, {"argmax": argmax, "panels": n, "legend": legend}
