"""Count-based language models, the baselines an RNN language model is measured against.

    model = KneserNey(n=5).fit(train_ids, vocab_size)
    model.perplexity(test_ids)          # exp(mean -log p) over every token of the split
    model.next_word_probs(context_ids)  # (V,) probabilities of the next word, summing to 1

Three models, each with fit / next_word_probs / token_probs / perplexity:
  Unigram      p(w) = (c(w) + k) / (N + k V): add-k, so an unseen word keeps a probability.
  Bigram       p(w | v) = lam c(v w) / c(v .) + (1 - lam) p_unigram(w): linear interpolation
               (Jelinek-Mercer) with one fixed weight lam; an unseen context v uses p_unigram alone.
  KneserNey    interpolated Kneser-Ney of any order n (Chen & Goodman 1998), described below.

A text is read as one long stream, as the RNN reads it: a context may reach back across
'<eos>'. Token i is predicted from the (at most n - 1) tokens before it, so the first tokens
of a split use shorter contexts.

N-grams are stored without Python dicts: the n-gram (h, w) gets the key id(h) * V + w,
where id(h) numbers the distinct (n-1)-grams h of the training text; the keys of each order
are kept sorted, so looking up many n-grams at once is one np.searchsorted.
"""
import math

import numpy as np

from lib.checks import check_ids


class NgramModel:
    """What the models share: perplexity from the probability of every token."""

    order = 1  # n: a word is predicted from the n - 1 words before it

    def token_probs(self, corpus_ids):
        """(L,) the probability of each token of corpus_ids (L,) given the tokens before it."""
        raise NotImplementedError

    def next_word_probs(self, context_ids):
        """(V,) probability of each word after context_ids (any length; only the last n - 1 count)."""
        raise NotImplementedError

    def perplexity(self, corpus_ids):
        """exp(mean -log p(token | its left context)) over every token of corpus_ids (L,)."""
        self._check_fitted()
        p = self.token_probs(_as_ids(corpus_ids, self.vocab_size, "corpus_ids"))
        return math.exp(-np.mean(np.log(p)))

    def _check_fitted(self):
        if getattr(self, "vocab_size", None) is None:
            raise RuntimeError(f"this {type(self).__name__} is not fitted yet: call fit(corpus_ids, vocab_size)")


class Unigram(NgramModel):
    """p(w) = (c(w) + k) / (N + k V): add-k smoothing (k = 1 is Laplace's add-one)."""

    order = 1

    def __init__(self, k=1.0):
        if k <= 0:
            raise ValueError(f"k must be positive (else an unseen word gets probability 0), got {k}")
        self.k = k
        self.vocab_size = None

    def fit(self, corpus_ids, vocab_size):
        corpus_ids = _as_ids(corpus_ids, vocab_size, "corpus_ids")
        counts = np.bincount(corpus_ids, minlength=vocab_size)
        self.probs = (counts + self.k) / (len(corpus_ids) + self.k * vocab_size)
        self.vocab_size = vocab_size
        return self

    def next_word_probs(self, context_ids=()):
        self._check_fitted()
        return self.probs.copy()

    def token_probs(self, corpus_ids):
        self._check_fitted()
        return self.probs[np.asarray(corpus_ids, dtype=np.int64)]


class Bigram(NgramModel):
    """p(w | v) = lam * c(v w) / c(v .) + (1 - lam) * p_unigram(w); unseen v: p_unigram(w).

    c(v .) counts the bigrams that start with v. lam is one fixed weight (0 < lam < 1);
    the default 0.7 is about the best for PTB valid (0.6 and 0.8 are within 2%).
    """

    order = 2

    def __init__(self, lam=0.7, k=1.0):
        if not 0 < lam < 1:
            raise ValueError(f"lam must be between 0 and 1 (exclusive), got {lam}")
        self.lam = lam
        self.unigram = Unigram(k)
        self.vocab_size = None

    def fit(self, corpus_ids, vocab_size):
        corpus_ids = _as_ids(corpus_ids, vocab_size, "corpus_ids")
        self.unigram.fit(corpus_ids, vocab_size)
        pair_keys = corpus_ids[:-1].astype(np.int64) * vocab_size + corpus_ids[1:]
        self.keys, self.counts = np.unique(pair_keys, return_counts=True)  # sorted keys v * V + w
        self.context_totals = np.bincount(corpus_ids[:-1], minlength=vocab_size)  # c(v .)
        self.vocab_size = vocab_size
        return self

    def _probs(self, prev, words):
        """p(words | prev) for arrays prev, words of one shape; prev -1 = no context."""
        V = self.vocab_size
        counts = _lookup_counts(self.keys, self.counts, np.where(prev >= 0, prev * V + words, -1))
        totals = np.where(prev >= 0, self.context_totals[np.maximum(prev, 0)], 0)
        p_uni = self.unigram.probs[words]
        p_ml = counts / np.maximum(totals, 1)
        return np.where(totals > 0, self.lam * p_ml + (1 - self.lam) * p_uni, p_uni)

    def next_word_probs(self, context_ids):
        self._check_fitted()
        context_ids = _as_ids(context_ids, self.vocab_size, "context_ids")
        prev = np.int64(context_ids[-1]) if len(context_ids) else np.int64(-1)
        return self._probs(np.full(self.vocab_size, prev), np.arange(self.vocab_size))

    def token_probs(self, corpus_ids):
        self._check_fitted()
        corpus = np.asarray(corpus_ids, dtype=np.int64)
        prev = np.concatenate([[-1], corpus[:-1]])  # the first token has no context
        return self._probs(prev, corpus)


class KneserNey(NgramModel):
    """Interpolated Kneser-Ney smoothing of order n (as defined by Chen & Goodman 1998).

    For the highest order n, with a context h of n - 1 words:
        p(w | h) = max(c(h w) - D, 0) / c(h .)  +  D * T(h) / c(h .) * p_lower(w | h')
    where c(h .) = sum_w c(h w), T(h) = the number of distinct words seen after h, and h' is h
    without its first word. A lower order k < n uses the same formula with *continuation counts*
    N(h w) = the number of distinct words seen just before h w, instead of the counts c(h w):
    a word that follows many different contexts is a better guess for an unseen context than
    one that is frequent after a single context ("Francisco" after "San").
    Below order 1 is the uniform distribution 1 / V, so every word keeps a probability.
    A context never seen in training (c(h .) = 0) passes all its weight to the order below.
    Each order k has its own discount D_k = n1 / (n1 + 2 n2), from the numbers n1 and n2 of
    k-grams whose (raw or continuation) count is 1 and 2; 0.5 if no count is 1.
    """

    def __init__(self, n=3):
        if n < 1:
            raise ValueError(f"the order n must be at least 1, got {n}")
        self.order = n
        self.vocab_size = None

    def fit(self, corpus_ids, vocab_size):
        """Count the 1- to n-grams of corpus_ids (L,) and their continuation counts; returns self."""
        corpus = _as_ids(corpus_ids, vocab_size, "corpus_ids").astype(np.int64)
        n, V, L = self.order, vocab_size, len(corpus_ids)
        if L < n:
            raise ValueError(f"a {n}-gram model needs a corpus of at least {n} tokens, got {L}")
        self.vocab_size = V
        # Per order k = 1..n (index k-1): sorted keys id(h) * V + w of the k-grams, the counts that
        # order uses, and per context id: the total count c(h .) and the number of types T(h).
        self.keys, self.counts, self.totals, self.types, self.discounts = [], [], [], [], []
        gram_ids = np.zeros(L, dtype=np.int64)  # id of the (k-1)-gram ending at each position (k=1: empty)
        for k in range(1, n + 1):
            ends = np.arange(k - 1, L)  # positions where a k-gram ends
            keys = gram_ids[ends - 1] * V + corpus[ends] if k > 1 else corpus.copy()
            uniq, inverse, raw = np.unique(keys, return_inverse=True, return_counts=True)
            if k == n:
                counts = raw
            else:
                # continuation count: distinct words just before the k-gram (only where there is one)
                pairs = np.unique(inverse[1:] * V + corpus[ends[1:] - k])  # k-grams with a word before
                counts = np.bincount(pairs // V, minlength=len(uniq))
            contexts = uniq // V
            n_contexts = 1 if k == 1 else len(self.keys[-1])
            self.keys.append(uniq)
            self.counts.append(counts)
            self.totals.append(np.bincount(contexts, weights=counts, minlength=n_contexts))
            self.types.append(np.bincount(contexts[counts > 0], minlength=n_contexts))
            n1, n2 = np.sum(counts == 1), np.sum(counts == 2)
            self.discounts.append(float(n1 / (n1 + 2 * n2)) if n1 > 0 else 0.5)
            next_ids = np.full(L, -1, dtype=np.int64)
            next_ids[ends] = inverse
            gram_ids = next_ids
        return self

    def _gram_ids(self, corpus):
        """ids[k][i] = id of the k-gram ending at position i of corpus (L,), -1 if unseen; ids[0] = 0."""
        V, L = self.vocab_size, len(corpus)
        ids = [np.zeros(L, dtype=np.int64)]
        for k in range(1, self.order):
            prev = np.concatenate([[-1], ids[-1][:-1]]) if k > 1 else np.zeros(L, dtype=np.int64)
            ids.append(_lookup_index(self.keys[k - 1], np.where(prev >= 0, prev * V + corpus, -1)))
        return ids

    def _probs(self, contexts, words):
        """p(words | contexts): contexts[k] = id of the k-word context per word (-1 unseen), k < n."""
        V = self.vocab_size
        p = np.full(words.shape, 1.0 / V)
        for k in range(1, self.order + 1):
            ctx = contexts[k - 1]
            seen = ctx >= 0
            c = _lookup_counts(self.keys[k - 1], self.counts[k - 1], np.where(seen, ctx * V + words, -1))
            safe = np.maximum(ctx, 0)
            total = np.where(seen, self.totals[k - 1][safe], 0.0)
            types = np.where(seen, self.types[k - 1][safe], 0)
            D = self.discounts[k - 1]
            mixed = (np.maximum(c - D, 0) + D * types * p) / np.maximum(total, 1)
            p = np.where(total > 0, mixed, p)  # an unseen context leaves p to the lower order
        return p

    def token_probs(self, corpus_ids):
        self._check_fitted()
        corpus = np.asarray(corpus_ids, dtype=np.int64)
        ids = self._gram_ids(corpus)
        # The context of token i is the (k-1)-gram ending at i - 1: shift each order by one.
        contexts = [np.zeros(len(corpus), dtype=np.int64)]
        contexts += [np.concatenate([[-1], g[:-1]]) for g in ids[1:]]
        return self._probs(contexts, corpus)

    def next_word_probs(self, context_ids):
        self._check_fitted()
        V = self.vocab_size
        context = _as_ids(context_ids, V, "context_ids").astype(np.int64)
        context = context[max(0, len(context) - (self.order - 1)):]  # only the last n - 1 words count
        ids = self._gram_ids(context)
        contexts = [np.zeros(V, dtype=np.int64)]
        contexts += [np.full(V, g[-1] if len(context) else -1) for g in ids[1:]]
        return self._probs(contexts, np.arange(V))


def _lookup_index(sorted_keys, keys):
    """Index of each key in sorted_keys, -1 where it is absent (or the key is -1)."""
    idx = np.searchsorted(sorted_keys, keys)
    idx = np.minimum(idx, len(sorted_keys) - 1)
    found = (keys >= 0) & (sorted_keys[idx] == keys)
    return np.where(found, idx, -1)


def _lookup_counts(sorted_keys, counts, keys):
    """counts of each key in sorted_keys (0 where absent)."""
    idx = _lookup_index(sorted_keys, keys)
    return np.where(idx >= 0, counts[np.maximum(idx, 0)], 0)


def _as_ids(ids, vocab_size, name):
    """ids as a 1-D integer array with values in [0, vocab_size); a clear error otherwise."""
    ids = np.asarray(ids)
    if ids.ndim != 1:
        raise ValueError(f"{name} must be a 1-D sequence of word ids, got shape {ids.shape}")
    if ids.size == 0:
        ids = ids.astype(np.int64)
    check_ids(name, ids, vocab_size)
    return ids
