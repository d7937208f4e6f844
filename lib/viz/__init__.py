"""Everything that draws: matplotlib figures, ipywidgets explorers, and show() for lib's source.

    style            font sizes, colours, plain-text subscripts, fixed layouts (shared by all figures)
    diagrams/        5.1-5.2: contexts, the RNN loop, the unrolled RNN (BPTT, truncation), mini-batch layout
                     (drawing, language_model, unrolled, batch_layout)
    layer_diagrams/  5.3-5.4: computational graphs of the RNN layers and the time layers (canvas, rnn_layers,
                     rnnlm_layers)
    plots            measured numbers: BPTT's memory, gradient norms, perplexity, next-word bars
    explorers/       what each widget computes and draws, one module per widget
    widgets/         the ipywidgets panels of the explorers, their guiding questions and the presenter's
                     path (panel, explorer_panels, presenter)
    show             show(obj): lib's source in a notebook
    korean           the Korean labels of the Korean edition (notebooks/ko/): every figure and widget
                     function takes lang="en" or lang="ko"

Importing lib.viz.style (every module that draws does) adds the Korean font (NanumGothic, from the pinned
koreanize-matplotlib) as the fallback of DejaVu Sans, so that Hangul renders in every figure; Latin text looks
as before.

Every figure function returns a `matplotlib.figure.Figure` (no pyplot) with what it drew.
The numpy core (lib/) never imports this package.
"""
