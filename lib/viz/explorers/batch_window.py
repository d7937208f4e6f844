"""The mini-batch offsets explorer's figure (5.2.5): where each row of the mini-batch reads."""
from lib.batching import batch_positions, iters_per_epoch
from lib.language import check_language
from lib.viz import diagrams
from lib.viz.korean import tr
from lib.viz.style import FONT, fixed_layout


def batch_window_figure(data_size, batch_size, time_size, iteration=0, words=None, show_previous=False,
                        figsize=(12, 6), layout="constrained", *, lang="en"):
    """Where each row of the mini-batch reads at one iteration (lib.viz.diagrams.batch_layout_figure).

    Row i's window starts at i * (data_size // batch_size) + iteration * time_size and wraps
    modulo data_size. show_previous also draws iteration - 1, to see each row continue where it
    stopped. words: optional sequence of the corpus words, to list what each row reads.
    Returns (fig, info): the layout's info plus "iteration", "epoch" (0-based), "iters_per_epoch",
    "window" (the (batch_size, time_size) positions of this iteration) and "row_words".
    layout: "constrained" or "fixed" (faster to redraw, see fixed_layout). lang: "en" or "ko" (the labels,
    and the message of a corpus too short for one iteration).
    """
    check_language(lang)
    iteration = int(iteration)
    if iteration < 0:
        raise ValueError(f"iteration must be >= 0, got {iteration}")
    if lang != "en" and data_size < batch_size * time_size:  # lib.batching's message, in lang
        raise ValueError(tr("the corpus has {data_size} input tokens, too short for batch_size x time_size = "
                            "{batch_size} x {time_size} = {per_iter} tokens per iteration; use a longer corpus "
                            "or a smaller batch_size or time_size", lang)
                         .format(data_size=data_size, batch_size=batch_size, time_size=time_size,
                                 per_iter=batch_size * time_size))
    per_epoch = iters_per_epoch(data_size, batch_size, time_size)
    iterations = [iteration - 1, iteration] if show_previous and iteration > 0 else iteration
    fig, info = diagrams.batch_layout_figure(data_size, batch_size, time_size, iterations=iterations,
                                             figsize=figsize, lang=lang)
    window = batch_positions(data_size, batch_size, time_size, iteration * time_size)
    epoch, within = divmod(iteration, per_epoch)
    ax = fig.axes[0]
    ax.set_title(tr("jump = {data_size} // {batch_size} = {jump}; iteration {iteration} = "
                    "epoch {epoch}, step {step} of {per_epoch}", lang)
                 .format(data_size=data_size, batch_size=batch_size, jump=data_size // batch_size, iteration=iteration,
                         epoch=epoch + 1, step=within + 1, per_epoch=per_epoch), fontsize=FONT + 1)
    row_words = None
    if words is not None:
        row_words = [[str(words[p]) for p in row] for row in window]
    if layout == "fixed":
        fixed_layout(fig, [(0.065, 0.16, 0.545, 0.79), (0.634, 0.16, 0.363, 0.79)])  # the corpus, the zoom
    info.update(iteration=iteration, epoch=epoch, iters_per_epoch=per_epoch, window=window, row_words=row_words)
    return fig, info
