"""Diagrams for sections 5.1 and 5.2: language-model contexts, the RNN loop, the unrolled RNN
with forward / backward (BPTT, truncated BPTT) flows, and the truncated-BPTT mini-batch layout.
(Plots of measured numbers, such as gradient norms, are in lib.viz.plots.)

Every function takes data and parameters and returns `(fig, info)`: a matplotlib Figure built
with `matplotlib.figure.Figure` (no pyplot, so no backend is needed and no global state is
touched) and a dict of the numbers it drew (how many cells and arrows, which positions were
highlighted). Artists carry a gid ("cell", "forward", "backward", "cut", "window", ...), so a test
or a widget can find what was drawn with `artists_by_gid(fig, gid)`.

    drawing          artists_by_gid, and the box and arrow the diagrams are made of
    language_model   5.1: context_window_figure, probability_factorisation_figure
    unrolled         5.2.1-5.2.4: loop_figure, unrolled_rnn_figure, bptt_figure, truncated_bptt_figure
    batch_layout     5.2.5: batch_layout_figure

Drawing sits above the numpy core: this package imports matplotlib; the core never imports it.
"""
from lib.viz.diagrams.batch_layout import batch_layout_figure
from lib.viz.diagrams.drawing import artists_by_gid
from lib.viz.diagrams.language_model import context_window_figure, probability_factorisation_figure
from lib.viz.diagrams.unrolled import bptt_figure, loop_figure, truncated_bptt_figure, unrolled_rnn_figure

__all__ = [
    "artists_by_gid", "batch_layout_figure", "bptt_figure", "context_window_figure", "loop_figure",
    "probability_factorisation_figure", "truncated_bptt_figure", "unrolled_rnn_figure",
]
