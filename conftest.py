"""Set-up of every pytest run, whatever folder it starts in: the environment of the tests and of the
notebook kernels they start, and the path of the notebooks' sanitize file.

It sits at the repository root (pytest's rootdir) so that it applies to `pytest notebooks/5.3-...ipynb`
too, which does not read tests/.
"""
import os
from pathlib import Path

# One BLAS thread for the tests and the notebook kernels they start (which inherit
# the environment): the matrices here are small, where a second thread costs more
# than it gives, and stalls badly on a busy machine. notebooks/execute.py stores
# the notebooks' outputs with the same setting, so their last digits match.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

# matplotlib caches its font list per user (~/.cache/matplotlib). A list written by a half-installed
# matplotlib lacks matplotlib's own fonts (STIX, Computer Modern), and every figure then logs findfont
# warnings into the notebooks' outputs. The tests and their kernels keep a cache of their own.
os.environ.setdefault("MPLCONFIGDIR", str(Path(__file__).resolve().parent / ".cache" / "matplotlib"))

# Tests never download: the PTB loader (lib.datasets.ptb, variable RNNLM_PTB_URL) gets a local
# port where nothing listens, so a missing PTB file fails at once with the loader's offline message.
# `make test` downloads the files before pytest starts; CI copies them in (.ci/run).
os.environ["RNNLM_PTB_URL"] = "http://127.0.0.1:1/tests-never-download"


def pytest_configure(config):
    """pyproject's addopts name tests/sanitize.cfg from the repository root; nbval opens it from the
    folder pytest started in. A relative path that is not there is taken from the root instead."""
    sanitize = getattr(config.option, "nbval_sanitize_with", None)
    if sanitize and not os.path.isabs(sanitize) and not os.path.exists(sanitize):
        config.option.nbval_sanitize_with = str(Path(config.rootpath) / sanitize)
