"""The training command's parts, without training: settings and paths, the schedule, the model factory, exit codes."""
import numpy as np
import pytest

from lib import Adam, FastRnnlm, RegularizedRnnlm, SimpleRnnlm
from lib.cli.config import PRESETS, PROJECT_DIR, config_for_resume, parse_config
from lib.cli.factory import choose_model_class, make_model, make_optimizer
from lib.cli.parsing import CommandError, command_line, run_main
from lib.cli.schedule import MIN_GAIN, ValidSchedule
from lib.cli.train import main
from lib.fast import FastAdam, FastSGD
from lib.optimizer import SGD

# ---------------------------------------------------------------- settings and paths


@pytest.mark.parametrize("preset", ["chapter", "ptb", "ptb-best"])
def test_a_preset_gives_its_values_and_options_override_them(preset, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    config = parse_config(["--preset", preset, "--hidden-size", "8", "--wordvec-size", "8"])
    for key, value in PRESETS[preset].items():
        if key in ("hidden_size", "wordvec_size"):
            assert config.__dict__[key] == 8
        elif key in ("out", "results", "checkpoint"):
            # the presets' paths are in the project folder, wherever the command runs
            assert config.__dict__[key] == (str(PROJECT_DIR / value) if value else None)
        else:
            assert config.__dict__[key] == value, key
    assert parse_config([]) == parse_config(["--preset", "chapter"])


def test_paths_given_as_options_are_relative_to_the_current_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    config = parse_config(["--out", "here", "--checkpoint", "sub/c.npz", "--data-dir", "ptb"])
    assert (config.out, config.checkpoint, config.data_dir) == \
        (str(tmp_path / "here"), str(tmp_path / "sub" / "c.npz"), str(tmp_path / "ptb"))
    assert parse_config(["--out", ""]).out is None  # '' means none
    assert parse_config(["--data-dir", ""]).data_dir is None  # and for the data: the default folder


def test_help_states_the_paths_rule(capsys):
    assert main(["--preset", "ptb", "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert f"the default paths are in the project folder ({PROJECT_DIR})" in text
    assert "relative to the current folder" in text
    ptb_checkpoint = f"(default: {PROJECT_DIR / 'results' / 'ptb-rnnlm' / 'checkpoint.npz'})"  # ptb's defaults
    assert "".join(ptb_checkpoint.split()) in "".join(text.split())  # help wraps long paths


def test_settings_record_project_paths_relative_and_resume_reads_them_back(tmp_path):
    config = parse_config(["--preset", "ptb", "--out", str(tmp_path / "out")])
    settings = config.settings()
    assert settings["checkpoint"] == "results/ptb-rnnlm/checkpoint.npz"  # no machine path in committed results
    assert settings["out"] == str(tmp_path / "out")  # outside the project: as it is
    resumed = config_for_resume(settings, ["--resume", str(tmp_path / "c.npz")], str(tmp_path / "c.npz"))
    # a resumed run writes beside the checkpoint it resumes, never where the run it resumes wrote
    assert (resumed.checkpoint, resumed.results, resumed.out) == \
        (str(tmp_path / "c-resumed.npz"), str(tmp_path / "c-resumed.json"), str(tmp_path / "c-resumed"))
    given = config_for_resume(settings, ["--resume", "c.npz", "--checkpoint", str(tmp_path / "d.npz"), "--out", ""],
                              "c.npz")
    assert (given.checkpoint, given.out) == (str(tmp_path / "d.npz"), None)  # its own options say where
    forced = parse_config(["--preset", "ptb", "--force"]).settings()
    assert not config_for_resume(forced, ["--resume", "c.npz"], "c.npz").force  # --force is never inherited
    assert config_for_resume(forced, ["--resume", "c.npz", "--force"], "c.npz").force


def test_resume_keeps_the_settings_and_refuses_changes_to_the_training():
    settings = parse_config(["--preset", "ptb"]).settings()
    resumed = config_for_resume(settings, ["--resume", "c.npz", "--max-epoch", "20", "--threads", "1"], "c.npz")
    assert (resumed.max_epoch, resumed.threads, resumed.hidden_size, resumed.optimizer) == (20, 1, 256, "adam")
    with pytest.raises(CommandError, match="--hidden-size 9: the run in c.npz used 256"):
        config_for_resume(settings, ["--resume", "c.npz", "--hidden-size", "9"], "c.npz")
    old = {k: v for k, v in settings.items() if k not in ("model", "threads")}  # a checkpoint of an older lib
    assert config_for_resume(old, ["--resume", "c.npz"], "c.npz").model == "auto"


def test_a_resumed_run_has_its_own_quiet_and_threads():
    """Neither is inherited (the run resumed may have had them): only this command's options count."""
    settings = parse_config(["--preset", "ptb", "--quiet", "--threads", "2"]).settings()
    resumed = config_for_resume(settings, ["--resume", "c.npz"], "c.npz")
    assert (resumed.quiet, resumed.threads) == (False, None)
    resumed = config_for_resume(settings, ["--resume", "c.npz", "--quiet", "--threads", "1"], "c.npz")
    assert (resumed.quiet, resumed.threads) == (True, 1)
    assert not parse_config(["--quiet", "--no-quiet"]).quiet and parse_config(["--quiet"]).quiet


@pytest.mark.parametrize("change, message", [
    (dict(lr=-1), "argument --lr: expected a finite number > 0, got '-1'"),
    (dict(batch_size=0), "argument --batch-size: expected a whole number >= 1, got '0'"),
    (dict(max_grad=float("nan")), "argument --max-grad: expected a finite number > 0, got 'nan'"),
    (dict(corpus_size=-5), "argument --corpus-size: expected a whole number >= 0, got '-5'"),
    (dict(lr=None), "lr is None, not of type float"),
    (dict(hidden_size="8"), "hidden_size is '8', not of type int"),
    (dict(valid=1), "valid is 1, not of type bool"),
    (dict(batch_size=2.5), "batch_size is 2.5, not of type int"),
    (dict(optimizer="rmsprop"), "argument --optimizer: invalid choice: 'rmsprop'"),
    (dict(tie_weights=True, hidden_size=8), "--tie-weights uses the embedding as the output matrix"),
    (dict(lr=...), "they lack lr"),  # ...: removed
])
def test_damaged_settings_in_a_checkpoint_give_one_error_naming_the_file(change, message):
    settings = parse_config(["--preset", "ptb"]).settings()
    settings.update(change)
    settings = {key: value for key, value in settings.items() if value is not ...}
    with pytest.raises(CommandError) as err:
        config_for_resume(settings, ["--resume", "c.npz"], "c.npz")
    assert str(err.value).startswith("c.npz: its settings are damaged or were not written by python -m lib.cli.train")
    assert message in str(err.value) and "use an earlier checkpoint" in str(err.value)


@pytest.mark.parametrize("argv, message", [
    (["--hidden-size", "0"], "argument --hidden-size: expected a whole number >= 1, got '0'"),
    (["--threads", "two"], "argument --threads: expected a whole number >= 1, got 'two'"),
    (["--lr-decay", "2"], "argument --lr-decay: expected a factor in (0, 1], e.g. 0.5 (1: no decay), got '2'"),
    (["--model", "big"], "argument --model: invalid choice: 'big'"),
    (["--dropout", "1"], "argument --dropout: expected a dropout ratio in [0, 1), e.g. 0.4, got '1'"),
    (["--tie-weights", "--hidden-size", "50"], "--tie-weights uses the embedding as the output matrix, so "
                                               "--wordvec-size (100) must equal --hidden-size (50)"),
    (["--max-minutes", "-1"], "argument --max-minutes: expected a finite number >= 0, got '-1'"),
    # the model and its options disagree: refused before the data is read (issue R1, finding 5)
    (["--model", "simple", "--dropout", "0.2", "--max-epoch", "1"],
     "--model simple: SimpleRnnlm has neither dropout nor tied weights: give --model regularized or fast"),
    (["--model", "simple", "--tie-weights"], "--model simple: SimpleRnnlm has neither dropout nor tied weights"),
    (["--preset", "ptb-best", "--model", "simple"], "--model simple: SimpleRnnlm has neither dropout nor tied"),
    # options that would have no effect (finding 4)
    (["--lr-decay", "0.25"], "--lr-decay act only with --valid (the schedule and the valid and test splits): add "
                             "--valid, or leave out --lr-decay"),
    (["--eval-size", "400", "--lr-decay", "1"], "--lr-decay and --eval-size act only with --valid"),
    (["--preset", "ptb", "--no-valid", "--eval-size", "400"], "--eval-size act only with --valid"),
    (["--no-such-option"], "unrecognized arguments: --no-such-option"),
])
def test_bad_options_give_exit_status_2_and_say_what_was_wrong(argv, message, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: python -m lib.cli.train") == message.startswith(("argument", "unrecognized"))
    assert f"lib.cli.train: error: {message}" in err
    assert "corpus:" not in err  # at once: before the PTB data is read


def test_options_that_act_with_valid_are_accepted_with_it():
    config = parse_config(["--valid", "--lr-decay", "0.25", "--eval-size", "400"])
    assert (config.valid, config.lr_decay, config.eval_size) == (True, 0.25, 400)
    assert parse_config(["--preset", "ptb", "--lr-decay", "1"]).lr_decay == 1.0  # the ptb preset has --valid

# ---------------------------------------------------------------- exit codes and the recorded command


def test_run_main_turns_errors_and_ctrl_c_into_exit_codes(capsys):
    def fails(argv):
        raise CommandError(f"no such file: {argv[0]}")

    def interrupted(argv):
        raise KeyboardInterrupt

    assert run_main("prog", lambda argv: 0, ["x"]) == 0
    assert run_main("prog", fails, ["x.npz"]) == 2
    assert capsys.readouterr().err == "prog: error: no such file: x.npz\n"
    assert run_main("prog", interrupted, []) == 130
    assert "stopped at once by Ctrl-C" in capsys.readouterr().err


def test_the_recorded_command_is_quoted_as_a_shell_reads_it():
    assert command_line("lib.cli.generate", ["--prompt", "the company said", "--seed", "0"]) == \
        "python -m lib.cli.generate --prompt 'the company said' --seed 0"

# ---------------------------------------------------------------- the learning-rate schedule


def test_schedule_decisions_for_a_sequence_of_valid_perplexities():
    schedule = ValidSchedule(decay=0.5)
    lr, decisions = 1.0, []
    for valid in [100.0, 90.0, 90.0 * (1 - MIN_GAIN / 2), 95.0, 90.0 * (1 - MIN_GAIN / 2), 80.0]:
        decision = schedule.step(valid, lr)
        lr = decision.lr
        decisions.append((decision.keep_as_best, decision.restore_best, lr))
    assert decisions == [
        (True, False, 1.0),  # the first epoch is the best so far
        (True, False, 1.0),  # 10% better: the same learning rate
        (True, False, 0.5),  # better by less than MIN_GAIN: best, but the learning rate halves
        (False, True, 0.25),  # worse: back to the best weights, the learning rate halves
        (False, True, 0.125),  # as good as the best is not better: the same
        (True, False, 0.125),  # better again
    ]
    assert schedule.best == 80.0
    assert "best weights restored" in ValidSchedule(best=10.0).step(11.0, 1.0).note


def test_schedule_resumes_from_the_best_so_far():
    assert ValidSchedule(best=50.0).step(60.0, 1.0).restore_best
    with pytest.raises(ValueError, match="decay must be in"):
        ValidSchedule(decay=0)

# ---------------------------------------------------------------- the model factory

V, D, H = 50, 6, 7


def test_auto_picks_the_fast_engine_at_the_full_vocabulary_only():
    assert choose_model_class("auto", full_vocabulary=True) is FastRnnlm
    assert choose_model_class("auto", full_vocabulary=True, regularized=True) is FastRnnlm
    assert choose_model_class("auto", full_vocabulary=False) is SimpleRnnlm
    assert choose_model_class("auto", full_vocabulary=False, regularized=True) is RegularizedRnnlm
    assert choose_model_class("regularized", full_vocabulary=True) is RegularizedRnnlm
    assert choose_model_class("simple", full_vocabulary=True) is SimpleRnnlm
    assert choose_model_class("fast", full_vocabulary=False) is FastRnnlm


@pytest.mark.parametrize("model_class", [SimpleRnnlm, FastRnnlm])
def test_without_options_the_model_has_the_books_initialisation(model_class):
    model = make_model(model_class, V, D, H, seed=3)
    assert type(model) is model_class
    for p, q in zip(model.params, SimpleRnnlm(V, D, H, rng=3).params):
        np.testing.assert_array_equal(p, q)


@pytest.mark.parametrize("model_class", [SimpleRnnlm, FastRnnlm])
def test_init_uniform_draws_every_weight_in_range_and_zeroes_the_output_bias(model_class):
    model = make_model(model_class, V, D, H, seed=3, init_uniform=0.1)
    params = model.named_params()
    assert not params["affine_b"].any()
    for name, p in params.items():
        assert np.all(np.abs(p) <= 0.1), name
        if name != "affine_b":
            assert p.std() == pytest.approx(0.1 / np.sqrt(3), rel=0.3), name  # uniform(-a, a): std a / sqrt(3)
    # the same weights from the same seed, whichever class
    other = make_model(SimpleRnnlm, V, D, H, seed=3, init_uniform=0.1)
    for p, q in zip(model.params, other.params):
        np.testing.assert_array_equal(p, q)


@pytest.mark.parametrize("model_class", [RegularizedRnnlm, FastRnnlm])
def test_dropout_and_tying_reach_the_model(model_class):
    model = make_model(model_class, V, D, D, seed=3, init_uniform=0.1, dropout=0.4, tie_weights=True)
    assert type(model) is model_class and model.tie_weights and "affine_W" not in model.named_params()
    assert [layer.dropout_ratio for layer in model.dropout_layers] == [0.4, 0.4]
    assert np.abs(model.params[0]).max() <= 0.1 and not model.named_params()["affine_b"].any()
    with pytest.raises(ValueError, match="SimpleRnnlm has neither dropout nor tied weights"):
        make_model(SimpleRnnlm, V, D, D, seed=3, dropout=0.4)


def test_the_ptb_best_preset_and_resuming_it():
    config = parse_config(["--preset", "ptb-best"])
    assert (config.dropout, config.tie_weights, config.wordvec_size, config.hidden_size) == (0.4, True, 300, 300)
    assert (config.optimizer, config.lr, config.max_grad, config.time_size, config.batch_size, config.seed) == \
        ("adam", 1e-3, 0.25, 35, 20, 1)
    assert config.max_minutes == 85 and config.init_uniform == 0.1 and config.valid
    assert config.settings()["results"] == "results/ptb-best/results.json"  # not the committed results
    settings = config.settings()
    resumed = config_for_resume(settings, ["--resume", "c.npz", "--max-minutes", "90"], "c.npz")
    assert (resumed.dropout, resumed.tie_weights, resumed.max_minutes) == (0.4, True, 90)
    with pytest.raises(CommandError, match="--dropout 0.2: the run in c.npz used 0.4"):
        config_for_resume(settings, ["--resume", "c.npz", "--dropout", "0.2"], "c.npz")
    old = {k: v for k, v in settings.items() if k not in ("dropout", "tie_weights", "max_minutes")}
    assert config_for_resume(old, ["--resume", "c.npz"], "c.npz").dropout == 0.0  # an older lib's checkpoint


def test_embed_std_sets_the_word_vectors_and_nothing_else():
    book = make_model(SimpleRnnlm, 2000, 50, H, seed=3)
    model = make_model(SimpleRnnlm, 2000, 50, H, seed=3, embed_std=2.0)
    embed_W = model.named_params()["embed_W"]
    assert embed_W.std() == pytest.approx(2.0, rel=0.02) and abs(embed_W.mean()) < 0.02
    for p, q in list(zip(model.params, book.params))[1:]:
        np.testing.assert_array_equal(p, q)
    both = make_model(SimpleRnnlm, 2000, 50, H, seed=3, init_uniform=0.1, embed_std=2.0)
    assert both.params[0].std() == pytest.approx(2.0, rel=0.02)  # after init_uniform
    assert np.abs(both.params[1]).max() <= 0.1


def test_the_optimizer_matches_the_model_and_clips_once():
    optimizer, fit_max_grad = make_optimizer("adam", 0.01, max_grad=0.25, model_class=SimpleRnnlm)
    assert type(optimizer) is Adam and optimizer.lr == 0.01 and fit_max_grad == 0.25  # the trainer clips
    optimizer, fit_max_grad = make_optimizer("adam", 0.01, max_grad=0.25, model_class=FastRnnlm)
    assert type(optimizer) is FastAdam and optimizer.max_grad == 0.25 and fit_max_grad is None  # the update clips
    assert type(make_optimizer("sgd", 0.1)[0]) is SGD
    assert type(make_optimizer("sgd", 0.1, model_class=FastRnnlm)[0]) is FastSGD
    with pytest.raises(ValueError, match="unknown optimizer 'rmsprop'"):
        make_optimizer("rmsprop", 0.1)


@pytest.mark.parametrize("name", ["train", "generate", "baselines"])
def test_every_command_line_returns_its_exit_status(name, capsys):
    import importlib

    command = importlib.import_module(f"lib.cli.{name}")
    assert command.main(["--help"]) == 0
    assert capsys.readouterr().out.startswith(f"usage: python -m lib.cli.{name}")
    assert command.main(["--no-such-option"]) == 2
    assert f"lib.cli.{name}: error: " in capsys.readouterr().err
