"""Shared test set-up: the environment of the tests and of the notebook kernels they start."""
import os

# One BLAS thread for the tests and the notebook kernels they start (which inherit
# the environment): the matrices here are small, where a second thread costs more
# than it gives, and stalls badly on a busy machine. notebooks/execute.py stores
# the notebooks' outputs with the same setting, so their last digits match.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

# Tests never download: the PTB loader (lib.datasets.ptb, variable RNNLM_PTB_URL) gets a local
# port where nothing listens, so a missing PTB file fails at once with the loader's offline message.
# `make test` downloads the files before pytest starts; CI copies them in (.ci/run).
os.environ["RNNLM_PTB_URL"] = "http://127.0.0.1:1/tests-never-download"
