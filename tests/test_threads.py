"""The BLAS thread count while training: lib's choice by problem size and load, and the override."""
import os
import subprocess
import sys
import time

import numpy as np
import pytest
from threadpoolctl import threadpool_info, threadpool_limits

import lib.threads
from lib import SGD, RnnlmTrainer, SimpleRnnlm, blas_threads, blas_threads_for, eval_perplexity
from lib.threads import MULTI_THREAD_WORK, other_running_tasks, threads_beside


def blas_thread_counts():
    """The thread count of every BLAS library numpy has loaded."""
    counts = [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"]
    if not counts:
        pytest.skip("threadpoolctl finds no BLAS library in this numpy")
    return counts


def corpus(V, n=121, seed=0):
    return np.random.default_rng(seed).integers(0, V, n)


def test_the_chapter_run_gets_one_thread_and_the_full_vocabulary_the_free_cores(monkeypatch):
    chapter = SimpleRnnlm(418, 100, 100, rng=0)  # the chapter's run: batch 10, time 5
    full = SimpleRnnlm(10_000, 100, 100, rng=0)  # whole PTB: batch 20, time 35
    monkeypatch.setattr(lib.threads, "usable_cpus", lambda: 2)
    for busy, expected in ((0, None), (None, None), (1, 1), (3, 1)):
        monkeypatch.setattr(lib.threads, "other_running_tasks", lambda busy=busy: busy)
        assert blas_threads_for(chapter, batch_size=10, time_size=5) == 1
        assert blas_threads_for(full, batch_size=20, time_size=35) == expected, busy


def test_the_choice_turns_at_the_threshold(monkeypatch):
    monkeypatch.setattr(lib.threads, "other_running_tasks", lambda: 0)
    model = SimpleRnnlm(50, 4, 6, rng=0)
    weights = sum(p.size for p in model.params)
    tokens = -(-MULTI_THREAD_WORK // weights)  # the fewest tokens whose work reaches the threshold
    assert blas_threads_for(model, batch_size=tokens, time_size=1) is None
    assert blas_threads_for(model, batch_size=tokens - 1, time_size=1) == 1


@pytest.mark.parametrize("busy, cpus, expected", [(0, 2, None), (1, 2, 1), (2, 2, 1), (1, 4, 3), (2, 8, 6),
                                                  (None, 4, None)])
def test_threads_beside_other_tasks_take_the_free_cores(busy, cpus, expected):
    assert threads_beside(busy, cpus) == expected


def test_a_busy_process_beside_is_seen():
    if other_running_tasks() is None:
        pytest.skip("no /proc/loadavg here: the load is unknown, and lib keeps the BLAS default")
    busy = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        deadline = time.monotonic() + 5
        while other_running_tasks() < 1:  # until the child runs
            assert time.monotonic() < deadline, "a busy process beside was never seen"
            time.sleep(0.01)
    finally:
        busy.kill()
        busy.wait()


def record_threads_in_callback(trainer, V):
    seen = []
    xs = corpus(V)
    trainer.fit(xs[:-1], xs[1:], max_epoch=1, batch_size=4, time_size=5,
                callback=lambda tr, loss: seen.append(blas_thread_counts()))
    assert seen
    return seen


def test_fit_on_a_small_problem_runs_on_one_thread_and_restores_the_count():
    if os.cpu_count() < 2:
        pytest.skip("needs 2 cores to see the count go from 2 to 1")
    with threadpool_limits(2, user_api="blas"):
        before = blas_thread_counts()
        trainer = RnnlmTrainer(SimpleRnnlm(20, 4, 6, rng=0), SGD(0.1))
        assert all(counts == [1] * len(before) for counts in record_threads_in_callback(trainer, 20))
        assert blas_thread_counts() == before


@pytest.mark.parametrize("threads", [1, 2])
def test_threads_given_to_the_trainer_override_the_choice(threads):
    if os.cpu_count() < threads:
        pytest.skip(f"needs {threads} cores")
    with threadpool_limits(1 if threads == 2 else 2, user_api="blas"):  # start from the other count
        trainer = RnnlmTrainer(SimpleRnnlm(20, 4, 6, rng=0), SGD(0.1), threads=threads)
        seen = record_threads_in_callback(trainer, 20)
    assert all(set(counts) == {threads} for counts in seen)


def test_eval_perplexity_uses_the_choice_and_its_override(monkeypatch):
    if os.cpu_count() < 2:
        pytest.skip("needs 2 cores")
    model = SimpleRnnlm(20, 4, 6, rng=0)
    seen = []
    forward = model.forward
    monkeypatch.setattr(model, "forward", lambda xs, ts: (seen.append(blas_thread_counts()), forward(xs, ts))[1])
    with threadpool_limits(2, user_api="blas"):
        eval_perplexity(model, corpus(20), batch_size=4, time_size=5)
        assert seen and all(set(counts) == {1} for counts in seen)
        seen.clear()
        eval_perplexity(model, corpus(20), batch_size=4, time_size=5, threads=2)
        assert seen and all(set(counts) == {2} for counts in seen)


def test_blas_threads_none_leaves_the_count_alone():
    before = blas_thread_counts()
    with blas_threads(None):
        assert blas_thread_counts() == before
    with pytest.raises(ValueError, match="positive"):
        with blas_threads(0):
            pass
