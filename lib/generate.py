"""Text from a trained RNN language model: greedy decoding, or sampling with temperature and top-k.

    ids = generate(model, prompt_ids, length=30, temperature=0.8, top_k=40, rng=0, exclude_ids=[unk_id])
    text = generate_text(model, "the company said", words, length=30, rng=0)

    python -m lib.generate --checkpoint results/ptb-rnnlm/checkpoint.npz --prompt "the company said"

The prompt's words go through the (stateful) model first; then each chosen word is fed
back in to get the scores of the one after it.
"""
import argparse
import sys

import numpy as np

from lib.functions import softmax

EOS, UNK = "<eos>", "<unk>"  # PTB's end of sentence and rare-word tokens


def next_word(scores, temperature=1.0, top_k=None, exclude_ids=(), rng=None):
    """Choose a word id from the scores (V,) of the next word.

    temperature 0: the best-scoring word (greedy). Otherwise a sample from
    softmax(scores / temperature), restricted to the top_k best words if top_k is given;
    a low temperature sharpens the distribution, a high one flattens it.
    Ids in exclude_ids are never chosen. rng: a numpy Generator or a seed.
    """
    if temperature < 0:
        raise ValueError(f"temperature must be >= 0 (0 = greedy), got {temperature}")
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


def generate(model, prompt_ids, length, greedy=False, temperature=1.0, top_k=None, exclude_ids=(),
             stop_id=None, rng=None):
    """The ids of up to `length` words that follow prompt_ids (a sequence of at least one id).

    model: has predict(xs (1, T)) -> scores (1, T, V), carrying its hidden state, and reset_state().
    greedy (or temperature 0): always the best word. stop_id: stop after generating this id.
    rng: a numpy Generator or a seed; the same seed gives the same words.
    """
    prompt_ids = np.asarray(prompt_ids, dtype=np.int64).reshape(1, -1)
    if prompt_ids.size == 0:
        raise ValueError(f"the prompt needs at least one word (a prompt of just {EOS!r} starts a new sentence)")
    rng = np.random.default_rng(rng)
    model.reset_state()
    scores = model.predict(prompt_ids)[0, -1]
    generated = []
    for _ in range(length):
        word = next_word(scores, 0 if greedy else temperature, top_k, exclude_ids, rng)
        generated.append(word)
        if word == stop_id:
            break
        scores = model.predict(np.array([[word]]))[0, -1]
    return generated


def prompt_to_ids(prompt, words):
    """Word ids of the prompt's words (split at spaces; a line break is <eos>); ValueError naming an unknown word.

    words: the vocabulary, id -> word. A word missing as written is looked up in lower case.
    """
    word_to_id = {word: i for i, word in enumerate(words)}
    ids = []
    for word in prompt.replace("\n", f" {EOS} ").split():
        word_id = word_to_id.get(word, word_to_id.get(word.lower()))
        if word_id is None:
            raise ValueError(
                f"the prompt word {word!r} is not in the model's vocabulary of {len(words):,} words; "
                f"use other words (PTB is lower case, numbers are 'N', rare words are '{UNK}')")
        ids.append(word_id)
    return ids


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


def parse_args(argv=None):
    p = argparse.ArgumentParser(
        prog="python -m lib.generate",
        description="Continue a prompt with a trained SimpleRnnlm (a checkpoint from python -m lib.train).",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    p.add_argument("--checkpoint", required=True, help="a checkpoint .npz (lib.train --checkpoint PATH)")
    p.add_argument("--prompt", default=EOS, help="the words to continue (<eos>: a new sentence)")
    p.add_argument("--length", type=int, default=30, help="how many words to generate")
    p.add_argument("--temperature", type=float, default=1.0, help="sampling temperature (0 = greedy)")
    p.add_argument("--top-k", type=int, default=None, help="sample from the k best words only")
    p.add_argument("--seed", type=int, default=0, help="random seed: the same seed gives the same text")
    p.add_argument("--greedy", action="store_true", help="always take the best word (no sampling)")
    p.add_argument("--allow-unk", action="store_true", help=f"let the model produce {UNK}")
    p.add_argument("--stop-at-eos", action="store_true", help="stop at the end of the first sentence")
    p.add_argument("--data-dir", default=None, help="PTB folder, for the vocabulary if the checkpoint lacks it")
    return p.parse_args(argv)


def main(argv=None):
    from lib import checkpoint  # imported here so that --help is fast

    args = parse_args(argv)
    try:
        ckpt = checkpoint.load(args.checkpoint)
    except (OSError, ValueError) as err:
        sys.exit(f"lib.generate: error: {err}")
    words = ckpt.meta.get("words")
    if words is None:  # a checkpoint written without its vocabulary: PTB's, cut to the model's size
        from lib.datasets import ptb
        id_to_word = ptb.load_data("train", data_dir=args.data_dir)[2]
        words = [id_to_word[i] for i in range(ckpt.meta["model"]["vocab_size"])]
    model = checkpoint.build_model(ckpt)
    try:
        text = generate_text(model, args.prompt, words, args.length, args.greedy, args.temperature,
                             args.top_k, args.allow_unk, args.stop_at_eos, args.seed)
    except ValueError as err:
        sys.exit(f"lib.generate: error: {err}")
    print(text)
    return text


if __name__ == "__main__":
    main()
