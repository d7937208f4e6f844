"""Checkers for the exercises of notebook 5.1 (probability and language models), numpy only.

Each checker computes the right answer from the data it is given (the six-sentence corpus, the
two stories), so a test can build one on the notebook's data and feed it wrong answers:

    check = SentenceProbability(sentences, "you say hello .".split())
    check(0.5)      # not yet: a nudge; a second wrong answer adds the detail
"""
import numpy as np

from lib.exercises import Exercise, Hint


def prefix_count(sentences, prefix):
    """How many sentences (tuples of words) begin with the words of prefix (the empty prefix: all)."""
    prefix = tuple(prefix)
    return sum(s[:len(prefix)] == prefix for s in sentences)


def _close(a, b, tol=1e-3):
    return bool(np.isclose(a, b, rtol=0, atol=tol))


def _number(answer):
    """The answer as a float, or None when it is not a single number."""
    try:
        value = float(answer)
    except (TypeError, ValueError):
        return None
    return value if np.isfinite(value) else None


class SentenceProbability(Exercise):
    """Exercise 1: P(sentence) as the product of P(w_t | all the words on its left), from sentence-start counts."""

    def __init__(self, sentences, sentence, lang="en"):
        super().__init__(lang=lang)
        self.sentences = [tuple(s) for s in sentences]
        self.sentence = list(sentence)
        n = len(self.sentence)
        counts = [prefix_count(self.sentences, self.sentence[:t]) for t in range(n + 1)]
        if counts[-1] == 0:
            raise ValueError(self.tr("the sentence must occur in the corpus: its probability would be 0"))
        self.factors = [counts[t + 1] / counts[t] for t in range(n)]
        self.expected = float(np.prod(self.factors))
        # the chain rule without the conditioning: each prefix's share of all the sentences
        self.prefix_shares = float(np.prod([counts[t + 1] / counts[0] for t in range(n)]))

    def diagnose(self, answer):
        value = _number(answer)
        if value is None:
            return Hint(self.tr("give one number (a float), the product of the four factors."))
        if not 0 <= value <= 1:
            return Hint(self.tr("{value:g} is not a probability: a product of probabilities lies between 0 and 1.")
                        .format(value=value),
                        self.tr("Each factor is count(context + word) / count(context), a number between 0 and 1."))
        if _close(value, self.expected):
            return None
        for skip in range(len(self.factors)):
            if self.factors[skip] != 1 and _close(value, self.expected / self.factors[skip]):
                return Hint(self.tr("you have all but one of the factors: the chain rule has one factor per word, the "
                                    "first word and the final '.' included."),
                            self.tr("Write the four factors P(w_1), P(w_2 | w_1), P(w_3 | w_1 w_2), P(w_4 | w_1 w_2 "
                                    "w_3) and check each against the counts: one of yours is missing."))
        if _close(value, self.prefix_shares, tol=1e-4):
            return Hint(self.tr("each factor is a conditional probability: divide by the count of its context, not by "
                                "the number of sentences."),
                        self.tr("P(w_t | w_1..w_{t-1}) = prefix_count(w_1..w_t) / prefix_count(w_1..w_{t-1}); only the "
                                "first factor divides by all the sentences (the empty context)."))
        return Hint(self.tr("multiply one conditional probability per word, each conditioned on all the words to its "
                            "left."),
                    self.tr("P(w_t | w_1..w_{t-1}) = (sentences that begin with w_1..w_t) / (sentences that begin with "
                            "w_1..w_{t-1}); prefix_count gives both counts."))


class BigramSentenceProbability(Exercise):
    """Exercise 2: a function sentence -> P(sentence) under the bigram model counted inside the sentences."""

    probes = ("i say goodbye and you say goodbye .", "you say hello .")

    def __init__(self, sentences, lang="en"):
        super().__init__(lang=lang)
        self.sentences = [tuple(s) for s in sentences]
        self.pairs = [(s[i], s[i + 1]) for s in self.sentences for i in range(len(s) - 1)]
        self.words = [w for s in self.sentences for w in s]

    def start(self, word):
        return sum(s[0] == word for s in self.sentences) / len(self.sentences)

    def conditional(self, a, b):
        after_a = [pair for pair in self.pairs if pair[0] == a]
        return sum(pair == (a, b) for pair in after_a) / len(after_a) if after_a else 0.0

    def probability(self, sentence, first="start", pairs="conditional"):
        """The bigram probability, or one of the usual mistakes (first: 'start', 'none', 'unigram';
        pairs: 'conditional', 'joint': count(a b) / all pairs)."""
        p = {"start": self.start(sentence[0]), "none": 1.0,
             "unigram": self.words.count(sentence[0]) / len(self.words)}[first]
        for a, b in zip(sentence[:-1], sentence[1:]):
            p *= self.conditional(a, b) if pairs == "conditional" else self.pairs.count((a, b)) / len(self.pairs)
        return p

    def __call__(self, fn):
        if fn is None:
            return super().__call__(None)
        got = [fn(p.split()) for p in self.probes]
        if any(g is None for g in got):
            return super().__call__(None)
        return super().__call__(got)

    def diagnose(self, got):
        values = [_number(g) for g in got]
        if any(v is None for v in values):
            return Hint(self.tr("your function must return one number per sentence; it returned {got}.")
                        .format(got=repr(got)))
        probes = [p.split() for p in self.probes]

        def matches(**kind):
            return all(np.isclose(v, self.probability(s, **kind), rtol=1e-6, atol=1e-12)
                       for v, s in zip(values, probes))

        if matches():
            return None
        if any(v < 0 or v > 1 for v in values):
            return Hint(self.tr("a probability lies between 0 and 1: return the product itself, not its logarithm."))
        if matches(first="none"):
            return Hint(self.tr("the first word has a probability too."),
                        self.tr("Multiply by P(w_1): the share of sentences that start with w_1 (4 of 6 start with "
                                "'you')."))
        if matches(first="unigram"):
            return Hint(self.tr("P(w_1) is about how sentences start, not how often the word occurs anywhere."),
                        self.tr("P(w_1) = (sentences whose first word is w_1) / (number of sentences)."))
        if matches(pairs="joint"):
            return Hint(self.tr("each pair factor is conditional on the previous word."),
                        self.tr("P(b | a) = count(a b) / count(a followed by any word), not count(a b) / all pairs."))
        return Hint(self.tr("your values for the two test sentences are {values}; compare them factor by factor with "
                            "counts you make by hand.").format(values=values),
                    self.tr("Count a pair (a, b) only inside a sentence; P(b | a) = count(a b) / count(a followed by "
                            "any word). For 'you say hello .': P(hello | say) is 5/8 and P('.' | hello) is 4/5."))


class WindowLength(Exercise):
    """Exercise 3: after inserting words into both stories, the window a model needs to tell them apart."""

    def __init__(self, stories, inserted, after=".", lang="en"):
        super().__init__(lang=lang)
        self.inserted = list(inserted)
        self.longer = []
        for story in stories:
            cut = list(story).index(after) + 1
            self.longer.append(list(story[:cut]) + self.inserted + list(story[cut:]))
        self.old = self.needed([list(s) for s in stories])
        self.expected = self.needed(self.longer)

    @staticmethod
    def needed(stories):
        """The smallest window (words to the left of the last word) whose contents differ between two stories."""
        a, b = stories[0][:-1], stories[1][:-1]
        return next(k for k in range(1, len(a) + 1) if a[-k:] != b[-k:])

    def diagnose(self, answer):
        value = _number(answer)
        if value is None or value != int(value):
            return Hint(self.tr("give the window as a whole number of words."))
        value = int(value)
        if value == self.expected:
            return None
        if value == self.old:
            return Hint(self.tr("that is the distance before the insertion; where did the new words go?"),
                        self.tr("The inserted words sit between the deciding first word and the target, so they add to "
                                "the distance."))
        if abs(value - self.expected) == 1:
            return Hint(self.tr("off by one: count the words of the window itself."),
                        self.tr("The window is the last k words before the target; it must reach back to, and include, "
                                "the story's first word."))
        if value < self.expected:
            return Hint(self.tr("too short: a window of that size still sees the same words in both stories."),
                        self.tr("Count every inserted token, '.' included ({n} of them), and add them to the old "
                                "distance.").format(n=len(self.inserted)))
        return Hint(self.tr("too long: the window only has to reach the first word, which decides the name."),
                    self.tr("The old stories needed {old} words; the insertion adds {n} tokens.")
                    .format(old=self.old, n=len(self.inserted)))
