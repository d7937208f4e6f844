"""What the chapter's interactive widgets compute and draw, kept apart from the widget wiring.

Each widget of `lib.viz.widgets` has two halves here, in one module per widget: a computation
that returns numbers and a figure function that takes data and returns `(fig, info)`: a
`matplotlib.figure.Figure` (no pyplot: no backend, no global state) and a dict of the numbers it
drew. Tests, benchmarks and notebook cells call these directly (`explorers.gradient_figure`);
`lib.viz.widgets` only connects controls to them.

    widget (lib.viz.widgets)   module here        figure function           computation
    unrolling_explorer         unrolling          unrolling_figure          rnn_states
    batch_offsets_explorer     batch_window       batch_window_figure       (lib.batch_positions)
    gradient_explorer          gradients          gradient_figure           gradient_norms_through_time
    rnnlm_inspector            inspector          rnnlm_inspector_figure    inspect_rnnlm (lib.text.words_to_ids)
    lm_probability_explorer    lm_probability     lm_probability_figure     count_lm_probabilities
"""
from lib.viz.explorers.batch_window import batch_window_figure
from lib.viz.explorers.gradients import (
    gradient_figure,
    gradient_norms_through_time,
    gradient_verdict,
    recurrent_weights,
)
from lib.viz.explorers.inspector import Inspection, inspect_rnnlm, next_word_probabilities, rnnlm_inspector_figure
from lib.viz.explorers.lm_probability import (
    count_lm_probabilities,
    lm_probability_figure,
    sentence_report,
    split_sentences,
)
from lib.viz.explorers.unrolling import TOY_SENTENCE, rnn_states, set_unrolling_step, unrolling_figure

__all__ = [
    "Inspection", "TOY_SENTENCE", "batch_window_figure", "count_lm_probabilities", "gradient_figure",
    "gradient_norms_through_time", "gradient_verdict", "inspect_rnnlm", "lm_probability_figure",
    "next_word_probabilities", "recurrent_weights", "rnn_states", "rnnlm_inspector_figure", "sentence_report",
    "set_unrolling_step", "split_sentences", "unrolling_figure",
]
