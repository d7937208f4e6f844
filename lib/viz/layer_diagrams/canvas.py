"""The drawing canvas of the layer diagrams: one axes in inch coordinates, recording what it draws.

The axes fill the figure and one data unit is one inch, so text sizes (in points) and box sizes
can be planned together. Each box, arrow and text carries a gid ("box:RNN", "arrow:h", ...) and is
recorded in `drawn`, so tests can check a picture without looking at it.
"""
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch

from lib.viz.style import FONT, GRAPH_FORWARD_COLOR, LAYER_COLORS, SMALL, sub


class Canvas:
    """One axes in inch coordinates, with helpers that record what they draw."""

    def __init__(self, width, height, title=None):
        self.fig = Figure(figsize=(width, height))
        self.ax = self.fig.add_axes((0, 0, 1, 1))
        self.ax.set_xlim(0, width)
        self.ax.set_ylim(0, height)
        self.ax.set_aspect("equal")
        self.ax.set_axis_off()
        self.drawn = {"boxes": [], "arrows": [], "texts": []}
        if title:
            self.text(width / 2, height - 0.3, title, size=FONT + 2, weight="bold")

    def box(self, x, y, w, h, label, kind, color=None, size=FONT, ls="-", fill=True, lw=1.6):
        patch = FancyBboxPatch((x - w / 2, y - h / 2), w, h, boxstyle="round,pad=0.02,rounding_size=0.08",
                               fc=(color or LAYER_COLORS.get(kind, "white")) if fill else "none",
                               ec="#333333", lw=lw, ls=ls, gid=f"box:{kind}", zorder=2)
        self.ax.add_patch(patch)
        if label:
            self.ax.text(x, y, label, ha="center", va="center", fontsize=size, zorder=3, gid=f"label:{kind}")
        self.drawn["boxes"].append({"kind": kind, "label": label, "xy": (x, y)})
        return patch

    def circle(self, x, y, r, label, kind, size=FONT, color=None):
        patch = Circle((x, y), r, fc=color or LAYER_COLORS["op"], ec="#333333", lw=1.6, gid=f"box:{kind}", zorder=2)
        self.ax.add_patch(patch)
        if label:
            self.ax.text(x, y, label, ha="center", va="center", fontsize=size, zorder=3, gid=f"label:{kind}")
        self.drawn["boxes"].append({"kind": kind, "label": label, "xy": (x, y)})
        return patch

    def dot(self, x, y, kind="branch", color=GRAPH_FORWARD_COLOR):
        patch = Circle((x, y), 0.07, fc=color, ec=color, gid=f"dot:{kind}", zorder=4)
        self.ax.add_patch(patch)
        self.drawn.setdefault("dots", []).append({"kind": kind, "xy": (x, y)})
        return patch

    def arrow(self, p0, p1, kind, label=None, color=GRAPH_FORWARD_COLOR, where=None, size=SMALL, head=True, offset=0.12,
              ha=None, va=None):
        style = "-|>" if head else "-"
        patch = FancyArrowPatch(p0, p1, arrowstyle=style, mutation_scale=16, lw=1.8, color=color,
                                shrinkA=0, shrinkB=0, gid=f"arrow:{kind}", zorder=1)
        self.ax.add_patch(patch)
        self.drawn["arrows"].append({"kind": kind, "label": label, "from": p0, "to": p1})
        if label:
            (x0, y0), (x1, y1) = p0, p1
            xm, ym = (x0 + x1) / 2, (y0 + y1) / 2
            horizontal = abs(x1 - x0) >= abs(y1 - y0)
            where = where or ("above" if horizontal else "right")
            if where == "above":
                pos, kw = (xm, ym + offset), dict(ha="center", va="bottom")
            elif where == "below":
                pos, kw = (xm, ym - offset), dict(ha="center", va="top")
            elif where == "left":
                pos, kw = (xm - offset, ym), dict(ha="right", va="center")
            else:
                pos, kw = (xm + offset, ym), dict(ha="left", va="center")
            if ha:  # anchor the label at the arrow's left end (ha="left") or right end (ha="right")
                kw["ha"] = ha
                if horizontal:
                    pos = (min(x0, x1) + 0.05 if ha == "left" else max(x0, x1) - 0.05, pos[1])
            if va:
                kw["va"] = va
            self.ax.text(*pos, label, fontsize=size, color=color, zorder=3, gid=f"arrowlabel:{kind}", **kw)
        return patch

    def text(self, x, y, s, size=FONT, color="black", kind="text", **kw):
        kw.setdefault("ha", "center")
        kw.setdefault("va", "center")
        self.ax.text(x, y, s, fontsize=size, color=color, gid=f"text:{kind}", **kw)
        self.drawn["texts"].append({"kind": kind, "text": s})

    def finish(self, **extra):
        drawn = self.drawn
        drawn["count"] = {}
        for item in drawn["boxes"]:
            drawn["count"][item["kind"]] = drawn["count"].get(item["kind"], 0) + 1
        drawn["arrow_count"] = {}
        for item in drawn["arrows"]:
            drawn["arrow_count"][item["kind"]] = drawn["arrow_count"].get(item["kind"], 0) + 1
        drawn.update(extra)
        return self.fig, drawn


def shape_text(names, values):
    """('N', 'H'), (2, 3) -> '(N, H) = (2, 3)'; without values just '(N, H)'."""
    sym = "(" + ", ".join(map(str, names)) + ("," if len(names) == 1 else "") + ")"
    if values is None:
        return sym
    num = "(" + ", ".join(str(v) for v in values) + ("," if len(values) == 1 else "") + ")"
    return f"{sym} = {num}"


def indexed(symbol, index, lang):
    """'x', 3 -> '$x_{3}$' (mathtext) in English, 'x\u2083' (Unicode subscript) in Korean.

    For a symbol inside a label that has words: mathtext has no Hangul glyphs, so a Korean label
    with a symbol in it is plain text throughout.
    """
    return f"${symbol}_{{{index}}}$" if lang == "en" else sub(symbol, index)


def given_sizes(N, D, H):
    """{'N': N, 'D': D, 'H': H}, or None when any size is not given (the figure then shows symbols only)."""
    if N is None or D is None or H is None:
        return None
    return {"N": N, "D": D, "H": H}


def sizes_of(sizes, names):
    """The sizes of `names` as a tuple, or None without sizes."""
    return None if sizes is None else tuple(sizes[n] for n in names)
