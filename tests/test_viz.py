"""Headless tests of lib.viz.explorers: the numbers each widget computes and what its figures draw.

The figures are `matplotlib.figure.Figure` objects (no pyplot); drawn artists are found by gid
(lib.viz.diagrams.artists_by_gid) and compared with the numbers the functions return.
"""
import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine

import lib
from lib import RNN, SimpleRnnlm, TimeRNN
from lib.text import words_to_ids
from lib.viz import explorers, style
from lib.viz.diagrams import artists_by_gid

TOY_TEXT = ("you say goodbye. you say hello. i say hello. you say hello. "
            "i say goodbye and you say hello. you say hello and i say goodbye.")


def count(fig, gid):
    return len(artists_by_gid(fig, gid))


def test_no_pyplot_figures_are_created():
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    explorers.unrolling_figure(4)
    explorers.gradient_figure(T=5)
    explorers.batch_window_figure(100, 4, 5, 1)
    assert plt.get_fignums() == before


# ---------------------------------------------------------------- 1. unrolling

def test_rnn_states_are_a_real_time_rnn_run_on_the_sentence():
    words, hs = explorers.rnn_states(10, H=4, seed=0)
    assert words == "you say goodbye and i say hello . you say".split()  # the sentence repeats
    assert hs.shape == (10, 4) and hs.dtype == np.float64
    # the same recurrence, step by step with lib.RNN and the same seeded draws
    corpus, word_to_id, _ = lib.preprocess(explorers.TOY_SENTENCE)
    rng = np.random.default_rng(0)
    E = rng.standard_normal((len(word_to_id), 3))
    Wx, Wh = rng.standard_normal((3, 4)) / np.sqrt(3), rng.standard_normal((4, 4)) / np.sqrt(4)
    step, h = RNN(Wx, Wh, np.zeros(4)), np.zeros((1, 4))
    for t in range(10):
        h = step.forward(E[[word_to_id[words[t]]]], h)
        np.testing.assert_allclose(h[0], hs[t], atol=1e-12)
    assert np.abs(hs).max() < 1  # tanh


def test_rnn_states_do_not_depend_on_T():
    _, long = explorers.rnn_states(12)
    for T in (1, 5, 8):
        _, short = explorers.rnn_states(T)
        np.testing.assert_allclose(short, long[:T], atol=1e-12)  # up to BLAS rounding


@pytest.mark.parametrize("T", [1, 2, 5, 8, 12])
def test_unrolling_cells_equal_T(T):
    fig, info = explorers.unrolling_figure(T)
    assert isinstance(fig, Figure)
    assert info["n_cells"] == T == count(fig, "cell")
    assert count(fig, "forward") == T - 1
    assert count(fig, "h_value") == T * 4 and count(fig, "h_empty") == 0  # step=None: every h_t shown


@pytest.mark.parametrize("T, block", [(8, 4), (9, 2), (7, 7), (6, 20), (12, 5)])
def test_truncation_cuts_backward_arrows_not_forward_ones(T, block):
    fig, info = explorers.unrolling_figure(T, block_size=block, show_forward=True, show_backward=True)
    n_blocks = -(-T // min(block, T))
    assert count(fig, "forward") == T - 1  # forward never cut
    assert count(fig, "backward") == T - 1 - (n_blocks - 1)  # one backward link cut per border
    assert info["cut_backward_links"] == n_blocks - 1 == count(fig, "cut")
    assert info["block_size"] == min(block, T)


def test_flow_toggles():
    fig, _ = explorers.unrolling_figure(6, show_forward=False, show_backward=False)
    assert count(fig, "forward") == 0 and count(fig, "backward") == 0
    fig, _ = explorers.unrolling_figure(6, show_forward=True, show_backward=False)
    assert count(fig, "forward") == 5 and count(fig, "backward") == 0
    fig, _ = explorers.unrolling_figure(6, show_forward=False, show_backward=True)
    assert count(fig, "forward") == 0 and count(fig, "backward") == 5


def test_play_step_shows_the_values_up_to_that_step():
    T, H, step = 8, 4, 3
    fig, info = explorers.unrolling_figure(T, step=step, H=H)
    assert info["shown_steps"] == [0, 1, 2, 3]
    assert count(fig, "h_value") == (step + 1) * H and count(fig, "h_empty") == (T - step - 1) * H
    written = [float(t.get_text()) for t in artists_by_gid(fig, "h_text")]
    np.testing.assert_allclose(written, np.round(info["hs"][:step + 1].ravel(), 2), atol=1e-9)
    cells = artists_by_gid(fig, "cell")
    assert cells[step].get_facecolor() != cells[step + 1].get_facecolor()  # current vs future cell
    with pytest.raises(ValueError, match="step"):
        explorers.unrolling_figure(T, step=T)


def test_fixed_layout_draws_the_same_artists():
    a, info_a = explorers.unrolling_figure(9, block_size=3, step=4)
    b, info_b = explorers.unrolling_figure(9, block_size=3, step=4, layout="fixed")
    assert not isinstance(b.get_layout_engine(), ConstrainedLayoutEngine)  # no layout pass on each draw
    for gid in ("cell", "forward", "backward", "h_value", "h_text"):
        assert count(a, gid) == count(b, gid)
    np.testing.assert_array_equal(info_a["hs"], info_b["hs"])


# ---------------------------------------------------------------- 2. mini-batch offsets

def covered_positions(fig, batch_size, data_size):
    """Corpus positions highlighted in each row lane (window rectangles), read from the figure."""
    rows = {i: set() for i in range(batch_size)}
    for rect in artists_by_gid(fig, "window"):
        lane = int(round(rect.get_y() + 0.3))
        row = batch_size - 1 - lane
        a, w = rect.get_x(), rect.get_width()
        rows[row].update(range(int(round(a)), int(round(a + w))))
    return rows


@pytest.mark.parametrize("data_size, batch_size, time_size, iteration",
                         [(999, 10, 5, 0), (999, 10, 5, 21), (999, 7, 13, 30), (100, 4, 6, 9), (50, 3, 4, 40)])
def test_highlighted_positions_follow_the_offsets_formula(data_size, batch_size, time_size, iteration):
    fig, info = explorers.batch_window_figure(data_size, batch_size, time_size, iteration)
    jump = data_size // batch_size
    formula = np.array([[(i * jump + iteration * time_size + k) % data_size for k in range(time_size)]
                        for i in range(batch_size)])
    np.testing.assert_array_equal(info["window"], formula)
    drawn = covered_positions(fig, batch_size, data_size)
    for i in range(batch_size):
        assert drawn[i] == set(formula[i].tolist()), f"row {i}"
    wrapped = [i for i in range(batch_size) if formula[i][-1] < formula[i][0]]
    assert info["wrapped_rows"][iteration] == wrapped
    assert info["epoch"] == iteration // (data_size // (batch_size * time_size))


def test_batch_window_lists_the_words_each_row_reads():
    words = [f"w{i}" for i in range(999)]
    _, info = explorers.batch_window_figure(999, 10, 5, 21, words=words)
    assert info["row_words"][9] == ["w996", "w997", "w998", "w0", "w1"]  # row 9 wraps


def test_batch_window_rejects_a_too_short_corpus():
    with pytest.raises(ValueError, match="too short"):
        explorers.batch_window_figure(20, 5, 5, 0)


# ---------------------------------------------------------------- 3. gradients through time

def test_recurrent_weights_largest_singular_value():
    for value in (0.5, 1.0, 2.5):
        Wh = explorers.recurrent_weights(16, value, "singular", rng=3)
        assert np.isclose(np.linalg.norm(Wh, 2), value)
    M = explorers.recurrent_weights(16, 1.0, "scale", rng=3)
    np.testing.assert_allclose(explorers.recurrent_weights(16, 2.0, "scale", rng=3), 2 * M)


@pytest.mark.parametrize("mode", ["scale", "singular"])
def test_gradient_norms_shrink_below_one_and_grow_above(mode):
    small = explorers.gradient_norms_through_time(T=30, scale=0.5, mode=mode)
    large = explorers.gradient_norms_through_time(T=30, scale=3.0 if mode == "scale" else 5.0, mode=mode)
    assert small[0] < 1e-3 * small[-1]  # vanishing: orders of magnitude smaller at the first step
    assert large[0] > 10 * large[-1]  # exploding
    assert explorers.gradient_verdict(small) == "vanishing" and explorers.gradient_verdict(large) == "exploding"


def test_gradient_norms_respect_the_singular_value_bound():
    # |tanh'| <= 1, so one step back multiplies the norm by at most sigma_max(Wh)
    for value in (0.7, 1.0, 1.8):
        norms, Wh = explorers.gradient_norms_through_time(T=25, scale=value, mode="singular", return_weights=True)
        sigma = np.linalg.norm(Wh, 2)
        assert np.all(norms[:-1] <= sigma * norms[1:] * (1 + 1e-9))
    norms = explorers.gradient_norms_through_time(T=25, scale=0.9, mode="singular")
    assert np.all(np.diff(norms) > 0)  # below 1: strictly shrinking going back


def test_gradient_norm_matches_a_numerical_gradient():
    T, t, H, D = 12, 4, 16, 8
    norms = explorers.gradient_norms_through_time(T=T, scale=1.2, H=H, seed=5, mode="scale")
    rng = np.random.default_rng(5)  # the same draws, in the same order
    Wx = rng.standard_normal((D, H)) / np.sqrt(D)
    Wh = 1.2 * rng.standard_normal((H, H)) / np.sqrt(H)
    xs = 0.1 * rng.standard_normal((1, T, D))
    dout = rng.standard_normal((1, H))
    h_t = TimeRNN(Wx, Wh, np.zeros(H)).forward(xs)[:, t].copy()

    def loss():
        rest = TimeRNN(Wx, Wh, np.zeros(H), stateful=True)
        rest.set_state(h_t)
        return float(np.sum(dout * rest.forward(xs[:, t + 1:])[:, -1]))

    numerical = lib.numerical_gradient(loss, h_t)
    assert np.isclose(np.linalg.norm(numerical), norms[t], rtol=1e-6)
    assert np.isclose(norms[-1], np.linalg.norm(dout))


def old_gradient_norms(T, scale, H, seed, mode, D=8, x_scale=0.1):
    """The first implementation, kept as a reference: for each t a TimeRNN from h_t back-propagates dout."""
    rng = np.random.default_rng(seed)
    Wx = rng.standard_normal((D, H)) / np.sqrt(D)
    Wh = explorers.recurrent_weights(H, scale, mode, rng)
    b = np.zeros(H)
    xs = x_scale * rng.standard_normal((1, T, D))
    dout = rng.standard_normal((1, H))
    hs = TimeRNN(Wx, Wh, b).forward(xs)
    norms = np.empty(T)
    norms[T - 1] = np.linalg.norm(dout)
    for t in range(T - 1):
        rest = TimeRNN(Wx, Wh, b, stateful=True)
        rest.set_state(hs[:, t].copy())
        out = rest.forward(xs[:, t + 1:])
        dhs = np.zeros_like(out)
        dhs[:, -1] = dout
        rest.backward(dhs)
        norms[t] = np.linalg.norm(rest.dh)
    return norms


@pytest.mark.parametrize("T, scale, H, seed, mode", [
    (2, 0.8, 16, 0, "scale"), (30, 0.5, 16, 0, "scale"), (30, 3.0, 16, 1, "scale"), (40, 1.0, 16, 0, "scale"),
    (25, 0.9, 16, 3, "singular"), (60, 4.0, 16, 2, "singular"), (12, 1.2, 5, 7, "scale")])
def test_gradient_norms_from_one_backward_pass_equal_those_of_t_separate_runs(T, scale, H, seed, mode):
    new = explorers.gradient_norms_through_time(T=T, scale=scale, H=H, seed=seed, mode=mode)
    np.testing.assert_allclose(new, old_gradient_norms(T, scale, H, seed, mode), rtol=1e-12, atol=0)


def test_gradient_figure_draws_the_norms_on_a_log_axis():
    fig, info = explorers.gradient_figure(T=20, scale=0.6)
    line, = artists_by_gid(fig, "norms")
    np.testing.assert_allclose(line.get_ydata(), info["norms"])
    assert fig.axes[0].get_yscale() == "log"
    assert info["ratio"] == pytest.approx(info["norms"][0] / info["norms"][-1])
    bound, = artists_by_gid(fig, "bound")
    assert np.all(info["norms"] <= bound.get_ydata() * (1 + 1e-9))


def test_power_of_ten_labels():
    assert style.power_of_ten(1e-4) == "10\u207b\u2074"
    assert style.power_of_ten(100.0) == "10\u00b2"
    assert style.power_of_ten(1.0) == "10\u2070"


# ---------------------------------------------------------------- 4. RNNLM inspector

@pytest.fixture(scope="module")
def small_model():
    corpus, word_to_id, id_to_word = lib.preprocess(TOY_TEXT)
    model = SimpleRnnlm(len(word_to_id), 8, 8, rng=0)
    lib.RnnlmTrainer(model, lib.SGD(0.5)).fit(corpus[:-1], corpus[1:], max_epoch=30, batch_size=2, time_size=4)
    return model, word_to_id, id_to_word


def test_inspect_rnnlm(small_model):
    model, word_to_id, _ = small_model
    ids, _ = words_to_ids("you say goodbye and i", word_to_id)
    model.rnn_layer.h = np.full((1, 8), 0.5, dtype=np.float32)  # some carried state
    ins = explorers.inspect_rnnlm(model, ids, k=5)
    assert np.all(model.rnn_layer.h == 0.5)  # put back
    assert np.array_equal(explorers.inspect_rnnlm(model, ids, k=5).hidden, ins.hidden)  # from a zero state
    model.reset_state()
    explorers.inspect_rnnlm(model, ids, k=5)
    assert model.rnn_layer.h is None  # a reset model stays reset
    assert ins.hidden.shape == (5, 8) and ins.probs.shape == (5, len(word_to_id))
    np.testing.assert_allclose(ins.probs.sum(axis=1), 1, atol=1e-12)
    assert np.all(np.diff(ins.top_probs, axis=1) <= 0)  # sorted, most probable first
    np.testing.assert_array_equal(ins.top_probs, np.take_along_axis(ins.probs, ins.top_ids, axis=1))
    np.testing.assert_array_equal(ins.top_ids[:, 0], ins.probs.argmax(axis=1))
    # the hidden states are those of the model's own TimeRNN from a zero state
    model.reset_state()
    hs = model.rnn_layer.forward(model.layers[0].forward(ids[None]))[0]
    model.reset_state()
    np.testing.assert_allclose(ins.hidden, hs, atol=1e-6)


def test_inspect_rnnlm_reads_a_fast_model_as_the_simple_one():
    simple = SimpleRnnlm(30, 8, 8, dtype=np.float64, rng=0)
    fast = lib.FastRnnlm(30, 8, 8, dtype=np.float64, rng=1)
    for p, q in zip(fast.params, simple.params):
        p[...] = q  # the same weights
    ids = [1, 2, 3, 2]
    a, b = explorers.inspect_rnnlm(simple, ids), explorers.inspect_rnnlm(fast, ids)
    np.testing.assert_allclose(b.hidden, a.hidden, rtol=1e-12)
    np.testing.assert_allclose(b.probs, a.probs, rtol=1e-10)


def test_rnnlm_inspector_figure(small_model):
    model, word_to_id, id_to_word = small_model
    ids, _ = words_to_ids("you say goodbye .", word_to_id)
    ins = explorers.inspect_rnnlm(model, ids)
    fig, info = explorers.rnnlm_inspector_figure(ids, ins, id_to_word)
    image, = [im for ax in fig.axes for im in ax.images if im.get_gid() == "hidden"]
    np.testing.assert_array_equal(image.get_array(), ins.hidden)
    assert count(fig, "top") == len(ids) * 5
    shades, = [im for ax in fig.axes for im in ax.images if im.get_gid() == "top_shades"]
    darker_is_likelier = 0.08 + 0.8 * ins.top_probs / ins.top_probs.max()
    np.testing.assert_allclose(shades.get_array(), darker_is_likelier)
    np.testing.assert_allclose(info["next_word_prob"][:-1], ins.probs[np.arange(3), ids[1:]])
    assert np.isnan(info["next_word_prob"][-1])
    for t in range(3):  # the rank of the actual next word among the top 5 (0: not among them)
        rank = list(ins.top_ids[t]).index(ids[t + 1]) + 1 if ids[t + 1] in ins.top_ids[t] else 0
        assert info["next_word_rank"][t] == rank
    assert count(fig, "actual") == int(np.count_nonzero(info["next_word_rank"]))


# ---------------------------------------------------------------- 5. language-model probabilities

SENTENCES = explorers.split_sentences(TOY_TEXT)


def test_split_sentences():
    assert len(SENTENCES) == 6
    assert SENTENCES[0] == ("you", "say", "goodbye", ".")


def test_count_lm_all_left_context_by_hand():
    probs = explorers.count_lm_probabilities("you say goodbye .".split(), SENTENCES, "all")
    np.testing.assert_allclose(probs, [4 / 6, 4 / 4, 1 / 4, 1 / 1])
    # joint probabilities of the distinct sentences sum to 1
    total = sum(np.prod(explorers.count_lm_probabilities(s, SENTENCES, "all")) for s in set(SENTENCES))
    assert np.isclose(total, 1)
    assert explorers.count_lm_probabilities("say you hello .".split(), SENTENCES, "all")[0] == 0


def test_count_lm_bigram_by_hand():
    probs = explorers.count_lm_probabilities("i say goodbye and you say goodbye .".split(), SENTENCES, "bigram")
    assert np.isclose(np.prod(probs), 1 / 192)
    assert np.isclose(np.prod(explorers.count_lm_probabilities("you say hello .".split(), SENTENCES, "bigram")), 1 / 3)
    with pytest.raises(ValueError, match="context"):
        explorers.count_lm_probabilities(["you"], SENTENCES, "trigram")


@pytest.mark.parametrize("sentence, context", [("you say goodbye .", "all"),
                                               ("you say hello and i say goodbye .", "all"),
                                               ("i say goodbye and you say goodbye .", "bigram")])
def test_lm_figure_joint_is_the_product_of_the_bars(sentence, context):
    words = sentence.split()
    probs = explorers.count_lm_probabilities(words, SENTENCES, context)
    fig, info = explorers.lm_probability_figure(words, probs, context=context)
    bars = [rect.get_height() for rect in artists_by_gid(fig, "conditional")]
    assert len(bars) == len(words)
    assert info["joint"] == pytest.approx(np.prod(bars), rel=1e-12)
    assert info["perplexity"] == pytest.approx(info["joint"] ** (-1 / len(words)), rel=1e-12)
    assert info["running"][-1] == pytest.approx(info["joint"])


def test_lm_zero_probability_gives_infinite_perplexity():
    joint, ppl = explorers.sentence_report([0.5, 0.0, 1.0])
    assert joint == 0 and ppl == np.inf
    fig, info = explorers.lm_probability_figure(["a", "b", "c"], [0.5, 0.0, 1.0])
    assert info["perplexity"] == np.inf and "\u221e" in fig.get_suptitle()


def test_plain_text_math():
    fig = Figure()
    ax = fig.subplots()
    ax.text(0, 0, "$x_{12}$")
    ax.text(0, 1, "$h_t$ and more")
    style.plain_text_math(fig)
    assert [t.get_text() for t in ax.texts] == ["x\u2081\u2082", "h\u209c and more"]


def test_the_product_formula_gives_the_measured_gradient_norms():
    """dL/dh_t = dout · prod_{k=T-1..t+1} diag(1 - h_k^2) Wh^T, on the draws gradient_norms_through_time uses."""
    from lib.viz.explorers.gradients import rnn_draws

    for scale, seed in [(0.5, 0), (1.25, 3), (3.0, 1)]:
        T = 15
        d = rnn_draws(T, scale, seed=seed)
        hs = lib.TimeRNN(d["Wx"], d["Wh"], d["b"]).forward(d["xs"])[0]
        g, formula = d["dout"][0], np.empty(T)
        for t in reversed(range(T)):
            formula[t] = np.linalg.norm(g)
            g = g @ np.diag(1 - hs[t] ** 2) @ d["Wh"].T
        np.testing.assert_allclose(formula, explorers.gradient_norms_through_time(T, scale, seed=seed), rtol=1e-10)
