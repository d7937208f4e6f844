"""Shared test set-up."""
import os

# One BLAS thread for the tests and the notebook kernels they start (which inherit
# the environment): the matrices here are small, where a second thread costs more
# than it gives, and stalls badly on a busy machine. notebooks/execute.py stores
# the notebooks' outputs with the same setting, so their last digits match.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
