"""The five explorers of the chapter as panels: which controls each has, and how they call lib.viz.explorers.

Each function returns a `WidgetPanel` (lib.viz.widgets.panel); all computing and drawing is done
by lib.viz.explorers, this module only connects controls to it. Each takes lang="en" or "ko": every
title, subtitle, control label, message and figure label in that language (lib.viz.korean).

    unrolling_explorer        5.2.2-5.2.4: unrolled RNN, forward / backward flows, truncation, h_t values
    batch_offsets_explorer    5.2.5: where each mini-batch row reads in the corpus
    gradient_explorer         5.2.3: vanishing and exploding gradients through time
    rnnlm_inspector           5.4 / 5.5: hidden states and top-5 next words of a trained SimpleRnnlm
    lm_probability_explorer   5.1: conditional probabilities, joint probability and perplexity of a sentence
"""
import html

import ipywidgets as W

from lib.batching import iters_per_epoch
from lib.language import check_language
from lib.text import UNK, tokenize, words_to_ids
from lib.viz import explorers
from lib.viz.korean import tr
from lib.viz.widgets.panel import WidgetPanel

WIDE = W.Layout(width="520px")
STYLE = {"description_width": "150px"}


def _int(description, value, lo, hi, step=1):
    return W.IntSlider(value=value, min=lo, max=hi, step=step, description=description,
                       continuous_update=False, style=STYLE, layout=WIDE)


def _check(description, value):
    return W.Checkbox(value=value, description=description, indent=False, layout=W.Layout(width="300px"))


# ---------------------------------------------------------------- 1. unrolling explorer

def unrolling_explorer(T=8, block_size=4, show_forward=True, show_backward=True, step=None, H=4, seed=0,
                       sentence=explorers.TOY_SENTENCE, max_T=12, questions=(), *, lang="en"):
    """The RNN unrolled over T steps: forward / backward (BPTT) arrows, a truncation block size that
    cuts backward arrows only, and a Play control stepping through time with the real h_t
    (H values) of a lib.TimeRNN run on `sentence`. Controls: T, block, forward, backward, step, play.
    """
    check_language(lang)
    step = T - 1 if step is None else step
    controls = {
        "T": _int(tr("time steps T", lang), T, 1, max_T),
        "block_size": _int(tr("truncation block", lang), min(block_size or T, T), 1, T),
        "show_forward": _check(tr("forward flow (h carries on)", lang), show_forward),
        "show_backward": _check(tr("backward flow (BPTT)", lang), show_backward),
        "step": _int(tr("show h up to step", lang), step, 0, T - 1),
        "play": W.Play(value=step, min=0, max=T - 1, interval=1000, description=tr("play", lang),
                       show_repeat=False),
    }
    link = W.link((controls["play"], "value"), (controls["step"], "value"))

    def adjust(panel, name):
        c = panel.controls
        if name == "T":
            new_T = c["T"].value
            at_end = c["step"].value == c["step"].max
            c["block_size"].max = new_T
            c["step"].max = c["play"].max = new_T - 1
            if at_end or c["step"].value > new_T - 1:
                c["step"].value = new_T - 1

    cache = {}

    def draw(T, block_size, show_forward, show_backward, step):
        key = (T, block_size, show_forward, show_backward)
        if cache.get("key") == key:  # only the step moved (Play): update the figure drawn last
            return cache["fig"], explorers.set_unrolling_step(cache["fig"], cache["info"], step)
        fig, info = explorers.unrolling_figure(T, block_size=block_size, show_forward=show_forward,
                                         show_backward=show_backward, step=step, H=H, seed=seed, sentence=sentence,
                                         layout="fixed", lang=lang)
        cache.update(key=key, fig=fig, info=info)
        return fig, info

    rows = [[controls["T"], controls["block_size"]], [controls["show_forward"], controls["show_backward"]],
            [controls["play"], controls["step"]]]
    subtitle = tr("Blue: the forward flow (h<sub>t-1</sub> &rarr; step t). Red: the backward flow (BPTT). "
                  "A truncation block smaller than T cuts the red arrows at block borders, never the blue ones. "
                  "Press play to run the RNN word by word and watch h<sub>t</sub>.", lang)
    return WidgetPanel(tr("Unrolling explorer", lang), subtitle, controls, rows, draw, adjust, links=[link],
                       questions=questions, lang=lang)


# ---------------------------------------------------------------- 2. mini-batch offsets

def batch_offsets_explorer(data_size=999, batch_size=10, time_size=5, iteration=0, words=None,
                           show_previous=False, max_batch=20, max_time=40, questions=(), *, lang="en"):
    """Where each row of a truncated-BPTT mini-batch reads: the corpus as a strip per row, the
    window of the chosen iteration highlighted at offset_i + iteration * time_size (mod data_size).
    words: optional corpus words (len >= data_size) to list what each row reads.
    Controls: batch_size, time_size, iteration, show_previous.
    """
    check_language(lang)

    def epochs_max(b, t):
        try:
            return 3 * iters_per_epoch(data_size, b, t) - 1
        except ValueError:
            return 0

    controls = {
        "batch_size": _int(tr("batch_size (rows)", lang), batch_size, 1, max_batch),
        "time_size": _int("time_size", time_size, 1, max_time),
        "iteration": _int(tr("iteration", lang), iteration, 0, max(epochs_max(batch_size, time_size), iteration)),
        "show_previous": _check(tr("also show the previous iteration", lang), show_previous),
    }

    def adjust(panel, name):
        c = panel.controls
        if name in ("batch_size", "time_size"):
            c["iteration"].max = max(epochs_max(c["batch_size"].value, c["time_size"].value), 0)

    def draw(batch_size, time_size, iteration, show_previous):
        fig, info = explorers.batch_window_figure(data_size, batch_size, time_size, iteration, words=words,
                                                  show_previous=show_previous, layout="fixed", lang=lang)
        details = ""
        if info["row_words"] is not None:
            reads = tr("row {row} reads positions {first}..{last}", lang)
            lines = [f"<tr><td style='padding-right:12px'>"
                     f"{reads.format(row=i, first=int(info['window'][i][0]), last=int(info['window'][i][-1]))}"
                     f"</td><td><code>{html.escape(' '.join(ws))}</code></td></tr>"
                     for i, ws in enumerate(info["row_words"][:12])]
            more = (f"<div>{tr('... and {n} more rows', lang).format(n=batch_size - 12)}</div>"
                    if batch_size > 12 else "")
            details = f"<table style='font-size:15px'>{''.join(lines)}</table>{more}"
        return fig, info, details

    rows = [[controls["batch_size"], controls["time_size"]], [controls["iteration"], controls["show_previous"]]]
    subtitle = tr("Row i starts at offset i &times; (data_size // batch_size) and reads time_size words per "
                  "iteration, continuing where it stopped; positions wrap around at the end of the corpus "
                  "(data_size = {data_size}).", lang).format(data_size=data_size)
    return WidgetPanel(tr("Mini-batch offsets", lang), subtitle, controls, rows, draw, adjust, questions=questions,
                       lang=lang)


# ---------------------------------------------------------------- 3. gradients through time

def gradient_explorer(T=30, scale=0.8, mode="scale", H=16, seed=0, max_T=80, questions=(), *, lang="en"):
    """||dL/dh_t|| on a log axis from real lib.TimeRNN backward passes, the loss on the last step.
    Controls: scale (of W_h, or its largest singular value: mode), T, seed.
    """
    check_language(lang)
    labels = {"scale": tr("W\u2095 scale", lang), "singular": "\u03c3\u2098\u2090\u2093(W\u2095)"}  # slider labels
    controls = {
        "scale": W.FloatSlider(value=scale, min=0.1, max=4.0, step=0.05, description=labels[mode],
                               continuous_update=False, style=STYLE, layout=WIDE, readout_format=".2f"),
        "mode": W.ToggleButtons(options=[(tr("scale \u00d7 randn(H,H)/\u221aH", lang), "scale"),
                                         (tr("largest singular value", lang), "singular")],
                                value=mode, description=tr("the slider sets", lang),
                                style={**STYLE, "button_width": "240px"}),
        "T": _int(tr("time steps T", lang), T, 2, max_T),
        "seed": _int(tr("random seed", lang), seed, 0, 9),
    }

    def adjust(panel, name):
        if name == "mode":  # say what the slider sets now
            panel.controls["scale"].description = labels[panel.controls["mode"].value]

    def draw(scale, mode, T, seed):
        return explorers.gradient_figure(T=T, scale=scale, H=H, seed=seed, mode=mode, layout="fixed", lang=lang)

    rows = [[controls["scale"], controls["T"]], [controls["mode"]], [controls["seed"]]]
    subtitle = tr("The loss sits on the last step; each step back multiplies the gradient by tanh' and "
                  "W<sub>h</sub><sup>T</sup>. Small W<sub>h</sub>: it vanishes. Large W<sub>h</sub>: it explodes "
                  "(until tanh saturates). The log axis turns exponential change into a straight line. "
                  "&sigma;<sub>max</sub>(W<sub>h</sub>), the largest singular value (최대 특잇값), is the most "
                  "W<sub>h</sub> can stretch a vector; the spectral radius (스펙트럼 반경) is its largest "
                  "|eigenvalue|, the factor of growth per step of a long product of W<sub>h</sub> alone.", lang)
    return WidgetPanel(tr("Gradients through time", lang), subtitle, controls, rows, draw, adjust,
                       questions=questions, lang=lang)


# ---------------------------------------------------------------- 4. RNNLM inspector

RNNLM_EXAMPLES = (
    "pierre <unk> N years old will join the board",
    "the company said it",
    "mr. <unk> is chairman of <unk> n.v. the dutch publishing group",
    "a form of asbestos once used to make kent cigarette filters",
    "the board said the company will",
)


def rnnlm_inspector(model, word_to_id, id_to_word, sentence=RNNLM_EXAMPLES[0], examples=RNNLM_EXAMPLES, k=5,
                    max_words=12, questions=(), *, lang="en"):
    """Type a sentence in the model's vocabulary: a heatmap of the hidden state after each word and
    the top-k next words with their probabilities. Unknown words: a message lists them.
    Control: sentence (a text box with examples; press Enter).
    """
    check_language(lang)
    V = model.vocab_size
    controls = {
        "sentence": W.Combobox(value=sentence, options=list(examples), ensure_option=False,
                               description=tr("sentence", lang), continuous_update=False,
                               style={"description_width": "80px"}, layout=W.Layout(width="720px")),
    }

    def draw(sentence):
        ids, unknown = words_to_ids(sentence, word_to_id, V)
        if unknown:
            raise ValueError(
                tr("Not in the model's vocabulary of {V} words: {unknown}. "
                   "Use words of the training text (lower case; numbers are 'N', rare words '{unk}'), "
                   "e.g. \u201c{example}\u201d.", lang)
                .format(V=V, unknown=", ".join(repr(w) for w in unknown), unk=UNK, example=examples[0]))
        if len(ids) == 0:
            raise ValueError(tr("Type a sentence (words separated by spaces) and press Enter.", lang))
        note = ""
        if len(ids) > max_words:
            ids = ids[:max_words]
            note = (f"<div style='font-size:15px'>{tr('showing the first {n} words', lang).format(n=max_words)}"
                    f"</div>")
        inspection = explorers.inspect_rnnlm(model, ids, k=k)
        fig, info = explorers.rnnlm_inspector_figure(ids, inspection, id_to_word, layout="fixed", lang=lang)
        info["probs"] = inspection.probs
        info["ids"] = ids
        return fig, info, note

    subtitle = tr("The model reads the sentence from a zero state. Left: its hidden state after each word "
                  "(H = {H} units). Right: the {k} words it finds most likely next. "
                  "Type a sentence and press Enter (vocabulary: {V} words).", lang).format(
                      H=model.params[2].shape[0], k=k, V=V)
    return WidgetPanel(tr("RNNLM inspector", lang), subtitle, controls, [[controls["sentence"]]], draw,
                       questions=questions, lang=lang)


# ---------------------------------------------------------------- 5. language-model probability explorer

LM_MODELS = {"all": "count-based, all words on the left", "bigram": "count-based, previous word only (bigram)"}
LM_BUTTONS = {"all": "all words on the left", "bigram": "previous word only (bigram)"}


def lm_probability_explorer(text, sentence="you say goodbye .", examples=None, model="all", questions=(), *,
                            lang="en"):
    """A count-based language model on `text` (split into sentences at '.'): the conditional
    probability of each word of a sentence as bars, their running product, the joint probability
    and the perplexity joint ** (-1/n). Controls: sentence, model ("all" or "bigram").
    """
    check_language(lang)
    sentences = explorers.split_sentences(text)
    vocab = sorted({w for s in sentences for w in s})
    if examples is None:
        examples = list(dict.fromkeys(" ".join(s) for s in sentences)) + [
            "i say goodbye and you say goodbye .", "you say hello and i say hello .", "say you hello ."]
    controls = {
        "sentence": W.Combobox(value=sentence, options=list(examples), ensure_option=False,
                               description=tr("sentence", lang), continuous_update=False,
                               style={"description_width": "80px"}, layout=W.Layout(width="620px")),
        "model": W.ToggleButtons(options=[(tr(label, lang), key) for key, label in LM_BUTTONS.items()],
                                 value=model, description=tr("model", lang),
                                 style={"description_width": "80px", "button_width": "240px"}),
    }

    def draw(sentence, model):
        words = tokenize(sentence)
        unknown = list(dict.fromkeys(w for w in words if w not in vocab))
        if unknown:
            raise ValueError(tr("Not in the corpus: {unknown}. The corpus has the words: {vocab}", lang)
                             .format(unknown=", ".join(repr(w) for w in unknown), vocab=" ".join(vocab)))
        if not words:
            raise ValueError(tr("Type a sentence and press Enter.", lang))
        probs = explorers.count_lm_probabilities(words, sentences, model)
        fig, info = explorers.lm_probability_figure(words, probs, tr(LM_MODELS[model], lang), context=model,
                                                    layout="fixed", lang=lang)
        note = ""
        if words[-1] != ".":
            note = ("<div style='font-size:15px'>"
                    + tr("No final '.': the product is the probability that a sentence <i>begins</i> with these "
                         "words.", lang) + "</div>")
        return fig, info, note

    subtitle = tr("A count-based model of the {n}-sentence corpus: "
                  "P(w<sub>t</sub> | context) = count(context + w<sub>t</sub>) / count(context). "
                  "P(sentence) is the product of the bars; perplexity = P(sentence)<sup>-1/n</sup>.", lang).format(
                      n=len(sentences))
    rows = [[controls["sentence"]], [controls["model"]]]
    return WidgetPanel(tr("Language-model probability explorer", lang), subtitle, controls, rows, draw,
                       questions=questions, lang=lang)
