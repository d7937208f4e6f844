"""The chapter's interactive widgets: controls (ipywidgets) wired to lib.viz.

Each function returns a `WidgetPanel`, an `ipywidgets.VBox` (title, controls, picture) that is
also a handle for tests and benchmarks:

    panel = unrolling_explorer()
    panel.controls["T"].value = 5      # any control, set from Python: the picture is redrawn
    panel.last["n_cells"]              # the numbers drawn last (the info dict of lib.viz.explorers)
    panel.figure, panel.png            # the matplotlib Figure and the PNG bytes shown
    panel.message                      # a message shown instead of a picture (unknown words ...)
    panel.reveals[0].selected_index = 0  # open the first guiding question's answer (None: hidden)

All computing and drawing is done by lib.viz.explorers; this module only reads the controls, calls it and
puts the PNG into an `ipywidgets.Output`. The picture is stored in the Output's `outputs` trait
(no `with output:` capture), so a redraw works the same from a cell, from a callback, under
nbval and in Voila.

Guiding questions for a class (`Question`): a panel built with `questions=` shows each question
above its controls, and its one-line answer in a closed ipywidgets Accordion that the presenter opens.
`for_class(key, ...)` builds the dashboard's widgets in the order of `PRESENTER_PATH` (the chapter's
order), each in the state that shows its point, with its questions; their answers are computed
from the same numbers the picture shows (tests/test_widgets.py checks each one).

A static picture for stored notebooks: a panel's MIME bundle carries its current picture as
image/png beside the live widget view. JupyterLab and Voila with a kernel show the widget;
GitHub and nbviewer (no widget state, no kernel) show the picture. notebooks/execute.py stores
only that picture (it drops the view's random model id, which would point nowhere), so a stored
notebook shows each widget's initial picture, and two executions store the same bytes.

    unrolling_explorer        5.2.2-5.2.4: unrolled RNN, forward / backward flows, truncation, h_t values
    batch_offsets_explorer    5.2.5: where each mini-batch row reads in the corpus
    gradient_explorer         5.2.3: vanishing and exploding gradients through time
    rnnlm_inspector           5.4 / 5.5: hidden states and top-5 next words of a trained SimpleRnnlm
    lm_probability_explorer   5.1: conditional probabilities, joint probability and perplexity of a sentence
"""
import base64
import html
import io
import time
from dataclasses import dataclass

import ipywidgets as W
import matplotlib
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from PIL import Image

from lib.batching import batch_positions, iters_per_epoch
from lib.text import UNK, tokenize, words_to_ids
from lib.viz import explorers

DPI = 100  # a 12 x 6 inch figure -> 1200 x 600 pixels, sharp on a projector
# Text is most of the drawing time; without font hinting it renders faster and looks the same at this size.
RENDER_RC = {"text.hinting": "no_hinting"}
WIDE = W.Layout(width="520px")
# larger control text for a projector (applies inside the panels only)
CSS = ("<style>.rnn-widget .widget-label, .rnn-widget .widget-readout, .rnn-widget input, "
       ".rnn-widget .widget-toggle-button, .rnn-widget .widget-checkbox label {font-size: 15px;}</style>")
STYLE = {"description_width": "150px"}


def figure_png(fig, dpi=DPI):
    """The PNG bytes of a matplotlib Figure.

    Drawn once with the Agg canvas and encoded by Pillow (matplotlib's own dependency) as RGB at
    zlib level 1: about half the time of fig.savefig (which draws twice when a layout engine is
    set, and compresses harder), for a PNG a few percent larger.
    """
    with matplotlib.rc_context(RENDER_RC):
        fig.set_dpi(dpi)
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        image = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    buf = io.BytesIO()
    image.convert("RGB").save(buf, format="png", compress_level=1)
    return buf.getvalue()


def static_png(png):
    """A smaller copy of a panel's PNG for stored notebooks: a 256-colour palette (no dithering),
    about 2.5 times smaller and deterministic (the same picture gives the same bytes)."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    palette = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    buf = io.BytesIO()
    palette.save(buf, format="png", optimize=True)
    return buf.getvalue()


@dataclass(frozen=True)
class Question:
    """A guiding question for the class (HTML) and its one-line answer, hidden until revealed."""

    ask: str
    answer: str


REVEAL_TITLE = "answer (click to reveal)"


def question_box(questions):
    """The questions, each followed by a closed Accordion holding its answer; returns (box, accordions)."""
    rows, reveals = [], []
    for i, q in enumerate(questions, 1):
        label = "Question" if len(questions) == 1 else f"Question {i}"
        rows.append(W.HTML(f"<div style='font-size:16px;line-height:1.4;margin-top:4px'><b>{label}.</b> {q.ask}</div>"))
        reveal = W.Accordion(children=[W.HTML(f"<div style='font-size:16px;line-height:1.4'>{q.answer}</div>")],
                             titles=(REVEAL_TITLE,), selected_index=None, layout=W.Layout(width="900px"))
        reveal.add_class("rnn-reveal")
        rows.append(reveal)
        reveals.append(reveal)
    box = W.VBox(rows, layout=W.Layout(border="2px solid #d0d7e2", padding="4px 10px", margin="2px 0 8px 0"))
    box.add_class("rnn-questions")
    return box, reveals


class WidgetPanel(W.VBox):
    """Title, rows of controls and an Output with the picture; redrawn when a control changes.

    draw(**values) -> (fig, info) computes and draws with lib.viz.explorers; it may also return
    (fig, info, details_html), or raise ValueError, whose message is shown instead of a picture.
    adjust(panel, name) (optional) updates dependent controls (ranges) before a redraw.
    questions: Question objects, shown between the subtitle and the controls, each answer hidden in
    a closed Accordion (`reveals`).
    Handle attributes: controls, last, figure, png, message, error, draw_count, draw_seconds,
    questions, reveals.
    """

    LINKED = ("play",)  # controls that only move another control (a Play moves the step slider)

    def __init__(self, title, subtitle, controls, rows, draw, adjust=None, links=(), questions=()):
        super().__init__()
        self.controls = controls
        self.last = None
        self.figure = None
        self.png = None
        self.message = None
        self.error = None
        self.draw_count = 0
        self.draw_seconds = None
        self._draw = draw
        self._adjust = adjust
        self._busy = False
        self._links = list(links)
        self.title = title
        self.output = W.Output(layout=W.Layout(min_height="300px"))
        self.status = W.HTML()
        self.details = W.HTML()
        header = W.HTML(f"{CSS}<div style='font-size:18px;font-weight:bold;margin:4px 0'>{html.escape(title)}</div>"
                        f"<div style='font-size:15px;line-height:1.4;margin-bottom:6px'>{subtitle}</div>")
        self.questions = tuple(questions)
        self.reveals = []
        asked = []
        if self.questions:
            box, self.reveals = question_box(self.questions)
            asked = [box]
        self.children = [header, *asked, *[W.HBox(row) for row in rows], self.status, self.output, self.details]
        self.add_class("rnn-widget")
        for name, control in controls.items():
            if name not in self.LINKED:
                control.observe(self._on_change, names="value")
        self.redraw()

    def __repr__(self):  # the text/plain of the widget's output: short (the default repr holds the PNG)
        return f"<{self.title} widget>"

    def _repr_mimebundle_(self, **kwargs):
        """The widget view, and the current picture as image/png for renderers without a kernel."""
        data = super()._repr_mimebundle_(**kwargs)
        if self.png is not None:
            data["image/png"] = base64.b64encode(static_png(self.png)).decode("ascii")
        return data

    def values(self):
        return {name: c.value for name, c in self.controls.items() if name not in self.LINKED}

    def _on_change(self, change):
        if self._busy:
            return
        self._busy = True
        try:
            if self._adjust is not None:
                name = next((n for n, c in self.controls.items() if c is change["owner"]), None)
                self._adjust(self, name)
        finally:
            self._busy = False
        self.redraw()

    def redraw(self):
        """Compute and draw with the current control values; show the picture or a message."""
        start = time.perf_counter()
        self.draw_count += 1
        self.error = None
        try:
            result = self._draw(**self.values())
        except ValueError as err:  # a clear message for the reader, not a traceback
            self._show_message(str(err))
            return
        except Exception as err:  # a bug: show it in the panel (a callback's traceback would go unseen)
            self.error = err
            self._show_message(f"error: {type(err).__name__}: {err}")
            return
        fig, info = result[0], result[1]
        self.details.value = result[2] if len(result) > 2 else ""
        self.figure, self.last = fig, info
        self.png = figure_png(fig)
        self.message, self.error = None, None
        self.status.value = ""
        self.output.outputs = ({
            "output_type": "display_data",
            "data": {"image/png": base64.b64encode(self.png).decode("ascii"),
                     "text/plain": f"<picture {self.draw_count}>"},
            "metadata": {},
        },)
        self.draw_seconds = time.perf_counter() - start

    def _show_message(self, text):
        self.message = text
        self.figure, self.last, self.png = None, None, None
        self.details.value = ""
        self.status.value = (f"<div style='font-size:16px;color:#a40000;padding:6px;border:2px solid #a40000;"
                             f"border-radius:4px'>{html.escape(text)}</div>")
        self.output.outputs = ()


def _int(description, value, lo, hi, step=1):
    return W.IntSlider(value=value, min=lo, max=hi, step=step, description=description,
                       continuous_update=False, style=STYLE, layout=WIDE)


def _check(description, value):
    return W.Checkbox(value=value, description=description, indent=False, layout=W.Layout(width="300px"))


# ---------------------------------------------------------------- 1. unrolling explorer

def unrolling_explorer(T=8, block_size=4, show_forward=True, show_backward=True, step=None, H=4, seed=0,
                       sentence=explorers.TOY_SENTENCE, max_T=12, questions=()):
    """The RNN unrolled over T steps: forward / backward (BPTT) arrows, a truncation block size that
    cuts backward arrows only, and a Play control stepping through time with the real h_t
    (H values) of a lib.TimeRNN run on `sentence`. Controls: T, block, forward, backward, step, play.
    """
    step = T - 1 if step is None else step
    controls = {
        "T": _int("time steps T", T, 1, max_T),
        "block_size": _int("truncation block", min(block_size or T, T), 1, T),
        "show_forward": _check("forward flow (h carries on)", show_forward),
        "show_backward": _check("backward flow (BPTT)", show_backward),
        "step": _int("show h up to step", step, 0, T - 1),
        "play": W.Play(value=step, min=0, max=T - 1, interval=1000, description="play",
                       show_repeat=False),
    }
    link = W.link((controls["play"], "value"), (controls["step"], "value"))

    def adjust(panel, name):
        c = panel.controls
        if name == "T":
            new_T = c["T"].value
            at_end = c["step"].value == c["step"].max
            c["block_size"].max = new_T
            c["step"].max = c["play"].max = new_T - 1
            if at_end or c["step"].value > new_T - 1:
                c["step"].value = new_T - 1

    cache = {}

    def draw(T, block_size, show_forward, show_backward, step):
        key = (T, block_size, show_forward, show_backward)
        if cache.get("key") == key:  # only the step moved (Play): update the figure drawn last
            return cache["fig"], explorers.set_unrolling_step(cache["fig"], cache["info"], step)
        fig, info = explorers.unrolling_figure(T, block_size=block_size, show_forward=show_forward,
                                         show_backward=show_backward, step=step, H=H, seed=seed, sentence=sentence,
                                         layout="fixed")
        cache.update(key=key, fig=fig, info=info)
        return fig, info

    rows = [[controls["T"], controls["block_size"]], [controls["show_forward"], controls["show_backward"]],
            [controls["play"], controls["step"]]]
    subtitle = ("Blue: the forward flow (h<sub>t-1</sub> &rarr; step t). Red: the backward flow (BPTT). "
                "A truncation block smaller than T cuts the red arrows at block borders, never the blue ones. "
                "Press play to run the RNN word by word and watch h<sub>t</sub>.")
    return WidgetPanel("Unrolling explorer", subtitle, controls, rows, draw, adjust, links=[link], questions=questions)


# ---------------------------------------------------------------- 2. mini-batch offsets

def batch_offsets_explorer(data_size=999, batch_size=10, time_size=5, iteration=0, words=None,
                           show_previous=False, max_batch=20, max_time=40, questions=()):
    """Where each row of a truncated-BPTT mini-batch reads: the corpus as a strip per row, the
    window of the chosen iteration highlighted at offset_i + iteration * time_size (mod data_size).
    words: optional corpus words (len >= data_size) to list what each row reads.
    Controls: batch_size, time_size, iteration, show_previous.
    """
    def epochs_max(b, t):
        try:
            return 3 * iters_per_epoch(data_size, b, t) - 1
        except ValueError:
            return 0

    controls = {
        "batch_size": _int("batch_size (rows)", batch_size, 1, max_batch),
        "time_size": _int("time_size", time_size, 1, max_time),
        "iteration": _int("iteration", iteration, 0, max(epochs_max(batch_size, time_size), iteration)),
        "show_previous": _check("also show the previous iteration", show_previous),
    }

    def adjust(panel, name):
        c = panel.controls
        if name in ("batch_size", "time_size"):
            c["iteration"].max = max(epochs_max(c["batch_size"].value, c["time_size"].value), 0)

    def draw(batch_size, time_size, iteration, show_previous):
        fig, info = explorers.batch_window_figure(data_size, batch_size, time_size, iteration, words=words,
                                            show_previous=show_previous, layout="fixed")
        details = ""
        if info["row_words"] is not None:
            lines = [f"<tr><td style='padding-right:12px'>row {i} reads positions {int(info['window'][i][0])}.."
                     f"{int(info['window'][i][-1])}</td><td><code>{html.escape(' '.join(ws))}</code></td></tr>"
                     for i, ws in enumerate(info["row_words"][:12])]
            more = f"<div>... and {batch_size - 12} more rows</div>" if batch_size > 12 else ""
            details = f"<table style='font-size:15px'>{''.join(lines)}</table>{more}"
        return fig, info, details

    rows = [[controls["batch_size"], controls["time_size"]], [controls["iteration"], controls["show_previous"]]]
    subtitle = (f"Row i starts at offset i &times; (data_size // batch_size) and reads time_size words per "
                f"iteration, continuing where it stopped; positions wrap around at the end of the corpus "
                f"(data_size = {data_size}).")
    return WidgetPanel("Mini-batch offsets", subtitle, controls, rows, draw, adjust, questions=questions)


# ---------------------------------------------------------------- 3. gradients through time

SCALE_LABELS = {"scale": "W\u2095 scale", "singular": "\u03c3\u2098\u2090\u2093(W\u2095)"}


def gradient_explorer(T=30, scale=0.8, mode="scale", H=16, seed=0, max_T=80, questions=()):
    """||dL/dh_t|| on a log axis from real lib.TimeRNN backward passes, the loss on the last step.
    Controls: scale (of W_h, or its largest singular value: mode), T, seed.
    """
    controls = {
        "scale": W.FloatSlider(value=scale, min=0.1, max=4.0, step=0.05, description=SCALE_LABELS[mode],
                               continuous_update=False, style=STYLE, layout=WIDE, readout_format=".2f"),
        "mode": W.ToggleButtons(options=[("scale \u00d7 randn(H,H)/\u221aH", "scale"),
                                         ("largest singular value", "singular")],
                                value=mode, description="the slider sets",
                                style={**STYLE, "button_width": "240px"}),
        "T": _int("time steps T", T, 2, max_T),
        "seed": _int("random seed", seed, 0, 9),
    }

    def adjust(panel, name):
        if name == "mode":  # say what the slider sets now
            panel.controls["scale"].description = SCALE_LABELS[panel.controls["mode"].value]

    def draw(scale, mode, T, seed):
        return explorers.gradient_figure(T=T, scale=scale, H=H, seed=seed, mode=mode, layout="fixed")

    rows = [[controls["scale"], controls["T"]], [controls["mode"]], [controls["seed"]]]
    subtitle = ("The loss sits on the last step; each step back multiplies the gradient by tanh' and "
                "W<sub>h</sub><sup>T</sup>. Small W<sub>h</sub>: it vanishes. Large W<sub>h</sub>: it explodes "
                "(until tanh saturates). The log axis turns exponential change into a straight line. "
                "&sigma;<sub>max</sub>(W<sub>h</sub>), the largest singular value (최대 특잇값), is the most "
                "W<sub>h</sub> can stretch a vector; the spectral radius (스펙트럼 반경) is its largest "
                "|eigenvalue|, the factor of growth per step of a long product of W<sub>h</sub> alone.")
    return WidgetPanel("Gradients through time", subtitle, controls, rows, draw, adjust, questions=questions)


# ---------------------------------------------------------------- 4. RNNLM inspector

RNNLM_EXAMPLES = (
    "pierre <unk> N years old will join the board",
    "the company said it",
    "mr. <unk> is chairman of <unk> n.v. the dutch publishing group",
    "a form of asbestos once used to make kent cigarette filters",
    "the board said the company will",
)


def rnnlm_inspector(model, word_to_id, id_to_word, sentence=RNNLM_EXAMPLES[0], examples=RNNLM_EXAMPLES, k=5,
                    max_words=12, questions=()):
    """Type a sentence in the model's vocabulary: a heatmap of the hidden state after each word and
    the top-k next words with their probabilities. Unknown words: a message lists them.
    Control: sentence (a text box with examples; press Enter).
    """
    V = model.vocab_size
    controls = {
        "sentence": W.Combobox(value=sentence, options=list(examples), ensure_option=False,
                               description="sentence", continuous_update=False, style={"description_width": "80px"},
                               layout=W.Layout(width="720px")),
    }

    def draw(sentence):
        ids, unknown = words_to_ids(sentence, word_to_id, V)
        if unknown:
            raise ValueError(
                f"Not in the model's vocabulary of {V} words: {', '.join(repr(w) for w in unknown)}. "
                f"Use words of the training text (lower case; numbers are 'N', rare words '{UNK}'), "
                f"e.g. \u201c{examples[0]}\u201d.")
        if len(ids) == 0:
            raise ValueError("Type a sentence (words separated by spaces) and press Enter.")
        note = ""
        if len(ids) > max_words:
            ids = ids[:max_words]
            note = f"<div style='font-size:15px'>showing the first {max_words} words</div>"
        inspection = explorers.inspect_rnnlm(model, ids, k=k)
        fig, info = explorers.rnnlm_inspector_figure(ids, inspection, id_to_word, layout="fixed")
        info["probs"] = inspection.probs
        info["ids"] = ids
        return fig, info, note

    subtitle = (f"The model reads the sentence from a zero state. Left: its hidden state after each word "
                f"(H = {model.params[2].shape[0]} units). Right: the {k} words it finds most likely next. "
                f"Type a sentence and press Enter (vocabulary: {V} words).")
    return WidgetPanel("RNNLM inspector", subtitle, controls, [[controls["sentence"]]], draw, questions=questions)


# ---------------------------------------------------------------- 5. language-model probability explorer

LM_MODELS = {"all": "count-based, all words on the left", "bigram": "count-based, previous word only (bigram)"}
LM_BUTTONS = {"all": "all words on the left", "bigram": "previous word only (bigram)"}


def lm_probability_explorer(text, sentence="you say goodbye .", examples=None, model="all", questions=()):
    """A count-based language model on `text` (split into sentences at '.'): the conditional
    probability of each word of a sentence as bars, their running product, the joint probability
    and the perplexity joint ** (-1/n). Controls: sentence, model ("all" or "bigram").
    """
    sentences = explorers.split_sentences(text)
    vocab = sorted({w for s in sentences for w in s})
    if examples is None:
        examples = list(dict.fromkeys(" ".join(s) for s in sentences)) + [
            "i say goodbye and you say goodbye .", "you say hello and i say hello .", "say you hello ."]
    controls = {
        "sentence": W.Combobox(value=sentence, options=list(examples), ensure_option=False, description="sentence",
                               continuous_update=False, style={"description_width": "80px"},
                               layout=W.Layout(width="620px")),
        "model": W.ToggleButtons(options=[(label, key) for key, label in LM_BUTTONS.items()],
                                 value=model, description="model",
                                 style={"description_width": "80px", "button_width": "240px"}),
    }

    def draw(sentence, model):
        words = tokenize(sentence)
        unknown = list(dict.fromkeys(w for w in words if w not in vocab))
        if unknown:
            raise ValueError(f"Not in the corpus: {', '.join(repr(w) for w in unknown)}. "
                             f"The corpus has the words: {' '.join(vocab)}")
        if not words:
            raise ValueError("Type a sentence and press Enter.")
        probs = explorers.count_lm_probabilities(words, sentences, model)
        fig, info = explorers.lm_probability_figure(words, probs, LM_MODELS[model], context=model, layout="fixed")
        note = ""
        if words[-1] != ".":
            note = ("<div style='font-size:15px'>No final '.': the product is the probability that a sentence "
                    "<i>begins</i> with these words.</div>")
        return fig, info, note

    subtitle = (f"A count-based model of the {len(sentences)}-sentence corpus: "
                f"P(w<sub>t</sub> | context) = count(context + w<sub>t</sub>) / count(context). "
                f"P(sentence) is the product of the bars; perplexity = P(sentence)<sup>-1/n</sup>.")
    rows = [[controls["sentence"]], [controls["model"]]]
    return WidgetPanel("Language-model probability explorer", subtitle, controls, rows, draw, questions=questions)


# ---------------------------------------------------------------- the presenter's path (notebooks/dashboard.ipynb)

@dataclass(frozen=True)
class Stop:
    """One widget of the presenter's path: its key for for_class, the chapter's section, the point it shows."""

    key: str
    section: str
    point: str


PRESENTER_PATH = (
    Stop("lm_probability", "5.1", "a language model gives a sentence the product of its conditional probabilities"),
    Stop("unrolling", "5.2.2-5.2.4", "one layer unrolled through time; Truncated BPTT cuts only backward arrows"),
    Stop("gradients", "5.2.3", "backpropagated through many steps, gradients vanish or explode"),
    Stop("batch_offsets", "5.2.5", "each mini-batch row reads on from its own offset"),
    Stop("rnnlm", "5.5", "the trained RNN language model predicts the next word from the words so far"),
)


def _p(x):
    """A probability for an answer: 3 decimals, or 2 significant digits when smaller than 0.001."""
    if x == 0:
        return "0"
    return f"{x:.3f}".rstrip("0").rstrip(".") if x >= 0.001 else f"{x:.1e}"


def _lm_stop(text, sentence="you say goodbye .", unseen="i say goodbye and you say goodbye ."):
    sentences = explorers.split_sentences(text)
    words = tokenize(sentence)
    bars = explorers.count_lm_probabilities(words, sentences, "all")
    joint = float(np.prod(bars))
    new = tokenize(unseen)
    p_all = float(np.prod(explorers.count_lm_probabilities(new, sentences, "all")))
    p_bigram = float(np.prod(explorers.count_lm_probabilities(new, sentences, "bigram")))
    questions = (
        Question("Each bar is a conditional probability (조건부 확률; the book says 사후 확률) P(word | the words "
                 "on its left). How do the bars make P(sentence)?",
                 f"P(sentence) is their product: {' &times; '.join(_p(b) for b in bars)} = {_p(joint)} "
                 f"(the joint probability, 동시 확률); perplexity = {_p(joint)}<sup>-1/{len(words)}</sup> "
                 f"= {joint ** (-1 / len(words)):.2f}."),
        Question(f"Type “{html.escape(unseen)}” (not in the corpus), then switch to “previous word only”: "
                 f"why does one model give it 0 and the other not?",
                 f"All words on the left: {_p(p_all)}, it was never counted whole (memory). Bigram: {_p(p_bigram)}, "
                 f"built from pairs it has seen: it generalises, but forgets all but the previous word."),
    )
    return lm_probability_explorer(text, sentence=sentence, questions=questions)


def _unrolling_stop(T=8, block=4):
    _, cut_info = explorers.unrolling_figure(T, block_size=block, layout="fixed")
    cut = cut_info["cut_backward_links"]
    questions = (
        Question(f"Press play. The picture has {T} RNN boxes: how many weight matrices W<sub>x</sub>, "
                 f"W<sub>h</sub> does it have, and what does each step pass on?",
                 f"One W<sub>x</sub>, one W<sub>h</sub>, one b: the {T} boxes are one layer at {T} times "
                 f"(shared weights); each step passes h<sub>t</sub> on, so h<sub>{T - 1}</sub> depends on all "
                 f"{T} words."),
        Question(f"Move the truncation block below T (e.g. {block}): which arrows disappear, and which stay?",
                 f"Only red backward arrows that cross a block border ({cut} of {T - 1} at block {block}); all "
                 f"{T - 1} blue forward arrows stay: Truncated BPTT cuts backpropagation, never the forward flow."),
    )
    # starts untruncated (block = T): BPTT over the whole sequence, the state 5.2.3 describes
    return unrolling_explorer(T=T, block_size=T, questions=questions)


def _gradients_stop(T=30, scale=0.8, large=3.0):
    small_norms = explorers.gradient_norms_through_time(T=T, scale=scale, mode="scale")
    large_norms, large_Wh = explorers.gradient_norms_through_time(T=T, scale=large, mode="scale", return_weights=True)
    small_ratio, large_ratio = small_norms[0] / small_norms[-1], large_norms[0] / large_norms[-1]
    large_sigma = float(np.linalg.norm(large_Wh, 2))
    questions = (
        Question(f"At scale {scale:g}: how much of the gradient at the loss (step {T - 1}) reaches step 0?",
                 f"{small_ratio:.1e} of it, about &times;{small_ratio ** (1 / (T - 1)):.2f} per step back: "
                 f"each step multiplies by diag(1 &minus; h<sub>t</sub><sup>2</sup>) W<sub>h</sub><sup>T</sup>, "
                 f"and here these products shrink: the gradient vanishes."),
        Question(f"Drag the scale to {large:g}: what happens? Compare the line with the dashed bound.",
                 f"It explodes: step 0 gets {large_ratio:.1e} times the gradient at the loss, far less than the "
                 f"bound &sigma;<sub>max</sub><sup>{T - 1}</sup> = {large_sigma ** (T - 1):.0e}: saturated tanh "
                 f"units (1 &minus; h<sup>2</sup> near 0) pass little gradient back."),
    )
    return gradient_explorer(T=T, scale=scale, questions=questions)


def _batch_stop(data_size, words, batch_size=10, time_size=5):
    jump = data_size // batch_size
    per_iter = iters_per_epoch(data_size, batch_size, time_size)
    wrap_iter, wrap_row, wrap_positions = None, None, None
    for it in range(3 * per_iter):  # the first iteration (of the slider's three epochs) at which a row wraps
        rows = batch_positions(data_size, batch_size, time_size, it * time_size)
        wrapped = [i for i, r in enumerate(rows) if r[-1] < r[0]]
        if wrapped:
            wrap_iter, wrap_row, wrap_positions = it, wrapped[0], rows[wrapped[0]]
            break
    questions = [
        Question("Step the iteration from 0 to 1: where does each row read next?",
                 f"Right after where it stopped: row i reads from i &times; {jump} + {time_size} &times; iteration "
                 f"(row 1: {jump}..{jump + time_size - 1}, then {jump + time_size}..{jump + 2 * time_size - 1}), so "
                 f"the hidden state it carries belongs to the text it continues."),
    ]
    if wrap_iter is not None:
        questions.append(Question(
            f"At which iteration does a row first run past the last word ({data_size - 1}), and what does it read?",
            f"Iteration {wrap_iter}: row {wrap_row} reads {', '.join(str(int(p)) for p in wrap_positions)}, "
            f"it wraps around to the start of the corpus (positions modulo {data_size})."))
    return batch_offsets_explorer(data_size, batch_size=batch_size, time_size=time_size, words=words,
                                  questions=questions)


def _rnnlm_stop(model, word_to_id, id_to_word, corpus, sentence="mr. <unk> is chairman of",
                in_order=RNNLM_EXAMPLES[0]):
    V = model.vocab_size
    ids, _ = words_to_ids(sentence, word_to_id, V)
    inspection = explorers.inspect_rnnlm(model, ids)
    t = len(ids) - 2  # the last word but one: what follows it is the sentence's last word
    word, nxt = id_to_word[int(ids[t])], id_to_word[int(ids[t + 1])]
    p_next = float(explorers.next_word_probabilities(inspection, ids)[t])
    rank = int(np.sum(inspection.probs[t] > p_next)) + 1
    seen = int(np.sum((np.asarray(corpus[:-1]) == ids[t]) & (np.asarray(corpus[1:]) == ids[t + 1])))

    def framed(words):
        w_ids, _ = words_to_ids(words, word_to_id, V)
        top = explorers.inspect_rnnlm(model, w_ids).top_ids
        return sum(int(w_ids[i + 1]) in top[i] for i in range(len(w_ids) - 1)), len(w_ids) - 1

    backward = " ".join(reversed(in_order.split()))
    hits, steps = framed(in_order)
    hits_back, _ = framed(backward)
    questions = (
        Question(f"After “{html.escape(word)}”, how sure is the model of “{html.escape(nxt)}”, and why?",
                 f"P(“{html.escape(nxt)}”) = {p_next:.2f}, rank {rank} of {V}: “{html.escape(word)} "
                 f"{html.escape(nxt)}” occurs {seen} time"
                 f"{'s' if seen != 1 else ''} in its {len(corpus)} training words. It learned (much of it by "
                 f"heart) the text it was trained on."),
        Question(f"Type “{html.escape(in_order)}”, then the same words backwards: how many green frames "
                 f"(the actual next word in the top 5) does each get?",
                 f"In order {hits} of {steps}, backwards {hits_back}: the prediction depends on the order of "
                 f"the words read so far, which the hidden state carries."),
    )
    return rnnlm_inspector(model, word_to_id, id_to_word, sentence=sentence, questions=questions)


def for_class(key, **data):
    """The widget of PRESENTER_PATH named key, in the state that shows its point, with guiding questions.

    data: lm_probability: text; batch_offsets: data_size, words; rnnlm: model, word_to_id, id_to_word,
    corpus (the training words). The answers are computed from the same functions the pictures use.
    """
    builders = {"lm_probability": _lm_stop, "unrolling": _unrolling_stop, "gradients": _gradients_stop,
                "batch_offsets": _batch_stop, "rnnlm": _rnnlm_stop}
    if key not in builders:
        raise ValueError(f"unknown widget {key!r}; the presenter's path has {[s.key for s in PRESENTER_PATH]}")
    return builders[key](**data)
