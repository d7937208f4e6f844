"""Diagram of section 5.2.5: where each row of a truncated-BPTT mini-batch reads in the corpus."""
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from lib.batching import batch_offsets, batch_positions
from lib.language import check_language
from lib.viz.korean import tr
from lib.viz.style import FONT, SMALL


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
COLORS = ["#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2"]  # one per iteration drawn


def batch_layout_figure(data_size, batch_size, time_size, iterations=0, figsize=(13, 6), *, lang="en"):
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
    lang: "en" or "ko", the language of the labels.
    Returns (fig, info): info = {"offsets", "jump", "time_idx": {k: ...},
    "positions": {k: (batch_size, time_size) array}, "wrapped_rows": {k: [rows]}, "zoom_xlim"}.
    Artists: "strip", "offset", "window" and "window_all" (left, in corpus positions), "window_zoom"
    (right, one square per word) and "window_zoom_label".
    """
    check_language(lang)
    iterations = [iterations] if np.isscalar(iterations) else list(iterations)
    offsets = batch_offsets(data_size, batch_size)
    jump = data_size // batch_size
    fig = Figure(figsize=figsize, layout="constrained")
    ax, zoom = fig.subplots(1, 2, sharey=True, gridspec_kw={"width_ratios": [1.5, 1]})
    lanes = {"corpus": batch_size}  # y of each lane; the all-rows strip on top
    lanes.update({i: batch_size - 1 - i for i in range(batch_size)})
    _draw_strips(ax, lanes, data_size, offsets)
    info = {"offsets": offsets, "jump": jump, "time_idx": {}, "positions": {}, "wrapped_rows": {}}
    fs = SMALL if batch_size <= 12 else max(7, SMALL - (batch_size - 12) // 2)
    for n, k in enumerate(iterations):
        time_idx = k * time_size
        pos = batch_positions(data_size, batch_size, time_size, time_idx)
        color = COLORS[n % len(COLORS)]
        wrapped = _draw_windows(ax, zoom, lanes, pos, n * (time_size + ZOOM_GAP), color, fs)
        ax.plot([], [], color=color, lw=8, label=tr("iteration {k} (time_idx {time_idx})", lang).format(
            k=k, time_idx=time_idx))
        info["time_idx"][k] = time_idx
        info["positions"][k] = pos
        info["wrapped_rows"][k] = wrapped
    ax.plot([], [], color="black", marker="^", ls="none", ms=8, label=tr("row start (offset)", lang))
    ax.set_yticks([lanes[lane] for lane in lanes],
                  [tr("all rows", lang)] + [tr("row {i}", lang).format(i=i) for i in range(batch_size)], fontsize=fs)
    ax.set_xlim(-data_size * 0.01, data_size * 1.01)
    ax.set_ylim(-0.8, batch_size + 0.7)
    ax.set_xlabel(tr("position in the corpus (0 .. {last}); wraps around at the end", lang).format(
        last=data_size - 1), fontsize=FONT)
    ax.set_title(tr("Mini-batch layout: batch_size={batch_size}, time_size={time_size}, "
                    "jump = {data_size} // {batch_size} = {jump}", lang).format(
        batch_size=batch_size, time_size=time_size, data_size=data_size, jump=jump), fontsize=FONT + 1)
    ax.tick_params(labelsize=fs)
    fig.legend(loc="outside lower center", ncol=min(len(iterations) + 1, 4), fontsize=FONT - 1, frameon=False)
    info["zoom_xlim"] = _label_zoom(zoom, iterations, time_size, fs, lang)
    return fig, info


def _draw_strips(ax, lanes, data_size, offsets):
    """The corpus as a grey strip in each lane, and a black triangle under each row's strip at its offset."""
    for y in lanes.values():
        ax.add_patch(Rectangle((0, y - 0.3), data_size, 0.6, fc="#eeeeee", ec="gray", lw=0.8, zorder=1,
                               gid="strip"))
    for i, off in enumerate(offsets):  # under the strip, where no window can hide it
        ax.plot([off], [lanes[i] - 0.36], marker="^", ms=7, color="black", ls="none", zorder=4, gid="offset",
                clip_on=False)


def _draw_windows(ax, zoom, lanes, pos, x0, color, fs):
    """One iteration: each row's window pos[i] on its strip and on the all-rows strip (left), and in the
    zoom column starting at x0 (right). Returns the rows whose window wraps around the corpus end."""
    batch_size, time_size = pos.shape
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
        y = lanes[i]  # one column per iteration, one square per word
        squares = [(x0 + t, 1) for t in range(time_size)] if time_size <= ZOOM_SQUARES else [(x0, time_size)]
        for x, w in squares:
            zoom.add_patch(Rectangle((x, y - 0.3), w, 0.6, fc=color, ec="white", lw=1, alpha=0.45,
                                     hatch="//" if len(runs) > 1 else None, gid="window_zoom"))
        text = " | ".join(f"{a}..{b - 1}" if b - a > 1 else f"{a}" for a, b in runs)
        zoom.text(x0 + time_size / 2, y, text, ha="center", va="center", fontsize=fs - 1, gid="window_zoom_label")
    return wrapped


def _label_zoom(zoom, iterations, time_size, fs, lang="en"):
    """The zoom panel's limits, one tick per iteration's column, no frame, its labels; returns its xlim."""
    xlim = (-ZOOM_GAP / 2, len(iterations) * (time_size + ZOOM_GAP) - ZOOM_GAP / 2)
    zoom.set_xlim(*xlim)
    zoom.set_xticks([n * (time_size + ZOOM_GAP) + time_size / 2 for n in range(len(iterations))],
                    [tr("iteration {k}", lang).format(k=k) for k in iterations], fontsize=fs)
    zoom.tick_params(left=False, bottom=False)
    for side in ("top", "right", "left", "bottom"):
        zoom.spines[side].set_visible(False)
    zoom.set_xlabel(tr("one square per word read (time_size = {time_size})" if time_size <= ZOOM_SQUARES else
                       "the time_size = {time_size} words each row reads", lang).format(time_size=time_size),
                    fontsize=FONT)
    zoom.set_title(tr("zoom: the words each row reads", lang), fontsize=FONT + 1)
    return xlim
