"""The exercise checkers of the Korean edition (lang="ko"): every checker says "아직 풀지 않았습니다" to the untouched
scaffold and "정답입니다" to the right answer, and answers every wrong answer that the English tests feed it in
Korean, staged as in English (a nudge first; the nudge and the detail from the second wrong answer on), with no
English phrase left in it and the answer never printed. lang="fr" is refused.

Each case builds a fresh checker in a given language, so that the English and the Korean checker get the same
answers side by side: the Korean must stage where the English stages (a detail where English has one).
"""
import math

import numpy as np
import pytest
from exercise_checks import CORRECT, NOT_ATTEMPTED, NOT_YET, assert_korean, english_left, verdict
from test_exercises_5_1_5_2 import SENTENCES, STORIES, measure, solution_bigram
from test_exercises_5_3_5_4 import (
    RIGHT_SHAPES,
    Raises,
    RnnStub,
    ThreeOutputs,
    TimeStub,
    embedding_add_at,
    embedding_buffered,
    embedding_right,
    rnn_class,
    time_rnn_class,
)
from test_exercises_5_5 import make_fit
from test_exercises_5_6 import (
    clip_global,
    clip_new_arrays,
    clip_normalise_all,
    clip_norms_after,
    clip_wrong_factor,
    cosine_after,
    right_clip_each,
    right_temperature,
)

from lib.exercises import korean
from lib.exercises import training as ex
from lib.exercises.language_models import BigramSentenceProbability, SentenceProbability, WindowLength
from lib.exercises.rnn_basics import BatchPositions, GradientScale, RnnStep
from lib.exercises.rnn_layers import RnnBackwardExercise, TimeRnnBackwardExercise, TimeRnnShapesExercise
from lib.exercises.time_layers import EmbeddingBackwardExercise, TimeSoftmaxLossExercise

# ---------------------------------------------------------------- the wrong answers of the English tests

BIGRAM = BigramSentenceProbability(SENTENCES)


def bigram_no_start(sentence):
    return solution_bigram(sentence) / BIGRAM.start(sentence[0])


def bigram_unigram_start(sentence):
    return bigram_no_start(sentence) * BIGRAM.words.count(sentence[0]) / len(BIGRAM.words)


def embedding_raises(idx, dout, V):
    return dout @ dout  # (N, T, D) @ (N, T, D): shapes do not fit


L0, L1 = np.log(np.exp(2) + np.exp(1) + 1) - 2, np.log(3)


def temperature_power(p, T):
    q = p ** (1 / T)
    return q / q.sum()


def temperature_as_scores(p, T):
    z = p / T
    e = np.exp(z - z.max())
    return e / e.sum()


def temperature_unnormalised(p, T):
    with np.errstate(divide="ignore"):
        z = np.log(p) / T
    return np.exp(z - z.max())


CORPUS = np.random.default_rng(0).integers(0, 12, size=121)  # the English tests' tiny_loop
TINY = dict(xs=CORPUS[:-1], ts=CORPUS[1:], vocab_size=12, wordvec_size=6, hidden_size=6, lr=0.5, max_epoch=8,
            batch_size=4, time_size=3, seed=1)
BLOCK_MEASURED = {("epochs", 1): 29.7, ("epochs", 5): 187.6, ("updates", 1): 34.1, ("updates", 5): 7.5}
COSINE = cosine_after(right_clip_each)
V = 10_000

# name: (make(lang) -> a fresh checker, the scaffold's answers, the right answer, the wrong answers, never printed)
CASES = {
    "SentenceProbability": (
        lambda lang: SentenceProbability(SENTENCES, "you say hello .".split(), lang=lang),
        [(None,)], (1 / 3,), [(0.5,), (4 / 6 * 4 / 6 * 3 / 6 * 2 / 6,), (1.5,), (0.1,), ("a third",)],
        ["0.333", "1/3"]),
    "BigramSentenceProbability": (
        lambda lang: BigramSentenceProbability(SENTENCES, lang=lang),
        [(None,), (lambda sentence: None,)], (solution_bigram,),
        [(bigram_no_start,), (bigram_unigram_start,), (lambda s: BIGRAM.probability(s, pairs="joint"),),
         (lambda s: np.log(solution_bigram(s)),), (lambda s: 0.01 * len(s),), (lambda s: "small",)],
        ["0.005208", "1/192"]),
    "WindowLength": (
        lambda lang: WindowLength(STORIES, "and then he fell asleep .".split(), lang=lang),
        [(None,)], (24,), [(18,), (23,), (25,), (22,), (30,), (2.5,)], ["24"]),
    "RnnStep": (
        lambda lang: RnnStep(lang=lang),
        [(None,)], (lambda x, h, Wx, Wh, b: np.tanh(h @ Wh + x @ Wx + b),),
        [(lambda x, h, Wx, Wh, b: h @ Wh + x @ Wx + b,), (lambda x, h, Wx, Wh, b: np.tanh(h @ Wh + x @ Wx),),
         (lambda x, h, Wx, Wh, b: np.tanh(h @ Wh.T + x @ Wx + b),), (lambda x, h, Wx, Wh, b: np.tanh(x @ Wx + b),),
         (lambda x, h, Wx, Wh, b: 1 / (1 + np.exp(-(h @ Wh + x @ Wx + b))),),
         (lambda x, h, Wx, Wh, b: np.tanh(Wh @ h.T),), (lambda x, h, Wx, Wh, b: np.tanh(h @ Wh - x @ Wx + b),)],
        []),
    "BatchPositions": (
        lambda lang: BatchPositions(999, 10, 5, row=8, iteration=41, lang=lang),
        [(None,)], ([997, 998, 0, 1, 2],),
        [([997, 998, 999, 1000, 1001],), ([(8 * 100 + 205 + k) % 999 for k in range(5)],),
         ([8 * 99 + 41 + k for k in range(5)],), ([(8 * 99 + 200 + k) % 999 for k in range(5)],),
         ([(8 * 99 + 210 + k) % 999 for k in range(5)],), ([997, 998, 0, 1],), ([1, 2, 3, 4, 5],), (["a", "b"],)],
        ["997, 998, 0, 1, 2"]),
    "GradientScale": (
        lambda lang: GradientScale(measure, lang=lang),
        [(None,)], (1.25,), [(1.0,), (3.0,), (0.5,), (-1,), ("big",)], []),
    "RnnBackwardExercise": (
        lambda lang: RnnBackwardExercise(lang=lang),
        [(None,), (RnnStub,)], (rnn_class(),),
        [*[(rnn_class(**{name: -1}),) for name in ["dx", "dh_prev", "dWx", "dWh", "db"]], (rnn_class(tanh=False),),
         (rnn_class(in_place=False),), (ThreeOutputs,), (Raises,),
         (rnn_class()(np.zeros((2, 2)), np.zeros((2, 2)), np.zeros(2)),)],
        []),
    "TimeRnnBackwardExercise": (
        lambda lang: TimeRnnBackwardExercise(lang=lang),
        [(None,), (TimeStub,)], (time_rnn_class(),),
        [(time_rnn_class(sign=-1),), (time_rnn_class(dxs_sign=-1),), (time_rnn_class(branch_sum=False),),
         (time_rnn_class(summed=False),), (time_rnn_class(set_dh=False),), (rnn_class(),)],
        []),
    "TimeRnnShapesExercise": (
        lambda lang: TimeRnnShapesExercise(lang=lang),
        [(dict.fromkeys(RIGHT_SHAPES),)], (RIGHT_SHAPES,),
        [({**RIGHT_SHAPES, "Wx": (4, 3), "b": (1, 4), "dh": None},), ({**RIGHT_SHAPES, "hs": (7, 5, 4)},),
         ([(5, 7, 3)],)],
        []),
    "EmbeddingBackwardExercise": (
        lambda lang: EmbeddingBackwardExercise(lang=lang),
        [(None,), (lambda idx, dout, V: None,)], (embedding_right,),
        [(embedding_buffered,), (lambda idx, dout, V: embedding_right(idx, dout, V) + 1,), (embedding_add_at,),
         (lambda idx, dout, V: embedding_right(idx, dout, V).T,), (embedding_raises,)],
        []),
    "TimeSoftmaxLossExercise": (
        lambda lang: TimeSoftmaxLossExercise(lang=lang),
        [(None,)], (round((L0 + L1) / 2, 3),),
        [(L0 + L1,), (L1,), ((L0 + L1) / 2 / np.log(10),), (1.0,), ("0.75",), ("about one",)],
        [f"{(L0 + L1) / 2:.3f}"]),
    "PerplexityByHand": (
        lambda lang: ex.PerplexityByHand(lang=lang),
        [(None,)], ((2 * 4 * 8 * 2) ** 0.25,),
        [(np.mean([2, 4, 8, 2]),), (1 / np.mean([0.5, 0.25, 0.125, 0.5]),),
         (-np.mean(np.log([0.5, 0.25, 0.125, 0.5])),), (7.0,), (-np.mean(np.log2([0.5, 0.25, 0.125, 0.5])),),
         ("three",)],
        [f"{(2 * 4 * 8 * 2) ** 0.25:.2f}"]),
    "UniformModel": (
        lambda lang: ex.UniformModel(V, lang=lang),
        [(None, 1.0), (None, None)], (V, math.log(V)),
        [(418, math.log(418)), (1 / V, math.log(V)), (10.0, math.log(V)), (V, math.log10(V)), (V, 5.0),
         ("many", 1.0)],
        ["10000", "10,000"]),
    "UniformModel 418": (
        lambda lang: ex.UniformModel(418, measured=418.0, lang=lang),
        [(None, None)], (418, math.log(418)),
        [(1 / 418, math.log(418)), (10.0, math.log(418)), (418, math.log10(418)), (418, 5.0)], []),
    "UniformModel measured": (  # a measurement that disagrees with every answer: there is no right one
        lambda lang: ex.UniformModel(418, measured=400.0, lang=lang),
        [(None, None)], None, [(418, math.log(418))], []),
    "BatchingArithmetic": (
        lambda lang: ex.BatchingArithmetic(2100, 20, 7, lang=lang),
        [(None, 14)], (104, 14), [(105, 15), (100, 14), (104, 15)], []),
    "TrainingLoop": (
        lambda lang: ex.TrainingLoop(**TINY, lang=lang),
        [(None,), (make_fit("stub"),)], (make_fit(),),
        [(make_fit(bug),) for bug in ["per iteration", "no exp", "last loss", "no counter reset", "no update",
                                       "reset time_idx", "root of a product"]]
        + [(lambda *args: "ppl",), (lambda *args: [1.0] * 3,), (lambda *args: [float("nan")] * 8,),
           (lambda *args: [50.0] * 8,)],
        []),
    "BlockLength": (
        lambda lang: ex.BlockLength(np.arange(999) % 50, np.arange(999) % 50, 50, measured=BLOCK_MEASURED, lang=lang),
        [(99, 1, None)], (99, 1, 5), [(100, 1, 5), (19, 1, 5), (99, 3, 5), (99, 5, 5), (99, 1, 1)], []),
    "PerplexityBits": (
        lambda lang: ex.PerplexityBits(lang=lang),
        [(None, 0.2)], (math.log2(141.2), math.log2(141.2 / 124.7)),
        [(math.log(141.2), 0.18), (7.0, 0.18), (math.log2(141.2), 16.5), (math.log2(141.2), 0.3), ("x", 0.1)],
        []),
    "TemperatureFromProbabilities": (
        lambda lang: ex.TemperatureFromProbabilities(lang=lang),
        [(None,), (lambda p, T: None,)], (right_temperature,),
        [(temperature_power,), (temperature_as_scores,), (lambda p, T: right_temperature(p, 1 / T),),
         (temperature_unnormalised,), (lambda p, T: p[:2],), (lambda p, T: p,), (lambda p, T: "warm",),
         (lambda p, T: (right_temperature(p, T) + 0.1 * (p == 0)) / (1 + 0.1 * np.sum(p == 0)),)],
        []),
    "ClipEachArray": (
        lambda lang: ex.ClipEachArray(lang=lang),
        [(None, None), (lambda g, m: None, 0.5)], (right_clip_each, COSINE),
        [(clip_global, COSINE), (clip_normalise_all, COSINE), (clip_new_arrays, COSINE), (clip_norms_after, COSINE),
         (clip_wrong_factor, COSINE), (right_clip_each, 1.0), (right_clip_each, COSINE - 0.1),
         (right_clip_each, "about 0.8"), (lambda g, m: right_clip_each(g, m) and "norms", COSINE)],
        [f"{COSINE:.2f}", f"{COSINE:.3f}"]),
}
WRONG = [(name, k) for name, case in CASES.items() for k in range(len(case[3]))]


def without_learner_error(text):
    """text without the message of an exception the learner's code raised (numpy's English, not the checker's)."""
    return "\n".join(line.split("오류가 났습니다: ")[0] for line in text.split("\n"))


def attempts(capsys, make, lang, answer):
    """The printouts of two wrong attempts with the same answer on a fresh checker in lang."""
    check = make(lang)
    return [verdict(capsys, check, *answer) for _ in range(2)]


def assert_speaks_korean(capsys, name, k):
    """Wrong answer k of case name: rejected in Korean as the English is, nudge first, detail where English has one."""
    make, _, _, wrongs, never = CASES[name]
    (en_ok1, en1), (_, en2) = attempts(capsys, make, "en", wrongs[k])
    (ko_ok1, ko1), (ko_ok2, ko2) = attempts(capsys, make, "ko", wrongs[k])
    assert not en_ok1 and not ko_ok1 and not ko_ok2
    assert en1.startswith(NOT_YET["en"]) and ko1.startswith(NOT_YET["ko"]), (en1, ko1)
    assert ko2.startswith(ko1.rstrip("\n")), (ko1, ko2)
    assert (len(ko2) > len(ko1)) == (len(en2) > len(en1)), ("the detail comes as in English", en1, en2, ko1, ko2)
    nudge, detail = ko1[len(NOT_YET["ko"]):], ko2[len(ko1.rstrip("\n")):]
    assert_korean(without_learner_error(nudge))
    if detail.strip():
        assert_korean(without_learner_error(detail))
    assert ko2.count("{") == en2.count("{"), ("a placeholder left unformatted", ko2)
    for answer in never:
        assert answer not in ko2, (answer, ko2)
    return ko1, ko2


@pytest.mark.parametrize("name", CASES)
def test_the_scaffold_is_not_attempted_yet(capsys, name):
    make, scaffolds, _, _, _ = CASES[name]
    for answer in scaffolds:
        assert verdict(capsys, make("ko"), *answer) == (False, NOT_ATTEMPTED["ko"])
        assert verdict(capsys, make("en"), *answer) == (False, NOT_ATTEMPTED["en"])


@pytest.mark.parametrize("name", CASES)
def test_the_right_answer_is_correct(capsys, name):
    make, _, right, _, _ = CASES[name]
    if right is None:
        pytest.skip("this checker has no right answer")
    ok, out = verdict(capsys, make("ko"), *right)
    assert ok and out.endswith(CORRECT["ko"]), out
    assert_korean(out)  # GradientScale also prints the measured ratio: in Korean too


@pytest.mark.parametrize("name, k", WRONG, ids=[f"{name}-{k}" for name, k in WRONG])
def test_wrong_answers_get_korean_hints_in_stages(capsys, name, k):
    assert_speaks_korean(capsys, name, k)


@pytest.mark.parametrize("name", CASES)
def test_other_languages_are_refused(name):
    with pytest.raises(ValueError, match="'en'.*'ko'"):
        CASES[name][0]("fr")


def test_the_korean_uses_the_books_terms(capsys):
    _, second = assert_speaks_korean(capsys, "SentenceProbability", 1)
    assert "조건부 확률" in second and "맥락" in second
    _, second = assert_speaks_korean(capsys, "GradientScale", 0)
    assert "기울기 소실" in second and "배율을 키워 보세요" in second and "-0.74" in second
    _, second = assert_speaks_korean(capsys, "PerplexityByHand", 0)
    assert "퍼플렉서티" in second and "기하 평균" in second
    _, second = assert_speaks_korean(capsys, "TimeRnnBackwardExercise", 2)
    assert second.startswith("아직 정답이 아닙니다. 틀린 기울기: dxs, dWx, dWh, db, dh (")
    assert "h_t에 도달하는 기울기는 어디에서 올까요?" in second and "시각 t+1" in second


@pytest.mark.parametrize("key", [
    "the first word has a probability too.",  # a nudge left in English
    "Multiply by P(w_1): the share of sentences that start with w_1 (4 of 6 start with 'you').",  # a detail
], ids=["nudge", "detail"])
def test_a_hint_left_in_english_fails(capsys, monkeypatch, key):
    """The checks above catch an English hint in the Korean edition: put one back and they fail."""
    monkeypatch.setitem(korean.KOREAN, key, key)
    with pytest.raises(AssertionError, match="English left|no Hangul"):
        assert_speaks_korean(capsys, "BigramSentenceProbability", 0)


def test_english_left_finds_phrases_and_spares_code():
    assert english_left("첫 단어에도 확률이 있습니다.") == []
    assert english_left("h_next = tanh(h_prev @ Wh + x @ Wx + b)입니다.") == []
    assert english_left("'you say hello .'라면 P(hello | say)는 5/8입니다.") == []
    assert english_left("틀린 기울기: dxs, dWx, dWh, db, dh (float64에서)") == []
    assert english_left("부호가 반대입니다: look for a flipped sign.") == ["look for a flipped sign."]
