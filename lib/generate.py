"""Text from a trained RNN language model: greedy decoding, or sampling with temperature and top-k.

    ids = generate(model, prompt_ids, length=30, temperature=0.8, top_k=40, rng=0, exclude_ids=[unk_id])
    text = generate_text(model, "the company said", words, length=30, rng=0)

    table = sample_table(model, words, ["the company said"], temperatures=[0, 0.8], length=30)

sample_table gives one sample per prompt and temperature (0 = greedy), with the model's
next-word distribution after each prompt at each temperature; the command line
`python -m lib.cli.generate` writes it to a JSON file.

The prompt's words go through the (stateful) model first, from a zero hidden state; then each
chosen word is fed back in to get the scores of the one after it. Afterwards the model has the
hidden state it had before (see from_zero_state).
"""
import math
from contextlib import contextmanager
from numbers import Integral, Real

import numpy as np

from lib.functions import softmax
from lib.modes import evaluation
from lib.text import EOS, UNK, words_to_ids


@contextmanager
def from_zero_state(model):
    """Run the block from a zero hidden state in eval mode, then give the model back its state and mode.

    Every helper that generates or inspects (here and in lib.viz) starts this way, so it gives
    the same words whatever the model read before, without dropout, and a model being trained or
    evaluated carries on undisturbed. model: has rnn_layer (with its state h), reset_state(),
    train() and eval().
    """
    saved = model.rnn_layer.h
    saved = None if saved is None else saved.copy()
    model.reset_state()
    try:
        with evaluation(model):
            yield model
    finally:
        model.rnn_layer.h = saved


def next_word(scores, temperature=1.0, top_k=None, exclude_ids=(), rng=None):
    """Choose a word id from the scores (V,) of the next word.

    temperature 0: the best-scoring word (greedy). Otherwise a sample from
    softmax(scores / temperature), restricted to the top_k best words if top_k is given;
    a low temperature sharpens the distribution, a high one flattens it.
    Ids in exclude_ids are never chosen. rng: a numpy Generator or a seed.
    """
    check_temperature(temperature)
    if top_k is not None and top_k < 1:
        raise ValueError(f"top_k must be at least 1 (or None for all words), got {top_k}")
    scores = np.array(scores, dtype=np.float64)  # a copy: the caller's scores stay as they were
    scores[list(exclude_ids)] = -np.inf
    if temperature == 0:
        return int(np.argmax(scores))
    if top_k is not None and top_k < len(scores):
        keep = np.argpartition(scores, -top_k)[-top_k:]  # the indices of the k largest scores
        kept = np.full_like(scores, -np.inf)
        kept[keep] = scores[keep]
        scores = kept
    p = softmax(scores / temperature)  # exp(-inf) = 0: excluded words get probability 0
    return int(np.random.default_rng(rng).choice(len(p), p=p))


def check_temperature(temperature):
    """Raise unless temperature is a finite number >= 0 (0 = greedy)."""
    if isinstance(temperature, bool) or not isinstance(temperature, Real):
        raise TypeError(f"temperature must be a number >= 0 (0 = greedy), got {temperature!r}")
    if not (math.isfinite(temperature) and temperature >= 0):
        raise ValueError(f"temperature must be a finite number >= 0 (0 = greedy, 1 = the model's own "
                         f"distribution, large = nearly uniform), got {temperature}")


def generate(model, prompt_ids, length, greedy=False, temperature=1.0, top_k=None, exclude_ids=(),
             stop_id=None, rng=None):
    """The ids of up to `length` words that follow prompt_ids (a sequence of at least one id).

    model: has predict(xs (1, T)) -> scores (1, T, V), carrying its hidden state, rnn_layer and
    reset_state(). It starts from a zero state and is left with the state it had (from_zero_state).
    greedy (or temperature 0): always the best word. stop_id: stop after generating this id.
    rng: a numpy Generator or a seed; the same seed gives the same words.
    """
    if isinstance(length, bool) or not isinstance(length, Integral) or length < 1:
        raise ValueError(f"length must be a positive int (how many words to generate), got {length!r}")
    check_temperature(temperature)
    prompt_ids = np.asarray(prompt_ids, dtype=np.int64).reshape(1, -1)
    if prompt_ids.size == 0:
        raise ValueError(f"the prompt needs at least one word (a prompt of just {EOS!r} starts a new sentence)")
    rng = np.random.default_rng(rng)
    generated = []
    with from_zero_state(model):
        scores = model.predict(prompt_ids)[0, -1]
        for _ in range(length):
            word = next_word(scores, 0 if greedy else temperature, top_k, exclude_ids, rng)
            generated.append(word)
            if word == stop_id:
                break
            scores = model.predict(np.array([[word]]))[0, -1]
    return generated


def prompt_to_ids(prompt, words):
    """Word ids of the prompt's words (split at spaces; a line break is <eos>); ValueError naming unknown words.

    words: the vocabulary, id -> word. A word missing as written is looked up in lower case
    (lib.text.words_to_ids).
    """
    ids, unknown = words_to_ids(prompt, {word: i for i, word in enumerate(words)})
    if unknown:
        names = ", ".join(repr(w) for w in unknown)
        raise ValueError(
            f"the prompt word{'s' if len(unknown) > 1 else ''} {names} "
            f"{'are' if len(unknown) > 1 else 'is'} not in the model's vocabulary of {len(words):,} words; "
            f"use other words (PTB is lower case, numbers are 'N', rare words are '{UNK}')")
    return ids.tolist()


def render(tokens):
    """Words as text: separated by spaces, with a line break for each <eos>."""
    text = ""
    for token in tokens:
        if token == EOS:
            text = text.rstrip(" ") + "\n"
        else:
            text += token + " "
    return text.rstrip(" ")


def generate_text(model, prompt, words, length=30, greedy=False, temperature=1.0, top_k=None,
                  allow_unk=False, stop_at_eos=False, rng=None):
    """The prompt and the words that follow it, as text (see generate and render).

    words: the vocabulary, id -> word. allow_unk=False: never produce <unk>.
    stop_at_eos: stop at the end of the first generated sentence.
    """
    exclude = [] if allow_unk or UNK not in words else [words.index(UNK)]
    stop_id = words.index(EOS) if stop_at_eos and EOS in words else None
    prompt_ids = prompt_to_ids(prompt, words)
    ids = generate(model, prompt_ids, length, greedy, temperature, top_k, exclude, stop_id, rng)
    return render([words[i] for i in prompt_ids + ids])


def next_word_distribution(model, prompt_ids, temperatures, k=10, exclude_ids=()):
    """How temperature reshapes the model's distribution of the word after prompt_ids.

    Returns a JSON-able dict: top_ids (the k best-scoring ids, best first), top_scores (their
    scores), and per temperature (keyed by str(T)): probs, the probabilities of the top_ids under
    softmax(scores / T) over the whole vocabulary; top_mass, their sum; branches, exp(entropy)
    of the whole distribution (the perplexity of a sample from it: about how many words it
    hesitates between). T = 0 is greedy: all the probability on the best word.
    Ids in exclude_ids get probability 0, as in generate; no top-k cut is applied (the
    top-k distribution at T is probs / top_mass over the top_ids). The prompt is read from a
    zero state; the model keeps its own (from_zero_state).
    """
    for T in temperatures:
        check_temperature(T)
    prompt_ids = np.asarray(prompt_ids, dtype=np.int64).reshape(1, -1)
    with from_zero_state(model):
        scores = model.predict(prompt_ids)[0, -1].astype(np.float64)
    scores[list(exclude_ids)] = -np.inf
    top = np.argsort(-scores, kind="stable")[:k]
    table = {"top_ids": [int(i) for i in top], "top_scores": [_round(scores[i]) for i in top],
             "by_temperature": {}}
    for T in temperatures:
        if T == 0:
            p = np.zeros_like(scores)
            p[top[0]] = 1.0
        else:
            p = softmax(scores / T)
        nonzero = p[p > 0]
        entropy = float(-np.sum(nonzero * np.log(nonzero)))
        table["by_temperature"][str(float(T))] = {
            "probs": [_round(p[i]) for i in top], "top_mass": _round(p[top].sum()),
            "branches": _round(math.exp(entropy))}
    return table


def _round(x, digits=7):
    """x as a Python float with `digits` significant digits (shorter JSON; far below any visible effect)."""
    return float(f"{float(x):.{digits}g}")


def sample_table(model, words, prompts, temperatures, length=40, top_k=None, allow_unk=False, stop_at_eos=False,
                 seed=0, k=10):
    """One sample per prompt and temperature (0 = greedy), and the next-word distributions, as a dict.

    Every sample starts from the same seed, so the samples of one prompt differ only through the
    temperature (the random numbers drawn are the same). Returns {"samples": [{prompt, temperature,
    greedy, text, generated}], "next_word": [{prompt, top_words, top_scores, by_temperature}], ...}
    with the settings; JSON-able (see next_word_distribution for next_word).
    """
    temperatures = [float(T) for T in temperatures]
    exclude = [] if allow_unk or UNK not in words else [words.index(UNK)]
    stop_id = words.index(EOS) if stop_at_eos and EOS in words else None
    samples, next_words = [], []
    for prompt in prompts:
        prompt_ids = prompt_to_ids(prompt, words)
        for T in temperatures:
            ids = generate(model, prompt_ids, length, temperature=T, top_k=top_k, exclude_ids=exclude,
                           stop_id=stop_id, rng=seed)
            samples.append({"prompt": prompt, "temperature": T, "greedy": T == 0,
                            "text": render([words[i] for i in prompt_ids + ids]),
                            "generated": [words[i] for i in ids]})
        dist = next_word_distribution(model, prompt_ids, temperatures, k, exclude)
        next_words.append({"prompt": prompt, "top_words": [words[i] for i in dist["top_ids"]], **dist})
    return {"prompts": list(prompts), "temperatures": temperatures, "length": length, "top_k": top_k,
            "allow_unk": allow_unk, "stop_at_eos": stop_at_eos, "seed": seed, "samples": samples,
            "next_word": next_words}
