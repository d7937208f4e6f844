"""N-gram baselines (lib.ngram): distributions sum to 1, a hand-computed Kneser-Ney value, sensible orderings."""
from fractions import Fraction

import numpy as np
import pytest

from lib.ngram import Bigram, KneserNey, Unigram

MODELS = [Unigram, Bigram, lambda: KneserNey(2), lambda: KneserNey(3), lambda: KneserNey(5)]
MODEL_IDS = ["unigram", "bigram", "kn2", "kn3", "kn5"]


def markov_corpus(length, vocab_size=20, seed=0, source_seed=0):
    """Text from a fixed random second-order Markov source: each pair (u, v) prefers a few next words."""
    source = np.random.default_rng(source_seed)
    probs = source.dirichlet(np.full(vocab_size, 0.1), size=(vocab_size, vocab_size))
    rng = np.random.default_rng(seed)
    ids = [0, 1]
    for _ in range(length - 2):
        ids.append(rng.choice(vocab_size, p=probs[ids[-2], ids[-1]]))
    return np.array(ids)


@pytest.fixture(scope="module")
def toy():
    """(train, held-out) from the same source, vocabulary 24 of which ids 20..23 never occur."""
    return markov_corpus(6000, seed=1), markov_corpus(1500, seed=2), 24


@pytest.mark.parametrize("make", MODELS, ids=MODEL_IDS)
def test_next_word_probs_sum_to_one(make, toy):
    train, held_out, V = toy
    model = make().fit(train, V)
    contexts = [[], [3], [5, 7], list(train[100:110]), list(held_out[:4]),
                [21, 22], [22, 23, 21, 20], [3, 21], [21, 3, 4]]  # 20..23: never seen in training
    for context in contexts:
        p = model.next_word_probs(context)
        assert p.shape == (V,)
        assert np.all(p > 0), f"a word has probability 0 after {context}"
        assert p.sum() == pytest.approx(1.0, abs=1e-12), f"probabilities after {context} sum to {p.sum()}"


@pytest.mark.parametrize("make", MODELS, ids=MODEL_IDS)
def test_token_probs_agree_with_next_word_probs(make, toy):
    """The vectorised per-token path and the per-context path give the same numbers."""
    train, held_out, V = toy
    model = make().fit(train, V)
    text = np.concatenate([held_out[:30], [21, 4, 22, 5]])
    p = model.token_probs(text)
    for i, word in enumerate(text):
        assert p[i] == pytest.approx(model.next_word_probs(text[:i])[word], rel=1e-12)


def test_perplexities_ordered_on_held_out_text(toy):
    """A second-order source: the trigram model beats the bigram, which beats the unigram."""
    train, held_out, V = toy
    ppl = {name: make().fit(train, V).perplexity(held_out) for name, make in zip(MODEL_IDS, MODELS)}
    assert ppl["unigram"] > 1.1 * ppl["bigram"]
    assert ppl["bigram"] >= ppl["kn3"]
    assert ppl["kn2"] >= ppl["kn3"]  # the second order matters
    assert ppl["kn3"] < 0.8 * ppl["bigram"]


def test_kneser_ney_by_hand():
    """Corpus a b c a b a c (ids 0 1 2 0 1 0 2), vocabulary 4 (d = 3 never seen), KN bigram model.

    Bigram counts: ab 2; bc, ca, ba, ac 1 -> D2 = n1 / (n1 + 2 n2) = 4 / 6.
    Continuation counts (distinct words before): a {c, b} 2, b {a} 1, c {b, a} 2, d 0 -> D1 = 1 / (1 + 2*2).
    p1(w) = (max(N(w) - D1, 0) + D1 * 3 / 4) / 5: a .39, b .19, c .39, d .03.
    p(a | b) = (max(1 - D2, 0) + D2 * 2 * p1(a)) / 2 = (1/3 + 4/3 * .39) / 2 = 256/600.
    """
    model = KneserNey(2).fit([0, 1, 2, 0, 1, 0, 2], 4)
    assert model.discounts == pytest.approx([1 / 5, 2 / 3])
    np.testing.assert_allclose(model.next_word_probs([3]), [0.39, 0.19, 0.39, 0.03])  # unseen context: p1
    p1_a = Fraction(39, 100)
    assert model.next_word_probs([1])[0] == pytest.approx(float((Fraction(1, 3) + Fraction(4, 3) * p1_a) / 2))
    assert model.next_word_probs([1])[0] == pytest.approx(256 / 600)
    np.testing.assert_allclose(model.next_word_probs([2, 1]), model.next_word_probs([1]))  # only n - 1 words count
    # the first token has no context: it gets p1
    assert model.token_probs(np.array([0, 1]))[0] == pytest.approx(0.39)


def test_unigram_and_bigram_by_hand():
    corpus = [0, 1, 2, 0, 1, 0, 2]
    uni = Unigram(k=1).fit(corpus, 4)
    np.testing.assert_allclose(uni.next_word_probs([]), np.array([3 + 1, 2 + 1, 2 + 1, 0 + 1]) / (7 + 4))
    bi = Bigram(lam=0.5).fit(corpus, 4)
    # c(b .) = 2 (b a, b c): p(a | b) = 0.5 * 1/2 + 0.5 * p_uni(a)
    assert bi.next_word_probs([1])[0] == pytest.approx(0.5 * 0.5 + 0.5 * 4 / 11)
    np.testing.assert_allclose(bi.next_word_probs([3]), uni.next_word_probs([]))  # unseen context


def test_clear_errors():
    with pytest.raises(ValueError, match="outside the vocabulary"):
        KneserNey(3).fit([0, 1, 5], 4)
    with pytest.raises(RuntimeError, match="not fitted"):
        KneserNey(3).perplexity([0, 1])
    with pytest.raises(ValueError, match="lam"):
        Bigram(lam=1.5)
    with pytest.raises(ValueError, match="order"):
        KneserNey(0)


@pytest.fixture(scope="module")
def ptb_splits():
    from lib.datasets import ptb
    try:
        train, word_to_id, _ = ptb.load_data("train")
        test = ptb.load_data("test")[0]
    except ptb.PtbDataError as err:
        pytest.skip(f"PTB data not available: {err}")
    return train, test, word_to_id


def test_kn5_on_ptb(ptb_splits):
    """Interpolated KN5 near the published modified-KN5 test perplexity (141.2, Mikolov et al. 2011)."""
    train, test, word_to_id = ptb_splits
    model = KneserNey(5).fit(train, len(word_to_id))
    ids = [word_to_id[w] for w in "the company said it expects".split()]
    for context in [ids, ids[:1], [], [word_to_id["<eos>"]], [word_to_id["zero"], word_to_id["zero"]] * 2]:
        assert model.next_word_probs(context).sum() == pytest.approx(1.0, abs=1e-9)
    assert 135 < model.perplexity(test) < 160
