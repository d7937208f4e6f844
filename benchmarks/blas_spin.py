"""Why lib's own numpy passes do not run on a second thread: OpenBLAS keeps its worker busy.

After a multi-threaded matrix product returns, OpenBLAS's worker threads spin for a while
waiting for the next one. A single-threaded numpy pass right after a product then shows a
process CPU time of about twice its wall time: the second core is taken by the spinning
worker, so a second numpy thread would find no free core. After a pause, CPU = wall.
The same spinning is why lib.threads gives small problems (the chapter's run) one BLAS thread:
with another busy process on a 2-core machine, the worker shares a core with that process, and
each two-thread product waits until the scheduler gives the worker its turn.

    OPENBLAS_NUM_THREADS=2 python benchmarks/blas_spin.py
"""
import time

import numpy as np


def numpy_pass_times(product_before, repeats=10):
    """Wall and process CPU seconds of a numpy pass, each time after a product or after a pause."""
    rng = np.random.default_rng(0)
    a = rng.standard_normal((700, 101)).astype(np.float32)
    w = rng.standard_normal((101, 10_000)).astype(np.float32)
    x = rng.random((2000, 10_000)).astype(np.float32)
    wall = cpu = 0.0
    for _ in range(repeats):
        if product_before:
            a @ w
        else:
            time.sleep(0.3)  # long enough for the BLAS workers to go to sleep
        w0, c0 = time.perf_counter(), time.process_time()
        np.multiply(x, 0.999, out=x)
        np.sqrt(x, out=x)
        wall += time.perf_counter() - w0
        cpu += time.process_time() - c0
    return wall, cpu


def main():
    for label, product_before in (("after a pause", False), ("right after a product", True)) * 2:
        wall, cpu = numpy_pass_times(product_before)
        print(f"numpy pass {label:22s} wall {wall * 1e3:6.1f} ms  process CPU {cpu * 1e3:6.1f} ms  "
              f"CPU / wall {cpu / wall:.2f}")


if __name__ == "__main__":
    main()
