"""python -m lib.cli.generate: texts and samples from a checkpoint, the JSON it saves, exit codes."""
import json

import numpy as np
import pytest

from lib import FastRnnlm, SimpleRnnlm
from lib.cli import checkpoint
from lib.cli.generate import load_model, main
from lib.generate import generate_text

WORDS = ["<eos>", "<unk>", "N"] + [f"w{i}" for i in range(27)]  # id -> word
V = len(WORDS)
EOS = 0


def make_model(seed=0, model_class=SimpleRnnlm):
    model = model_class(V, 8, 8, rng=seed)
    for p in model.params:  # larger weights than the initialisation: sharper, more varied distributions
        p *= 4
    model.params[-1][EOS] = -5  # and no early <eos>
    return model


@pytest.fixture
def saved(tmp_path):
    """(model, path of its checkpoint with the vocabulary and a run's record)."""
    model = make_model()
    path = tmp_path / "c.npz"
    run = {"epoch": 3, "best_epoch": 2, "best_valid": 123.4}
    checkpoint.save(path, checkpoint.capture(model, words=WORDS, run=run))
    return model, path


def test_command_line_prints_the_texts(saved, capsys):
    model, path = saved
    args = ["--checkpoint", str(path), "--prompt", "w1 w2", "--length", "12", "--seed", "3", "--top-k", "5"]
    assert main(args) == 0
    first = capsys.readouterr().out
    assert first == generate_text(model, "w1 w2", WORDS, 12, top_k=5, rng=3) + "\n"
    assert first.startswith("w1 w2 ") and len(first.split()) == 14
    assert main(args) == 0 and capsys.readouterr().out == first  # deterministic for a seed
    assert main(["--checkpoint", str(path), "--prompt", "w1", "--prompt", "w2", "--greedy", "--length", "12"]) == 0
    assert capsys.readouterr().out == (generate_text(model, "w1", WORDS, 12, greedy=True) + "\n\n" +
                                       generate_text(model, "w2", WORDS, 12, greedy=True) + "\n")


def test_bad_input_gives_exit_status_2_and_says_why(saved, tmp_path, capsys):
    _, path = saved
    assert main(["--checkpoint", str(path), "--prompt", "nope"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("lib.cli.generate: error: ") and "'nope' is not in the model's vocabulary" in err
    assert main(["--checkpoint", str(tmp_path / "missing.npz")]) == 2
    assert "lib.cli.generate: error: no checkpoint at" in capsys.readouterr().err
    for bad in (["--temperatures", "0,-1"], ["--temperatures", "a,b"], ["--temperatures", "0,1", "--greedy"], []):
        args = ["--checkpoint", str(path), *bad] if bad else bad  # [] lacks the required --checkpoint
        assert main(args) == 2
        err = capsys.readouterr().err
        assert err.startswith("usage: python -m lib.cli.generate") and "lib.cli.generate: error: " in err


@pytest.mark.parametrize("options, message", [
    (["--greedy", "--temperature", "0.5"], "--temperature and --greedy do not go together"),
    (["--temperatures", "1", "--temperature", "0.5"], "--temperature and --temperatures do not go together"),
    (["--temperatures", "0,,1"], "argument --temperatures: expected comma-separated finite numbers >= 0"),
    (["--temperatures", "0,1,"], "argument --temperatures: expected comma-separated finite numbers >= 0"),
])
def test_options_that_would_be_ignored_are_refused(saved, options, message, capsys):
    _, path = saved
    assert main(["--checkpoint", str(path), "--length", "3", *options]) == 2
    assert f"lib.cli.generate: error: {message}" in capsys.readouterr().err


def test_the_default_temperature_is_1(saved, capsys):
    model, path = saved
    assert main(["--checkpoint", str(path), "--prompt", "w1", "--length", "8", "--seed", "2"]) == 0
    assert capsys.readouterr().out == generate_text(model, "w1", WORDS, 8, temperature=1.0, rng=2) + "\n"
    assert main(["--checkpoint", str(path), "--prompt", "w1", "--length", "8", "--seed", "2", "--temperature",
                 "1"]) == 0
    assert main(["--checkpoint", str(path), "--temperatures", "0,1", "--length", "3"]) == 0


def test_command_line_saves_samples_as_json(saved, tmp_path, capsys):
    model, path = saved
    out = tmp_path / "sub" / "samples.json"
    args = ["--checkpoint", str(path), "--prompt", "w1 w2", "--prompt", "w5", "--temperatures", "0,0.5,1.3",
            "--length", "9", "--seed", "2", "--save", str(out)]
    assert main(args) == 0
    assert "6 samples" in capsys.readouterr().out
    saved_json = json.loads(out.read_text())
    assert saved_json["command"] == ("python -m lib.cli.generate --checkpoint " + str(path) + " --prompt 'w1 w2' "
                                     "--prompt w5 --temperatures 0,0.5,1.3 --length 9 --seed 2 --save " + str(out))
    assert (saved_json["checkpoint_epoch"], saved_json["best_epoch"], saved_json["best_valid_perplexity"]) == \
        (3, 2, 123.4)
    assert saved_json["prompts"] == ["w1 w2", "w5"] and saved_json["temperatures"] == [0.0, 0.5, 1.3]
    assert saved_json["seed"] == 2 and saved_json["length"] == 9
    assert saved_json["model"]["vocab_size"] == V and saved_json["model"]["class"] == "SimpleRnnlm"
    assert saved_json["samples"][1]["text"] == generate_text(model, "w1 w2", WORDS, 9, temperature=0.5, rng=2)
    assert saved_json["samples"][3]["text"] == generate_text(model, "w5", WORDS, 9, greedy=True)
    assert [nw["prompt"] for nw in saved_json["next_word"]] == ["w1 w2", "w5"]
    out.unlink()
    assert main(args) == 0 and json.loads(out.read_text()) == saved_json  # the same seed, the same file

    # without --save: printed, one block per temperature
    assert main(["--checkpoint", str(path), "--prompt", "w1", "--temperatures", "0,1", "--length", "4"]) == 0
    printed = capsys.readouterr().out
    assert "[greedy]" in printed and "[temperature 1]" in printed
    assert generate_text(model, "w1", WORDS, 4, greedy=True) in printed


def test_a_checkpoint_of_the_fast_engine_generates_the_same_words(tmp_path, capsys):
    fast = make_model(model_class=FastRnnlm)
    path = tmp_path / "fast.npz"
    checkpoint.save(path, checkpoint.capture(fast, words=WORDS))
    model, words, _ = load_model(path)
    assert type(model) is FastRnnlm and words == WORDS
    for p, q in zip(model.params, fast.params):
        np.testing.assert_array_equal(p, q)
    assert main(["--checkpoint", str(path), "--prompt", "w3", "--greedy", "--length", "10"]) == 0
    assert capsys.readouterr().out == generate_text(make_model(), "w3", WORDS, 10, greedy=True) + "\n"
