"""Headless tests of lib.viz.widgets: set each widget's controls from Python, check what it computed and drew.

No browser and no kernel: an ipywidgets widget works in plain Python (its comm is a dummy), and
setting `control.value` runs the panel's callback, which redraws. What was drawn is read back from
the panel's handle (`last`, `figure`, `png`) and from the Output's `outputs`.
"""
import base64
import io

import numpy as np
import pytest
from PIL import Image

import lib
from lib import SimpleRnnlm
from lib.viz import explorers, widgets
from lib.viz.diagrams import artists_by_gid
from lib.viz.widgets.presenter import probability_text

TOY_TEXT = ("you say goodbye. you say hello. i say hello. you say hello. "
            "i say goodbye and you say hello. you say hello and i say goodbye.")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def shown_png(panel):
    """The PNG bytes the panel's Output displays."""
    (out,) = panel.output.outputs
    return base64.b64decode(out["data"]["image/png"])


def change(panel, name, value):
    """Set a control; return the draw count expected afterwards (a value that does not change
    draws nothing, as in the browser)."""
    control = panel.controls[name]
    expected = panel.draw_count + (control.value != value)
    control.value = value
    return expected


def assert_drew(panel, expected):
    assert panel.error is None and panel.message is None
    assert panel.draw_count == expected, "one control change, one redraw"
    assert panel.png.startswith(PNG_SIGNATURE)
    assert shown_png(panel) == panel.png


def count(fig, gid):
    return len(artists_by_gid(fig, gid))


# ---------------------------------------------------------------- 1. unrolling explorer

def test_unrolling_explorer_cells_follow_T():
    panel = widgets.unrolling_explorer()
    assert set(panel.controls) == {"T", "block_size", "show_forward", "show_backward", "step", "play"}
    for T in (3, 12, 1, 6):
        assert_drew(panel, change(panel, "T", T))
        assert panel.last["n_cells"] == T == count(panel.figure, "cell")
        assert panel.controls["block_size"].max == T and panel.controls["step"].max == T - 1
        assert panel.controls["play"].max == T - 1


def test_unrolling_explorer_truncation_cuts_only_backward_arrows():
    panel = widgets.unrolling_explorer(T=8, block_size=8, show_forward=True, show_backward=True)
    assert count(panel.figure, "backward") == 7 and count(panel.figure, "cut") == 0
    panel.controls["block_size"].value = 3
    assert panel.last["blocks"] == [(0, 3), (3, 6), (6, 8)]
    assert count(panel.figure, "forward") == 7  # forward links all kept
    assert count(panel.figure, "backward") == 5  # two cut at the block borders
    assert panel.last["cut_backward_links"] == 2
    panel.controls["show_backward"].value = False
    assert count(panel.figure, "backward") == 0 and count(panel.figure, "forward") == 7
    panel.controls["show_forward"].value = False
    assert count(panel.figure, "forward") == 0


def test_unrolling_explorer_play_steps_through_the_real_states():
    panel = widgets.unrolling_explorer(T=8, H=4)
    _, hs = explorers.rnn_states(8, H=4)
    for step in (0, 3, 7):
        before = panel.draw_count
        panel.controls["play"].value = step  # the Play control moves the step slider (linked)
        assert panel.controls["step"].value == step
        assert_drew(panel, before + 1)
        assert panel.last["shown_steps"] == list(range(step + 1))
        assert count(panel.figure, "h_value") == 4 * (step + 1)
        np.testing.assert_allclose(panel.last["hs"], hs)


def test_unrolling_explorer_step_follows_a_shorter_T():
    panel = widgets.unrolling_explorer(T=10, step=9)
    panel.controls["T"].value = 4
    assert panel.controls["step"].value == 3 and panel.last["step"] == 3
    panel.controls["T"].value = 9  # the step was at the end: it stays at the end
    assert panel.last["step"] == 8


# ---------------------------------------------------------------- 2. mini-batch offsets

def window_positions(fig, batch_size):
    rows = {i: set() for i in range(batch_size)}
    for rect in artists_by_gid(fig, "window"):
        row = batch_size - 1 - int(round(rect.get_y() + 0.3))
        a, w = rect.get_x(), rect.get_width()
        rows[row].update(range(int(round(a)), int(round(a + w))))
    return rows


@pytest.mark.parametrize("batch_size, time_size, iteration", [(10, 5, 0), (10, 5, 21), (7, 9, 33), (20, 40, 2)])
def test_batch_explorer_highlights_the_offsets_formula(batch_size, time_size, iteration):
    data_size = 999
    panel = widgets.batch_offsets_explorer(data_size=data_size, words=[f"w{i}" for i in range(data_size)])
    assert_drew(panel, change(panel, "batch_size", batch_size))
    assert_drew(panel, change(panel, "time_size", time_size))
    assert_drew(panel, change(panel, "iteration", iteration))
    jump = data_size // batch_size
    formula = [[(i * jump + iteration * time_size + k) % data_size for k in range(time_size)]
               for i in range(batch_size)]
    assert panel.last["window"].tolist() == formula
    drawn = window_positions(panel.figure, batch_size)
    assert all(drawn[i] == set(formula[i]) for i in range(batch_size))
    assert panel.last["row_words"][0] == [f"w{p}" for p in formula[0]]
    assert "row 0 reads" in panel.details.value


def test_batch_explorer_iteration_range_and_wrap():
    panel = widgets.batch_offsets_explorer(data_size=999, batch_size=10, time_size=5)
    assert panel.controls["iteration"].max == 3 * 19 - 1  # three epochs of 19 iterations
    panel.controls["iteration"].value = 21
    assert panel.last["wrapped_rows"][21] == [9]  # row 9 runs past the end and wraps
    panel.controls["time_size"].value = 10
    assert panel.controls["iteration"].max == 3 * (999 // 100) - 1
    panel.controls["show_previous"].value = True
    assert sorted(panel.last["positions"]) == [panel.last["iteration"] - 1, panel.last["iteration"]]


def test_batch_explorer_too_short_corpus_is_a_message():
    panel = widgets.batch_offsets_explorer(data_size=60, batch_size=3, time_size=5, max_batch=20, max_time=40)
    panel.controls["time_size"].value = 30  # 3 x 30 = 90 > 60 words
    assert panel.error is None and "too short" in panel.message and panel.png is None
    assert panel.output.outputs == ()
    panel.controls["time_size"].value = 10
    assert panel.message is None and panel.png is not None


# ---------------------------------------------------------------- 3. gradients through time

def test_gradient_explorer_vanishing_below_one_exploding_above():
    panel = widgets.gradient_explorer(T=30, scale=0.8)
    assert_drew(panel, change(panel, "scale", 0.5))
    small = panel.last["norms"]
    assert small[0] < 1e-3 * small[-1] and panel.last["verdict"] == "vanishing"
    line, = artists_by_gid(panel.figure, "norms")
    np.testing.assert_allclose(line.get_ydata(), small)
    assert panel.figure.axes[0].get_yscale() == "log"

    panel.controls["scale"].value = 3.0
    large = panel.last["norms"]
    assert large[0] > 10 * large[-1] and panel.last["verdict"] == "exploding"
    np.testing.assert_allclose(large, explorers.gradient_norms_through_time(T=30, scale=3.0, mode="scale"))


def test_gradient_explorer_T_and_singular_value_mode():
    panel = widgets.gradient_explorer(T=30, scale=0.8)
    panel.controls["T"].value = 50
    assert len(panel.last["norms"]) == 50
    panel.controls["mode"].value = "singular"
    assert panel.last["sigma_max"] == pytest.approx(0.8)
    assert panel.controls["scale"].description.startswith("\u03c3")  # the slider now says sigma_max
    norms = panel.last["norms"]
    assert np.all(norms[:-1] <= 0.8 * norms[1:] * (1 + 1e-9))  # each step back: at most x sigma_max


# ---------------------------------------------------------------- 4. RNNLM inspector


def test_rnnlm_inspector_top5_sorted_and_distribution_sums_to_one(chapter_model):
    model, word_to_id, id_to_word, _ = chapter_model
    panel = widgets.rnnlm_inspector(model, word_to_id, id_to_word)
    for sentence in widgets.RNNLM_EXAMPLES[1:3]:
        assert_drew(panel, change(panel, "sentence", sentence))
        T = len(sentence.split())
        assert panel.last["hidden"].shape == (T, 100)
        top = panel.last["top_probs"]
        assert top.shape == (T, 5) and np.all(np.diff(top, axis=1) <= 0)  # sorted
        np.testing.assert_allclose(panel.last["probs"].sum(axis=1), 1, atol=1e-9)  # full distribution
        assert panel.last["probs"].shape == (T, 418)
        assert count(panel.figure, "top") == 5 * T
        assert [len(row) for row in panel.last["top_words"]] == [5] * T


def test_rnnlm_inspector_learned_the_training_text(chapter_model):
    model, word_to_id, id_to_word, _ = chapter_model
    panel = widgets.rnnlm_inspector(model, word_to_id, id_to_word, sentence="mr. <unk> is chairman of")
    # "is chairman of": after "chairman" the training text continues with "of"
    assert panel.last["top_words"][3][0] == "of" and panel.last["next_word_rank"][3] == 1


def test_rnnlm_inspector_unknown_words_are_listed(chapter_model):
    model, word_to_id, id_to_word, _ = chapter_model
    panel = widgets.rnnlm_inspector(model, word_to_id, id_to_word)
    panel.controls["sentence"].value = "the zebra said quixotic things"
    assert panel.error is None and panel.png is None and panel.output.outputs == ()
    assert "'zebra'" in panel.message and "'quixotic'" in panel.message and "'things'" in panel.message
    assert "'the'" not in panel.message and "zebra" in panel.status.value
    # a PTB word outside the 418 words of the first 1000 (its id is >= 418) is unknown to the model too
    outside = next(w for w, i in word_to_id.items() if i >= 418)
    panel.controls["sentence"].value = f"the {outside}"
    assert repr(outside) in panel.message
    panel.controls["sentence"].value = "   "
    assert panel.message and panel.error is None
    panel.controls["sentence"].value = "the company said"
    assert panel.message is None and panel.png is not None


def test_rnnlm_inspector_small_model():
    corpus, word_to_id, id_to_word = lib.preprocess(TOY_TEXT)
    model = SimpleRnnlm(len(word_to_id), 6, 6, rng=0)
    panel = widgets.rnnlm_inspector(model, word_to_id, id_to_word, sentence="you say goodbye .",
                                    examples=["you say goodbye ."])
    assert panel.message is None and panel.last["hidden"].shape == (4, 6)
    np.testing.assert_allclose(panel.last["probs"].sum(axis=1), 1, atol=1e-9)


# ---------------------------------------------------------------- 5. LM probability explorer

@pytest.mark.parametrize("model", ["all", "bigram"])
@pytest.mark.parametrize("sentence", ["you say goodbye .", "i say goodbye and you say hello .",
                                      "i say goodbye and you say goodbye ."])
def test_lm_explorer_joint_is_the_product_of_the_bars(sentence, model):
    panel = widgets.lm_probability_explorer(TOY_TEXT)
    assert_drew(panel, change(panel, "model", model))
    assert_drew(panel, change(panel, "sentence", sentence))
    bars = np.array([r.get_height() for r in artists_by_gid(panel.figure, "conditional")])
    assert len(bars) == len(sentence.split())
    assert panel.last["joint"] == pytest.approx(np.prod(bars), rel=1e-12)
    if panel.last["joint"] > 0:
        assert panel.last["perplexity"] == pytest.approx(panel.last["joint"] ** (-1 / len(bars)), rel=1e-12)
    else:
        assert panel.last["perplexity"] == np.inf
    expected = explorers.count_lm_probabilities(sentence.split(), explorers.split_sentences(TOY_TEXT), model)
    np.testing.assert_allclose(bars, expected)


def test_lm_explorer_known_values():
    panel = widgets.lm_probability_explorer(TOY_TEXT, sentence="you say goodbye .")
    assert panel.last["joint"] == pytest.approx(1 / 6)  # 4/6 * 1 * 1/4 * 1
    panel.controls["sentence"].value = "i say goodbye and you say goodbye ."
    assert panel.last["joint"] == 0 and panel.last["perplexity"] == np.inf  # never seen whole
    panel.controls["model"].value = "bigram"
    assert panel.last["joint"] == pytest.approx(1 / 192)


def test_lm_explorer_unknown_words_are_listed():
    panel = widgets.lm_probability_explorer(TOY_TEXT)
    panel.controls["sentence"].value = "you say bonjour and ciao ."
    assert panel.error is None and panel.png is None
    assert "'bonjour'" in panel.message and "'ciao'" in panel.message and "'you'" not in panel.message
    panel.controls["sentence"].value = "You say hello."  # capitals and a glued period are fine
    assert panel.message is None and panel.last["words"] == ["you", "say", "hello", "."]
    panel.controls["sentence"].value = "you say"
    assert "begins" in panel.details.value  # no final period: the probability of a beginning


def test_panels_are_widgets_with_a_picture():
    import ipywidgets

    panel = widgets.gradient_explorer()
    assert isinstance(panel, ipywidgets.VBox)
    assert panel.output in panel.children
    assert panel.figure is not None and panel.last is not None


# ---------------------------------------------------------------- guiding questions and the presenter's path

def test_questions_show_above_the_controls_and_their_answers_stay_closed():
    questions = [widgets.Question("Which arrows disappear?", "Only the red ones across a border.")]
    panel = widgets.unrolling_explorer(questions=questions)
    box = panel.children[1]  # after the title, before the controls
    assert "rnn-questions" in box._dom_classes and "Which arrows disappear?" in box.children[0].value
    (reveal,) = panel.reveals
    assert reveal.selected_index is None, "the answer is closed until the presenter opens it"
    assert reveal.get_title(0) == widgets.REVEAL_TITLE
    assert "Only the red ones" in reveal.children[0].value
    reveal.selected_index = 0  # what a click on the title does
    assert reveal.selected_index == 0
    assert widgets.gradient_explorer().reveals == []  # no questions: no box
    assert len(widgets.gradient_explorer().children) == len(panel.children) - 1


def plain(html_text):
    return html_text.replace("&times;", "x").replace("&minus;", "-")


def test_presenter_path_lm_probability_answers_are_what_the_widget_shows():
    panel = widgets.for_class("lm_probability", text=TOY_TEXT)
    q1, q2 = panel.questions
    assert panel.last["words"] == ["you", "say", "goodbye", "."]
    assert f"= {probability_text(panel.last['joint'])} " in q1.answer and "= 1.57." in q1.answer
    assert panel.last["joint"] == pytest.approx(1 / 6)
    panel.controls["sentence"].value = "i say goodbye and you say goodbye ."  # what question 2 asks
    assert panel.last["joint"] == 0 and "All words on the left: 0," in q2.answer
    panel.controls["model"].value = "bigram"
    assert f"Bigram: {probability_text(panel.last['joint'])}," in q2.answer
    assert all(r.selected_index is None for r in panel.reveals)


def test_presenter_path_unrolling_starts_untruncated_and_question_2_holds():
    panel = widgets.for_class("unrolling")
    T = panel.controls["T"].value
    assert panel.controls["block_size"].value == T and panel.last["cut_backward_links"] == 0
    assert count(panel.figure, "backward") == T - 1
    panel.controls["block_size"].value = 4  # "move the truncation block below T (e.g. 4)"
    cut = panel.last["cut_backward_links"]
    assert count(panel.figure, "backward") == T - 1 - cut and count(panel.figure, "forward") == T - 1
    assert f"({cut} of {T - 1} at block 4)" in panel.questions[1].answer
    assert f"all {T - 1} blue forward arrows stay" in panel.questions[1].answer


def test_presenter_path_gradients_vanish_at_the_start_and_explode_at_3():
    panel = widgets.for_class("gradients")
    q1, q2 = panel.questions
    assert panel.last["verdict"] == "vanishing" and panel.last["scale"] == 0.8
    norms = panel.last["norms"]
    assert q1.answer.startswith(f"{norms[0] / norms[-1]:.1e} of it")
    panel.controls["scale"].value = 3.0  # "drag the scale to 3"
    norms = panel.last["norms"]
    assert panel.last["verdict"] == "exploding"
    assert f"step 0 gets {norms[0] / norms[-1]:.1e} times" in q2.answer
    bound = panel.last["bound"][0] / norms[-1]
    assert f"{bound:.0e}" in q2.answer and bound > 1e6 * norms[0] / norms[-1]  # far less than the bound


def test_presenter_path_batch_offsets_answers():
    data_size = 999
    panel = widgets.for_class("batch_offsets", data_size=data_size, words=[f"w{i}" for i in range(data_size)])
    q1, q2 = panel.questions
    panel.controls["iteration"].value = 1
    assert panel.last["window"][1].tolist() == [104, 105, 106, 107, 108] and "then 104..108" in q1.answer
    panel.controls["iteration"].value = 21  # the iteration question 2's answer names
    assert panel.last["wrapped_rows"][21] == [9]
    assert panel.last["window"][9].tolist() == [996, 997, 998, 0, 1]
    assert plain(q2.answer).startswith("Iteration 21: row 9 reads 996, 997, 998, 0, 1,")
    earlier = [lib.batch_positions(data_size, 10, 5, it * 5) for it in range(21)]
    assert all(np.all(np.diff(rows, axis=1) == 1) for rows in earlier), "no row wraps before iteration 21"


def test_presenter_path_rnnlm_answers_are_what_the_model_does(chapter_model):
    from lib.datasets import ptb

    model, word_to_id, id_to_word, _ = chapter_model
    corpus = ptb.load_data("train")[0][:1000]
    panel = widgets.for_class("rnnlm", model=model, word_to_id=word_to_id, id_to_word=id_to_word, corpus=corpus)
    q1, q2 = panel.questions
    assert panel.last["words"] == ["mr.", "<unk>", "is", "chairman", "of"]
    assert panel.last["top_words"][3][0] == "of"
    assert f"= {panel.last['next_word_prob'][3]:.2f}, rank 1 of 418" in q1.answer
    sentence = widgets.RNNLM_EXAMPLES[0]
    panel.controls["sentence"].value = sentence
    in_order = int(np.sum(panel.last["next_word_rank"] > 0))
    panel.controls["sentence"].value = " ".join(reversed(sentence.split()))
    backwards = int(np.sum(panel.last["next_word_rank"] > 0))
    assert f"In order {in_order} of {len(sentence.split()) - 1}, backwards {backwards}:" in q2.answer
    assert in_order > backwards


def test_presenter_path_order_and_unknown_key():
    assert [s.key for s in widgets.PRESENTER_PATH] == ["lm_probability", "unrolling", "gradients", "batch_offsets",
                                                       "rnnlm"]
    with pytest.raises(ValueError, match="presenter's path"):
        widgets.for_class("nope")


# ---------------------------------------------------------------- the static picture for stored notebooks

def test_the_mime_bundle_carries_the_current_picture():
    panel = widgets.lm_probability_explorer(TOY_TEXT)
    bundle = panel._repr_mimebundle_()
    assert set(bundle) == {"application/vnd.jupyter.widget-view+json", "image/png", "text/plain"}
    assert bundle["text/plain"] == "<Language-model probability explorer widget>"
    png = base64.b64decode(bundle["image/png"])
    assert png.startswith(PNG_SIGNATURE) and png == widgets.static_png(panel.png)
    assert widgets.static_png(panel.png) == png  # deterministic: the same picture, the same bytes
    assert Image.open(io.BytesIO(png)).size == Image.open(io.BytesIO(panel.png)).size
    panel.controls["sentence"].value = "you say bonjour ."  # a message instead of a picture: nothing to store
    assert "image/png" not in panel._repr_mimebundle_()


def test_the_stored_picture_is_the_same_at_every_execution():
    """Two executions of a notebook must store the same bytes (no churn in diffs): the picture depends on
    the widget's state only."""
    first = widgets.for_class("unrolling")._repr_mimebundle_()
    second = widgets.for_class("unrolling")._repr_mimebundle_()
    assert first["image/png"] == second["image/png"]
    assert first["application/vnd.jupyter.widget-view+json"] != second["application/vnd.jupyter.widget-view+json"]
