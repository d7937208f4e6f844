"""How many BLAS threads numpy's matrix products use while training, chosen by problem size.

A second BLAS thread pays only for large products. After each product OpenBLAS's
worker thread keeps spinning for a while, waiting for the next one: small products
(the chapter's run) are faster on one thread, and with a busy process beside them on
a 2-core machine the spinning worker made the chapter's run 17x slower (33.8 s
instead of 1.97 s). So a small problem runs on one thread and a large one (the full
PTB vocabulary) keeps the BLAS default. threadpoolctl changes the count at run
time, so this works however numpy was started (no environment variable needed).
"""
from contextlib import contextmanager

from threadpoolctl import threadpool_limits

# Work of a training step (tokens x weights, about its multiply-adds) from which a
# second thread pays; measured on a 2-core machine (see the README's speed section).
MULTI_THREAD_WORK = 50_000_000


def blas_threads_for(model, batch_size, time_size):
    """1 for a small problem, None (the BLAS default, all cores) for a large one.

    Each token of a step meets about every weight once in forward (and twice in
    backward), so batch_size * time_size * (number of weights) measures a step's work.
    """
    weights = sum(p.size for p in model.params)
    work = batch_size * time_size * weights
    return None if work >= MULTI_THREAD_WORK else 1


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
