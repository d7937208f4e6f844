"""The checkers of notebooks 5.1 and 5.2 (lib.exercises.language_models, lib.exercises.rnn_basics).

Each checker gets a right answer (accepted), no answer (not attempted), and the wrong answers a learner
is likely to give: each must be rejected, the first time with a nudge only, later with the detail, and
never with the answer in the message.
"""
import numpy as np
import pytest

from lib.exercises.language_models import BigramSentenceProbability, SentenceProbability, WindowLength
from lib.exercises.rnn_basics import BatchPositions, GradientScale, RnnStep
from lib.viz.explorers import gradient_norms_through_time

TEXT = ("you say goodbye. you say hello. i say hello. you say hello. "
        "i say goodbye and you say hello. you say hello and i say goodbye.")
SENTENCES = [tuple(s.split()) + (".",) for s in TEXT.replace(".", " .").split(" .") if s.strip()]
STORIES = [
    "tom was watching tv in his room . mary came into the room . mary said hi to tom".split(),
    "ken was watching tv in his room . mary came into the room . mary said hi to ken".split(),
]


def verdict(check, answer, capsys):
    ok = check(answer)
    return ok, capsys.readouterr().out


def assert_rejected(check, answer, capsys, nudge_part, forbidden=()):
    """A wrong answer: False, a nudge the first time, the nudge and more text the second time."""
    fresh = type(check).__new__(type(check))
    fresh.__dict__.update(check.__dict__)
    fresh.wrong_attempts = 0
    ok, first = verdict(fresh, answer, capsys)
    assert not ok and first.startswith("not yet: ") and nudge_part in first, first
    ok, second = verdict(fresh, answer, capsys)
    assert not ok and second.startswith(first.strip()), (first, second)
    for text in forbidden:
        assert text not in first and text not in second, (text, second)
    return first, second


def test_the_corpus_is_the_notebooks():
    assert len(SENTENCES) == 6 and SENTENCES[4] == tuple("i say goodbye and you say hello .".split())


# ---------------------------------------------------------------- 5.1

def test_sentence_probability(capsys):
    check = SentenceProbability(SENTENCES, "you say hello .".split())
    assert check.expected == pytest.approx(1 / 3)
    assert verdict(check, None, capsys) == (False, "not attempted yet\n")
    assert verdict(check, 1 / 3, capsys) == (True, "correct\n")
    forbidden = ["0.333", "1/3"]
    assert_rejected(check, 0.5, capsys, "all but one", forbidden)  # stopped after 'hello' (or left out P(you))
    assert_rejected(check, 4 / 6 * 4 / 6 * 3 / 6 * 2 / 6, capsys, "conditional", forbidden)
    assert_rejected(check, 1.5, capsys, "not a probability", forbidden)
    assert_rejected(check, 0.1, capsys, "multiply one conditional", forbidden)
    assert_rejected(check, "a third", capsys, "one number", forbidden)


def test_sentence_probability_every_branch_can_fail_and_pass():
    """The old checker had a branch that could never run; here each hint has an answer that reaches it."""
    check = SentenceProbability(SENTENCES, "you say hello .".split())
    hints = {check.diagnose(a).nudge for a in [0.5, 0.0741, 2.0, 0.2, None]}
    assert len(hints) == 5


def test_sentence_probability_needs_a_sentence_of_the_corpus():
    with pytest.raises(ValueError, match="occur"):
        SentenceProbability(SENTENCES, "hello say you .".split())


def solution_bigram(sentence):
    p = sum(s[0] == sentence[0] for s in SENTENCES) / len(SENTENCES)
    pairs = [(s[i], s[i + 1]) for s in SENTENCES for i in range(len(s) - 1)]
    for a, w in zip(sentence[:-1], sentence[1:]):
        after_a = [pair for pair in pairs if pair[0] == a]
        p *= sum(pair == (a, w) for pair in after_a) / len(after_a)
    return p


def test_bigram_sentence_probability(capsys):
    check = BigramSentenceProbability(SENTENCES)
    new = "i say goodbye and you say goodbye .".split()
    assert check.probability(new) == pytest.approx(1 / 192)
    assert check.probability("you say hello .".split()) == pytest.approx(1 / 3)
    assert verdict(check, None, capsys) == (False, "not attempted yet\n")
    assert verdict(check, lambda sentence: None, capsys) == (False, "not attempted yet\n")  # the scaffold
    assert verdict(check, solution_bigram, capsys) == (True, "correct\n")

    def no_start(sentence):
        return solution_bigram(sentence) / check.start(sentence[0])

    def unigram_start(sentence):
        return no_start(sentence) * check.words.count(sentence[0]) / len(check.words)

    def joint_pairs(sentence):
        return check.probability(sentence, pairs="joint")

    def log_prob(sentence):
        return np.log(solution_bigram(sentence))

    forbidden = ["0.005208", "1/192"]
    assert_rejected(check, no_start, capsys, "first word", forbidden)
    assert_rejected(check, unigram_start, capsys, "how sentences start", forbidden)
    assert_rejected(check, joint_pairs, capsys, "conditional on the previous word", forbidden)
    assert_rejected(check, log_prob, capsys, "between 0 and 1", forbidden)
    assert_rejected(check, lambda sentence: 0.01 * len(sentence), capsys, "factor by factor", forbidden)
    assert_rejected(check, lambda sentence: "small", capsys, "one number per sentence", forbidden)


def test_window_length(capsys):
    inserted = "and then he fell asleep .".split()
    check = WindowLength(STORIES, inserted)
    assert (check.old, check.expected) == (18, 24)
    assert verdict(check, None, capsys) == (False, "not attempted yet\n")
    assert verdict(check, 24, capsys) == (True, "correct\n")
    forbidden = ["24"]
    assert_rejected(check, 18, capsys, "before the insertion", forbidden)
    assert_rejected(check, 23, capsys, "off by one", forbidden)
    assert_rejected(check, 25, capsys, "off by one", forbidden)
    assert_rejected(check, 22, capsys, "too short", forbidden)  # the '.' forgotten, and one more
    assert_rejected(check, 30, capsys, "too long", forbidden)
    assert_rejected(check, 2.5, capsys, "whole number", forbidden)


# ---------------------------------------------------------------- 5.2

def test_rnn_step(capsys):
    check = RnnStep()
    assert verdict(check, None, capsys) == (False, "not attempted yet\n")
    assert verdict(check, lambda x, h, Wx, Wh, b: np.tanh(h @ Wh + x @ Wx + b), capsys) == (True, "correct\n")
    forbidden = ["tanh(h_prev @ Wh + x @ Wx + b)"]
    assert_rejected(check, lambda x, h, Wx, Wh, b: h @ Wh + x @ Wx + b, capsys, "one operation is missing",
                    forbidden)
    assert_rejected(check, lambda x, h, Wx, Wh, b: np.tanh(h @ Wh + x @ Wx), capsys, "one term", forbidden)
    assert_rejected(check, lambda x, h, Wx, Wh, b: np.tanh(h @ Wh.T + x @ Wx + b), capsys, "h_prev meets Wh",
                    forbidden)
    assert_rejected(check, lambda x, h, Wx, Wh, b: np.tanh(x @ Wx + b), capsys, "does not depend on h_prev",
                    forbidden)
    assert_rejected(check, lambda x, h, Wx, Wh, b: 1 / (1 + np.exp(-(h @ Wh + x @ Wx + b))), capsys,
                    "different activation", forbidden)
    assert_rejected(check, lambda x, h, Wx, Wh, b: np.tanh(Wh @ h.T), capsys, "shape", forbidden)
    first, second = assert_rejected(check, lambda x, h, Wx, Wh, b: np.tanh(h @ Wh - x @ Wx + b), capsys,
                                    "term by term")
    assert "tanh(h_prev @ Wh + x @ Wx + b)" in second and "tanh(h_prev" not in first  # the formula: second try


def test_rnn_step_does_not_let_the_learner_change_the_inputs(capsys):
    check = RnnStep()

    def in_place(x, h, Wx, Wh, b):
        b += 1.0
        return np.tanh(h @ Wh + x @ Wx + b - 1.0)

    assert verdict(check, in_place, capsys) == (True, "correct\n")
    assert verdict(check, in_place, capsys) == (True, "correct\n")


def test_batch_positions(capsys):
    check = BatchPositions(999, 10, 5, row=8, iteration=41)
    assert check.expected.tolist() == [997, 998, 0, 1, 2]
    assert verdict(check, None, capsys) == (False, "not attempted yet\n")
    assert verdict(check, [997, 998, 0, 1, 2], capsys) == (True, "correct\n")
    assert verdict(check, np.array([997, 998, 0, 1, 2]), capsys) == (True, "correct\n")
    forbidden = ["997, 998, 0, 1, 2"]
    assert_rejected(check, [997, 998, 999, 1000, 1001], capsys, "past the end", forbidden)
    assert_rejected(check, [(8 * 100 + 205 + k) % 999 for k in range(5)], capsys, "distance between two rows",
                    forbidden)
    assert_rejected(check, [8 * 99 + 41 + k for k in range(5)], capsys, "counts words", forbidden)
    assert_rejected(check, [(8 * 99 + 200 + k) % 999 for k in range(5)], capsys, "one iteration off", forbidden)
    assert_rejected(check, [(8 * 99 + 210 + k) % 999 for k in range(5)], capsys, "one iteration off", forbidden)
    assert_rejected(check, [997, 998, 0, 1], capsys, "5 positions", forbidden)
    assert_rejected(check, [1, 2, 3, 4, 5], capsys, "offset", forbidden)
    assert_rejected(check, ["a", "b"], capsys, "integers", forbidden)


def measure(scale, T=20, seed=0):
    return gradient_norms_through_time(T=T, scale=scale, seed=seed)


def test_gradient_scale(capsys):
    check = GradientScale(measure)
    assert verdict(check, None, capsys) == (False, "not attempted yet\n")
    ok, out = verdict(check, 1.25, capsys)
    assert ok and out.endswith("correct\n") and "0.11" in out
    first, second = assert_rejected(check, 1.0, capsys, "vanishing at scale 1")  # the level band is above 1
    assert "spectral radius" in second and "spectral radius" not in first
    assert "-0.74" in first
    assert_rejected(check, 3.0, capsys, "exploding at scale 3")
    assert_rejected(check, 0.5, capsys, "Try a larger scale")
    assert_rejected(check, -1, capsys, "positive")
    assert_rejected(check, "big", capsys, "one positive number")
