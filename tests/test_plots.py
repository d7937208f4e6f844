"""Headless tests of lib.plots: build the figures (matplotlib.figure.Figure, no pyplot, no
display) and check what was drawn: points, bars, labels, texts."""
import inspect
import io
import subprocess
import sys

import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from lib.viz.diagrams import artists_by_gid
from lib.viz.plots import (
    gradient_norm_figure,
    memory_figure,
    next_word_figure,
    perplexity_curves_figure,
    perplexity_figure,
)


def render(fig):
    """Draw the figure to PNG in memory: catches errors that only show at draw time."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=40)
    assert buf.getvalue()[:8] == b"\x89PNG\r\n\x1a\n"


def texts(ax):
    return [t.get_text() for t in ax.texts]


def bars(ax):
    return [p for p in ax.patches if isinstance(p, Rectangle)]


# ---------------------------------------------------------------- perplexity_figure (used by lib.train)

def test_perplexity_figure_signature_unchanged():
    """lib.cli.train calls it positionally: the positional parameters stay; lang is keyword-only."""
    params = inspect.signature(perplexity_figure).parameters
    assert list(params) == ["ppl_list", "xlabel", "title", "figsize", "lang"]
    assert params["xlabel"].default is None  # None: "epoch" in lang
    assert params["figsize"].default == (8, 5)
    assert params["lang"].kind is inspect.Parameter.KEYWORD_ONLY and params["lang"].default == "en"


def test_perplexity_figure_draws_one_point_per_value():
    ppl_list = [400.0, 250.5, 120.25, 60.0, 31.5]
    fig = perplexity_figure(ppl_list)
    assert isinstance(fig, Figure)
    ax, = fig.axes
    line, = ax.lines
    assert len(line.get_xdata()) == len(ppl_list)
    np.testing.assert_array_equal(line.get_xdata(), np.arange(1, len(ppl_list) + 1))
    np.testing.assert_array_equal(line.get_ydata(), ppl_list)
    assert line.get_marker() == "."
    assert ax.get_xlabel() == "epoch"
    assert ax.get_ylabel() == "perplexity"
    assert ax.get_title() == "Perplexity during training"
    render(fig)


def test_perplexity_figure_options_and_long_runs():
    fig = perplexity_figure(list(np.linspace(300, 5, 250)), xlabel="iteration (x20)", title="t", figsize=(10, 4.5))
    ax, = fig.axes
    line, = ax.lines
    assert len(line.get_ydata()) == 250
    assert line.get_marker() == "None"  # no markers on long curves
    assert ax.get_xlabel() == "iteration (x20)"
    assert ax.get_title() == "t"
    assert tuple(fig.get_size_inches()) == (10, 4.5)


# ---------------------------------------------------------------- perplexity_curves_figure

def test_curves_figure_one_line_per_curve():
    a = [400.0, 200.0, 100.0, 50.0]
    b = [410.0, 210.0, 90.0]
    fig = perplexity_curves_figure({"loop": a, "trainer": b}, title="two runs")
    ax, = fig.axes
    assert len(ax.lines) == 2
    for line, values in zip(ax.lines, (a, b)):
        assert len(line.get_xdata()) == len(values)
        np.testing.assert_array_equal(line.get_xdata(), np.arange(1, len(values) + 1))
        np.testing.assert_array_equal(line.get_ydata(), values)
    # identical curves must stay distinguishable: different styles
    assert (ax.lines[0].get_linestyle(), ax.lines[0].get_linewidth()) != \
        (ax.lines[1].get_linestyle(), ax.lines[1].get_linewidth())
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["loop", "trainer"]
    assert ax.get_xlabel() == "epoch"
    assert ax.get_ylabel() == "perplexity"
    assert ax.get_title() == "two runs"
    assert ax.get_yscale() == "linear"
    render(fig)


def test_curves_figure_log_scale_and_reference_line():
    fig = perplexity_curves_figure({"run": [400.0, 100.0, 10.0]}, logy=True, reference=(418, "uniform (V = 418)"))
    ax, = fig.axes
    assert ax.get_yscale() == "log"
    assert "log" in ax.get_ylabel()
    assert len(ax.lines) == 2
    ref = ax.lines[1]
    np.testing.assert_array_equal(ref.get_ydata(), [418, 418])
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["run", "uniform (V = 418)"]
    render(fig)


def test_curves_figure_more_curves_than_styles():
    curves = {f"run {i}": [100.0 - i, 50.0] for i in range(6)}
    fig = perplexity_curves_figure(curves)
    assert len(fig.axes[0].lines) == 6


# ---------------------------------------------------------------- next_word_figure

def test_next_word_figure_top_word_red_correct_word_framed():
    probs = np.array([0.05, 0.4, 0.1, 0.3, 0.15])
    labels = ["a", "b", "c", "d", "e"]
    fig, shown = next_word_figure([dict(probs=probs, labels=labels, correct=3, title="model")], top_k=3)
    ax, = fig.axes
    assert shown == [[1, 3, 4]]  # most probable first
    drawn = bars(ax)
    np.testing.assert_allclose([b.get_height() for b in drawn], probs[[1, 3, 4]])
    assert [t.get_text() for t in ax.get_xticklabels()] == ["b", "d", "e"]
    colors = [b.get_facecolor() for b in drawn]
    assert colors[0] != colors[1] and colors[1] == colors[2]  # red: the model's top word, "b", not the correct one
    assert [b.get_linewidth() > 2 for b in drawn] == [False, True, False]  # the frame marks the correct word
    assert texts(ax) == ["p = 0.3"]
    assert [t.get_text() for t in fig.legends[0].get_texts()] == [
        "the model's top word", "other words", "correct next word"]
    assert ax.get_title() == "model"
    assert ax.get_ylabel() == "probability"
    assert ax.get_ylim()[1] == pytest.approx(0.5)  # fitted: 1.25 x the tallest bar
    render(fig)


def test_next_word_figure_without_a_correct_word():
    probs = np.array([0.1, 0.6, 0.3])
    fig, shown = next_word_figure([dict(probs=probs, labels=list("abc"), title="")], top_k=3)
    ax, = fig.axes
    assert shown == [[1, 2, 0]]
    assert texts(ax) == []
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["the model's top word", "other words"]
    render(fig)


def test_next_word_figure_adds_correct_word_outside_top_k():
    probs = np.full(10, 0.1)
    probs[7] = 0.01
    probs /= probs.sum()
    fig, shown = next_word_figure(
        [dict(probs=probs, labels=[f"w{i}" for i in range(10)], target=7, title="")], top_k=4, ymax=1.0)
    ax, = fig.axes
    assert shown == [[0, 1, 2, 3, 7]]
    assert len(bars(ax)) == 5
    assert ax.get_xticklabels()[-1].get_text() == "w7"
    assert ax.get_ylim() == (0.0, 1.0)


def test_next_word_figure_one_axes_per_panel():
    p = np.full(4, 0.25)
    panels = [dict(probs=p, labels=list("abcd"), correct=i, title=f"panel {i}") for i in range(3)]
    fig, shown = next_word_figure(panels, top_k=4, title="three panels")
    assert fig._suptitle.get_text() == "three panels"
    assert len(fig.legends) == 1  # one legend for the figure
    assert len(fig.axes) == 3
    assert [ax.get_title() for ax in fig.axes] == ["panel 0", "panel 1", "panel 2"]
    assert shown == [[0, 1, 2, 3]] * 3


def test_memory_and_gradient_figures():
    fig, info = memory_figure([5, 10, 20], [2**20, 2 * 2**20, 4 * 2**20])
    assert np.allclose(info["mib"], [1, 2, 4])
    line, = artists_by_gid(fig, "memory")
    assert np.allclose(line.get_ydata(), [1, 2, 4])

    norms = {"small": np.logspace(-8, 0, 9), "large": np.logspace(3, 0, 9)}
    fig, ratios = gradient_norm_figure(norms)
    assert ratios["small"] == pytest.approx(1e-8) and ratios["large"] == pytest.approx(1e3)
    assert len(artists_by_gid(fig, "norms")) == 2
    assert fig.axes[0].get_yscale() == "log"


def test_numpy_core_does_not_import_matplotlib():
    code = "import sys, lib; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
