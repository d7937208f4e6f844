"""How every figure of lib.viz looks: font sizes, colours, and helpers that keep redraws fast.

Texts are at least SMALL points, for a projector. Unicode subscripts and superscripts replace
mathtext where a widget redraws often (mathtext is parsed again on every cache miss).
"""
import importlib.util
import os
import re

import matplotlib
import numpy as np
from matplotlib import colormaps, font_manager

FONT = 13   # titles, labels, box texts
SMALL = 12  # tick labels, legends, table cells: the smallest text drawn

FORWARD_COLOR = "#1f77b4"   # blue: the forward flow
BACKWARD_COLOR = "#d62728"  # red: the backward flow
CELL_COLOR = "#dbe9f6"      # an RNN cell of the unrolled diagrams

# the computational graphs of 5.3-5.4 (lib.viz.layer_diagrams): forward in near-black, backward in red,
# one fill colour per kind of box
GRAPH_FORWARD_COLOR = "#222222"
GRAPH_BACKWARD_COLOR = "#c0392b"
LAYER_COLORS = {
    "Embedding": "#cfe3f7",
    "RNN": "#cdebc5",
    "Affine": "#fde3b6",
    "Softmax": "#f6c9c9",
    "data": "#f2f2f2",
    "param": "#e6dcf5",
    "op": "#ffffff",
}


KOREAN_FONT = "NanumGothic"
# the files of the pinned package koreanize-matplotlib, and the weight each is registered with. Bold is the
# ExtraBold file: at 12-13 points, the size of most bold labels here, hinting draws NanumGothicBold's stems one
# pixel wide, as thin as the regular face's; ExtraBold stays bold there, as DejaVu Sans Bold does.
KOREAN_FONT_STYLES = ("", "ExtraBold")  # matplotlib files ExtraBold under NanumGothic, weight 700 (bold)


def korean_font_file(style=""):
    """The path of NanumGothic{style}.ttf (style "" or "ExtraBold"), shipped by the pinned koreanize-matplotlib.

    Only the font files are used: importing that package would change matplotlib's settings on its own terms.
    """
    spec = importlib.util.find_spec("koreanize_matplotlib")  # finds the folder without importing the package
    if spec is None:
        raise ModuleNotFoundError("the Korean font comes from the package koreanize-matplotlib, which is not "
                                  "installed: run `make lab` or `make test` (or pip install -r requirements.lock)")
    return os.path.join(spec.submodule_search_locations[0], "fonts", KOREAN_FONT + style + ".ttf")


def use_korean_font():
    """Make NanumGothic the fallback font of DejaVu Sans, so that Hangul labels render (no empty boxes).

    Matplotlib falls back glyph by glyph along font.family: Latin text stays in DejaVu Sans, exactly as
    before; only characters DejaVu Sans lacks come from NanumGothic. Mathtext ($...$) has no such fallback:
    write Korean labels outside $...$ (sub() gives plain-text subscripts).
    """
    if KOREAN_FONT not in {font.name for font in font_manager.fontManager.ttflist}:
        for style in KOREAN_FONT_STYLES:
            font_manager.fontManager.addfont(korean_font_file(style))
    family = [name for name in matplotlib.rcParams["font.family"] if name != KOREAN_FONT]
    if family == ["sans-serif"]:  # matplotlib's default: name the font, so that the fallback has a first font
        family = ["DejaVu Sans"]
    matplotlib.rcParams["font.family"] = family + [KOREAN_FONT]


def hidden_cmap():
    """The diverging colour map of hidden states (negative blue, positive red)."""
    return colormaps["RdBu_r"]


_SUBSCRIPT = str.maketrans("0123456789t-", "\u2080\u2081\u2082\u2083\u2084\u2085\u2086\u2087\u2088\u2089\u209c\u208b")
_SUPERSCRIPT = str.maketrans("0123456789-", "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079\u207b")
_SIMPLE_MATH = re.compile(r"\$([A-Za-z])_\{?([0-9t-]+)\}?\$")


def sub(symbol, index):
    """'h', 3 -> 'h\u2083': a subscript written with Unicode characters instead of mathtext."""
    return symbol + str(index).translate(_SUBSCRIPT)


def power_of_ten(value, _pos=None):
    """A log-axis tick label: 0.001 -> '10\u207b\u00b3' (Unicode superscripts, no mathtext)."""
    if value <= 0:
        return ""
    exponent = np.log10(value)
    if abs(exponent - round(exponent)) > 1e-6:
        return f"{value:.0e}"
    return "10" + str(int(round(exponent))).translate(_SUPERSCRIPT)


def plain_text_math(fig):
    """Rewrite the simple mathtext labels of fig ('$x_{3}$', '$h_t$') as Unicode subscripts.

    Matplotlib parses every mathtext string again whenever its small cache misses, which made a
    widget's redraw several times slower; Unicode subscripts render as plain text.
    """
    for ax in fig.axes:
        for text in ax.texts:
            old = text.get_text()
            new = _SIMPLE_MATH.sub(lambda m: sub(m.group(1), m.group(2)), old)
            if new != old:
                text.set_text(new)
                text.set_fontsize(text.get_fontsize() + 2)  # Unicode subscripts are small: enlarge
    return fig


def fixed_layout(fig, positions):
    """Replace fig's layout engine by fixed axes positions [left, bottom, width, height] (figure fractions).

    Constrained layout measures every text on every draw, about half the drawing time of these
    figures; a widget redrawing the same kind of figure again and again uses positions fixed once.
    """
    fig.set_layout_engine("none")
    for ax, pos in zip(fig.axes, positions):
        ax.set_position(pos)
    return fig


def row_labels(ax, labels, side="left", fontsize=SMALL):
    """Label rows 0, 1, ... of ax with plain texts beside it, instead of tick labels.

    matplotlib builds each tick from four artists, so T tick labels cost a widget's
    redraw ~1 ms each; a text is several times cheaper.
    """
    ax.set_yticks([])
    x, ha = (-0.015, "right") if side == "left" else (1.015, "left")
    for row, label in enumerate(labels):
        ax.text(x, row, label, transform=ax.get_yaxis_transform(), ha=ha, va="center", fontsize=fontsize)


use_korean_font()  # on import: every module of lib.viz that draws imports this one
