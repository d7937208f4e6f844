"""A small, verified numpy RNN language model for chapter 5 of Deep Learning from Scratch 2.

The core (everything imported here) needs numpy, and threadpoolctl to choose the BLAS thread count.
"""
from lib.batching import batch_offsets, batch_positions, get_batch, iters_per_epoch
from lib.fast import FastRnnlm
from lib.functions import cross_entropy_error, softmax, softmax_with_log_sum_exp
from lib.gradcheck import check_layer, numerical_gradient, relative_error
from lib.layers import RNN, Affine, Embedding, SoftmaxWithLoss
from lib.modes import evaluation
from lib.optimizer import SGD, Adam, clip_grads
from lib.regularized_rnnlm import RegularizedRnnlm
from lib.rnnlm import SimpleRnnlm
from lib.text import preprocess
from lib.threads import blas_threads, blas_threads_for
from lib.time_layers import TimeAffine, TimeDropout, TimeEmbedding, TimeRNN, TimeSoftmaxWithLoss
from lib.trainer import RnnlmTrainer, eval_perplexity

__all__ = [
    "Adam", "Affine", "Embedding", "FastRnnlm", "RNN", "RegularizedRnnlm", "RnnlmTrainer", "SGD", "SimpleRnnlm",
    "SoftmaxWithLoss", "TimeAffine", "TimeDropout", "TimeEmbedding", "TimeRNN", "TimeSoftmaxWithLoss",
    "batch_offsets", "batch_positions", "blas_threads", "blas_threads_for", "check_layer", "clip_grads",
    "cross_entropy_error", "eval_perplexity", "evaluation", "get_batch", "iters_per_epoch", "numerical_gradient",
    "preprocess", "relative_error", "softmax", "softmax_with_log_sum_exp",
]
