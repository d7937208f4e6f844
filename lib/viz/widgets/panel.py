"""WidgetPanel: a title, guiding questions, controls and the picture they draw, as one ipywidgets VBox.

The panel reads its controls, calls a draw function (lib.viz.explorers does the computing and
drawing) and puts the figure's PNG into an `ipywidgets.Output`. The picture is stored in the
Output's `outputs` trait (no `with output:` capture), so a redraw works the same from a cell, from
a callback, under nbval and in Voila.

A static picture for stored notebooks: a panel's MIME bundle carries its current picture as
image/png beside the live widget view. JupyterLab and Voila with a kernel show the widget;
GitHub and nbviewer (no widget state, no kernel) show the picture. notebooks/execute.py stores
only that picture (it drops the view's random model id, which would point nowhere), so a stored
notebook shows each widget's initial picture, and two executions store the same bytes.
"""
import base64
import html
import io
import time
from dataclasses import dataclass

import ipywidgets as W
import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from PIL import Image

from lib.language import check_language
from lib.viz.korean import tr

DPI = 100  # a 12 x 6 inch figure -> 1200 x 600 pixels, sharp on a projector
# Text is most of the drawing time; without font hinting it renders faster and looks the same at this size.
RENDER_RC = {"text.hinting": "no_hinting"}
# larger control text for a projector (applies inside the panels only)
CSS = ("<style>.rnn-widget .widget-label, .rnn-widget .widget-readout, .rnn-widget input, "
       ".rnn-widget .widget-toggle-button, .rnn-widget .widget-checkbox label {font-size: 15px;}</style>")


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


REVEAL_TITLE = "answer (click to reveal)"  # in English; reveal_title(lang) gives it in the panel's language


def reveal_title(lang="en"):
    """The title of the closed Accordion that holds an answer, in lang."""
    return tr(REVEAL_TITLE, lang)


def question_box(questions, lang="en"):
    """The questions, each followed by a closed Accordion holding its answer; returns (box, accordions).
    lang: the language of the labels ("Question 1", the Accordion's title); the questions come written in it."""
    rows, reveals = [], []
    for i, q in enumerate(questions, 1):
        label = tr("Question", lang) if len(questions) == 1 else tr("Question {number}", lang).format(number=i)
        rows.append(W.HTML(f"<div style='font-size:16px;line-height:1.4;margin-top:4px'><b>{label}.</b> {q.ask}</div>"))
        reveal = W.Accordion(children=[W.HTML(f"<div style='font-size:16px;line-height:1.4'>{q.answer}</div>")],
                             titles=(reveal_title(lang),), selected_index=None, layout=W.Layout(width="900px"))
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
    lang: "en" or "ko", the language of the panel's own labels (title, subtitle, controls and questions
    come written in it from lib.viz.widgets.explorer_panels).
    Handle attributes: controls, last, figure, png, message, error, draw_count, draw_seconds,
    questions, reveals, lang.
    """

    LINKED = ("play",)  # controls that only move another control (a Play moves the step slider)

    def __init__(self, title, subtitle, controls, rows, draw, adjust=None, links=(), questions=(), lang="en"):
        check_language(lang)
        super().__init__()
        self.lang = lang
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
            box, self.reveals = question_box(self.questions, lang)
            asked = [box]
        self.children = [header, *asked, *[W.HBox(row) for row in rows], self.status, self.output, self.details]
        self.add_class("rnn-widget")
        for name, control in controls.items():
            if name not in self.LINKED:
                control.observe(self._on_change, names="value")
        self.redraw()

    def __repr__(self):  # the text/plain of the widget's output: short (the default repr holds the PNG)
        return tr("<{title} widget>", self.lang).format(title=self.title)

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
            self._show_message(tr("error: {kind}: {message}", self.lang).format(kind=type(err).__name__, message=err))
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
