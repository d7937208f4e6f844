"""The chapter's interactive widgets: controls (ipywidgets) wired to lib.viz.explorers.

Each widget function returns a `WidgetPanel`, an `ipywidgets.VBox` (title, controls, picture) that is
also a handle for tests and benchmarks:

    panel = unrolling_explorer()
    panel.controls["T"].value = 5      # any control, set from Python: the picture is redrawn
    panel.last["n_cells"]              # the numbers drawn last (the info dict of lib.viz.explorers)
    panel.figure, panel.png            # the matplotlib Figure and the PNG bytes shown
    panel.message                      # a message shown instead of a picture (unknown words ...)
    panel.reveals[0].selected_index = 0  # open the first guiding question's answer (None: hidden)

    panel            WidgetPanel (redraws when a control changes), the PNG it shows, guiding questions
                     (Question) shown above the controls with their answers in closed Accordions
    explorer_panels  the five explorers' controls: unrolling_explorer (5.2.2-5.2.4), batch_offsets_explorer
                     (5.2.5), gradient_explorer (5.2.3), rnnlm_inspector (5.4 / 5.5), lm_probability_explorer (5.1)
    presenter        PRESENTER_PATH (the chapter's order) and for_class(key, ...): each widget in the state
                     that shows its point, with questions whose answers are computed from what it draws;
                     presenter_path_text(lang) lists the path

Every widget function takes lang="en" or lang="ko" (the Korean edition): its title, controls, messages,
questions, answers and picture in that language (the Korean texts are in lib/viz/korean_widgets.py).
"""
from lib.viz.widgets.explorer_panels import (
    RNNLM_EXAMPLES,
    batch_offsets_explorer,
    gradient_explorer,
    lm_probability_explorer,
    rnnlm_inspector,
    unrolling_explorer,
)
from lib.viz.widgets.panel import DPI, REVEAL_TITLE, Question, WidgetPanel, figure_png, reveal_title, static_png
from lib.viz.widgets.presenter import PRESENTER_PATH, Stop, for_class, presenter_path_text

__all__ = [
    "DPI", "PRESENTER_PATH", "Question", "REVEAL_TITLE", "RNNLM_EXAMPLES", "Stop", "WidgetPanel",
    "batch_offsets_explorer", "figure_png", "for_class", "gradient_explorer", "lm_probability_explorer",
    "presenter_path_text", "reveal_title", "rnnlm_inspector", "static_png", "unrolling_explorer",
]
