"""Diagrams of section 5.3: the shapes of one RNN step, its computational graph, and T steps (TimeRNN)."""

import numpy as np
from matplotlib.patches import Rectangle

from lib.language import check_language
from lib.viz.korean import tr
from lib.viz.layer_diagrams.canvas import Canvas, given_sizes, shape_text, sizes_of
from lib.viz.style import FONT, GRAPH_BACKWARD_COLOR, GRAPH_FORWARD_COLOR, LAYER_COLORS, SMALL


def shape_figure(N, D, H, *, lang="en"):
    """The shape check of one RNN step (mini-batch of N rows): h_prev @ Wh + x @ Wx + b -> h_next.

    Each matrix is drawn as a rectangle of rows x columns cells; lang ("en" or "ko") is the language of the
    title and the note. Returns (fig, drawn) with drawn["shapes"] = {name: shape}.
    """
    check_language(lang)
    shapes = {"h_prev": (N, H), "Wh": (H, H), "x": (N, D), "Wx": (D, H), "b": (1, H), "h_next": (N, H)}
    cell = min(0.34, 3.0 / max(N, D, H))
    width, height = 12, 4.8
    c = Canvas(width, height, title=tr("Shapes in one RNN step (mini-batch of N rows)", lang))
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
        c.ax.add_patch(Rectangle((x, y_mid - h / 2), w, h, fc=LAYER_COLORS[kind], ec="#333333", lw=1.4,
                                 gid=f"matrix:{name}"))
        for i in range(1, rows):
            c.ax.plot([x, x + w], [y_mid - h / 2 + i * cell] * 2, color="#999999", lw=0.6)
        for j in range(1, cols):
            c.ax.plot([x + j * cell] * 2, [y_mid - h / 2, y_mid + h / 2], color="#999999", lw=0.6)
        label = {"h_prev": ("N", "H"), "Wh": ("H", "H"), "x": ("N", "D"), "Wx": ("D", "H"), "b": ("H",),
                 "h_next": ("N", "H")}[name]
        values = shapes[name] if name != "b" else (H,)
        c.text(x + w / 2, y_mid + h / 2 + 0.3, name, size=FONT, kind="name")
        c.text(x + w / 2, y_mid - h / 2 - 0.3, shape_text(label, None), size=SMALL, kind="shape")
        c.text(x + w / 2, y_mid - h / 2 - 0.62, shape_text(values, None), size=SMALL, kind="shape")
        drawn_shapes[name] = values
        x += w + 0.15
    c.text(width / 2, 0.35, tr("inner sizes must match: (N, H) @ (H, H) and (N, D) @ (D, H) both give (N, H);"
                              " b (H,) is added to every row", lang), size=SMALL, kind="note")
    return c.finish(shapes=drawn_shapes)


def rnn_step_graph(N=None, D=None, H=None, backward=False, *, lang="en"):
    """The computational graph of one RNN step, h_next = tanh(h_prev @ Wh + x @ Wx + b).

    Forward (backward=False): every node (MatMul, +, tanh) and every array with its shape.
    Backward (backward=True): the same graph with arrows reversed, each labelled with the
    gradient it carries, written as the numpy expression RNN.backward computes.
    lang: "en" or "ko", the language of the words (the numpy expressions stay code).
    Returns (fig, drawn); drawn["edges"] lists (from, to, label) in the drawn direction.
    """
    check_language(lang)
    s = given_sizes(N, D, H)
    col = GRAPH_BACKWARD_COLOR if backward else GRAPH_FORWARD_COLOR
    title = tr("Backward of one RNN step: gradients flow right to left" if backward else
               "Forward of one RNN step: h_next = tanh(h_prev @ Wh + x @ Wx + b)", lang)
    c = Canvas(12, 6.3, title=title)
    ym, yx, yw, yb = 3.9, 2.0, 5.35, 0.6  # main line, x line, top weights, bottom weight
    xm, xp1, xp2, xt = 4.2, 6.2, 7.9, 9.5  # x of the MatMuls, the two +, tanh
    pos = {"h_prev": (0.95, ym), "x": (0.95, yx), "Wh": (xm, yw), "Wx": (xm, yb), "b": (xp2, yw),
           "MatMul_h": (xm, ym), "MatMul_x": (xm, yx), "plus_1": (xp1, ym), "plus_2": (xp2, ym),
           "tanh": (xt, ym)}
    r = 0.45  # an operator's radius (a + is 0.8 of it)
    _draw_step_nodes(c, pos, r, s)
    NH = shape_text(("N", "H"), sizes_of(s, ("N", "H")))

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
    edge("b", "plus_2", (xp2, yw - bh), (xp2, ym + r * 0.8), tr("added to\nevery row", lang),
         "db = dt.sum(axis=0)", where="right" if backward else "left")
    edge("plus_2", "tanh", (xp2 + r * 0.8, ym), (xt - r, ym), "a", "dt", where="above")
    if backward:
        c.box(11.15, ym, 1.5, 0.75, f"dh_next\n{shape_text(('N', 'H'), sizes_of(s, ('N', 'H')))}", "data", size=SMALL)
        c.arrow((11.15 - 0.78, ym), (xt + r, ym), "grad", None, color=col)
        edges.append(("dh_next", "tanh", "dh_next"))
        c.text(7.0, 1.55, tr("dt = dh_next * (1 - h_next**2)\n"
                             "because tanh'(a) = 1 - tanh(a)**2\n"
                             "and h_next = tanh(a): dt is the\ngradient at the input a of tanh", lang),
               size=SMALL, color=col, kind="note", ha="left")
    else:
        bx = 10.75
        c.dot(bx, ym)
        c.arrow((xt + r, ym), (bx, ym), "data", None, head=False)
        c.arrow((bx, ym), (bx, 5.55), "data", tr("h_next\n{shape}\nto the layer above", lang).format(shape=NH),
                where="left")
        c.arrow((bx, ym), (11.95, ym), "data", tr("to step t+1", lang), where="below", offset=0.1, ha="right")
        edges += [("tanh", "h_next", "h_next"), ("h_next", "above", "h_next"), ("h_next", "next step", "h_next")]
    return c.finish(edges=edges, backward=backward)


def _draw_step_nodes(c, pos, r, s):
    """The nodes of rnn_step_graph at pos: the arrays (boxes with their shapes) and the operators (circles)."""
    names = {"h_prev": ("h_prev", ("N", "H")), "x": ("x", ("N", "D")), "Wh": ("Wh", ("H", "H")),
             "Wx": ("Wx", ("D", "H")), "b": ("b", ("H",))}
    for key, (label, dims) in names.items():
        kind = "param" if key in ("Wh", "Wx", "b") else "data"
        c.box(*pos[key], 1.7, 0.75, f"{label}\n{shape_text(dims, sizes_of(s, dims))}", kind, size=SMALL)
    c.circle(*pos["MatMul_h"], r, "MatMul", "MatMul", size=SMALL)
    c.circle(*pos["MatMul_x"], r, "MatMul", "MatMul", size=SMALL)
    c.circle(*pos["plus_1"], r * 0.8, "+", "+", size=FONT + 4)
    c.circle(*pos["plus_2"], r * 0.8, "+", "+", size=FONT + 4)
    c.circle(*pos["tanh"], r, "tanh", "tanh", size=FONT)


# ------------------------------------------------------------------ 5.3: T steps

TIME_RNN_Y = (2.55, 0.75, 4.45)  # time_rnn_figure: y of the RNN boxes, of the x_t labels, of the h_t labels


def time_rnn_figure(T, N=None, D=None, H=None, backward=False, *, lang="en"):
    """The Time RNN layer as T RNN steps sharing Wx, Wh, b.

    Forward: x_t enters step t from below; h_t leaves it and branches: up (the output hs[:, t])
    and right (into step t+1). Backward: at each branch the two gradients coming back
    (dhs[:, t] from above, dh from step t+1) are added before going through step t.
    lang: "en" or "ko", the language of the title and the layer's name.
    Returns (fig, drawn) with counts of RNN boxes, branches and arrows by kind.
    """
    check_language(lang)
    if T < 1:
        raise ValueError(f"T must be at least 1, got {T}")
    s = given_sizes(N, D, H)
    width, height = 12, 5.6
    left, right = 1.7, 0.9
    colw = (width - left - right) / T
    bw = min(1.15, colw * 0.55)
    y_rnn, y_x, y_top = TIME_RNN_Y
    col = GRAPH_BACKWARD_COLOR if backward else GRAPH_FORWARD_COLOR
    title = tr("Time RNN backward: the two gradients reaching h_t are added" if backward else
               "Time RNN: T steps of one RNN layer with shared Wx, Wh, b", lang)
    c = Canvas(width, height, title=title)
    cxs = [left + colw * (t + 0.5) - 0.3 for t in range(T)]
    branch_x = [cx + bw / 2 + min(0.45, (colw - bw) / 2) for cx in cxs]
    x_lo, x_hi = cxs[0] - bw / 2 - 0.15, branch_x[-1] + 0.3
    c.ax.add_patch(Rectangle((x_lo, 1.65), x_hi - x_lo, 1.8, fill=False, ls="--",
                             lw=1.3, ec="#555555", gid="container:TimeRNN"))
    c.text(x_lo + 0.1, 3.25, tr("Time RNN", lang), size=SMALL, ha="left", kind="name")
    for t, cx in enumerate(cxs):
        c.box(cx, y_rnn, bw, 0.7, "RNN", "RNN")
        bx = branch_x[t]
        if backward:
            _draw_backward_step(c, t, cx, bx, bw, col)
        else:
            _draw_forward_step(c, t, cx, bx, bw)
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
    xs = shape_text(("N", "T", "D"), (N, T, D) if s else None)
    hs = shape_text(("N", "T", "H"), (N, T, H) if s else None)
    if backward:
        c.text(0.9, y_top, f"dhs\n{hs}", size=SMALL, color=col, kind="shape")
        c.text(0.9, y_x, f"dxs\n{xs}", size=SMALL, color=col, kind="shape")
    else:
        c.text(0.9, y_top, f"hs\n{hs}", size=SMALL, kind="shape")
        c.text(0.9, y_x, f"xs\n{xs}", size=SMALL, kind="shape")
    return c.finish(T=T, backward=backward)


def _draw_forward_step(c, t, cx, bx, bw):
    """Step t of time_rnn_figure, forward: x_t up into the box at cx; h_t out to the branch at bx, then up."""
    y_rnn, y_x, y_top = TIME_RNN_Y
    c.text(cx, y_x - 0.05, f"$x_{{{t}}}$", size=FONT + 1, kind="x")
    c.arrow((cx, y_x + 0.25), (cx, y_rnn - 0.37), "x", None)
    c.arrow((cx + bw / 2 + 0.02, y_rnn), (bx, y_rnn), "stub", None, head=False)
    c.dot(bx, y_rnn)
    c.arrow((bx, y_rnn), (bx, y_top - 0.25), "up", None)
    c.text(bx, y_top, f"$h_{{{t}}}$", size=FONT + 1, kind="h")


def _draw_backward_step(c, t, cx, bx, bw, col):
    """Step t of time_rnn_figure, backward: dx_t out below the box at cx; dhs[:, t] down into the sum at bx,
    whose result goes into the box."""
    y_rnn, y_x, y_top = TIME_RNN_Y
    c.text(cx, y_x - 0.05, f"$dx_{{{t}}}$", size=FONT, kind="x")
    c.arrow((cx, y_rnn - 0.37), (cx, y_x + 0.25), "dx", None, color=col)
    c.circle(bx, y_rnn, 0.2, "+", "sum", size=FONT)
    c.arrow((bx, y_top - 0.25), (bx, y_rnn + 0.21), "dhs", None, color=col)
    c.text(bx, y_top, f"dhs[:, {t}]", size=SMALL, color=col, kind="dhs")
    c.arrow((bx - 0.21, y_rnn), (cx + bw / 2 + 0.02, y_rnn), "into_step", None, color=col)
