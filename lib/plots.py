"""Figures for training results (matplotlib; the numpy core never imports this)."""
from matplotlib.figure import Figure


def perplexity_figure(ppl_list, xlabel="epoch", title="Perplexity during training", figsize=(8, 5)):
    """A line plot of perplexity per epoch (or per evaluation interval); returns the Figure."""
    fig = Figure(figsize=figsize)
    ax = fig.subplots()
    ax.plot(range(1, len(ppl_list) + 1), ppl_list, marker="." if len(ppl_list) <= 200 else None)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("perplexity")
    ax.set_title(title)
    ax.grid(True, alpha=0.3)
    return fig
