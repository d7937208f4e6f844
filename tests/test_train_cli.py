"""python -m lib.cli.train: the ptb preset end to end on tiny sizes, exact resumption, Ctrl-C, the progress bar,
the chapter's default run."""
import fcntl
import io
import json
import math
import os
import pty
import signal
import struct
import subprocess
import sys
import termios
import threading
import time

import numpy as np
import pytest
from threadpoolctl import threadpool_info

from lib import SGD, FastRnnlm, RegularizedRnnlm, RnnlmTrainer, SimpleRnnlm
from lib.cli import checkpoint, config
from lib.cli.interrupt import stop_on_ctrl_c
from lib.cli.run import Run
from lib.cli.train import main

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TINY = ["--preset", "ptb", "--eval-size", "400", "--wordvec-size", "8", "--hidden-size", "8",
        "--time-size", "5", "--batch-size", "4", "--quiet"]  # 20 tokens a step, vocabulary 10,000


@pytest.fixture(autouse=True)
def project_dir(tmp_path, monkeypatch):
    """The presets' default paths in a temporary folder: a test that gives no --results must not overwrite the
    committed notebooks/results."""
    monkeypatch.setattr(config, "PROJECT_DIR", tmp_path / "project")
    return tmp_path / "project"


@pytest.fixture(scope="module")
def train_ids():
    from lib.datasets import ptb
    try:
        return ptb.load_data("train")[0]
    except ptb.PtbDataError as err:
        pytest.skip(f"PTB data not available: {err}")


def run(tmp_path, name, *options, preset="ptb"):
    out = tmp_path / name
    status = main(["--preset", preset, *TINY[2:], "--results", str(out / "r.json"), "--checkpoint",
                   str(out / "c.npz"), *options])
    return status, out


def test_ptb_preset_smoke_run(tmp_path, train_ids, capsys):
    status, out = run(tmp_path, "a", "--corpus-size", "1000", "--max-epoch", "2")
    assert status == 0
    results = json.loads((out / "r.json").read_text())
    for key in ("valid_perplexity", "test_perplexity", "command", "seconds", "curves", "settings"):
        assert key in results
    assert results["command"].startswith("python -m lib.cli.train --preset ptb")
    assert results["model"] == "FastRnnlm"  # the full vocabulary trains on the fast engine
    curves = results["curves"]
    for key in ("train_perplexity", "valid_perplexity", "lr", "seconds", "tokens_per_second"):
        assert len(curves[key]) == 2
    assert curves["epoch"] == [1, 2]
    assert results["valid_perplexity"] == min(curves["valid_perplexity"])  # the best weights' perplexity
    assert 1 < results["test_perplexity"] < math.inf
    assert results["data"] == {"vocab_size": 10000, "train_tokens": 1000, "valid_tokens": 400, "test_tokens": 400}
    assert results["settings"]["optimizer"] == "adam" and results["settings"]["max_grad"] == 0.25
    assert (out / "r.png").stat().st_size > 1000

    ckpt = checkpoint.load(out / "c.npz")
    assert ckpt.meta["run"]["epoch"] == 2 and ckpt.meta["trainer"]["iteration"] == 0
    assert len(ckpt.meta["words"]) == 10000 and ckpt.meta["words"][24] == "<eos>"
    assert ckpt.meta["optimizer"]["name"] == "Adam" and ckpt.meta["optimizer"]["iter"] == 2 * (999 // 20)
    assert ckpt.meta["model"]["class"] == "FastRnnlm"
    lines = capsys.readouterr().out.splitlines()
    assert "valid" in lines[-1] and "test" in lines[-1]

    # the checkpoint of the fast engine loads into the chapter's model: the same predictions
    fast, simple = checkpoint.build_model(ckpt), checkpoint.build_model(ckpt, SimpleRnnlm)
    assert type(fast) is FastRnnlm and type(simple) is SimpleRnnlm
    xs = train_ids[:20].reshape(2, 10)
    np.testing.assert_allclose(fast.predict(xs), simple.predict(xs), rtol=1e-4, atol=1e-5)


def test_resumed_run_equals_uninterrupted_run(tmp_path, train_ids):
    """600 words: 29 steps an epoch. 40 steps in one go == 25 steps, stop, resume, 15 more. The resumed run
    writes beside the checkpoint it resumes (c-resumed.npz, c-resumed.json), never over it."""
    common = ("--corpus-size", "600", "--max-epoch", "5")
    assert run(tmp_path, "straight", *common, "--max-steps", "40")[0] == 0
    assert run(tmp_path, "split", *common, "--max-steps", "25")[0] == 0
    middle = checkpoint.load(tmp_path / "split" / "c.npz")
    assert middle.meta["trainer"]["iteration"] == 25 and middle.best is None  # stopped midway, before any valid
    assert main(["--resume", str(tmp_path / "split" / "c.npz"), "--max-steps", "40", "--quiet"]) == 0
    assert checkpoint.load(tmp_path / "split" / "c.npz").meta["run"]["steps"] == 25  # the original is untouched

    a, b = checkpoint.load(tmp_path / "straight" / "c.npz"), checkpoint.load(tmp_path / "split" / "c-resumed.npz")
    assert a.meta["trainer"] == b.meta["trainer"]  # iteration 11 of epoch 2, same losses
    assert b.best is not None  # midway through epoch 2, the best weights (after epoch 1) travel along
    assert a.arrays.keys() == b.arrays.keys()
    for key in a.arrays:
        np.testing.assert_array_equal(a.arrays[key], b.arrays[key])
    ra = json.loads((tmp_path / "straight" / "r.json").read_text())
    rb = json.loads((tmp_path / "split" / "c-resumed.json").read_text())
    assert ra["curves"]["valid_perplexity"] == rb["curves"]["valid_perplexity"]
    assert (ra["valid_perplexity"], ra["test_perplexity"]) == (rb["valid_perplexity"], rb["test_perplexity"])
    assert rb["resumed_with"][0].startswith("python -m lib.cli.train --resume")


def test_ptb_best_preset_resumes_with_the_same_dropout_masks(tmp_path, train_ids):
    """Dropout and tied weights on tiny sizes: the mask Generator's state travels in the checkpoint, so
    40 steps in one go == 25 steps, stop, resume, 15 more; the epoch lines go to r.log."""
    common = ("--corpus-size", "600", "--max-epoch", "5")
    assert run(tmp_path, "straight", *common, "--max-steps", "40", preset="ptb-best")[0] == 0
    assert run(tmp_path, "split", *common, "--max-steps", "25", preset="ptb-best")[0] == 0
    assert main(["--resume", str(tmp_path / "split" / "c.npz"), "--max-steps", "40", "--quiet"]) == 0
    a, b = checkpoint.load(tmp_path / "straight" / "c.npz"), checkpoint.load(tmp_path / "split" / "c-resumed.npz")
    assert a.meta["model"]["dropout"] == 0.4 and a.meta["model"]["tie_weights"]
    assert "model/affine_W" not in a.arrays
    assert a.meta["model"]["dropout_rng"] == b.meta["model"]["dropout_rng"]
    assert a.meta["trainer"] == b.meta["trainer"]
    for key in a.arrays:
        np.testing.assert_array_equal(a.arrays[key], b.arrays[key])
    results = json.loads((tmp_path / "split" / "c-resumed.json").read_text())
    assert results["model"] == "FastRnnlm" and results["settings"]["dropout"] == 0.4
    log = (tmp_path / "split" / "r.log").read_text().splitlines()  # the first part's log
    assert log[0].startswith("$ python -m lib.cli.train --preset ptb-best")
    assert log[1].startswith("step 25, valid") and len(log) == 2  # its final line
    log = (tmp_path / "split" / "c-resumed.log").read_text().splitlines()  # the resumed part's
    assert log[0].startswith("$ python -m lib.cli.train --resume")
    assert log[1].startswith("epoch   1/5") and "valid" in log[1] and "tok/s" in log[1]
    assert log[-1].startswith("epoch 1: perplexity") and "test" in log[-1]
    # the tied fast engine's checkpoint builds the readable model: the same predictions
    readable = checkpoint.build_model(a, RegularizedRnnlm)
    fast = checkpoint.build_model(a)
    xs = train_ids[:20].reshape(2, 10)
    for model in (readable, fast):
        model.eval()
        model.reset_state()
    np.testing.assert_allclose(fast.predict(xs), readable.predict(xs), rtol=1e-4, atol=1e-5)


def test_max_minutes_starts_no_epoch_that_would_end_past_it(tmp_path, train_ids):
    status, out = run(tmp_path, "a", "--corpus-size", "600", "--max-epoch", "5", "--max-minutes", "0.0001")
    assert status == 0
    results = json.loads((out / "r.json").read_text())
    assert results["epochs"] == 1 and results["stopped_by_max_minutes"]  # the first epoch took more than 6 ms
    assert results["test_perplexity"] is not None
    assert "no epoch 2: it would end past --max-minutes 0.0001" in (out / "r.log").read_text()
    status, out = run(tmp_path, "b", "--corpus-size", "600", "--max-epoch", "2", "--max-minutes", "60")
    results = json.loads((out / "r.json").read_text())
    assert results["epochs"] == 2 and not results["stopped_by_max_minutes"]


def test_resume_refuses_changed_settings(tmp_path, train_ids, capsys):
    run(tmp_path, "a", "--corpus-size", "600", "--max-steps", "3")
    capsys.readouterr()
    assert main(["--resume", str(tmp_path / "a" / "c.npz"), "--hidden-size", "9"]) == 2
    assert capsys.readouterr().err.startswith("lib.cli.train: error: --hidden-size 9: the run in ")
    assert main(["--resume", str(tmp_path / "nothing.npz")]) == 2
    assert "lib.cli.train: error: no checkpoint at" in capsys.readouterr().err
    # resumed with its own --max-steps 3, the run has nothing left to do: an error that says how to go on
    assert main(["--resume", str(tmp_path / "a" / "c.npz")]) == 2
    assert "stopped at --max-steps 3 (3 steps done), which a resumed run keeps: nothing left to train. Give " \
           "--max-steps 0 (no limit)" in capsys.readouterr().err
    assert not (tmp_path / "a" / "c-resumed.npz").exists()
    assert main(["--resume", str(tmp_path / "a" / "c.npz"), "--max-steps", "0", "--max-epoch", "1"]) == 0
    assert checkpoint.load(tmp_path / "a" / "c-resumed.npz").meta["run"]["epoch"] == 1


def test_default_run_is_the_chapters(tmp_path, train_ids):
    """No options: first 1000 words, SGD lr 0.1, batch 10, time 5, 100/100 sizes; same perplexities as the trainer."""
    out = tmp_path / "seed-run"
    assert main(["--max-epoch", "3", "--out", str(out), "--quiet"]) == 0
    log = json.loads((out / "log.json").read_text())
    model = SimpleRnnlm(418, 100, 100, rng=1)
    corpus = train_ids[:1000]
    expected = RnnlmTrainer(model, SGD(0.1)).fit(corpus[:-1], corpus[1:], max_epoch=3, batch_size=10, time_size=5)
    assert log["perplexity"] == [round(p, 4) for p in expected]
    assert log["vocab_size"] == 418 and log["corpus_words"] == 1000
    assert log["model"] == "SimpleRnnlm"  # the code the notebooks show
    assert sorted(os.listdir(out)) == ["log.json", "params.npz", "perplexity.png"]


def test_ctrl_c_handler_stops_between_steps_and_restores_the_previous_handler(capsys):
    model = SimpleRnnlm(30, 4, 4, rng=0)
    trainer = RnnlmTrainer(model, SGD(0.1))
    xs = np.random.default_rng(0).integers(0, 30, 400)
    previous = signal.getsignal(signal.SIGINT)

    def press_ctrl_c_at_step_3(t, loss):
        if t.iteration == 3:
            signal.raise_signal(signal.SIGINT)

    with stop_on_ctrl_c(trainer) as ctrl_c:
        trainer.fit(xs[:-1], xs[1:], max_epoch=5, batch_size=2, time_size=5, callback=press_ctrl_c_at_step_3)
        assert ctrl_c.pressed and trainer.stop_requested
        assert trainer.iteration == 3 and trainer.time_idx == 15
        assert capsys.readouterr() == ("", "")  # the handler only sets flags: no print that could collide
        with pytest.raises(KeyboardInterrupt):  # a second Ctrl-C quits at once
            signal.raise_signal(signal.SIGINT)
    assert signal.getsignal(signal.SIGINT) is previous


class Terminal(io.StringIO):
    """A stderr that says it is a terminal: the progress bar draws on it."""

    def isatty(self):
        return True


def test_progress_bar_counts_the_tokens_trained(tmp_path, train_ids, monkeypatch):
    """3 steps of 4 x 5 tokens: the bar ends at 60 of 60; without a terminal (or with --quiet) there is no bar."""
    options = [o for o in TINY if o != "--quiet"] + ["--corpus-size", "600", "--max-steps", "3", "--force"]
    monkeypatch.setattr(sys, "stderr", Terminal())
    assert main(options) == 0
    bar = sys.stderr.getvalue()
    assert "train: 100%" in bar and "60.0/60.0 " in bar
    monkeypatch.setattr(sys, "stderr", Terminal())
    assert main(options + ["--quiet"]) == 0
    assert "train:" not in sys.stderr.getvalue()
    monkeypatch.setattr(sys, "stderr", io.StringIO())  # not a terminal
    assert main(options) == 0
    assert "train:" not in sys.stderr.getvalue()


def test_ctrl_c_with_the_progress_bar_on_stops_saves_and_says_so(tmp_path, train_ids, monkeypatch):
    """Ctrl-C at step 3, while the bar draws: exit status 130, the checkpoint of step 3, the message after fit."""
    count_step = Run.count_step

    def press_ctrl_c_at_step_3(run, trainer, loss):
        count_step(run, trainer, loss)
        if trainer.iteration == 3:
            signal.raise_signal(signal.SIGINT)

    monkeypatch.setattr(Run, "count_step", press_ctrl_c_at_step_3)
    monkeypatch.setattr(sys, "stderr", Terminal())
    options = [o for o in TINY if o != "--quiet"] + ["--corpus-size", "600", "--checkpoint", str(tmp_path / "c.npz")]
    assert main(options) == 130
    err = sys.stderr.getvalue()
    assert "train:" in err and "tok/s" in err  # the bar was drawing
    assert f"stopped by Ctrl-C at step 3 of epoch 1; checkpoint saved: {tmp_path / 'c.npz'}" in err
    assert f"resume with: python -m lib.cli.train --resume {tmp_path / 'c.npz'}" in err
    assert checkpoint.load(tmp_path / "c.npz").meta["trainer"]["iteration"] == 3


def test_threads_option_sets_the_blas_threads_of_training(tmp_path, train_ids, monkeypatch):
    seen = []
    count_step = Run.count_step

    def record_threads(run, trainer, loss):
        seen.append({info["num_threads"] for info in threadpool_info() if info["user_api"] == "blas"})
        count_step(run, trainer, loss)

    monkeypatch.setattr(Run, "count_step", record_threads)
    assert main(["--max-steps", "2", "--out", "", "--quiet", "--threads", "2"]) == 0
    assert main(["--max-steps", "2", "--out", "", "--quiet"]) == 0  # the chapter's sizes: lib chooses 1
    assert seen == [{2}, {2}, {1}, {1}]


def read_all(fd, into):
    """Read fd until it closes (a thread: the child must never block on a full terminal buffer)."""
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            return
        if not chunk:
            return
        into.append(chunk)


def test_ctrl_c_saves_a_checkpoint_and_exits_cleanly(tmp_path, train_ids):
    """A real SIGINT to a real process whose stderr is a terminal, so that the progress bar is drawing."""
    ckpt_path = tmp_path / "c.npz"
    options = [o for o in TINY if o != "--quiet"]
    cmd = [sys.executable, "-m", "lib.cli.train", *options, "--corpus-size", "20000", "--max-epoch", "1000",
           "--checkpoint", str(ckpt_path), "--results", str(tmp_path / "r.json")]
    terminal, child_side = pty.openpty()
    fcntl.ioctl(child_side, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # rows, columns
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=child_side, text=True)
    os.close(child_side)
    chunks = []
    reader = threading.Thread(target=read_all, args=(terminal, chunks), daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + 60
        while not ckpt_path.exists():  # the first epoch's checkpoint: training is under way
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "no checkpoint after 60 s"
            time.sleep(0.05)
        time.sleep(0.3)
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=60)
    finally:
        proc.kill()
        reader.join(timeout=10)
        os.close(terminal)
    err = b"".join(chunks).decode(errors="replace")
    assert proc.returncode == 130, err
    assert "train:" in err and "tok/s" in err  # the bar was drawing
    assert "stopped by Ctrl-C" in err and f"checkpoint saved: {ckpt_path}" in err
    assert "Traceback" not in err and "reentrant" not in err
    assert not (tmp_path / "r.json").exists()  # the run did not finish
    ckpt = checkpoint.load(ckpt_path)
    assert ckpt.meta["run"]["epoch"] >= 1
    model = checkpoint.build_model(ckpt)
    assert all(np.isfinite(p).all() for p in model.params)
