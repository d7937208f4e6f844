"""Text generation (lib.generate): determinism, greedy = temperature 0, top-k, <unk> and <eos> handling.

The command line (python -m lib.cli.generate) is tested in test_generate_cli.py."""
import numpy as np
import pytest

from lib import SimpleRnnlm
from lib.generate import generate, generate_text, next_word, next_word_distribution, prompt_to_ids, render

WORDS = ["<eos>", "<unk>", "N"] + [f"w{i}" for i in range(27)]  # id -> word
V = len(WORDS)
EOS, UNK = 0, 1


def make_model(seed=0):
    model = SimpleRnnlm(V, 8, 8, rng=seed)
    for p in model.params:  # larger weights than the initialisation: sharper, more varied distributions
        p *= 4
    model.params[-1][EOS] = -5  # and no early <eos>
    return model


def test_same_seed_same_words_other_seed_other_words():
    model = make_model()
    a = generate(model, [3, 4], 40, rng=7)
    b = generate(model, [3, 4], 40, rng=7)
    c = generate(model, [3, 4], 40, rng=8)
    assert a == b
    assert a != c
    assert len(a) == 40


def test_temperature_zero_is_greedy_and_a_tiny_temperature_too():
    model = make_model()
    greedy = generate(model, [3, 4, 5], 30, greedy=True)
    assert generate(model, [3, 4, 5], 30, temperature=0, rng=1) == greedy
    assert generate(model, [3, 4, 5], 30, temperature=1e-4, rng=2) == greedy
    assert generate(model, [3, 4, 5], 30, temperature=1.0, rng=2) != greedy  # sampling does differ

    # greedy by hand: feed the prompt, then always the argmax
    model.reset_state()
    scores = model.predict(np.array([[3, 4, 5]]))[0, -1]
    by_hand = []
    for _ in range(30):
        by_hand.append(int(np.argmax(scores)))
        scores = model.predict(np.array([[by_hand[-1]]]))[0, -1]
    assert greedy == by_hand


def test_top_k_never_samples_outside_the_top_k():
    scores = np.random.default_rng(0).standard_normal(V)
    top3 = set(np.argsort(scores)[-3:].tolist())
    rng = np.random.default_rng(1)
    samples = {next_word(scores, temperature=2.0, top_k=3, rng=rng) for _ in range(500)}
    assert samples == top3  # all three appear, nothing else
    assert len({next_word(scores, temperature=2.0, rng=rng) for _ in range(500)}) > 3  # without top_k: more
    assert next_word(scores, top_k=1, rng=rng) == int(np.argmax(scores))


def test_excluded_ids_are_never_sampled():
    scores = np.zeros(V)
    scores[UNK] = 5.0  # <unk> is by far the most likely word
    rng = np.random.default_rng(0)
    assert UNK in {next_word(scores, rng=rng) for _ in range(200)}
    assert UNK not in {next_word(scores, exclude_ids=[UNK], rng=rng) for _ in range(2000)}
    assert next_word(scores, temperature=0, exclude_ids=[UNK]) != UNK
    assert next_word(scores, top_k=1, exclude_ids=[UNK], rng=rng) != UNK


def test_unk_excluded_by_default_and_eos_rendered_as_a_line_break():
    model = make_model()
    model.params[-1][UNK] = 50  # the model wants <unk> every time
    assert generate_text(model, "w1 w2", WORDS, 10, rng=0, allow_unk=True) == "w1 w2" + " <unk>" * 10
    text = generate_text(model, "w1 w2", WORDS, 200, rng=0)
    assert "<unk>" not in text and len(text.split()) == 202

    model.params[-1][EOS] = 50  # now it wants <eos>
    assert generate_text(model, "w1 w2", WORDS, 3, rng=0) == "w1 w2\n\n\n"
    assert generate_text(model, "w1 w2", WORDS, 10, rng=0, stop_at_eos=True) == "w1 w2\n"
    assert render(["a", "b", "<eos>", "c", "<eos>"]) == "a b\nc\n"


def test_prompt_words():
    assert prompt_to_ids("w3 N W4\nw5", WORDS) == [6, 2, 7, 0, 8]  # upper case found in lower case; \n = <eos>
    with pytest.raises(ValueError, match="'xyzzy' is not in the model's vocabulary"):
        prompt_to_ids("w1 xyzzy w2", WORDS)
    with pytest.raises(ValueError, match="'xyzzy', 'plugh' are not in the model's vocabulary"):
        prompt_to_ids("xyzzy w1 plugh xyzzy", WORDS)
    with pytest.raises(ValueError, match="at least one word"):
        generate(make_model(), [], 5)
    with pytest.raises(ValueError, match="temperature"):
        next_word(np.zeros(3), temperature=-1)


def test_generating_starts_from_a_zero_state_and_leaves_the_model_state_as_it_was():
    model = make_model()
    fresh = generate(model, [3, 4], 20, rng=5)
    table = next_word_distribution(model, [3, 4], [1.0])
    carried = np.random.default_rng(9).standard_normal((1, 8))
    for run in (lambda: generate(model, [3, 4], 20, rng=5), lambda: next_word_distribution(model, [3, 4], [1.0])):
        model.rnn_layer.h = carried.copy()  # a state carried over from earlier text
        result = run()
        np.testing.assert_array_equal(model.rnn_layer.h, carried)  # given back unchanged
        assert result in (fresh, table)  # and not influenced by it
    model.reset_state()
    generate(model, [3, 4], 5, rng=0)
    assert model.rnn_layer.h is None  # a reset model stays reset
    model.rnn_layer.h = carried.copy()
    with pytest.raises(ValueError):
        generate(model, [3, V], 5)  # an id outside the vocabulary fails inside the model ...
    np.testing.assert_array_equal(model.rnn_layer.h, carried)  # ... and the state is still given back


def test_sample_table_one_sample_per_prompt_and_temperature():
    from lib.generate import sample_table

    model = make_model()
    temps = [0, 0.5, 1.0, 2.0]
    table = sample_table(model, WORDS, ["w1 w2", "w3"], temps, length=15, seed=4, k=6)
    assert [(s["prompt"], s["temperature"]) for s in table["samples"]] == \
        [(p, float(T)) for p in ["w1 w2", "w3"] for T in temps]
    by_key = {(s["prompt"], s["temperature"]): s for s in table["samples"]}
    # each sample is what generate_text gives for that temperature and the same seed
    assert by_key[("w1 w2", 0.0)]["text"] == generate_text(model, "w1 w2", WORDS, 15, greedy=True)
    assert by_key[("w1 w2", 0.0)]["greedy"] and not by_key[("w1 w2", 1.0)]["greedy"]
    assert by_key[("w3", 0.5)]["text"] == generate_text(model, "w3", WORDS, 15, temperature=0.5, rng=4)
    assert by_key[("w3", 2.0)]["text"] == "w3 " + " ".join(by_key[("w3", 2.0)]["generated"]).replace(" <eos>", "\n")
    assert all(len(s["generated"]) == 15 and "<unk>" not in s["generated"] for s in table["samples"])
    assert sample_table(model, WORDS, ["w3"], temps, length=15, seed=4, k=6)["samples"] == table["samples"][4:]

    # the recorded next-word distribution: the k best words after the prompt, reshaped by each temperature
    nw = table["next_word"][0]
    model.reset_state()
    scores = model.predict(np.array([prompt_to_ids("w1 w2", WORDS)]))[0, -1].astype(np.float64)
    scores[UNK] = -np.inf  # <unk> is excluded, as when sampling
    assert nw["top_ids"] == np.argsort(-scores)[:6].tolist()
    assert nw["top_words"] == [WORDS[i] for i in nw["top_ids"]]
    np.testing.assert_allclose(nw["top_scores"], scores[nw["top_ids"]], rtol=1e-6)
    for T in temps:
        row = nw["by_temperature"][str(float(T))]
        if T == 0:
            assert row["probs"] == [1.0, 0, 0, 0, 0, 0] and row["branches"] == 1.0
            continue
        p = np.exp((scores - scores.max()) / T)
        p /= p.sum()
        np.testing.assert_allclose(row["probs"], p[nw["top_ids"]], rtol=1e-6)
        assert np.isclose(row["top_mass"], p[nw["top_ids"]].sum())
        assert np.isclose(row["branches"], np.exp(-np.sum(p[p > 0] * np.log(p[p > 0]))))
    branches = [nw["by_temperature"][str(float(T))]["branches"] for T in temps]
    assert branches == sorted(branches)  # higher temperature: flatter, more words in play
    tops = [nw["by_temperature"][str(float(T))]["probs"][0] for T in temps]
    assert tops == sorted(tops, reverse=True)  # and less on the best word


@pytest.mark.parametrize("temperature", [float("nan"), float("inf"), -0.5])
def test_temperatures_that_are_not_finite_and_non_negative_are_refused(temperature):
    model, scores = make_model(), np.arange(V, dtype=float)
    message = "temperature must be a finite number >= 0"
    with pytest.raises(ValueError, match=message):
        next_word(scores, temperature, rng=0)
    with pytest.raises(ValueError, match=message):
        generate(model, [3], 5, temperature=temperature, rng=0)
    with pytest.raises(ValueError, match=message):
        next_word_distribution(model, [3], [1.0, temperature])
    with pytest.raises(TypeError, match="temperature must be a number"):
        next_word(scores, "1", rng=0)


@pytest.mark.parametrize("length", [0, -3, 2.5])
def test_a_length_that_is_not_a_positive_int_is_refused(length):
    with pytest.raises(ValueError, match=rf"length must be a positive int.*got {length!r}"):
        generate(make_model(), [3], length, rng=0)
