"""The Korean edition's widgets (lang="ko"): every word a learner or a class reads is Korean, and renders.

For each explorer panel, each stop of the presenter's path and each explorer figure function:
- the panel's title, subtitle, control labels, toggle-button labels, guiding questions, their answers and the
  answer's title hold Hangul, and the figure holds at least one Hangul text;
- no text is still an English phrase (two English words of 3+ letters in a row, or with only 1-2 letter words
  between them), once what the Korean edition keeps in English is set aside: Truncated BPTT, layer and class
  names, code identifiers (batch_size, lib.TimeRNN, randn(H,H), ...), the English term in parentheses right
  after its Korean one ("최대 특잇값(largest singular value)"), and the corpus's own words (quoted sentences,
  tick labels, <code>);
- drawing shows no missing glyph: matplotlib reports those through `warnings` (plain text) and through its
  loggers (mathtext, which has no fallback font); both are collected here;
- any other language than "en" and "ko" is refused with a ValueError.
The last tests put an English label back on purpose and check that these checks catch it.
"""
import html
import logging
import re
import warnings

import numpy as np
import pytest

import lib
from lib import SimpleRnnlm
from lib.viz import explorers, widgets
from lib.viz.korean import KOREAN
from lib.viz.widgets.panel import figure_png

TOY_TEXT = ("you say goodbye. you say hello. i say hello. you say hello. "
            "i say goodbye and you say hello. you say hello and i say goodbye.")
HANGUL = re.compile(r"[\uac00-\ud7a3]")
# what the Korean edition writes in English: names and code, not prose
KEPT_IN_ENGLISH = re.compile(
    r"Truncated BPTT|lib\.\w+(\.\w+)*|\b\w+_\w+\b|randn\([^)]*\)|count\([^)]*\)|tanh'?|softmax|Enter")
QUOTED = re.compile(r"\u201c[^\u201d]*\u201d|'[^']*'|<code>.*?</code>|(?<=[\uac00-\ud7a3])\([a-z ]+\)", re.S)
ENGLISH_PHRASE = re.compile(r"\b[A-Za-z][a-z]{2,}(?:\s+[a-z]{1,2})*\s+[a-z]{3,}\b")  # "click to reveal"


def english_phrases(texts):
    """The texts that still hold an English phrase, after the names, code and corpus words are taken out."""
    found = []
    for text in texts:
        plain = re.sub(r"<style>.*?</style>", " ", text, flags=re.S)
        plain = html.unescape(re.sub(r"<(?!/?code)[^>]+>", " ", plain))
        plain = KEPT_IN_ENGLISH.sub(" ", QUOTED.sub(" ", plain))
        if ENGLISH_PHRASE.search(plain):
            found.append(text)
    return found


def control_texts(panel):
    """Every label a reader sees on a panel, apart from the picture: title, subtitle, questions, answers,
    answer titles, control descriptions and toggle-button labels (not the example sentences of a text box)."""
    texts = []

    def walk(widget):
        if type(widget).__name__ == "HTML" and widget.value:
            texts.append(widget.value)
        description = getattr(widget, "description", "")
        if description:
            texts.append(description)
        if type(widget).__name__ == "ToggleButtons":
            texts.extend(widget._options_labels)
        if type(widget).__name__ == "Accordion":
            texts.extend(widget.titles)
        for child in getattr(widget, "children", ()):
            walk(child)

    walk(panel)
    return texts


def figure_texts(fig):
    return [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text") and a.get_visible())
            if t.get_text().strip()]


class GlyphReports:
    """Collects matplotlib's missing-glyph reports: warnings (plain text) and log records (mathtext)."""

    def __init__(self, caplog):
        self.caplog = caplog

    def __enter__(self):
        self._warnings = warnings.catch_warnings(record=True)
        self.caught = self._warnings.__enter__()
        warnings.simplefilter("always")
        self._log = self.caplog.at_level(logging.WARNING, logger="matplotlib")
        self._log.__enter__()
        self.caplog.clear()
        return self

    def __exit__(self, *exc):
        self._log.__exit__(*exc)
        self._warnings.__exit__(*exc)
        reports = [str(w.message) for w in self.caught] + [r.getMessage() for r in self.caplog.records]
        self.reports = [r for r in reports if "glyph" in r.lower()]
        return False


def check_korean(texts, what):
    assert texts, f"{what}: no text"
    english = english_phrases(texts)
    assert not english, f"{what}: text left in English: {english[:3]}"


# ---------------------------------------------------------------- the panels

@pytest.fixture(scope="module")
def toy_model():
    corpus, word_to_id, id_to_word = lib.preprocess(TOY_TEXT)
    return SimpleRnnlm(len(word_to_id), 6, 6, rng=0), word_to_id, id_to_word


PANELS = {
    "unrolling": lambda m, lang: widgets.unrolling_explorer(lang=lang),
    "batch_offsets": lambda m, lang: widgets.batch_offsets_explorer(999, batch_size=14, words=[f"w{i}" for i in
                                                                                                 range(999)],
                                                                    lang=lang),
    "gradients": lambda m, lang: widgets.gradient_explorer(lang=lang),
    "rnnlm": lambda m, lang: widgets.rnnlm_inspector(*m, sentence="you say goodbye .", examples=["you say ."],
                                                     lang=lang),
    "lm_probability": lambda m, lang: widgets.lm_probability_explorer(TOY_TEXT, lang=lang),
}


def assert_korean_panel(panel, reports, what):
    assert panel.error is None and panel.message is None, (what, panel.message)
    texts = control_texts(panel)
    check_korean(texts, what)
    title, subtitle = re.findall(r"<div[^>]*>(.*?)</div>", panel.children[0].value, re.S)[:2]
    for text in (title, subtitle, *(c.description for c in panel.controls.values() if c.description)):
        if not re.fullmatch(r"[\w\u03c3\u2090-\u209c()]+", text):  # not an identifier like time_size or \u03c3max(Wh)
            assert HANGUL.search(text), f"{what}: {text!r} is not Korean"
    for question in panel.questions:
        assert HANGUL.search(question.ask) and HANGUL.search(question.answer), f"{what}: {question}"
    for reveal in panel.reveals:
        assert HANGUL.search(reveal.get_title(0)) and reveal.selected_index is None
    fig_texts = figure_texts(panel.figure)
    assert any(HANGUL.search(t) for t in fig_texts), f"{what}: no Korean text in the picture"
    check_korean(fig_texts, f"{what}'s picture")
    assert not reports, f"{what}: missing glyphs: {reports[:2]}"


@pytest.mark.parametrize("name", PANELS)
def test_each_explorer_panel_speaks_korean(name, toy_model, caplog):
    with GlyphReports(caplog) as glyphs:
        panel = PANELS[name](toy_model, "ko")
    assert_korean_panel(panel, glyphs.reports, name)
    assert repr(panel) == f"<{panel.title} 위젯>"


@pytest.mark.parametrize("name", PANELS)
def test_the_english_panel_has_no_hangul_in_its_labels(name, toy_model):
    panel = PANELS[name](toy_model, "en")
    title = panel.children[0].value
    labels = [c.description for c in panel.controls.values()] + [re.sub(r"\([^)]*\)", "", title)]
    assert not [t for t in labels if HANGUL.search(t)]  # (the English subtitles gloss a few terms in Korean)
    assert not any(HANGUL.search(t) for t in figure_texts(panel.figure))


@pytest.fixture(scope="module")
def presenter_panels(chapter_model):
    model, word_to_id, id_to_word, corpus = chapter_model
    data = {"lm_probability": {"text": TOY_TEXT}, "unrolling": {}, "gradients": {},
            "batch_offsets": {"data_size": 999, "words": [id_to_word[int(w)] for w in corpus[:999]]},
            "rnnlm": {"model": model, "word_to_id": word_to_id, "id_to_word": id_to_word, "corpus": corpus}}
    return data


@pytest.mark.parametrize("key", [stop.key for stop in widgets.PRESENTER_PATH])
def test_each_stop_of_the_presenters_path_asks_and_answers_in_korean(key, presenter_panels, caplog):
    with GlyphReports(caplog) as glyphs:
        panel = widgets.for_class(key, lang="ko", **presenter_panels[key])
    assert panel.questions, "every stop asks the class"
    assert_korean_panel(panel, glyphs.reports, key)
    english = widgets.for_class(key, **presenter_panels[key])
    # the same numbers in both languages: the answers come from the same computation
    number = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?:e[-+]\d+)?")
    for ko, en in zip(panel.questions, english.questions):
        assert sorted(number.findall(ko.answer)) == sorted(number.findall(en.answer)), (ko.answer, en.answer)


def test_the_presenters_path_printout():
    english = widgets.presenter_path_text("en").splitlines()
    korean = widgets.presenter_path_text("ko").splitlines()
    assert english[0] == "The presenter's path:"
    assert english[1:] == [f"  {n}. ({s.section}) {s.point}" for n, s in enumerate(widgets.PRESENTER_PATH, 1)]
    assert len(korean) == len(english) and all(HANGUL.search(line) for line in korean)
    assert [line.split(")")[0] for line in korean[1:]] == [line.split(")")[0] for line in english[1:]]
    check_korean(korean, "the presenter's path")
    assert "Truncated BPTT" in korean[2]  # the book keeps the name


# ---------------------------------------------------------------- what changes after a move

def test_controls_and_messages_stay_korean_after_moves(toy_model, caplog):
    with GlyphReports(caplog) as glyphs:
        grad = widgets.gradient_explorer(lang="ko")
        grad.controls["mode"].value = "singular"
        grad.controls["mode"].value = "scale"
        assert grad.controls["scale"].description == KOREAN["W\u2095 scale"]
        grad.controls["scale"].value = 3.0
        assert grad.last["verdict"] == "기울기 폭발"
        check_korean(figure_texts(grad.figure), "gradients at 3.0")

        unroll = widgets.unrolling_explorer(lang="ko")
        unroll.controls["play"].value = 2  # the in-place update of the step keeps Korean
        assert HANGUL.search(unroll.figure.axes[1].get_title())

        batch = widgets.batch_offsets_explorer(60, batch_size=3, time_size=5, lang="ko")
        batch.controls["time_size"].value = 30  # a corpus too short for one iteration
        assert HANGUL.search(batch.message) and not english_phrases([batch.message])

        lm = widgets.lm_probability_explorer(TOY_TEXT, lang="ko")
        lm.controls["sentence"].value = "you say"
        assert HANGUL.search(lm.details.value)  # no final '.': a note
        lm.controls["sentence"].value = "i say goodbye and you say goodbye ."
        assert lm.last["joint"] == 0 and HANGUL.search(lm.figure.texts[0].get_text())  # suptitle: "∞ (...)"
        lm.controls["sentence"].value = "you say bonjour ."
        assert "'bonjour'" in lm.message and HANGUL.search(lm.message)
        lm.controls["sentence"].value = ""
        assert HANGUL.search(lm.message)

        rnnlm = widgets.rnnlm_inspector(*toy_model, sentence="you say", examples=["you say"], lang="ko")
        rnnlm.controls["sentence"].value = "you zebra"
        assert "'zebra'" in rnnlm.message and HANGUL.search(rnnlm.message)
        rnnlm.controls["sentence"].value = " ".join(["you"] * 13)
        assert HANGUL.search(rnnlm.details.value)  # only the first 12 words are shown
    assert not glyphs.reports


def test_a_bug_in_a_panel_is_reported_in_korean():
    def draw(**values):
        raise RuntimeError("boom")

    panel = widgets.WidgetPanel("제목", "", {}, [], draw, lang="ko")
    assert panel.message == "오류: RuntimeError: boom"


# ---------------------------------------------------------------- the explorer figures

FIGURES = {
    "lm_probability_figure": lambda lang: explorers.lm_probability_figure(["you", "say"], [0.5, 0.0],
                                                                           context="bigram", lang=lang),
    "gradient_figure": lambda lang: explorers.gradient_figure(T=20, lang=lang),
    "gradient_figure singular": lambda lang: explorers.gradient_figure(T=20, scale=2.0, mode="singular", lang=lang),
    "unrolling_figure": lambda lang: explorers.unrolling_figure(8, block_size=3, step=4, lang=lang),
    "batch_window_figure": lambda lang: explorers.batch_window_figure(999, 10, 5, 21, show_previous=True,
                                                                       lang=lang),
}


@pytest.mark.parametrize("name", FIGURES)
def test_each_explorer_figure_is_korean_and_renders(name, caplog):
    with GlyphReports(caplog) as glyphs:
        fig, _ = FIGURES[name]("ko")
        figure_png(fig)
    texts = figure_texts(fig)
    assert any(HANGUL.search(t) for t in texts)
    check_korean(texts, name)
    assert not glyphs.reports, glyphs.reports[:2]


def test_the_inspector_figure_is_korean(toy_model, caplog):
    model, word_to_id, id_to_word = toy_model
    ids = [word_to_id[w] for w in "you say goodbye .".split()]
    with GlyphReports(caplog) as glyphs:
        fig, _ = explorers.rnnlm_inspector_figure(ids, explorers.inspect_rnnlm(model, ids), id_to_word, lang="ko")
        figure_png(fig)
    check_korean(figure_texts(fig), "rnnlm_inspector_figure")
    assert sum(bool(HANGUL.search(t)) for t in figure_texts(fig)) >= 3
    assert not glyphs.reports


def test_gradient_verdicts_in_korean():
    verdicts = [explorers.gradient_verdict(np.array(norms), lang="ko") for norms in ([1e-3, 1.0], [1e3, 1.0],
                                                                                      [1.0, 1.0])]
    assert verdicts == ["기울기 소실", "기울기 폭발", "거의 일정"]
    assert explorers.gradient_verdict(np.array([1e-3, 1.0])) == "vanishing"


# ---------------------------------------------------------------- other languages

OTHER = "fr"
REFUSED = {
    **{f"widget {name}": (lambda m, f=f: f(m, OTHER)) for name, f in PANELS.items()},
    **{f"figure {name}": (lambda m, f=f: f(OTHER)) for name, f in FIGURES.items()},
    "rnnlm_inspector_figure": lambda m: explorers.rnnlm_inspector_figure([0], explorers.inspect_rnnlm(m[0], [0]),
                                                                         m[2], lang=OTHER),
    "gradient_verdict": lambda m: explorers.gradient_verdict(np.ones(3), lang=OTHER),
    "for_class": lambda m: widgets.for_class("unrolling", lang=OTHER),
    "presenter_path_text": lambda m: widgets.presenter_path_text(OTHER),
    "reveal_title": lambda m: widgets.reveal_title(OTHER),
    "WidgetPanel": lambda m: widgets.WidgetPanel("t", "", {}, [], lambda: None, lang=OTHER),
}


@pytest.mark.parametrize("name", REFUSED)
def test_another_language_is_refused(name, toy_model):
    with pytest.raises(ValueError, match="'en'.*'ko'"):
        REFUSED[name](toy_model)


# ---------------------------------------------------------------- the checks catch a label left in English

def test_the_checks_catch_an_english_control_label(monkeypatch, toy_model, caplog):
    monkeypatch.setitem(KOREAN, "truncation block", "truncation block")  # as if nobody had translated it
    with GlyphReports(caplog) as glyphs:
        panel = PANELS["unrolling"](toy_model, "ko")
    with pytest.raises(AssertionError, match="left in English.*truncation block"):
        assert_korean_panel(panel, glyphs.reports, "unrolling")


def test_the_checks_catch_an_english_figure_label(monkeypatch, caplog):
    monkeypatch.setitem(KOREAN, "\u2016\u2202L/\u2202h\u209c\u2016 (log scale)",
                        "\u2016\u2202L/\u2202h\u209c\u2016 (log scale)")
    fig, _ = FIGURES["gradient_figure"]("ko")
    assert english_phrases(figure_texts(fig)) == ["\u2016\u2202L/\u2202h\u209c\u2016 (log scale)"]
    with pytest.raises(AssertionError, match="left in English"):
        check_korean(figure_texts(fig), "gradient_figure")


def test_the_checks_catch_a_missing_glyph(caplog):
    fig, _ = FIGURES["gradient_figure"]("ko")
    fig.axes[0].set_xlabel("$h_t$의 노름")  # Hangul inside mathtext: drawn as empty boxes
    with GlyphReports(caplog) as glyphs:
        figure_png(fig)
    assert glyphs.reports


def test_what_is_kept_in_english_is_not_a_phrase():
    assert english_phrases(["Truncated BPTT는 역전파만 끊습니다", "lib.TimeRNN을 \u201cyou say goodbye\u201d에",
                            "batch_size \u00d7 time_size", "<code>the company said</code>",
                            "스펙트럼 반경(spectral radius)은"]) == []
    english = ["hidden state", "the slider sets", "<b>answer</b> (click to reveal)", "반경 (spectral radius)"]
    assert english_phrases(english) == english  # a gloss sits right after its Korean term
