"""The Korean edition's figures: every figure function of lib.viz.diagrams, lib.viz.layer_diagrams and
lib.viz.plots, called with lang="ko" as notebooks/ko/ call it, draws Korean labels that render.

For each function: (a) at least one text holds Hangul; (b) no text is still an English phrase (two
lowercase English words in a row; names the Korean edition keeps in English, such as Truncated BPTT,
Softmax with Loss or code like h_prev @ Wh, pass); (c) the figure renders with no missing glyph: neither
matplotlib's warning for plain text nor the mathtext logger's message (mathtext has no Hangul fallback),
and no text puts Hangul inside $...$ (mathtext parses are cached, so a log can come only once per
process); (d) lang="fr" raises ValueError naming 'en' and 'ko'. The last tests show that these checks
catch a label left in English and Hangul in mathtext.
"""
import io
import logging
import re
import string

import numpy as np
import pytest
from matplotlib.text import Text

from lib.viz import diagrams, korean, plots
from lib.viz import layer_diagrams as ld
from lib.viz.korean_figures import FIGURES

HANGUL = re.compile("[\uac00-\ud7a3]")
# names the Korean edition keeps in English; removed before looking for English phrases
KEPT_IN_ENGLISH = ("Truncated BPTT", "Softmax with Loss", "Softmax\nwith Loss")
PUNCTUATION = "()[]{},.;:!?\"'"

RNG = np.random.default_rng(0)
PROBS = RNG.dirichlet(np.ones(6), size=4)
VOCAB = ["the", "stock", "rose", "fell", "market", "<eos>"]
WORDS = ["you", "say", "goodbye", "and"]
STORY = "tom was watching tv in his room".split()
# a text without Hangul that holds a lowercase word is left in English, unless the word is data or code
DATA_AND_CODE = set(VOCAB + WORDS + STORY) | {"tanh", "argmax", "dhs", "dxs"}



def own(lang, ko, en):
    """A text the caller passes (a title, a curve's label): Korean in the Korean notebooks."""
    return ko if lang == "ko" else en


# every figure function the notebooks call with lang=LANG, with the arguments of a notebook
FIGURE_CALLS = {
    "diagrams.context_window_figure": lambda lang: diagrams.context_window_figure(
        STORY, target=4, lang=lang)[0],
    "diagrams.probability_factorisation_figure": lambda lang: diagrams.probability_factorisation_figure(
        WORDS, [0.2, 0.5, 0.3, 0.4], lang=lang)[0],
    "diagrams.probability_factorisation_figure(log)": lambda lang: diagrams.probability_factorisation_figure(
        VOCAB + WORDS, [0.5] * 10, log=True, lang=lang)[0],
    "diagrams.loop_figure": lambda lang: diagrams.loop_figure(lang=lang)[0],
    "diagrams.unrolled_rnn_figure": lambda lang: diagrams.unrolled_rnn_figure(T=5, lang=lang)[0],
    "diagrams.bptt_figure": lambda lang: diagrams.bptt_figure(T=6, lang=lang)[0],
    "diagrams.bptt_figure(grad_norms)": lambda lang: diagrams.bptt_figure(
        T=8, grad_norms=0.5 ** np.arange(8)[::-1], lang=lang)[0],
    "diagrams.truncated_bptt_figure": lambda lang: diagrams.truncated_bptt_figure(T=12, block_size=4, lang=lang)[0],
    "diagrams.batch_layout_figure": lambda lang: diagrams.batch_layout_figure(
        100, 10, 5, iterations=[0, 1, 21], lang=lang)[0],
    "diagrams.batch_layout_figure(long windows)": lambda lang: diagrams.batch_layout_figure(
        1000, 4, 20, iterations=3, lang=lang)[0],
    "plots.memory_figure": lambda lang: plots.memory_figure([1, 2, 4, 8], [1e6, 2e6, 4e6, 8e6], lang=lang)[0],
    "plots.gradient_norm_figure": lambda lang: plots.gradient_norm_figure(
        {own(lang, "배율 0.5", "scale 0.5"): 0.5 ** np.arange(10)[::-1],
         own(lang, "배율 1.5", "scale 1.5"): 1.5 ** np.arange(10)[::-1]}, lang=lang)[0],
    "plots.next_word_figure": lambda lang: plots.next_word_figure(
        [dict(probs=PROBS[0], labels=VOCAB, correct=2, title=own(lang, "학습 전", "untrained")),
         dict(probs=PROBS[1], labels=VOCAB, correct=2, title=own(lang, "학습 후", "trained"))], top_k=3,
        lang=lang)[0],
    "plots.perplexity_figure": lambda lang: plots.perplexity_figure([300.0, 120.0, 60.0], lang=lang),
    "plots.perplexity_curves_figure": lambda lang: plots.perplexity_curves_figure(
        {own(lang, "훈련", "train"): [300, 200, 150], own(lang, "검증", "valid"): [320, 240, 200]}, logy=True,
        reference=(418, own(lang, "균등 분포 (V = 418)", "uniform (V = 418)")), lang=lang),
    "layer_diagrams.shape_figure": lambda lang: ld.shape_figure(2, 3, 4, lang=lang)[0],
    "layer_diagrams.rnn_step_graph": lambda lang: ld.rnn_step_graph(2, 3, 4, lang=lang)[0],
    "layer_diagrams.rnn_step_graph(backward)": lambda lang: ld.rnn_step_graph(2, 3, 4, backward=True, lang=lang)[0],
    "layer_diagrams.time_rnn_figure": lambda lang: ld.time_rnn_figure(4, lang=lang)[0],
    "layer_diagrams.time_rnn_figure(backward)": lambda lang: ld.time_rnn_figure(
        3, 2, 3, 4, backward=True, lang=lang)[0],
    "layer_diagrams.rnnlm_figure": lambda lang: ld.rnnlm_figure(
        WORDS, WORDS[1:] + ["i"], shapes={"N": 1, "T": 4, "D": 4, "H": 5, "V": 7}, lang=lang)[0],
    "layer_diagrams.time_layers_figure": lambda lang: ld.time_layers_figure(4, lang=lang)[0],
    "layer_diagrams.time_affine_figure": lambda lang: ld.time_affine_figure(2, 3, 4, 5, lang=lang)[0],
    "layer_diagrams.time_softmax_figure": lambda lang: ld.time_softmax_figure(4, lang=lang)[0],
    "layer_diagrams.prediction_figure": lambda lang: ld.prediction_figure(
        [PROBS, PROBS[::-1]], WORDS, VOCAB, [own(lang, "학습 전", "untrained"), own(lang, "학습 후", "trained")],
        lang=lang)[0],
}


def drawn_texts(fig):
    """Every non-empty text of fig after a draw (tick labels exist only once drawn), legends included."""
    return [t.get_text() for t in fig.findobj(Text) if t.get_text().strip()]


def english_phrases(text):
    """What is left in English in a label: pairs of consecutive lowercase English words (3+ letters), and in
    a label without Hangul any such word that is neither a word of the data nor code ("block 1")."""
    for name in KEPT_IN_ENGLISH:
        text = text.replace(name, " ")
    words = [w.strip(PUNCTUATION) for w in text.split()]
    is_word = [re.fullmatch("[a-z]{3,}", w) is not None for w in words]
    if not HANGUL.search(text):
        lone = [w for w, word in zip(words, is_word) if word and w not in DATA_AND_CODE]
        if lone:
            return lone
    return [f"{a} {b}" for a, b, wa, wb in zip(words, words[1:], is_word, is_word[1:]) if wa and wb]


def hangul_in_mathtext(text):
    """True when text is mathtext (a pair of unescaped $) and holds Hangul: drawn as empty boxes."""
    return len(re.findall(r"(?<!\\)\$", text)) >= 2 and HANGUL.search(text) is not None


def render_checked(make, caplog, recwarn):
    """Build and render a figure; return its texts and the missing-glyph reports (warnings and logs)."""
    caplog.clear()
    recwarn.clear()
    with caplog.at_level(logging.WARNING, logger="matplotlib"):
        fig = make()
        fig.savefig(io.BytesIO(), format="png", dpi=50)
    reports = [str(w.message) for w in recwarn if "glyph" in str(w.message).lower()]
    reports += [r.getMessage() for r in caplog.records if "glyph" in r.getMessage().lower()]
    return drawn_texts(fig), reports


@pytest.mark.parametrize("name", list(FIGURE_CALLS))
def test_korean_figure_draws_korean_labels_that_render(name, caplog, recwarn):
    texts, missing = render_checked(lambda: FIGURE_CALLS[name]("ko"), caplog, recwarn)
    assert any(HANGUL.search(t) for t in texts), f"{name}: no Hangul in {texts}"
    left_english = {t: english_phrases(t) for t in texts if english_phrases(t)}
    assert not left_english, f"{name}: labels still in English: {left_english}"
    assert not [t for t in texts if hangul_in_mathtext(t)], f"{name}: Hangul inside $...$ (empty boxes)"
    assert not missing, f"{name}: missing glyphs: {missing}"


@pytest.mark.parametrize("name", list(FIGURE_CALLS))
def test_english_figure_has_no_hangul(name):
    fig = FIGURE_CALLS[name]("en")
    fig.savefig(io.BytesIO(), format="png", dpi=30)
    assert not [t for t in drawn_texts(fig) if HANGUL.search(t)]


@pytest.mark.parametrize("name", list(FIGURE_CALLS))
def test_unknown_language_raises(name):
    with pytest.raises(ValueError, match="'en', 'ko'"):
        FIGURE_CALLS[name]("fr")


def test_lang_is_a_keyword_with_default_en():
    import inspect

    functions = [diagrams.context_window_figure, diagrams.probability_factorisation_figure, diagrams.loop_figure,
                 diagrams.unrolled_rnn_figure, diagrams.bptt_figure, diagrams.truncated_bptt_figure,
                 diagrams.batch_layout_figure, plots.memory_figure, plots.gradient_norm_figure,
                 plots.next_word_figure, plots.perplexity_figure, plots.perplexity_curves_figure,
                 ld.time_rnn_figure, ld.shape_figure, ld.rnn_step_graph, ld.rnnlm_figure, ld.prediction_figure,
                 ld.time_layers_figure, ld.time_affine_figure, ld.time_softmax_figure]
    for f in functions:
        lang = inspect.signature(f).parameters["lang"]
        assert lang.kind is inspect.Parameter.KEYWORD_ONLY and lang.default == "en", f.__name__


def placeholders(text):
    return sorted((field, spec) for _, field, spec, _ in string.Formatter().parse(text) if field is not None)


def test_table_entries_keep_placeholders_and_no_hangul_in_mathtext():
    for english, korean_text in FIGURES.items():
        assert placeholders(korean_text) == placeholders(english), english
        assert not hangul_in_mathtext(korean_text), korean_text
        assert not english_phrases(korean_text), korean_text


# ---------------------------------------------------------------- the checks catch what they are for

def test_check_catches_a_label_left_in_english(monkeypatch, caplog, recwarn):
    title = "How much gradient reaches earlier steps"
    monkeypatch.setitem(korean.KOREAN, title, title)  # as if the Korean entry were left English
    texts, _ = render_checked(lambda: FIGURE_CALLS["plots.gradient_norm_figure"]("ko"), caplog, recwarn)
    assert [t for t in texts if english_phrases(t)] == [title]


def test_check_catches_hangul_in_mathtext(monkeypatch, caplog, recwarn):
    label = "$\\|\\partial L / \\partial h_t\\|$ (log scale)"
    monkeypatch.setitem(korean.KOREAN, label, "$\\|\\partial L / \\partial h_t\\|$ (로그 눈금)")
    texts, missing = render_checked(lambda: FIGURE_CALLS["plots.gradient_norm_figure"]("ko"), caplog, recwarn)
    assert [t for t in texts if hangul_in_mathtext(t)]
    assert missing  # matplotlib's own report: mathtext has no Hangul glyph


def test_check_catches_a_plain_text_glyph_missing_from_both_fonts(monkeypatch, caplog, recwarn):
    title = "How much gradient reaches earlier steps"
    monkeypatch.setitem(korean.KOREAN, title, "기울기 \U0001d11e")  # a musical symbol: in neither font
    _, missing = render_checked(lambda: FIGURE_CALLS["plots.gradient_norm_figure"]("ko"), caplog, recwarn)
    assert missing
