"""The language-model probability explorer's numbers and figure (5.1): a count-based model of a toy corpus."""
import numpy as np
from matplotlib.ticker import FuncFormatter, NullLocator

from lib.language import check_language
from lib.text import tokenize
from lib.viz import diagrams
from lib.viz.korean import tr
from lib.viz.style import FONT, fixed_layout, power_of_ten


def split_sentences(text):
    """A text -> list of sentences, each a tuple of words ending with '.' (lib.text.tokenize's words)."""
    sentences, current = [], []
    for w in tokenize(text):
        current.append(w)
        if w == ".":
            sentences.append(tuple(current))
            current = []
    if current:
        sentences.append(tuple(current))
    return sentences


def count_lm_probabilities(words, sentences, context="all"):
    """Count-based conditional probabilities P(w_t | left context) of `words`, one per word.

    sentences: the training sentences (tuples of words); each sentence starts fresh.
    context="all": P(w_t | w_1..w_{t-1}) = #sentences starting with w_1..w_t / #starting with w_1..w_{t-1}
        (notebook 5.1's model; 0 when the context never occurs).
    context="bigram": P(w_1) = share of sentences starting with w_1, then P(w_t | w_{t-1}) =
        count(w_{t-1} w_t) / count(w_{t-1} followed by any word), pairs counted inside sentences.
    Returns probs (n,) float64.
    """
    words = tuple(words)
    probs = np.zeros(len(words))
    if context == "all":
        for t in range(len(words)):
            den = sum(s[:t] == words[:t] for s in sentences if len(s) > t)
            num = sum(s[:t + 1] == words[:t + 1] for s in sentences)
            probs[t] = num / den if den else 0.0
    elif context == "bigram":
        pairs = [(s[i], s[i + 1]) for s in sentences for i in range(len(s) - 1)]
        probs[0] = sum(s[0] == words[0] for s in sentences) / len(sentences) if words else 0.0
        for t in range(1, len(words)):
            after = [b for a, b in pairs if a == words[t - 1]]
            probs[t] = after.count(words[t]) / len(after) if after else 0.0
    else:
        raise ValueError(f"context must be 'all' or 'bigram', got {context!r}")
    return probs


def sentence_report(probs):
    """Joint probability (product of the conditionals) and perplexity joint ** (-1/n) (inf when 0)."""
    probs = np.asarray(probs, dtype=np.float64)
    if probs.size == 0:
        raise ValueError("an empty sentence has no probability to report")
    joint = float(np.prod(probs))
    perplexity = joint ** (-1.0 / len(probs)) if joint > 0 else float("inf")
    return joint, perplexity


def lm_probability_figure(words, probs, model_name=None, context="all", figsize=(12, 5.5), layout="constrained",
                          *, lang="en"):
    """Per-word conditional probabilities as bars and their running product
    (lib.viz.diagrams.probability_factorisation_figure), with the joint probability and the perplexity.
    model_name: the title's name of the model (None: "count-based, all words on the left", in lang).
    context: "all" or "bigram" (what the y label says the bars condition on).
    Returns (fig, info): info = {"words", "probs", "running", "joint", "perplexity", "n"}.
    layout: "constrained" or "fixed" (faster to redraw, see fixed_layout). lang: "en" or "ko" (the labels).
    """
    check_language(lang)
    if model_name is None:
        model_name = tr("count-based, all words on the left", lang)
    probs = np.asarray(probs, dtype=np.float64)
    joint, perplexity = sentence_report(probs)
    # a long sentence's running product is best read on a log axis (not possible once it reaches 0)
    log = len(probs) > 6 and joint > 0
    fig, drawn = diagrams.probability_factorisation_figure(list(words), probs, log=log, figsize=figsize, lang=lang)
    n = len(probs)
    ppl = f"{perplexity:.3f}" if np.isfinite(perplexity) else tr("\u221e (a factor is 0: the model never saw this)",
                                                                    lang)
    fig.suptitle(tr("{model}:  P(sentence) = {joint:.4f},  perplexity = P(sentence) ** (-1/{n}) = {ppl}", lang)
                 .format(model=model_name, joint=joint, n=n, ppl=ppl), fontsize=FONT + 1)
    if log:  # plain-text tick labels (mathtext ones are slow to draw)
        fig.axes[1].yaxis.set_minor_locator(NullLocator())
        fig.axes[1].yaxis.set_major_formatter(FuncFormatter(power_of_ten))
    if context == "bigram":
        fig.axes[0].set_ylabel(tr("P(word | the word before it)", lang), fontsize=FONT)
    if layout == "fixed":
        fixed_layout(fig, [(0.06, 0.07, 0.435, 0.82), (0.56, 0.07, 0.435, 0.82)])
    info = {"words": list(words), "probs": probs, "running": drawn["running"], "joint": joint,
            "perplexity": perplexity, "n": n}
    return fig, info
