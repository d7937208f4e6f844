"""The command lines under faults and bad input (issue 11): never lose a run, never exit 0 on nonsense.

Data loss first (resuming a copy, a fresh run over a checkpoint, the committed results, SIGTERM,
stale temporary files), then options, divergence and late checks. Tiny sizes: the chapter's
preset on 200 words with 8-unit layers trains 3 steps an epoch. Damaged checkpoints: test_checkpoint.py.
"""
import json
import math
import os
import shutil
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

from lib import SimpleRnnlm
from lib.cli import checkpoint, config
from lib.cli import generate as generate_cli
from lib.cli import run as run_module
from lib.cli.baselines import main as baselines_main
from lib.cli.run import Run
from lib.cli.schedule import ValidSchedule
from lib.cli.train import main

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHAPTER = ["--corpus-size", "200", "--wordvec-size", "8", "--hidden-size", "8", "--quiet"]  # 3 steps an epoch
TINY_PTB = ["--preset", "ptb", "--eval-size", "400", "--corpus-size", "600", "--wordvec-size", "8",
            "--hidden-size", "8", "--time-size", "5", "--batch-size", "4", "--quiet"]


@pytest.fixture(autouse=True)
def project_dir(tmp_path, monkeypatch):
    """The presets' default paths in a temporary folder, never the project's own results."""
    monkeypatch.setattr(config, "PROJECT_DIR", tmp_path / "project")
    return tmp_path / "project"


@pytest.fixture(scope="module")
def ptb_available():
    from lib.datasets import ptb
    try:
        ptb.load_data("train")
    except ptb.PtbDataError as err:
        pytest.skip(f"PTB data not available: {err}")


def epoch_of(path):
    return checkpoint.load(path).meta["run"]["epoch"]

# ---------------------------------------------------------------- data loss


def test_resuming_a_copy_never_writes_over_the_original(tmp_path, ptb_available, capsys):
    """The issue's repro: train to epoch 3, copy, resume the original to 8, resume the copy to 4."""
    x = tmp_path / "x"
    assert main([*CHAPTER, "--max-epoch", "3", "--checkpoint", str(x / "run.npz"), "--out", str(x / "out")]) == 0
    first_log = (x / "out" / "log.json").read_bytes()
    shutil.copy(x / "run.npz", x / "b.npz")
    assert main(["--resume", str(x / "run.npz"), "--max-epoch", "8", "--quiet"]) == 0
    assert main(["--resume", str(x / "b.npz"), "--max-epoch", "4", "--quiet"]) == 0
    assert (epoch_of(x / "run.npz"), epoch_of(x / "b.npz")) == (3, 3)  # the files resumed from: untouched
    assert (epoch_of(x / "run-resumed.npz"), epoch_of(x / "b-resumed.npz")) == (8, 4)
    assert (x / "out" / "log.json").read_bytes() == first_log  # the first run's --out too
    assert json.loads((x / "b-resumed" / "log.json").read_text())["settings"]["max_epoch"] == 4
    assert f"checkpoints go to {x / 'b-resumed.npz'}" in capsys.readouterr().err

    # a second resume of the copy would replace b-resumed.npz: refused, with the ways on
    assert main(["--resume", str(x / "b.npz"), "--max-epoch", "5", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert f"a checkpoint already exists at {x / 'b-resumed.npz'} (epoch 4, 12 steps)" in err
    assert "Give another --checkpoint PATH" in err and "--force" in err
    assert epoch_of(x / "b-resumed.npz") == 4
    # continuing in the file resumed from is allowed, and --force replaces
    assert main(["--resume", str(x / "b.npz"), "--checkpoint", str(x / "b.npz"), "--max-epoch", "5", "--quiet"]) == 0
    assert epoch_of(x / "b.npz") == 5
    assert main(["--resume", str(x / "b.npz"), "--max-epoch", "6", "--force", "--quiet"]) == 0
    assert epoch_of(x / "b-resumed.npz") == 6


def test_a_fresh_run_refuses_an_existing_checkpoint_and_never_touches_committed_results(
        project_dir, ptb_available, capsys):
    assert main([*TINY_PTB, "--max-steps", "3"]) == 0
    ckpt = project_dir / "results" / "ptb-rnnlm" / "checkpoint.npz"
    assert (project_dir / "results" / "ptb-rnnlm" / "results.json").exists()  # the preset writes to results/
    assert not (project_dir / "notebooks").exists()  # and not to the committed notebooks/results
    before = ckpt.read_bytes()
    capsys.readouterr()

    assert main([*TINY_PTB, "--max-steps", "2"]) == 2  # forgot --resume
    err = capsys.readouterr().err
    assert f"a checkpoint already exists at {ckpt} (epoch 0, 3 steps)" in err
    assert f"To continue that run: python -m lib.cli.train --resume {ckpt}" in err
    assert "give another --checkpoint PATH, or --force to replace it" in err
    assert ckpt.read_bytes() == before
    assert main([*TINY_PTB, "--max-steps", "2", "--force"]) == 0
    assert checkpoint.load(ckpt).meta["run"]["steps"] == 2
    assert config.parse_config(["--preset", "ptb-best"]).settings()["results"] == "results/ptb-best/results.json"


def press_at_step(monkeypatch, signum, step):
    """Make Run send itself signum after the given training step."""
    count_step = Run.count_step

    def count_and_signal(run, trainer, loss):
        count_step(run, trainer, loss)
        if run.state["steps"] == step:
            signal.raise_signal(signum)

    monkeypatch.setattr(Run, "count_step", count_and_signal)


def test_sigterm_stops_after_the_step_and_saves_a_checkpoint(tmp_path, ptb_available, monkeypatch, capsys):
    press_at_step(monkeypatch, signal.SIGTERM, 4)
    previous = signal.getsignal(signal.SIGTERM)
    assert main([*CHAPTER, "--max-epoch", "5", "--checkpoint", str(tmp_path / "c.npz")]) == 143
    assert signal.getsignal(signal.SIGTERM) is previous
    assert f"stopped by SIGTERM at step 1 of epoch 2; checkpoint saved: {tmp_path / 'c.npz'}" in capsys.readouterr().err
    assert checkpoint.load(tmp_path / "c.npz").meta["run"]["steps"] == 4


def test_a_real_sigterm_to_a_training_process(tmp_path, ptb_available):
    ckpt = tmp_path / "c.npz"
    cmd = [sys.executable, "-m", "lib.cli.train", *TINY_PTB, "--corpus-size", "20000", "--max-epoch", "1000",
           "--checkpoint", str(ckpt), "--results", str(tmp_path / "r.json")]
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not ckpt.exists():  # the first epoch is done: training is under way
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "no checkpoint after 60 s"
            time.sleep(0.05)
        time.sleep(0.3)
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 143, err
    assert "stopped by SIGTERM at step" in err and "Traceback" not in err
    assert checkpoint.load(ckpt).meta["trainer"]["iteration"] > 0  # saved midway, not at the epoch's end


def test_temporary_files_of_an_interrupted_write_are_removed_on_the_next_run(tmp_path, ptb_available, capsys):
    stale = [".c.npz.0123abcd.tmp", ".r.json.89abcdef.tmp", ".r.png.00ff00ff.png"]
    kept = [".c.npz.notes.tmp", ".other.npz.0123abcd.tmp", "c.npz.0123abcd.tmp"]  # not atomic_path's for ours
    for name in stale + kept:
        (tmp_path / name).write_bytes(b"partial")
        os.utime(tmp_path / name, (time.time() - 3600,) * 2)  # written an hour ago by a killed run
    (tmp_path / ".c.npz.00000000.tmp").write_bytes(b"partial")  # a write under way right now: left alone
    kept.append(".c.npz.00000000.tmp")
    assert main([*CHAPTER, "--max-epoch", "1", "--checkpoint", str(tmp_path / "c.npz"),
                 "--results", str(tmp_path / "r.json")]) == 0
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith((".", "c.npz."))) == sorted(kept)
    assert f"removed {tmp_path / '.c.npz.0123abcd.tmp'}, left by an interrupted write" in capsys.readouterr().err
    (tmp_path / ".s.json.0badcafe.tmp").write_bytes(b"partial")  # and those of generate --save
    os.utime(tmp_path / ".s.json.0badcafe.tmp", (time.time() - 3600,) * 2)
    assert generate_cli.main(["--checkpoint", str(tmp_path / "c.npz"), "--length", "2", "--save",
                              str(tmp_path / "s.json")]) == 0
    assert not (tmp_path / ".s.json.0badcafe.tmp").exists() and (tmp_path / "s.json").exists()

# ---------------------------------------------------------------- options: a range each, in --help and the error


@pytest.mark.parametrize("option, value, wanted", [
    ("--max-grad", "-0.25", "a finite number > 0"), ("--max-grad", "0", "a finite number > 0"),
    ("--max-grad", "nan", "a finite number > 0"), ("--lr", "nan", "a finite number > 0"),
    ("--lr", "inf", "a finite number > 0"), ("--lr", "0", "a finite number > 0"),
    ("--lr-decay", "nan", "a factor in (0, 1]"), ("--lr-decay", "0", "a factor in (0, 1]"),
    ("--embed-std", "nan", "a finite number > 0"), ("--embed-std", "-1", "a finite number > 0"),
    ("--init-uniform", "-0.1", "a finite number > 0"), ("--corpus-size", "-5", "a whole number >= 0"),
    ("--eval-size", "-5", "a whole number >= 0"), ("--max-epoch", "0", "a whole number >= 1"),
    ("--max-epoch", "-1", "a whole number >= 1"), ("--max-steps", "-1", "a whole number >= 0"),
    ("--batch-size", "0", "a whole number >= 1"), ("--seed", "-1", "a whole number >= 0"),
    ("--max-minutes", "nan", "a finite number >= 0"), ("--dropout", "nan", "a dropout ratio in [0, 1)"),
])
def test_a_bad_option_value_is_refused_before_any_work(option, value, wanted, capsys):
    assert main([option, value]) == 2
    assert f"error: argument {option}: expected {wanted}" in capsys.readouterr().err


def test_help_names_the_ranges(capsys):
    assert main(["--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    for phrase in ("learning rate (> 0)", "factor in (0, 1]", "(> 0; None: no clipping)", "(N >= 0; 0 = the whole",
                   "(>= 0; 0 = no limit)", "passes over the corpus (>= 1)", "else N >= 351"):
        assert phrase in text, phrase


@pytest.mark.parametrize("bad", [["--length", "0"], ["--length", "-3"], ["--temperature", "nan"],
                                 ["--temperature", "inf"], ["--temperature", "-1"], ["--temperatures", "0,nan"],
                                 ["--temperatures", "inf"], ["--top-k", "0"]])
def test_generate_refuses_bad_values(bad, capsys):
    assert generate_cli.main(["--checkpoint", "c.npz", *bad]) == 2
    err = capsys.readouterr().err
    assert f"error: argument {bad[0]}: expected" in err and ">= " in err

# ---------------------------------------------------------------- divergence: stop, keep the last good state


def test_a_learning_rate_that_overflows_stops_training_with_a_message(tmp_path, ptb_available, capsys):
    """--lr 1e4: within a few steps the loss passes 709.8 (exp overflowed: 'math range error' before)."""
    status = main([*CHAPTER, "--max-epoch", "3", "--lr", "1e4", "--checkpoint", str(tmp_path / "c.npz"),
                   "--results", str(tmp_path / "r.json")])
    err = capsys.readouterr().err
    assert status == 1, err
    assert "training diverged at step" in err and "(epoch 1): the loss is" in err and "overflows" in err
    assert "--lr 10000 now; try 1000" in err and "--max-grad 0.25" in err and "Traceback" not in err
    assert not (tmp_path / "c.npz").exists() and not (tmp_path / "r.json").exists()


def test_a_nan_loss_keeps_the_last_good_checkpoint(tmp_path, ptb_available, monkeypatch, capsys):
    """After epoch 1 (3 steps) is saved, a weight turns NaN: the next loss is NaN and training stops."""
    count_step = Run.count_step

    def poison_after_step_4(run, trainer, loss):
        count_step(run, trainer, loss)
        if run.state["steps"] == 4:
            run.model.params[0][:] = np.nan  # as a bad update would

    monkeypatch.setattr(Run, "count_step", poison_after_step_4)
    ckpt = tmp_path / "c.npz"
    assert main([*CHAPTER, "--max-epoch", "3", "--checkpoint", str(ckpt), "--results", str(tmp_path / "r.json")]) == 1
    err = capsys.readouterr().err
    assert "training diverged at step 5 (epoch 2): the loss is not a number" in err
    assert f"The last checkpoint (after epoch 1 in {ckpt}) is kept." in err
    saved = checkpoint.load(ckpt)  # load refuses non-finite weights: this one is good
    assert saved.meta["run"]["steps"] == 3 and all(np.isfinite(a).all() for a in saved.arrays.values())
    assert not (tmp_path / "r.json").exists()


def test_gradients_that_are_not_finite_stop_training_with_a_message(tmp_path, ptb_available, monkeypatch, capsys):
    """A finite loss whose gradients overflow: clip_grads refuses them (FloatingPointError) before the update;
    the command line says so in one line and keeps the last checkpoint, no traceback."""
    backward = SimpleRnnlm.backward

    def infinite_gradients_at_step_5(model, dout=1):
        result = backward(model, dout)
        if steps["done"] == 4:
            model.grads[1][0, 0] = np.inf
        return result

    steps = {"done": 0}
    count_step = Run.count_step

    def counting(run, trainer, loss):
        count_step(run, trainer, loss)
        steps["done"] = run.state["steps"]

    monkeypatch.setattr(SimpleRnnlm, "backward", infinite_gradients_at_step_5)
    monkeypatch.setattr(Run, "count_step", counting)
    ckpt = tmp_path / "c.npz"
    assert main([*CHAPTER, "--max-epoch", "3", "--max-grad", "1", "--checkpoint", str(ckpt)]) == 1
    err = capsys.readouterr().err
    assert "training diverged at step 5 (epoch 2)" in err and "Traceback" not in err
    assert checkpoint.load(ckpt).meta["run"]["steps"] == 3


def test_weights_that_are_not_finite_are_never_saved(tmp_path, ptb_available, monkeypatch, capsys):
    """The last step of epoch 2 leaves an infinite weight (a finite loss, an infinite gradient): no --valid to
    notice it, but the checkpoint is not written and the results are not either."""
    count_step = Run.count_step

    def overflow_at_step_6(run, trainer, loss):
        count_step(run, trainer, loss)
        if run.state["steps"] == 6:
            run.model.params[2][0, 0] = np.inf

    monkeypatch.setattr(Run, "count_step", overflow_at_step_6)
    ckpt = tmp_path / "c.npz"
    assert main([*CHAPTER, "--max-epoch", "2", "--checkpoint", str(ckpt), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "training diverged after epoch 2: the weights rnn_Wh hold NaN or infinity, so they are not saved" in err
    assert f"The last checkpoint (after epoch 1 in {ckpt}) is kept." in err
    assert epoch_of(ckpt) == 1 and not (tmp_path / "out").exists()


@pytest.mark.parametrize("bad", [math.nan, math.inf])  # inf: exp of the mean loss overflowed
def test_a_valid_perplexity_that_is_not_finite_stops_training(bad, tmp_path, ptb_available, monkeypatch, capsys):
    def eval_perplexity(*args, **kwargs):
        return bad

    monkeypatch.setattr(run_module, "eval_perplexity", eval_perplexity)
    status = main([*TINY_PTB, "--max-epoch", "2", "--checkpoint", str(tmp_path / "c.npz"),
                   "--results", str(tmp_path / "r.json")])
    assert status == 1
    expected = "nan" if bad is math.nan else "inf"
    assert f"the valid perplexity is {expected} after epoch 1: the weights have diverged" in capsys.readouterr().err
    assert not (tmp_path / "c.npz").exists() and not (tmp_path / "r.json").exists()


def test_a_nan_valid_perplexity_is_never_the_best():
    schedule = ValidSchedule(decay=0.5)
    first = schedule.step(math.nan, 1.0)
    assert not first.keep_as_best and not first.restore_best and schedule.best is None
    assert schedule.step(100.0, 1.0).keep_as_best
    after = schedule.step(math.nan, 1.0)
    assert not after.keep_as_best and after.restore_best and after.lr == 0.5 and schedule.best == 100.0


def test_generate_refuses_a_checkpoint_with_nan_weights(tmp_path, capsys):
    model = SimpleRnnlm(10, 4, 4, rng=0)
    model.params[2][1, 1] = np.nan
    checkpoint.save(tmp_path / "c.npz", checkpoint.capture(model, words=[f"w{i}" for i in range(10)]))
    assert generate_cli.main(["--checkpoint", str(tmp_path / "c.npz"), "--prompt", "w1"]) == 2
    err = capsys.readouterr().err
    assert "model/rnn_Wh holds NaN or infinity" in err and "use an earlier checkpoint" in err

# ---------------------------------------------------------------- late checks become early ones


def test_output_paths_are_checked_before_training(tmp_path, capsys):
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a folder")
    cases = [(["--results", str(a_file / "r.json")], f"--results {a_file / 'r.json'}: {a_file} is a file"),
             (["--out", str(a_file)], f"--out {a_file} is a file"),
             (["--checkpoint", str(tmp_path)], f"--checkpoint {tmp_path} is a folder")]
    for options, message in cases:
        assert main([*CHAPTER, *options]) == 2  # at once: before PTB is read
        err = capsys.readouterr().err
        assert message in err and not err.startswith("corpus:"), err
    assert generate_cli.main(["--checkpoint", "c.npz", "--save", str(a_file / "s.json")]) == 2
    assert f"--save {a_file / 's.json'}: {a_file} is a file" in capsys.readouterr().err
    assert baselines_main(["--out", str(a_file / "b.json")]) == 2
    assert f"--out {a_file / 'b.json'}: {a_file} is a file" in capsys.readouterr().err


def test_an_eval_size_too_small_is_refused_at_the_start_with_the_users_numbers(tmp_path, capsys):
    assert main([*TINY_PTB, "--eval-size", "100", "--checkpoint", str(tmp_path / "c.npz")]) == 2
    err = capsys.readouterr().err
    assert "--eval-size 100 is too small: valid and test perplexity read 10 rows of 35 words" in err
    assert "give --eval-size 351 or more (0: the whole splits)" in err
    assert not (tmp_path / "c.npz").exists()


def test_a_corpus_too_small_for_one_step_is_refused_with_the_users_numbers(ptb_available, capsys):
    assert main(["--corpus-size", "50", "--batch-size", "20", "--time-size", "35", "--out", ""]) == 2
    assert ("50 training words (--corpus-size 50) do not fill one step of --batch-size 20 x --time-size 35 = "
            "700 words: give --corpus-size 701 or more") in capsys.readouterr().err


def test_a_full_disk_stops_with_a_message_and_keeps_the_last_checkpoint(tmp_path, ptb_available, monkeypatch,
                                                                        capsys):
    import errno

    save = checkpoint.save
    calls = []

    def disk_full_at_the_second_save(path, ckpt):
        calls.append(path)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        save(path, ckpt)

    monkeypatch.setattr(checkpoint, "save", disk_full_at_the_second_save)
    ckpt = tmp_path / "c.npz"
    assert main([*CHAPTER, "--max-epoch", "3", "--checkpoint", str(ckpt)]) == 1
    err = capsys.readouterr().err
    assert f"cannot write the checkpoint {ckpt}: No space left on device" in err
    assert f"The last checkpoint (after epoch 1 in {ckpt}) is kept." in err and "Traceback" not in err
    assert epoch_of(ckpt) == 1

    monkeypatch.setattr(checkpoint, "save", save)
    from lib.cli import train as train_cli

    def write_json(path, obj):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr(train_cli, "write_json", write_json)
    assert main([*CHAPTER, "--max-epoch", "1", "--results", str(tmp_path / "r.json")]) == 1
    assert "cannot write the results: [Errno 28] No space left on device" in capsys.readouterr().err


def test_a_data_folder_that_is_a_file_or_a_resume_path_that_is_a_folder(tmp_path, capsys):
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a folder")
    assert main([*CHAPTER, "--out", "", "--data-dir", str(a_file)]) == 2
    err = capsys.readouterr().err
    assert f"lib.cli.train: error: The PTB folder {a_file} is a file" in err and "Traceback" not in err
    assert main(["--resume", str(tmp_path)]) == 2
    assert f"lib.cli.train: error: {tmp_path} is a folder: give a checkpoint file" in capsys.readouterr().err

# ---------------------------------------------------------------- damaged settings, records and arrays on --resume


@pytest.fixture
def saved_run(tmp_path, ptb_available):
    """A checkpoint of the chapter's run after 1 epoch (batch size 10, 8-unit layers)."""
    path = tmp_path / "run.npz"
    assert main([*CHAPTER, "--max-epoch", "1", "--checkpoint", str(path)]) == 0
    return path


def damage(path, tmp_path, settings=None, run=None, arrays=None):
    """A copy of the checkpoint at path with entries of its settings, run record or arrays replaced."""
    ckpt = checkpoint.load(path)
    ckpt.meta["settings"].update(settings or {})
    ckpt.meta["run"].update(run or {})
    ckpt.arrays.update(arrays or {})
    copy = tmp_path / "damaged.npz"
    checkpoint.save(copy, ckpt)
    return copy


@pytest.mark.parametrize("what, message", [
    (dict(settings=dict(lr=-1)), "its settings are damaged or were not written by python -m lib.cli.train "
                                 "(argument --lr: expected a finite number > 0, got '-1')"),
    (dict(settings=dict(corpus_size=-5)), "(argument --corpus-size: expected a whole number >= 0, got '-5')"),
    (dict(run=dict(epoch="three")), "its run record has epoch = 'three'; the file is damaged"),
    (dict(run=dict(steps=-1)), "its run record has epoch 1 and steps -1, not counts >= 0"),
    (dict(arrays=dict(hidden=np.zeros((3, 8), np.float32))),
     "the hidden state has 3 rows, and the run it continues reads 10 (its batch size)"),
    (dict(settings=dict(hidden_size=16, wordvec_size=16)),
     "embed_W has shape (128, 8), the model's has shape (128, 16)"),
])
def test_a_damaged_checkpoint_is_refused_on_resume_with_one_line(what, message, saved_run, tmp_path, capsys):
    copy = damage(saved_run, tmp_path, **what)
    capsys.readouterr()
    assert main(["--resume", str(copy), "--max-epoch", "2", "--quiet"]) == 2  # no traceback: an exception fails
    err = capsys.readouterr().err
    assert "lib.cli.train: error: " in err and str(copy) in err and message in err, err
    assert "damaged" in err and "use an earlier checkpoint" in err


def test_max_steps_given_on_resume_is_named_as_given(tmp_path, ptb_available, capsys):
    ckpt = tmp_path / "c.npz"
    assert main([*CHAPTER, "--max-epoch", "2", "--checkpoint", str(ckpt)]) == 0  # 6 steps
    assert main(["--resume", str(ckpt), "--max-epoch", "5", "--max-steps", "3"]) == 2
    err = capsys.readouterr().err
    assert f"--max-steps 3 is at or below the 6 steps already done by the run in {ckpt}: nothing left" in err
    assert "which a resumed run keeps" not in err

    limited = tmp_path / "d.npz"
    assert main([*CHAPTER, "--max-epoch", "2", "--max-steps", "2", "--checkpoint", str(limited)]) == 0
    assert main(["--resume", str(limited), "--max-epoch", "5"]) == 2  # inherited: said so
    assert f"the run in {limited} stopped at --max-steps 2 (2 steps done), which a resumed run keeps" in \
        capsys.readouterr().err


def test_a_corpus_size_beyond_the_split_is_refused(ptb_available, capsys):
    from lib.datasets import ptb

    words = len(ptb.load_data("train")[0])
    assert main([*CHAPTER, "--corpus-size", str(words + 1), "--out", ""]) == 2
    assert (f"--corpus-size {words + 1:,} is more than the {words:,} words of PTB train: give at most {words}, or 0 "
            f"for the whole split") in capsys.readouterr().err
    valid_words = len(ptb.load_data("valid")[0])
    assert main([*TINY_PTB, "--eval-size", str(10**7), "--out", "", "--results", ""]) == 2
    assert f"--eval-size 10,000,000 is more than the {valid_words:,} words of PTB valid" in capsys.readouterr().err


def test_the_data_errors_name_the_option_data_dir(tmp_path, monkeypatch, capsys):
    missing = tmp_path / "no-ptb-here"
    monkeypatch.setenv("RNNLM_DATA_DIR", str(missing))
    assert main([*CHAPTER, "--out", ""]) == 2  # the folder from the environment: the option is the other way
    err = capsys.readouterr().err
    assert str(missing) in err and "--data-dir" in err and "as data_dir" not in err, err
    assert baselines_main(["--out", str(tmp_path / "b.json")]) == 2
    err = capsys.readouterr().err
    assert "--data-dir" in err and "as data_dir" not in err, err


def test_a_huge_learning_rate_warns_of_nothing_but_the_divergence(tmp_path, ptb_available, capsys):
    """--lr 1e30: numpy's overflow warnings stay quiet; the loss guard says what happened in words."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a RuntimeWarning would end the command with a traceback
        status = main([*CHAPTER, "--max-epoch", "3", "--lr", "1e30"])
    err = capsys.readouterr().err
    assert status == 1 and "training diverged at step" in err, err
    assert "RuntimeWarning" not in err
