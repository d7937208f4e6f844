"""How many BLAS threads numpy's matrix products use while training: chosen by problem size and load.

After each product OpenBLAS's worker thread keeps spinning for a while, waiting for the
next one. Small products (the chapter's run) are therefore no faster on two threads, and
with a busy process beside them on a 2-core machine each product waits until the
scheduler lets the worker run, which can make a small run many times slower. Large products
(the full PTB vocabulary) gain from a second thread on a quiet machine, but lose much of it
when another process keeps a core busy. So a small problem runs on one thread, and a large one
on the cores that other processes leave free when fit starts. benchmarks/bench_train.py
measures all of these on the machine at hand (quiet and busy, 1, 2 and the default threads).
threadpoolctl changes the count at run time, however numpy was started.
"""
import os
import time
from contextlib import contextmanager
from pathlib import Path

from threadpoolctl import threadpool_limits

# Work of a training step (tokens x weights, about its multiply-adds) from which a second
# thread pays, measured on 2 cores with benchmarks/bench_train.py: the chapter's run (10 x 5
# tokens, 104k weights) is below it, a full-vocabulary step (V = 10,000, D = H = 100) above.
MULTI_THREAD_WORK = 100_000_000


def blas_threads_for(model, batch_size, time_size):
    """1 for a small problem; for a large one, as many as there are free cores (None: all, the BLAS default).

    Each token of a step meets about every weight once in forward (and twice in
    backward), so batch_size * time_size * (number of weights) measures a step's work.
    """
    weights = sum(p.size for p in model.params)
    if batch_size * time_size * weights < MULTI_THREAD_WORK:
        return 1
    return threads_beside(other_running_tasks())


def threads_beside(busy, cpus=None):
    """Threads for a large problem while `busy` tasks of other processes run: the cores they leave free.

    None (all cores, the BLAS default) when nothing else runs or the load is unknown.
    """
    cpus = cpus or usable_cpus()
    if not busy or busy < 0:
        return None
    free = cpus - busy
    return None if free >= cpus else max(1, free)


def usable_cpus():
    """The CPUs this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def other_running_tasks(samples=5, pause=0.001):
    """How many tasks of other processes are running now (from /proc, Linux); None where unknown.

    The fewest over a few samples 1 ms apart: a task that runs only for a moment is not counted.
    """
    counts = []
    try:
        for _ in range(samples):
            running = int(Path("/proc/loadavg").read_text().split()[3].split("/")[0])  # "1.50 2.08 1.18 3/89 16248"
            counts.append(running - own_running_threads())
            time.sleep(pause)
    except (OSError, ValueError, IndexError):
        return None
    return max(0, min(counts))


def own_running_threads():
    """How many threads of this process are running now (the one reading /proc is one of them)."""
    count = 0
    for task in os.listdir("/proc/self/task"):
        try:
            stat = Path(f"/proc/self/task/{task}/stat").read_text()
        except FileNotFoundError:  # the thread ended meanwhile
            continue
        count += stat.rsplit(")", 1)[1].split()[0] == "R"  # the state follows the (name)
    return count


@contextmanager
def blas_threads(threads):
    """Run the block with at most `threads` BLAS threads (None: leave the count as it is)."""
    if threads is None:
        yield
        return
    if int(threads) < 1:
        raise ValueError(f"threads must be a positive number of BLAS threads, got {threads}")
    with threadpool_limits(limits=int(threads), user_api="blas"):
        yield
