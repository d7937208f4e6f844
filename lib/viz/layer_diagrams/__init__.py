"""Diagrams of the RNN layers of sections 5.3 and 5.4 (matplotlib; the numpy core never imports this).

Every function takes the sizes it draws (T, the words, the shapes N, D, H, ...) and returns
``(fig, drawn)``: a ``matplotlib.figure.Figure`` (no pyplot, so no backend is needed) and a dict
of what was drawn (labels, counts), so that tests can check the picture without looking at it.

    canvas         the drawing canvas (inch coordinates; boxes, arrows, texts with gids)
    rnn_layers     5.3: shape_figure, rnn_step_graph, time_rnn_figure
    rnnlm_layers   5.4: rnnlm_figure, time_layers_figure, time_softmax_figure, time_affine_figure,
                   prediction_figure
"""
from lib.viz.layer_diagrams.rnn_layers import rnn_step_graph, shape_figure, time_rnn_figure
from lib.viz.layer_diagrams.rnnlm_layers import (
    prediction_figure,
    rnnlm_figure,
    time_affine_figure,
    time_layers_figure,
    time_softmax_figure,
)

__all__ = [
    "prediction_figure", "rnn_step_graph", "rnnlm_figure", "shape_figure", "time_affine_figure",
    "time_layers_figure", "time_rnn_figure", "time_softmax_figure",
]
