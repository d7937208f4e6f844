"""Diagrams of the RNN layers of sections 5.3 and 5.4 (matplotlib; the numpy core never imports this).

Every function takes the sizes it draws (T, the words, the shapes N, D, H, ...) and returns
``(fig, drawn)``: a ``matplotlib.figure.Figure`` (no pyplot, so no backend is needed) and a dict
of what was drawn (labels, counts), so that tests can check the picture without looking at it.
Every box and arrow also carries a gid ("box:RNN", "arrow:h", ...) to count them in the figure.

Coordinates are in inches: the axes fill the figure and one data unit is one inch, so
text sizes (in points) and box sizes can be planned together.
"""
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch, Rectangle

FONT = 13
SMALL = 12

COLORS = {
    "Embedding": "#cfe3f7",
    "RNN": "#cdebc5",
    "Affine": "#fde3b6",
    "Softmax": "#f6c9c9",
    "data": "#f2f2f2",
    "param": "#e6dcf5",
    "op": "#ffffff",
}
FORWARD = "#222222"
BACKWARD = "#c0392b"


class _Canvas:
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
                               fc=(color or COLORS.get(kind, "white")) if fill else "none",
                               ec="#333333", lw=lw, ls=ls, gid=f"box:{kind}", zorder=2)
        self.ax.add_patch(patch)
        if label:
            self.ax.text(x, y, label, ha="center", va="center", fontsize=size, zorder=3, gid=f"label:{kind}")
        self.drawn["boxes"].append({"kind": kind, "label": label, "xy": (x, y)})
        return patch

    def circle(self, x, y, r, label, kind, size=FONT, color=None):
        patch = Circle((x, y), r, fc=color or COLORS["op"], ec="#333333", lw=1.6, gid=f"box:{kind}", zorder=2)
        self.ax.add_patch(patch)
        if label:
            self.ax.text(x, y, label, ha="center", va="center", fontsize=size, zorder=3, gid=f"label:{kind}")
        self.drawn["boxes"].append({"kind": kind, "label": label, "xy": (x, y)})
        return patch

    def dot(self, x, y, kind="branch", color=FORWARD):
        patch = Circle((x, y), 0.07, fc=color, ec=color, gid=f"dot:{kind}", zorder=4)
        self.ax.add_patch(patch)
        self.drawn.setdefault("dots", []).append({"kind": kind, "xy": (x, y)})
        return patch

    def arrow(self, p0, p1, kind, label=None, color=FORWARD, where=None, size=SMALL, head=True, offset=0.12,
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


def _shape(names, values):
    """('N', 'H'), (2, 3) -> '(N, H) = (2, 3)'; without values just '(N, H)'."""
    sym = "(" + ", ".join(map(str, names)) + ("," if len(names) == 1 else "") + ")"
    if values is None:
        return sym
    num = "(" + ", ".join(str(v) for v in values) + ("," if len(values) == 1 else "") + ")"
    return f"{sym} = {num}"


def _sizes(N, D, H):
    if N is None or D is None or H is None:
        return None
    return {"N": N, "D": D, "H": H}


def _dims(sizes, names):
    return None if sizes is None else tuple(sizes[n] for n in names)


# ------------------------------------------------------------------ 5.3: one RNN step

def shape_figure(N, D, H):
    """The shape check of one RNN step (mini-batch of N rows): h_prev @ Wh + x @ Wx + b -> h_next.

    Each matrix is drawn as a rectangle of rows x columns cells. Returns (fig, drawn) with
    drawn["shapes"] = {name: shape}.
    """
    shapes = {"h_prev": (N, H), "Wh": (H, H), "x": (N, D), "Wx": (D, H), "b": (1, H), "h_next": (N, H)}
    cell = min(0.34, 3.0 / max(N, D, H))
    width, height = 12, 4.8
    c = _Canvas(width, height, title="Shapes in one RNN step (mini-batch of N rows)")
    y_mid = 2.3
    x = 0.4
    order = [("h_prev", "data"), ("@", None), ("Wh", "param"), ("+", None), ("x", "data"), ("@", None),
             ("Wx", "param"), ("+", None), ("b", "param"), ("→", None), ("h_next", "data")]
    drawn_shapes = {}
    for name, kind in order:
        if kind is None:
            c.text(x + 0.25, y_mid, name, size=FONT + 6, kind="operator")
            x += 0.5
            continue
        rows, cols = shapes[name]
        w, h = cols * cell, rows * cell
        c.ax.add_patch(Rectangle((x, y_mid - h / 2), w, h, fc=COLORS[kind], ec="#333333", lw=1.4,
                                 gid=f"matrix:{name}"))
        for i in range(1, rows):
            c.ax.plot([x, x + w], [y_mid - h / 2 + i * cell] * 2, color="#999999", lw=0.6)
        for j in range(1, cols):
            c.ax.plot([x + j * cell] * 2, [y_mid - h / 2, y_mid + h / 2], color="#999999", lw=0.6)
        label = {"h_prev": ("N", "H"), "Wh": ("H", "H"), "x": ("N", "D"), "Wx": ("D", "H"), "b": ("H",),
                 "h_next": ("N", "H")}[name]
        values = shapes[name] if name != "b" else (H,)
        c.text(x + w / 2, y_mid + h / 2 + 0.3, name, size=FONT, kind="name")
        c.text(x + w / 2, y_mid - h / 2 - 0.3, _shape(label, None), size=SMALL, kind="shape")
        c.text(x + w / 2, y_mid - h / 2 - 0.62, _shape(values, None), size=SMALL, kind="shape")
        drawn_shapes[name] = values
        x += w + 0.15
    c.text(width / 2, 0.35, "inner sizes must match: (N, H) @ (H, H) and (N, D) @ (D, H) both give (N, H);"
                           " b (H,) is added to every row", size=SMALL, kind="note")
    return c.finish(shapes=drawn_shapes)


def rnn_step_graph(N=None, D=None, H=None, backward=False):
    """The computational graph of one RNN step, h_next = tanh(h_prev @ Wh + x @ Wx + b).

    Forward (backward=False): every node (MatMul, +, tanh) and every array with its shape.
    Backward (backward=True): the same graph with arrows reversed, each labelled with the
    gradient it carries, written as the numpy expression RNN.backward computes.
    Returns (fig, drawn); drawn["edges"] lists (from, to, label) in the drawn direction.
    """
    s = _sizes(N, D, H)
    col = BACKWARD if backward else FORWARD
    title = ("Backward of one RNN step: gradients flow right to left" if backward else
             "Forward of one RNN step: h_next = tanh(h_prev @ Wh + x @ Wx + b)")
    c = _Canvas(12, 6.3, title=title)
    ym, yx, yw, yb = 3.9, 2.0, 5.35, 0.6  # main line, x line, top weights, bottom weight
    xm, xp1, xp2, xt = 4.2, 6.2, 7.9, 9.5  # x of the MatMuls, the two +, tanh
    pos = {"h_prev": (0.95, ym), "x": (0.95, yx), "Wh": (xm, yw), "Wx": (xm, yb), "b": (xp2, yw),
           "MatMul_h": (xm, ym), "MatMul_x": (xm, yx), "plus_1": (xp1, ym), "plus_2": (xp2, ym),
           "tanh": (xt, ym)}
    names = {"h_prev": ("h_prev", ("N", "H")), "x": ("x", ("N", "D")), "Wh": ("Wh", ("H", "H")),
             "Wx": ("Wx", ("D", "H")), "b": ("b", ("H",))}
    for key, (label, dims) in names.items():
        kind = "param" if key in ("Wh", "Wx", "b") else "data"
        c.box(*pos[key], 1.7, 0.75, f"{label}\n{_shape(dims, _dims(s, dims))}", kind, size=SMALL)
    r = 0.45
    c.circle(*pos["MatMul_h"], r, "MatMul", "MatMul", size=SMALL)
    c.circle(*pos["MatMul_x"], r, "MatMul", "MatMul", size=SMALL)
    c.circle(*pos["plus_1"], r * 0.8, "+", "+", size=FONT + 4)
    c.circle(*pos["plus_2"], r * 0.8, "+", "+", size=FONT + 4)
    c.circle(*pos["tanh"], r, "tanh", "tanh", size=FONT)
    NH = _shape(("N", "H"), _dims(s, ("N", "H")))

    def edge(a, b, p0, p1, fwd_label, bwd_label, where=None, offset=0.12):
        """Draw a -> b forward, or b -> a backward."""
        if backward:
            c.arrow(p1, p0, "grad", bwd_label, color=col, where=where, offset=offset)
            edges.append((b, a, bwd_label))
        else:
            c.arrow(p0, p1, "data", fwd_label, color=col, where=where, offset=offset)
            edges.append((a, b, fwd_label))

    edges = []
    bw, bh = 1.7 / 2 + 0.03, 0.75 / 2 + 0.03
    (hx, hy), (xx, xy) = pos["h_prev"], pos["x"]
    edge("h_prev", "MatMul_h", (hx + bw, hy), (xm - r, hy), "", "dh_prev =\ndt @ Wh.T", where="below")
    edge("x", "MatMul_x", (xx + bw, xy), (xm - r, xy), "", "dx =\ndt @ Wx.T", where="below")
    edge("Wh", "MatMul_h", (xm, yw - bh), (xm, ym + r), "", "dWh = h_prev.T @ dt")
    edge("Wx", "MatMul_x", (xm, yb + bh), (xm, yx - r), "", "dWx = x.T @ dt")
    edge("MatMul_h", "plus_1", (xm + r, ym), (xp1 - r * 0.8, ym), f"h_prev @ Wh\n{NH}" if not backward else "",
         "dt")
    p1 = np.array(pos["plus_1"])
    start = np.array(pos["MatMul_x"])
    d = (p1 - start) / np.linalg.norm(p1 - start)
    edge("MatMul_x", "plus_1", tuple(start + d * r), tuple(p1 - d * r * 0.8),
         f"x @ Wx\n{NH}" if not backward else "dt", "dt", where="right", offset=0.3)
    edge("plus_1", "plus_2", (xp1 + r * 0.8, ym), (xp2 - r * 0.8, ym), "", "dt")
    edge("b", "plus_2", (xp2, yw - bh), (xp2, ym + r * 0.8), "added to\nevery row",
         "db = dt.sum(axis=0)", where="right" if backward else "left")
    edge("plus_2", "tanh", (xp2 + r * 0.8, ym), (xt - r, ym), "a", "dt", where="above")
    if backward:
        c.box(11.15, ym, 1.5, 0.75, f"dh_next\n{_shape(('N', 'H'), _dims(s, ('N', 'H')))}", "data", size=SMALL)
        c.arrow((11.15 - 0.78, ym), (xt + r, ym), "grad", None, color=col)
        edges.append(("dh_next", "tanh", "dh_next"))
        c.text(7.0, 1.55, "dt = dh_next * (1 - h_next**2)\n"
               "because tanh'(a) = 1 - tanh(a)**2\n"
               "and h_next = tanh(a): dt is the\ngradient at the input a of tanh",
               size=SMALL, color=col, kind="note", ha="left")
    else:
        bx = 10.75
        c.dot(bx, ym)
        c.arrow((xt + r, ym), (bx, ym), "data", None, head=False)
        c.arrow((bx, ym), (bx, 5.55), "data", f"h_next\n{NH}\nto the layer above", where="left")
        c.arrow((bx, ym), (11.95, ym), "data", "to step t+1", where="below", offset=0.1, ha="right")
        edges += [("tanh", "h_next", "h_next"), ("h_next", "above", "h_next"), ("h_next", "next step", "h_next")]
    return c.finish(edges=edges, backward=backward)


# ------------------------------------------------------------------ 5.3: T steps

def time_rnn_figure(T, N=None, D=None, H=None, backward=False):
    """The Time RNN layer as T RNN steps sharing Wx, Wh, b.

    Forward: x_t enters step t from below; h_t leaves it and branches: up (the output hs[:, t])
    and right (into step t+1). Backward: at each branch the two gradients coming back
    (dhs[:, t] from above, dh from step t+1) are added before going through step t.
    Returns (fig, drawn) with counts of RNN boxes, branches and arrows by kind.
    """
    if T < 1:
        raise ValueError(f"T must be at least 1, got {T}")
    s = _sizes(N, D, H)
    width, height = 12, 5.6
    left, right = 1.7, 0.9
    colw = (width - left - right) / T
    bw = min(1.15, colw * 0.55)
    y_rnn, y_x, y_top = 2.55, 0.75, 4.45
    col = BACKWARD if backward else FORWARD
    kind = "grad" if backward else "h"
    title = ("Time RNN backward: the two gradients reaching h_t are added" if backward else
             "Time RNN: T steps of one RNN layer with shared Wx, Wh, b")
    c = _Canvas(width, height, title=title)
    cxs = [left + colw * (t + 0.5) - 0.3 for t in range(T)]
    branch_x = [cx + bw / 2 + min(0.45, (colw - bw) / 2) for cx in cxs]
    x_lo, x_hi = cxs[0] - bw / 2 - 0.15, branch_x[-1] + 0.3
    c.ax.add_patch(Rectangle((x_lo, 1.65), x_hi - x_lo, 1.8, fill=False, ls="--",
                             lw=1.3, ec="#555555", gid="container:TimeRNN"))
    c.text(x_lo + 0.1, 3.25, "Time RNN", size=SMALL, ha="left", kind="name")
    for t, cx in enumerate(cxs):
        c.box(cx, y_rnn, bw, 0.7, "RNN", "RNN")
        bx = branch_x[t]
        if backward:
            c.text(cx, y_x - 0.05, f"$dx_{{{t}}}$", size=FONT, kind="x")
            c.arrow((cx, y_rnn - 0.37), (cx, y_x + 0.25), "dx", None, color=col)
            c.circle(bx, y_rnn, 0.2, "+", "sum", size=FONT)
            c.arrow((bx, y_top - 0.25), (bx, y_rnn + 0.21), "dhs", None, color=col)
            c.text(bx, y_top, f"dhs[:, {t}]", size=SMALL, color=col, kind="dhs")
            c.arrow((bx - 0.21, y_rnn), (cx + bw / 2 + 0.02, y_rnn), "into_step", None, color=col)
        else:
            c.text(cx, y_x - 0.05, f"$x_{{{t}}}$", size=FONT + 1, kind="x")
            c.arrow((cx, y_x + 0.25), (cx, y_rnn - 0.37), "x", None)
            c.arrow((cx + bw / 2 + 0.02, y_rnn), (bx, y_rnn), "stub", None, head=False)
            c.dot(bx, y_rnn)
            c.arrow((bx, y_rnn), (bx, y_top - 0.25), "up", None)
            c.text(bx, y_top, f"$h_{{{t}}}$", size=FONT + 1, kind="h")
        # the connection to step t+1 (or out of the block after the last step)
        if t + 1 < T:
            nxt = (cxs[t + 1] - bw / 2 - 0.02, y_rnn)
            if backward:
                c.arrow(nxt, (branch_x[t] + 0.21, y_rnn), "next", f"$dh_{{{t}}}$" if colw > 1.2 else None,
                        color=col)
            else:
                c.arrow((bx, y_rnn), nxt, "next", f"$h_{{{t}}}$" if colw > 1.2 else None, where="below")
        else:
            end = (width - 0.15, y_rnn)
            if backward:
                c.arrow(end, (bx + 0.21, y_rnn), "dh_in", "0", color=col, where="above", ha="right")
            else:
                c.arrow((bx, y_rnn), end, "h_out", "h", where="above", ha="right")
    first = (cxs[0] - bw / 2 - 0.02, y_rnn)
    if backward:
        c.arrow(first, (0.15, y_rnn), "dh_out", "dh", color=col, where="above", ha="left")
    else:
        c.arrow((0.15, y_rnn), first, "h_in", "h_prev", where="above", ha="left")
    xs = _shape(("N", "T", "D"), (N, T, D) if s else None)
    hs = _shape(("N", "T", "H"), (N, T, H) if s else None)
    if backward:
        c.text(0.9, y_top, f"dhs\n{hs}", size=SMALL, color=col, kind="shape")
        c.text(0.9, y_x, f"dxs\n{xs}", size=SMALL, color=col, kind="shape")
    else:
        c.text(0.9, y_top, f"hs\n{hs}", size=SMALL, kind="shape")
        c.text(0.9, y_x, f"xs\n{xs}", size=SMALL, kind="shape")
    return c.finish(T=T, backward=backward)


# ------------------------------------------------------------------ 5.4: the RNNLM and its time layers

STEP_LAYERS = (("Embedding", "Embedding"), ("RNN", "RNN"), ("Affine", "Affine"), ("Softmax", "Softmax\nwith Loss"))


def rnnlm_figure(words, targets, shapes=None):
    """The RNNLM unrolled over T = len(words) steps.

    Word ids enter at the bottom, each step goes Embedding -> RNN -> Affine -> Softmax with Loss,
    the RNN steps pass h to the right, the target (the next word) enters each loss from above,
    and the T losses are averaged into L. shapes: optional dict with N, T, D, H, V for the labels.
    Returns (fig, drawn) with counts per layer kind and the words and targets drawn.
    """
    words, targets = list(words), list(targets)
    T = len(words)
    if T < 1 or len(targets) != T:
        raise ValueError(f"need one target per word, got {T} words and {len(targets)} targets")
    sh = shapes or {}
    width, height = 12, 7.2
    left, right = 1.75, 0.35
    colw = (width - left - right) / T
    bw = min(1.35, colw * 0.8)
    rows = {"word": 0.4, "Embedding": 1.45, "RNN": 2.6, "Affine": 3.75, "Softmax": 4.9, "target": 6.05,
            "L": 6.8}
    c = _Canvas(width, height)
    cxs = [left + colw * (t + 0.5) for t in range(T)]
    for t, cx in enumerate(cxs):
        c.box(cx, rows["word"], bw, 0.5, words[t], "word", color=COLORS["data"], size=FONT)
        prev = rows["word"] + 0.25
        for kind, label in STEP_LAYERS:
            y = rows[kind]
            hgt = 0.7 if kind != "Softmax" else 0.75
            c.box(cx, y, bw, hgt, label, kind, size=FONT if kind != "Softmax" else SMALL)
            c.arrow((cx, prev), (cx, y - hgt / 2 - 0.02), "up", None)
            prev = y + hgt / 2
        c.box(cx - bw * 0.14, rows["target"], bw * 0.7, 0.45, targets[t], "target", color="#fff7cc",
              size=SMALL)
        c.arrow((cx - bw * 0.14, rows["target"] - 0.23), (cx - bw * 0.14, rows["Softmax"] + 0.4), "target", None)
        c.arrow((cx + bw * 0.36, rows["Softmax"] + 0.4), (cx + bw * 0.36, rows["L"] - 0.2), "loss",
                f"$L_{{{t}}}$", where="right", offset=0.05)
        if t + 1 < T:
            c.arrow((cx + bw / 2 + 0.02, rows["RNN"]), (cxs[t + 1] - bw / 2 - 0.02, rows["RNN"]), "h",
                    f"$h_{{{t}}}$" if colw > 1.0 else None, where="above", offset=0.05)
    c.ax.add_patch(FancyBboxPatch((left + 0.05, rows["L"] - 0.2), width - left - right - 0.1, 0.42,
                                  boxstyle="round,pad=0.02", fc="#eeeeee", ec="#333333", lw=1.4, gid="box:L"))
    c.text((left + width - right) / 2, rows["L"],
           f"$L = \\frac{{1}}{{T}}\\,(L_0 + \\dots + L_{{{T - 1}}})$: the mean loss over the T = {T} steps",
           size=FONT, kind="L")

    def dims(names):
        if all(n in sh for n in names):
            return "\n= (" + ", ".join(str(sh[n]) for n in names) + ")"
        return ""

    labels = [("word", "Embedding", "word ids\n(N, T)" + dims("NT")),
              ("Embedding", "RNN", "(N, T, D)" + dims("NTD")),
              ("RNN", "Affine", "(N, T, H)" + dims("NTH")),
              ("Affine", "Softmax", "scores\n(N, T, V)" + dims("NTV"))]
    for a, b, text in labels:
        c.text(0.85, (rows[a] + rows[b]) / 2, text, size=SMALL, kind="shape")
    c.text(0.85, rows["target"], "targets\n(N, T)", size=SMALL, kind="shape")
    return c.finish(T=T, words=words, targets=targets)


def time_layers_figure(T):
    """The RNNLM as a stack of four time layers (left) and the same stack unrolled into T steps each (right)."""
    if T < 1:
        raise ValueError(f"T must be at least 1, got {T}")
    width, height = 12, 6.6
    c = _Canvas(width, height)
    ys = {"Embedding": 1.25, "RNN": 2.45, "Affine": 3.65, "Softmax": 4.85}
    time_names = {"Embedding": "Time\nEmbedding", "RNN": "Time RNN", "Affine": "Time Affine",
                  "Softmax": "Time Softmax\nwith Loss"}
    # left: the compact stack
    x0, w0 = 1.45, 2.1
    c.text(x0, 0.3, "xs (N, T)", size=SMALL, kind="shape")
    prev = 0.5
    for kind, _ in STEP_LAYERS:
        y = ys[kind]
        c.box(x0, y, w0, 0.72, time_names[kind], "Time" + kind, color=COLORS[kind], size=SMALL)
        c.arrow((x0, prev), (x0, y - 0.38), "stack", None)
        prev = y + 0.37
    c.arrow((x0 + 0.4, prev), (x0 + 0.4, 5.95), "stack", None)
    c.text(x0 + 0.4, 6.15, "L", size=FONT, kind="L")
    c.text(x0 - 0.4, 6.15, "ts (N, T)", size=SMALL, kind="t")
    c.arrow((x0 - 0.4, 5.95), (x0 - 0.4, prev), "stack", None)
    c.text(3.05, 3.05, "=", size=FONT + 10, kind="operator")
    # right: each time layer is T step layers
    left, right = 3.45, 0.25
    colw = (width - left - right) / T
    bw = min(1.3, colw * 0.72)
    cxs = [left + colw * (t + 0.5) for t in range(T)]
    for kind, label in STEP_LAYERS:
        y = ys[kind]
        c.ax.add_patch(Rectangle((left, y - 0.5), width - left - right, 1.0, fill=False, ls="--", lw=1.2,
                                 ec="#666666", gid=f"container:{kind}"))
    for t, cx in enumerate(cxs):
        c.text(cx, 0.3, f"$x_{{{t}}}$", size=FONT, kind="x")
        prev = 0.5
        for kind, label in STEP_LAYERS:
            y = ys[kind]
            c.box(cx, y, bw, 0.7 if kind != "Softmax" else 0.74, label, kind,
                  size=SMALL if kind in ("Softmax", "Embedding") else FONT)
            c.arrow((cx, prev), (cx, y - 0.38), "up", None)
            prev = y + 0.37
        c.arrow((cx + bw * 0.25, prev), (cx + bw * 0.25, 5.95), "loss", None)
        c.text(cx + bw * 0.25, 6.15, f"$L_{{{t}}}$", size=FONT, kind="L")
        c.arrow((cx - bw * 0.25, 5.95), (cx - bw * 0.25, prev), "target", None)
        c.text(cx - bw * 0.25, 6.15, f"$t_{{{t}}}$", size=FONT, kind="t")
        if t + 1 < T:
            c.arrow((cx + bw / 2 + 0.02, ys["RNN"]), (cxs[t + 1] - bw / 2 - 0.02, ys["RNN"]), "h", None)
    return c.finish(T=T)


def time_softmax_figure(T):
    """Time Softmax with Loss: T Softmax-with-Loss steps, scores x_t from below, labels t_t, mean loss L."""
    if T < 1:
        raise ValueError(f"T must be at least 1, got {T}")
    width, height = 12, 4.8
    c = _Canvas(width, height, title="Time Softmax with Loss: $L = \\frac{1}{T}(L_0 + L_1 + \\dots + L_{T-1})$")
    left, right = 0.5, 0.5
    colw = (width - left - right) / T
    bw = min(1.5, colw * 0.7)
    y = 2.0
    cxs = [left + colw * (t + 0.5) for t in range(T)]
    for t, cx in enumerate(cxs):
        c.box(cx, y, bw, 0.75, "Softmax\nwith Loss", "Softmax", size=SMALL)
        c.text(cx, 0.4, f"scores $x_{{{t}}}$", size=SMALL, kind="x")
        c.arrow((cx, 0.6), (cx, y - 0.4), "x", None)
        c.text(cx - bw * 0.3, 3.1, f"label $t_{{{t}}}$", size=SMALL, kind="t")
        c.arrow((cx - bw * 0.3, 2.92), (cx - bw * 0.3, y + 0.4), "t", None)
        c.arrow((cx + bw * 0.3, y + 0.4), (cx + bw * 0.3, 3.55), "loss", f"$L_{{{t}}}$", where="right",
                offset=0.06)
    c.ax.add_patch(FancyBboxPatch((left, 3.57), width - left - right, 0.4, boxstyle="round,pad=0.02",
                                  fc="#eeeeee", ec="#333333", lw=1.4, gid="box:L"))
    c.text(width / 2, 3.77, "mean over the T steps (and the N rows): L", size=SMALL, kind="L")
    return c.finish(T=T)


def time_affine_figure(N, T, D, M):
    """Time Affine two ways: T Affine layers sharing W, b (left) or one product over N*T rows (right)."""
    width, height = 12, 5.2
    c = _Canvas(width, height, title="Time Affine: T separate products, or one product over N*T rows")
    # left: T Affine boxes
    lw_ = 4.8
    colw = lw_ / T
    bw = min(1.1, colw * 0.8)
    for t in range(T):
        cx = 0.3 + colw * (t + 0.5)
        c.box(cx, 2.4, bw, 0.65, "Affine", "Affine", size=SMALL if bw < 1.0 else FONT)
        c.arrow((cx, 1.15), (cx, 2.05), "up", None)
        c.arrow((cx, 2.75), (cx, 3.6), "up", None)
        c.text(cx, 0.9, f"$x_{{{t}}}$", size=FONT, kind="x")
        c.text(cx, 3.85, f"$y_{{{t}}}$", size=FONT, kind="y")
    c.text(0.3 + lw_ / 2, 4.45, f"T = {T} products (N, D) @ (D, M), same W and b", size=SMALL, kind="note")
    c.text(5.55, 2.4, "=", size=FONT + 10, kind="operator")
    # right: stacked rows
    total_rows = N * T
    cell = min(0.25, 3.4 / total_rows, 1.3 / max(D, M))
    x = 6.1
    y_mid = 2.4
    palette = ["#cfe3f7", "#cdebc5", "#fde3b6", "#f6c9c9", "#e6dcf5", "#d5f0f0", "#f0e0d0", "#e0e0e0"]

    def banded(x, cols, label, shape, step_name):
        h = total_rows * cell
        top = y_mid + h / 2
        for t in range(T):
            c.ax.add_patch(Rectangle((x, top - (t + 1) * N * cell), cols * cell, N * cell,
                                     fc=palette[t % len(palette)], ec="#555555", lw=1.0, gid=f"band:{label}"))
            for i in range(1, N):  # the N rows of step t
                yy = top - t * N * cell - i * cell
                c.ax.plot([x, x + cols * cell], [yy, yy], color="#999999", lw=0.6)
            if step_name:
                c.text(x - 0.08, top - (t + 0.5) * N * cell, f"${step_name}_{{{t}}}$", size=SMALL, ha="right",
                       kind="step")
        c.text(x + cols * cell / 2, top + 0.25, label, size=SMALL, kind="name")
        c.text(x + cols * cell / 2, y_mid - h / 2 - 0.3, shape, size=SMALL, kind="shape")
        return x + cols * cell

    x = banded(x + 0.3, D, "xs rows", f"(N*T, D) = ({total_rows}, {D})", "x")
    c.text(x + 0.25, y_mid, "@", size=FONT + 4, kind="operator")
    x += 0.5
    c.ax.add_patch(Rectangle((x, y_mid - D * cell / 2), M * cell, D * cell, fc=COLORS["param"], ec="#333333",
                             gid="matrix:W"))
    c.text(x + M * cell / 2, y_mid + D * cell / 2 + 0.25, "W", size=SMALL, kind="name")
    c.text(x + M * cell / 2, y_mid - D * cell / 2 - 0.3, f"({D}, {M})", size=SMALL, kind="shape")
    x += M * cell
    c.text(x + 0.35, y_mid, "+ b =", size=FONT + 2, kind="operator")
    x += 0.75
    banded(x, M, "ys rows", f"(N*T, M) = ({total_rows}, {M})", None)
    c.text(9.0, 4.45, "one product; each colour band is one step's N rows", size=SMALL, kind="note")
    return c.finish(T=T, N=N, bands=T)


def prediction_figure(prob_tables, words, vocab, titles):
    """Heat maps of P(next word) at each step, one panel per table (e.g. untrained and trained).

    prob_tables: list of arrays (T, V); words: the T input words (row labels); vocab: the V words
    (column labels). Each cell shows its probability; the largest of each row is framed.
    Returns (fig, drawn) with drawn["argmax"] = per panel, the list of the top word of each row.
    """
    n = len(prob_tables)
    fig = Figure(figsize=(12, 5.6))
    axes = fig.subplots(1, n, squeeze=False)[0]
    argmax = []
    for ax, probs, title in zip(axes, prob_tables, titles):
        probs = np.asarray(probs)
        T, V = probs.shape
        ax.imshow(probs, cmap="Blues", vmin=0, vmax=1, aspect="auto")
        ax.set_xticks(range(V), vocab, fontsize=SMALL, rotation=45, ha="right")
        ax.set_yticks(range(T), [f"{t}: {w}" for t, w in enumerate(words)], fontsize=SMALL)
        ax.set_xlabel("next word", fontsize=FONT)
        ax.set_title(title, fontsize=FONT)
        top = probs.argmax(axis=1)
        for t in range(T):
            for v in range(V):
                p = probs[t, v]
                ax.text(v, t, f"{p:.2f}", ha="center", va="center", fontsize=SMALL,
                        color="white" if p > 0.6 else "black", gid="prob")
            ax.add_patch(Rectangle((top[t] - 0.5, t - 0.5), 1, 1, fill=False, ec="#c0392b", lw=2.2,
                                   gid="argmax"))
        argmax.append([vocab[i] for i in top])
    axes[0].set_ylabel("input word at step t (context: all words up to it)", fontsize=SMALL)
    fig.subplots_adjust(left=0.2, right=0.98, bottom=0.2, top=0.92, wspace=0.35)
    return fig, {"argmax": argmax, "panels": n}
