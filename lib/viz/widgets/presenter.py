"""The presenter's path (notebooks/dashboard.ipynb): the chapter's widgets in its order, with guiding questions.

`for_class(key, ...)` builds the widget of `PRESENTER_PATH` named key, in the state that shows its
point, with its questions (`Question`); each answer is computed from the same functions and
numbers the picture uses (tests/test_widgets.py checks each one). `for_class(key, lang="ko", ...)` asks and
answers in Korean (lib.viz.korean), and `presenter_path_text(lang)` lists the path for a printout.
"""
import html
from dataclasses import dataclass

import numpy as np

from lib.batching import batch_positions, iters_per_epoch
from lib.language import check_language
from lib.text import tokenize, words_to_ids
from lib.viz import explorers
from lib.viz.korean import tr
from lib.viz.widgets.explorer_panels import (
    RNNLM_EXAMPLES,
    batch_offsets_explorer,
    gradient_explorer,
    lm_probability_explorer,
    rnnlm_inspector,
    unrolling_explorer,
)
from lib.viz.widgets.panel import Question


@dataclass(frozen=True)
class Stop:
    """One widget of the presenter's path: its key for for_class, the chapter's section, the point it shows
    (in English: tr(point, lang) gives it in lang)."""

    key: str
    section: str
    point: str


PRESENTER_PATH = (
    Stop("lm_probability", "5.1", "a language model gives a sentence the product of its conditional probabilities"),
    Stop("unrolling", "5.2.2-5.2.4", "one layer unrolled through time; Truncated BPTT cuts only backward arrows"),
    Stop("gradients", "5.2.3", "backpropagated through many steps, gradients vanish or explode"),
    Stop("batch_offsets", "5.2.5", "each mini-batch row reads on from its own offset"),
    Stop("rnnlm", "5.5", "the trained RNN language model predicts the next word from the words so far"),
)


def presenter_path_text(lang="en"):
    """The presenter's path as lines for a printout: a heading, then "  1. (5.1) <the point>" per stop, in lang."""
    check_language(lang)
    lines = [tr("The presenter's path:", lang)]
    lines += [f"  {number}. ({stop.section}) {tr(stop.point, lang)}" for number, stop in enumerate(PRESENTER_PATH, 1)]
    return "\n".join(lines)


def probability_text(x):
    """A probability for an answer: 3 decimals, or 2 significant digits when smaller than 0.001."""
    if x == 0:
        return "0"
    return f"{x:.3f}".rstrip("0").rstrip(".") if x >= 0.001 else f"{x:.1e}"


def _lm_stop(text, sentence="you say goodbye .", unseen="i say goodbye and you say goodbye .", lang="en"):
    sentences = explorers.split_sentences(text)
    words = tokenize(sentence)
    bars = explorers.count_lm_probabilities(words, sentences, "all")
    joint = float(np.prod(bars))
    new = tokenize(unseen)
    p_all = probability_text(float(np.prod(explorers.count_lm_probabilities(new, sentences, "all"))))
    p_bigram = probability_text(float(np.prod(explorers.count_lm_probabilities(new, sentences, "bigram"))))
    product, p_joint = " &times; ".join(probability_text(b) for b in bars), probability_text(joint)
    questions = (
        Question(tr("Each bar is a conditional probability (조건부 확률; the book says 사후 확률) P(word | the words "
                    "on its left). How do the bars make P(sentence)?", lang),
                 tr("P(sentence) is their product: {product} = {joint} "
                    "(the joint probability, 동시 확률); perplexity = {joint}<sup>-1/{n}</sup> "
                    "= {perplexity:.2f}.", lang)
                 .format(product=product, joint=p_joint, n=len(words), perplexity=joint ** (-1 / len(words)))),
        Question(tr("Type \u201c{unseen}\u201d (not in the corpus), then switch to \u201cprevious word only\u201d: "
                    "why does one model give it 0 and the other not?", lang).format(unseen=html.escape(unseen)),
                 tr("All words on the left: {p_all}, it was never counted whole (memory). Bigram: {p_bigram}, "
                    "built from pairs it has seen: it generalises, but forgets all but the previous word.", lang)
                 .format(p_all=p_all, p_bigram=p_bigram)),
    )
    return lm_probability_explorer(text, sentence=sentence, questions=questions, lang=lang)


def _unrolling_stop(T=8, block=4, lang="en"):
    _, cut_info = explorers.unrolling_figure(T, block_size=block, layout="fixed")
    cut = cut_info["cut_backward_links"]
    questions = (
        Question(tr("Press play. The picture has {T} RNN boxes: how many weight matrices W<sub>x</sub>, "
                    "W<sub>h</sub> does it have, and what does each step pass on?", lang).format(T=T),
                 tr("One W<sub>x</sub>, one W<sub>h</sub>, one b: the {T} boxes are one layer at {T} times "
                    "(shared weights); each step passes h<sub>t</sub> on, so h<sub>{last}</sub> depends on all "
                    "{T} words.", lang).format(T=T, last=T - 1)),
        Question(tr("Move the truncation block below T (e.g. {block}): which arrows disappear, and which stay?",
                    lang).format(block=block),
                 tr("Only red backward arrows that cross a block border ({cut} of {links} at block {block}); all "
                    "{links} blue forward arrows stay: Truncated BPTT cuts backpropagation, never the forward "
                    "flow.", lang).format(cut=cut, links=T - 1, block=block)),
    )
    # starts untruncated (block = T): BPTT over the whole sequence, the state 5.2.3 describes
    return unrolling_explorer(T=T, block_size=T, questions=questions, lang=lang)


def _gradients_stop(T=30, scale=0.8, large=3.0, lang="en"):
    small_norms = explorers.gradient_norms_through_time(T=T, scale=scale, mode="scale")
    large_norms, large_Wh = explorers.gradient_norms_through_time(T=T, scale=large, mode="scale", return_weights=True)
    small_ratio, large_ratio = small_norms[0] / small_norms[-1], large_norms[0] / large_norms[-1]
    large_sigma = float(np.linalg.norm(large_Wh, 2))
    questions = (
        Question(tr("At scale {scale:g}: how much of the gradient at the loss (step {last}) reaches step 0?", lang)
                 .format(scale=scale, last=T - 1),
                 tr("{ratio:.1e} of it, about &times;{per_step:.2f} per step back: "
                    "each step multiplies by diag(1 &minus; h<sub>t</sub><sup>2</sup>) W<sub>h</sub><sup>T</sup>, "
                    "and here these products shrink: the gradient vanishes.", lang)
                 .format(ratio=small_ratio, per_step=small_ratio ** (1 / (T - 1)))),
        Question(tr("Drag the scale to {large:g}: what happens? Compare the line with the dashed bound.", lang)
                 .format(large=large),
                 tr("It explodes: step 0 gets {ratio:.1e} times the gradient at the loss, far less than the "
                    "bound &sigma;<sub>max</sub><sup>{last}</sup> = {bound:.0e}: saturated tanh "
                    "units (1 &minus; h<sup>2</sup> near 0) pass little gradient back.", lang)
                 .format(ratio=large_ratio, last=T - 1, bound=large_sigma ** (T - 1))),
    )
    return gradient_explorer(T=T, scale=scale, questions=questions, lang=lang)


def _batch_stop(data_size, words, batch_size=10, time_size=5, lang="en"):
    jump = data_size // batch_size
    per_iter = iters_per_epoch(data_size, batch_size, time_size)
    wrap_iter, wrap_row, wrap_positions = None, None, None
    for it in range(3 * per_iter):  # the first iteration (of the slider's three epochs) at which a row wraps
        rows = batch_positions(data_size, batch_size, time_size, it * time_size)
        wrapped = [i for i, r in enumerate(rows) if r[-1] < r[0]]
        if wrapped:
            wrap_iter, wrap_row, wrap_positions = it, wrapped[0], rows[wrapped[0]]
            break
    questions = [
        Question(tr("Step the iteration from 0 to 1: where does each row read next?", lang),
                 tr("Right after where it stopped: row i reads from i &times; {jump} + {time_size} &times; iteration "
                    "(row 1: {a}..{b}, then {c}..{d}), so "
                    "the hidden state it carries belongs to the text it continues.", lang)
                 .format(jump=jump, time_size=time_size, a=jump, b=jump + time_size - 1, c=jump + time_size,
                         d=jump + 2 * time_size - 1)),
    ]
    if wrap_iter is not None:
        questions.append(Question(
            tr("At which iteration does a row first run past the last word ({last}), and what does it read?", lang)
            .format(last=data_size - 1),
            tr("Iteration {iteration}: row {row} reads {positions}, "
               "it wraps around to the start of the corpus (positions modulo {data_size}).", lang)
            .format(iteration=wrap_iter, row=wrap_row, positions=", ".join(str(int(p)) for p in wrap_positions),
                    data_size=data_size)))
    return batch_offsets_explorer(data_size, batch_size=batch_size, time_size=time_size, words=words,
                                  questions=questions, lang=lang)


def _rnnlm_stop(model, word_to_id, id_to_word, corpus, sentence="mr. <unk> is chairman of",
                in_order=RNNLM_EXAMPLES[0], lang="en"):
    V = model.vocab_size
    ids, _ = words_to_ids(sentence, word_to_id, V)
    inspection = explorers.inspect_rnnlm(model, ids)
    t = len(ids) - 2  # the last word but one: what follows it is the sentence's last word
    word, nxt = id_to_word[int(ids[t])], id_to_word[int(ids[t + 1])]
    p_next = float(explorers.next_word_probabilities(inspection, ids)[t])
    rank = int(np.sum(inspection.probs[t] > p_next)) + 1
    seen = int(np.sum((np.asarray(corpus[:-1]) == ids[t]) & (np.asarray(corpus[1:]) == ids[t + 1])))

    def framed(words):
        w_ids, _ = words_to_ids(words, word_to_id, V)
        top = explorers.inspect_rnnlm(model, w_ids).top_ids
        return sum(int(w_ids[i + 1]) in top[i] for i in range(len(w_ids) - 1)), len(w_ids) - 1

    backward = " ".join(reversed(in_order.split()))
    hits, steps = framed(in_order)
    hits_back, _ = framed(backward)
    word, nxt = html.escape(word), html.escape(nxt)
    occurs = (tr("occurs {seen} time in its {n} training words", lang) if seen == 1 else
              tr("occurs {seen} times in its {n} training words", lang)).format(seen=seen, n=len(corpus))
    questions = (
        Question(tr("After \u201c{word}\u201d, how sure is the model of \u201c{next}\u201d, and why?", lang)
                 .format(word=word, next=nxt),
                 tr("P(\u201c{next}\u201d) = {p:.2f}, rank {rank} of {V}: \u201c{word} {next}\u201d {occurs}. "
                    "It learned (much of it by heart) the text it was trained on.", lang)
                 .format(next=nxt, p=p_next, rank=rank, V=V, word=word, occurs=occurs)),
        Question(tr("Type \u201c{sentence}\u201d, then the same words backwards: how many green frames "
                    "(the actual next word in the top 5) does each get?", lang).format(sentence=html.escape(in_order)),
                 tr("In order {hits} of {steps}, backwards {hits_back}: the prediction depends on the order of "
                    "the words read so far, which the hidden state carries.", lang)
                 .format(hits=hits, steps=steps, hits_back=hits_back)),
    )
    return rnnlm_inspector(model, word_to_id, id_to_word, sentence=sentence, questions=questions, lang=lang)


def for_class(key, lang="en", **data):
    """The widget of PRESENTER_PATH named key, in the state that shows its point, with guiding questions.

    data: lm_probability: text; batch_offsets: data_size, words; rnnlm: model, word_to_id, id_to_word,
    corpus (the training words). The answers are computed from the same functions the pictures use.
    lang: "en" or "ko", the language of the widget, its questions and its answers.
    """
    check_language(lang)
    builders = {"lm_probability": _lm_stop, "unrolling": _unrolling_stop, "gradients": _gradients_stop,
                "batch_offsets": _batch_stop, "rnnlm": _rnnlm_stop}
    if key not in builders:
        raise ValueError(f"unknown widget {key!r}; the presenter's path has {[s.key for s in PRESENTER_PATH]}")
    return builders[key](lang=lang, **data)
