"""Headless tests of lib.viz.layer_diagrams: what each drawing function drew.

The functions build `matplotlib.figure.Figure` objects directly (no pyplot), so no backend is
selected or needed. Drawn boxes, arrows and texts carry gids ("box:RNN", "arrow:next", ...);
the tests count them in the figure and compare with the `drawn` record each function returns.
"""
import io

import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch
from matplotlib.text import Text
from PIL import Image

from lib.viz import layer_diagrams as ld

WORDS = "you say goodbye and i say hello".split()
TARGETS = "say goodbye and i say hello .".split()


def artists(fig, gid):
    """Every patch and text of the figure whose gid is `gid`."""
    found = []
    for ax in fig.axes:
        found += [a for a in list(ax.patches) + list(ax.texts) if a.get_gid() == gid]
    return found


def count(fig, gid):
    return len(artists(fig, gid))


def texts(fig, gid):
    return [a.get_text() for a in artists(fig, gid)]


def arrow_ends(drawn, kind):
    """(start, end) points of the arrows of this kind that the function reports having drawn."""
    return [(a["from"], a["to"]) for a in drawn["arrows"] if a["kind"] == kind]


def renders(fig, dpi=40):
    """Draw the figure to PNG in memory (mathtext and layout errors only show up when drawing):
    True when the picture has the figure's size in pixels and is not blank (some dark ink)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    gray = np.asarray(Image.open(io.BytesIO(buf.getvalue())).convert("L"))
    width, height = fig.get_size_inches() * dpi
    return gray.shape == (round(height), round(width)) and (gray < 128).mean() > 0.002


ALL_FIGURES = [
    lambda: ld.shape_figure(2, 4, 3),
    lambda: ld.rnn_step_graph(2, 4, 3),
    lambda: ld.rnn_step_graph(2, 4, 3, backward=True),
    lambda: ld.rnn_step_graph(),
    lambda: ld.time_rnn_figure(4),
    lambda: ld.time_rnn_figure(4, 2, 4, 3, backward=True),
    lambda: ld.rnnlm_figure(WORDS, TARGETS, {"N": 1, "T": 7, "D": 10, "H": 10, "V": 7}),
    lambda: ld.time_layers_figure(4),
    lambda: ld.time_softmax_figure(4),
    lambda: ld.time_affine_figure(2, 4, 5, 3),
    lambda: ld.prediction_figure([np.full((3, 4), 0.25)] * 2, list("abc"), list("wxyz"), ["before", "after"]),
]


# ---------------------------------------------------------------- every figure

def test_renders_fails_on_a_blank_figure():
    assert not renders(Figure(figsize=(10, 5)))


@pytest.mark.parametrize("make", ALL_FIGURES)
def test_figures_are_headless_readable_and_render(make):
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    fig, drawn = make()
    assert plt.get_fignums() == before  # nothing registered with pyplot
    assert isinstance(fig, Figure) and isinstance(drawn, dict)
    width, height = fig.get_size_inches()
    assert 10 <= width <= 12 and 4.5 <= height <= 7.5  # projector-sized
    assert renders(fig)
    small = [t.get_text() for t in fig.findobj(Text) if t.get_text() and t.get_visible() and t.get_fontsize() < 12]
    assert small == []  # every visible text is at least 12 pt


# ---------------------------------------------------------------- shapes of one step

@pytest.mark.parametrize("N, D, H", [(2, 4, 3), (1, 1, 1), (5, 3, 8)])
def test_shape_figure_draws_each_matrix_with_its_shape(N, D, H):
    fig, drawn = ld.shape_figure(N, D, H)
    expected = {"h_prev": (N, H), "Wh": (H, H), "x": (N, D), "Wx": (D, H), "b": (H,), "h_next": (N, H)}
    assert drawn["shapes"] == expected
    for name, shape in expected.items():
        rect, = artists(fig, f"matrix:{name}")
        rows, cols = (1, shape[0]) if name == "b" else shape
        assert rect.get_width() / rect.get_height() == pytest.approx(cols / rows)  # drawn to scale
    shape_texts = texts(fig, "text:shape")
    for sym in ["(N, H)", "(H, H)", "(N, D)", "(D, H)", "(H,)"]:
        assert sym in shape_texts
    assert f"({D}, {H})" in shape_texts and f"({H},)" in shape_texts and f"({N}, {H})" in shape_texts


# ---------------------------------------------------------------- the graph of one step

def test_forward_graph_names_every_node_and_shape():
    fig, drawn = ld.rnn_step_graph(2, 4, 3)
    assert drawn["count"] == {"data": 2, "param": 3, "MatMul": 2, "+": 2, "tanh": 1}
    assert count(fig, "box:MatMul") == 2 and count(fig, "box:+") == 2 and count(fig, "box:tanh") == 1
    labels = texts(fig, "label:data") + texts(fig, "label:param")
    assert sorted(labels) == sorted(["h_prev\n(N, H) = (2, 3)", "x\n(N, D) = (2, 4)", "Wh\n(H, H) = (3, 3)",
                                     "Wx\n(D, H) = (4, 3)", "b\n(H,) = (3,)"])
    edges = {(a, b) for a, b, _ in drawn["edges"]}
    assert {("h_prev", "MatMul_h"), ("Wh", "MatMul_h"), ("x", "MatMul_x"), ("Wx", "MatMul_x"),
            ("MatMul_h", "plus_1"), ("MatMul_x", "plus_1"), ("plus_1", "plus_2"), ("b", "plus_2"),
            ("plus_2", "tanh"), ("tanh", "h_next")} <= edges
    # h_next branches: up to the layer above and right to the next step
    assert ("h_next", "above") in edges and ("h_next", "next step") in edges
    assert count(fig, "dot:branch") == 1
    assert count(fig, "arrow:grad") == 0
    # the arrows the figure holds are the ones the function reports
    assert count(fig, "arrow:data") == len(drawn["arrows"])
    assert all(isinstance(a, FancyArrowPatch) for a in artists(fig, "arrow:data"))
    assert all(isinstance(a, FancyBboxPatch) for a in artists(fig, "box:data"))
    assert any("(N, H) = (2, 3)" in t for t in texts(fig, "arrowlabel:data"))


def test_forward_graph_without_sizes_shows_symbols_only():
    fig, drawn = ld.rnn_step_graph()
    labels = texts(fig, "label:data") + texts(fig, "label:param")
    assert "x\n(N, D)" in labels and "Wx\n(D, H)" in labels and "b\n(H,)" in labels
    assert not any("=" in label for label in labels)


def test_backward_graph_reverses_the_edges_and_names_the_gradients():
    fwd = {(a, b) for a, b, _ in ld.rnn_step_graph(2, 4, 3)[1]["edges"]}
    fig, drawn = ld.rnn_step_graph(2, 4, 3, backward=True)
    bwd = {(a, b) for a, b, _ in drawn["edges"]}
    inner = {e for e in fwd if "h_next" not in e and "above" not in e and "next step" not in e}
    assert {(b, a) for a, b in inner} <= bwd  # every inner edge, reversed
    assert ("dh_next", "tanh") in bwd
    grads = " | ".join(texts(fig, "arrowlabel:grad"))
    for expr in ["dWx = x.T @ dt", "dWh = h_prev.T @ dt", "db = dt.sum(axis=0)", "dt @ Wx.T", "dt @ Wh.T"]:
        assert expr in grads
    assert "dh_next * (1 - h_next**2)" in " ".join(texts(fig, "text:note"))
    assert count(fig, "arrow:data") == 0 and count(fig, "arrow:grad") == len(drawn["edges"])
    for (x0, _), (x1, _) in arrow_ends(drawn, "grad"):
        assert x1 <= x0 + 1e-9  # gradients never flow to the right


# ---------------------------------------------------------------- Time RNN

@pytest.mark.parametrize("T", [1, 2, 4, 7])
def test_time_rnn_has_T_steps_and_branching_h(T):
    fig, drawn = ld.time_rnn_figure(T)
    assert drawn["T"] == T
    assert count(fig, "box:RNN") == drawn["count"]["RNN"] == T
    assert count(fig, "arrow:x") == T  # x_t into every step
    assert count(fig, "dot:branch") == T  # h_t branches at every step ...
    assert count(fig, "arrow:up") == T  # ... up to the output
    assert count(fig, "arrow:next") == T - 1  # ... and right, into the next step
    assert count(fig, "arrow:h_in") == 1 and count(fig, "arrow:h_out") == 1
    assert texts(fig, "text:x") == [f"$x_{{{t}}}$" for t in range(T)]
    assert texts(fig, "text:h") == [f"$h_{{{t}}}$" for t in range(T)]
    for (x0, y0), (x1, y1) in arrow_ends(drawn, "next"):
        assert x1 > x0 and y0 == y1
    for (x0, y0), (x1, y1) in arrow_ends(drawn, "up"):
        assert y1 > y0 and x0 == x1


def test_time_rnn_shapes_in_labels():
    fig, _ = ld.time_rnn_figure(4, 2, 5, 3)
    shapes = texts(fig, "text:shape")
    assert "hs\n(N, T, H) = (2, 4, 3)" in shapes and "xs\n(N, T, D) = (2, 4, 5)" in shapes


@pytest.mark.parametrize("T", [1, 3, 5])
def test_time_rnn_backward_adds_two_gradients_at_each_step(T):
    fig, drawn = ld.time_rnn_figure(T, backward=True)
    assert count(fig, "box:RNN") == T
    assert count(fig, "box:sum") == T  # one "+" per branch
    assert count(fig, "arrow:dhs") == T  # from above
    assert count(fig, "arrow:next") == T - 1  # from step t+1
    assert count(fig, "arrow:dh_in") == 1  # nothing from beyond the last step: 0
    assert count(fig, "arrow:into_step") == T and count(fig, "arrow:dx") == T
    assert count(fig, "arrow:dh_out") == 1  # dh w.r.t. the initial state
    assert texts(fig, "text:dhs") == [f"dhs[:, {t}]" for t in range(T)]
    for (x0, _), (x1, _) in arrow_ends(drawn, "next"):
        assert x1 < x0  # backward runs right to left
    assert count(fig, "arrow:up") == 0 and count(fig, "dot:branch") == 0


def test_time_rnn_rejects_empty_block():
    with pytest.raises(ValueError):
        ld.time_rnn_figure(0)


# ---------------------------------------------------------------- the RNNLM and its time layers

@pytest.mark.parametrize("n", [1, 3, 7])
def test_rnnlm_figure_has_one_column_per_word(n):
    words, targets = WORDS[:n], TARGETS[:n]
    fig, drawn = ld.rnnlm_figure(words, targets, {"N": 1, "T": n, "D": 10, "H": 20, "V": 7})
    for kind in ["word", "Embedding", "RNN", "Affine", "Softmax", "target"]:
        assert count(fig, f"box:{kind}") == drawn["count"][kind] == n

    def by_x(kind):
        return [t.get_text() for t in sorted(artists(fig, f"label:{kind}"), key=lambda a: a.get_position()[0])]

    assert by_x("word") == words  # words below, in order
    assert by_x("target") == targets  # targets above, in order
    assert count(fig, "arrow:up") == 4 * n  # word -> Embedding -> RNN -> Affine -> Softmax
    assert count(fig, "arrow:h") == n - 1  # h_t into the next RNN step
    assert count(fig, "arrow:target") == n and count(fig, "arrow:loss") == n
    assert count(fig, "box:L") == 1
    shapes = " ".join(texts(fig, "text:shape"))
    assert f"(N, T, D)\n= (1, {n}, 10)" in shapes and f"(N, T, H)\n= (1, {n}, 20)" in shapes
    assert f"(N, T, V)\n= (1, {n}, 7)" in shapes


def test_rnnlm_figure_needs_one_target_per_word():
    with pytest.raises(ValueError):
        ld.rnnlm_figure(WORDS, TARGETS[:-1])


@pytest.mark.parametrize("T", [1, 4, 6])
def test_time_layers_figure_is_a_stack_of_T_step_layers(T):
    fig, drawn = ld.time_layers_figure(T)
    for kind in ["Embedding", "RNN", "Affine", "Softmax"]:
        assert count(fig, f"box:Time{kind}") == 1  # the compact stack
        assert count(fig, f"box:{kind}") == T  # the unrolled stack
        assert count(fig, f"container:{kind}") == 1  # the dashed frame around the T steps
    assert count(fig, "arrow:h") == T - 1
    assert count(fig, "arrow:loss") == T and count(fig, "arrow:target") == T
    assert texts(fig, "text:x") == [f"$x_{{{t}}}$" for t in range(T)]


@pytest.mark.parametrize("T", [1, 4])
def test_time_softmax_figure(T):
    fig, drawn = ld.time_softmax_figure(T)
    assert count(fig, "box:Softmax") == T
    assert count(fig, "arrow:x") == count(fig, "arrow:t") == count(fig, "arrow:loss") == T
    assert count(fig, "box:L") == 1


@pytest.mark.parametrize("N, T, D, M", [(2, 4, 5, 3), (1, 3, 2, 6), (3, 2, 4, 4)])
def test_time_affine_figure_stacks_N_times_T_rows(N, T, D, M):
    fig, drawn = ld.time_affine_figure(N, T, D, M)
    assert count(fig, "box:Affine") == T
    xs_bands, ys_bands = artists(fig, "band:xs rows"), artists(fig, "band:ys rows")
    assert len(xs_bands) == len(ys_bands) == drawn["bands"] == T
    heights = {round(b.get_height(), 9) for b in xs_bands}
    assert len(heights) == 1  # every step holds the same N rows
    W, = artists(fig, "matrix:W")
    cell = W.get_width() / M
    assert xs_bands[0].get_height() == pytest.approx(N * cell)
    assert xs_bands[0].get_width() == pytest.approx(D * cell)
    assert f"(N*T, D) = ({N * T}, {D})" in texts(fig, "text:shape")


def test_prediction_figure_marks_the_top_word_of_each_row():
    probs = np.array([[0.1, 0.7, 0.2], [0.5, 0.25, 0.25]])
    fig, drawn = ld.prediction_figure([probs, probs[::-1]], ["a", "b"], ["x", "y", "z"], ["one", "two"])
    assert drawn["panels"] == 2 and len(fig.axes) == 2
    assert drawn["argmax"] == [["y", "x"], ["x", "y"]]
    # the red frames are explained: one legend, red, saying they mark the model's top word
    legend, = fig.legends
    assert [t.get_text() for t in legend.get_texts()] == [drawn["legend"]]
    assert "top word" in drawn["legend"] and "argmax" in drawn["legend"]
    assert legend.legend_handles[0].get_edgecolor()[:3] == pytest.approx((0xc0 / 255, 0x39 / 255, 0x2b / 255))
    for ax in fig.axes:
        assert len([p for p in ax.patches if p.get_gid() == "argmax"]) == 2
        assert sorted(t.get_text() for t in ax.texts if t.get_gid() == "prob") == sorted(
            f"{p:.2f}" for p in probs.ravel())
