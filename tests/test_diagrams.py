"""Headless tests of lib.viz.diagrams: what each function computed and what it drew.

The functions build `matplotlib.figure.Figure` objects directly (no pyplot), so no backend is
selected or needed. Drawn artists are found by their gid (lib.viz.diagrams.artists_by_gid).
"""
import numpy as np
import pytest
from matplotlib.figure import Figure

from lib import batch_positions, get_batch
from lib.viz import diagrams
from lib.viz.diagrams import artists_by_gid


def count(fig, gid):
    return len(artists_by_gid(fig, gid))


def test_no_pyplot_figures_are_created():
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    diagrams.unrolled_rnn_figure(4)
    diagrams.batch_layout_figure(100, 4, 5)
    assert plt.get_fignums() == before  # nothing registered with pyplot: no global state


# ---------------------------------------------------------------- unrolled RNN, BPTT, truncated BPTT

@pytest.mark.parametrize("T", [1, 2, 5, 13, 30])
def test_unrolled_cells_equal_T(T):
    fig, info = diagrams.unrolled_rnn_figure(T)
    assert isinstance(fig, Figure)
    assert info["n_cells"] == T
    assert count(fig, "cell") == T
    assert count(fig, "input") == T and count(fig, "output") == T
    assert info["forward_arrows"] == count(fig, "forward") == T - 1
    assert info["backward_arrows"] == count(fig, "backward") == 0  # no backward flow unless asked
    assert count(fig, "cut") == 0


@pytest.mark.parametrize("T", [2, 6, 11])
def test_bptt_has_backward_links_everywhere(T):
    fig, info = diagrams.bptt_figure(T)
    assert count(fig, "forward") == T - 1
    assert count(fig, "backward") == info["backward_arrows"] == T - 1
    assert count(fig, "backward_out") == T  # the loss gradient comes down into every output
    assert info["cut_backward_links"] == 0 and count(fig, "cut") == 0
    assert info["blocks"] == [(0, T)]


@pytest.mark.parametrize("T, block_size", [(12, 4), (10, 3), (7, 7), (7, 1), (9, 20), (13, 5)])
def test_truncated_bptt_cuts_backward_but_not_forward(T, block_size):
    fig, info = diagrams.truncated_bptt_figure(T, block_size)
    n_blocks = -(-T // block_size)  # ceil
    assert info["blocks"] == [(s, min(s + block_size, T)) for s in range(0, T, block_size)]
    assert len(info["blocks"]) == n_blocks
    # forward: every link between consecutive steps is kept
    assert count(fig, "forward") == info["forward_arrows"] == T - 1
    # backward: only links inside a block; one link cut per block border
    assert count(fig, "backward") == info["backward_arrows"] == T - n_blocks
    assert info["cut_backward_links"] == n_blocks - 1
    assert count(fig, "cut") == n_blocks - 1
    assert count(fig, "cut_mark") == n_blocks - 1
    assert count(fig, "block") == (n_blocks if n_blocks > 1 else 0)


def link_of(artist):
    return int(artist.get_label().removeprefix("_link "))


@pytest.mark.parametrize("T, block_size", [(10, 4), (12, 3), (5, 2)])
def test_truncated_backward_arrows_stay_inside_their_blocks(T, block_size):
    fig, info = diagrams.truncated_bptt_figure(T, block_size)
    block_of = [t // block_size for t in range(T)]
    borders = [t for t in range(T - 1) if block_of[t] != block_of[t + 1]]
    drawn_backward = sorted(link_of(a) for a in artists_by_gid(fig, "backward"))
    drawn_forward = sorted(link_of(a) for a in artists_by_gid(fig, "forward"))
    drawn_cuts = sorted(link_of(a) for a in artists_by_gid(fig, "cut"))
    assert drawn_forward == info["forward_links"] == list(range(T - 1))  # forward crosses the borders
    assert drawn_backward == info["backward_links"] == [t for t in range(T - 1) if t not in borders]
    assert drawn_cuts == info["cut_links"] == borders


def test_forward_only_and_backward_only():
    fig, info = diagrams.unrolled_rnn_figure(6, block_size=2, show_forward=False, show_backward=True)
    assert count(fig, "forward") == 0 and info["forward_arrows"] == 0
    assert count(fig, "backward") == 3
    fig, info = diagrams.unrolled_rnn_figure(6, block_size=2, show_forward=True, show_backward=False)
    assert count(fig, "forward") == 5 and count(fig, "backward") == 0
    assert count(fig, "cut") == 2  # block borders are drawn even without the backward flow


def test_grad_norms_set_backward_widths_monotonically():
    norms = np.logspace(-6, 0, 8)  # vanishing towards step 0
    fig, info = diagrams.bptt_figure(8, grad_norms=norms)
    widths = [info["backward_widths"][t] for t in range(7)]
    assert np.all(np.diff(widths) > 0)
    drawn = sorted(a.get_linewidth() for a in artists_by_gid(fig, "backward"))
    assert np.allclose(drawn, sorted(widths))
    with pytest.raises(ValueError, match="one value per step"):
        diagrams.bptt_figure(8, grad_norms=norms[:5])


@pytest.mark.parametrize("kwargs", [{"T": 0}, {"T": 4, "block_size": 0}])
def test_unrolled_rejects_bad_sizes(kwargs):
    with pytest.raises(ValueError):
        diagrams.unrolled_rnn_figure(**kwargs)


# ---------------------------------------------------------------- mini-batch layout

def formula_positions(n, batch_size, time_size, iteration):
    jump = n // batch_size
    time_idx = iteration * time_size
    return np.array([[(i * jump + time_idx + t) % n for t in range(time_size)] for i in range(batch_size)])


def drawn_positions(fig, gid, n_rows, lane_of_row):
    """Corpus positions covered by the window rectangles of each row, read back from the figure."""
    covered = {i: [] for i in range(n_rows)}
    for rect in artists_by_gid(fig, gid):
        y = rect.get_y() + rect.get_height() / 2
        row = lane_of_row[round(y)]
        start, stop = round(rect.get_x()), round(rect.get_x() + rect.get_width())
        covered[row].extend(range(start, stop))
    return covered


@pytest.mark.parametrize("n, batch_size, time_size, iteration",
                         [(999, 10, 5, 0), (999, 10, 5, 1), (999, 10, 5, 21), (999, 10, 5, 41),
                          (100, 3, 7, 5), (50, 7, 4, 13), (31, 1, 5, 6)])
def test_batch_layout_highlights_the_offset_formula(n, batch_size, time_size, iteration):
    fig, info = diagrams.batch_layout_figure(n, batch_size, time_size, iterations=iteration)
    expected = formula_positions(n, batch_size, time_size, iteration)
    assert info["jump"] == n // batch_size
    assert info["offsets"].tolist() == [i * (n // batch_size) for i in range(batch_size)]
    assert info["time_idx"][iteration] == iteration * time_size
    assert np.array_equal(info["positions"][iteration], expected)
    assert np.array_equal(info["positions"][iteration], batch_positions(n, batch_size, time_size,
                                                                        iteration * time_size))
    # what was drawn: row i's lane is at y = batch_size - 1 - i
    lane_of_row = {batch_size - 1 - i: i for i in range(batch_size)}
    covered = drawn_positions(fig, "window", batch_size, lane_of_row)
    for i in range(batch_size):
        assert sorted(covered[i]) == sorted(expected[i].tolist())
    # a wrapped window is drawn in two pieces; the others in one
    wrapped = [i for i in range(batch_size) if np.any(np.diff(expected[i]) != 1)]
    assert info["wrapped_rows"][iteration] == wrapped
    assert count(fig, "window") == batch_size + len(wrapped)
    assert count(fig, "window_all") == batch_size + len(wrapped)
    assert count(fig, "offset") == batch_size
    assert count(fig, "strip") == batch_size + 1


def test_batch_layout_seed_setting_and_wrap():
    """The chapter's setting: 1000 words -> 999 inputs, jump 99 (not 100), offsets up to 891."""
    fig, info = diagrams.batch_layout_figure(999, 10, 5, iterations=[0, 1, 21])
    assert info["jump"] == 99
    assert info["offsets"].tolist() == [0, 99, 198, 297, 396, 495, 594, 693, 792, 891]
    assert info["wrapped_rows"] == {0: [], 1: [], 21: [9]}
    assert info["positions"][21][9].tolist() == [996, 997, 998, 0, 1]
    assert count(fig, "window") == 10 + 10 + 11


def test_batch_layout_agrees_with_get_batch():
    n = 60
    xs = np.arange(n) * 10  # word "ids" that reveal their position
    ts = xs + 1
    iterations = list(range(0, 30, 2))  # 4 rows x 5 steps = 20 positions per iteration: wraps every 3
    _, info = diagrams.batch_layout_figure(n, 4, 5, iterations=iterations)
    for iteration in iterations:
        batch_x, batch_t = get_batch(xs, ts, 4, 5, iteration * 5)
        assert np.array_equal(batch_x, xs[info["positions"][iteration]])
        assert np.array_equal(batch_t, ts[info["positions"][iteration]])


# ---------------------------------------------------------------- 5.1 figures, loop, measurements

def test_context_window_figure():
    words = "tom was watching tv in his room . mary said hi to tom".split()
    fig, info = diagrams.context_window_figure(words, target=10, window=2)
    assert info["cbow"] == [8, 9, 11, 12]
    assert info["lm"] == list(range(10))
    assert count(fig, "target") == 2  # one per row
    assert count(fig, "context") == 4 + 10
    assert count(fig, "word") == 2 * len(words) - 2 - 14
    fig, info = diagrams.context_window_figure(words, target=0)
    assert info["cbow"] == [1] and info["lm"] == []
    with pytest.raises(ValueError):
        diagrams.context_window_figure(words, target=len(words))


def test_probability_factorisation_figure():
    probs = [2 / 3, 1.0, 0.25, 1.0]
    fig, info = diagrams.probability_factorisation_figure(["you", "say", "goodbye", "."], probs)
    assert np.allclose(info["running"], np.cumprod(probs))
    assert info["joint"] == pytest.approx(1 / 6)
    bars = [p.get_height() for p in fig.axes[0].patches]
    assert np.allclose(bars, probs)
    running_bars = [p.get_height() for p in fig.axes[1].patches]
    assert np.allclose(running_bars, np.cumprod(probs))
    with pytest.raises(ValueError):
        diagrams.probability_factorisation_figure(["a", "b"], [0.5])


def test_loop_figure_has_one_closed_path():
    fig, info = diagrams.loop_figure()
    assert info == {"feedforward_loops": 0, "rnn_loops": 1}
    assert count(fig, "loop") == 1
    assert count(fig, "cell") == 2


def test_bptt_with_measured_norms_draws_the_loss_where_the_measurement_put_it():
    """The norms come from a loss on the last step: only h_{T-1} gets a gradient from above (review of 5.2)."""
    norms = np.logspace(-6, 0, 8)
    fig, info = diagrams.bptt_figure(8, grad_norms=norms)
    assert info["loss_steps"] == [7]
    assert count(fig, "backward_out") == 1 and count(fig, "loss_label") == 1
    labels = [a.get_text() for a in artists_by_gid(fig, "backward_norm")]
    assert labels == [f"{n:.0e}".replace("e-0", "e-").replace("e+0", "e+") for n in norms[:7]]
    fig, info = diagrams.bptt_figure(8)  # no measurement: a loss at every step, as in the language model
    assert info["loss_steps"] == list(range(8)) and count(fig, "backward_out") == 8
    fig, info = diagrams.bptt_figure(8, loss_steps=[3, 7])
    assert count(fig, "backward_out") == 2
    with pytest.raises(ValueError, match="loss_steps"):
        diagrams.bptt_figure(8, loss_steps=[8])


def test_batch_layout_zoom_labels_each_window_with_its_positions():
    fig, info = diagrams.batch_layout_figure(999, 10, 5, iterations=[0, 1, 21])
    labels = [a.get_text() for a in artists_by_gid(fig, "window_zoom_label")]
    assert labels[:10] == [f"{o}..{o + 4}" for o in info["offsets"]]  # iteration 0: the offsets
    assert labels[-1] == "996..998 | 0..1"  # row 9 wraps at iteration 21
    assert count(fig, "window_zoom") == 3 * 10 * 5  # one square per word
    # the offset marks sit below the strips, where no window covers them
    for mark, off in zip(artists_by_gid(fig, "offset"), info["offsets"]):
        assert mark.get_xdata()[0] == off and mark.get_zorder() > 3
    assert all(w.get_zorder() > 1 for w in artists_by_gid(fig, "window"))  # windows above the strips
