"""The model and the optimizer of a training run, built from its settings.

    model_class = choose_model_class("auto", full_vocabulary=True)           # FastRnnlm
    model = make_model(model_class, 10000, 300, 300, seed=1, init_uniform=0.1, dropout=0.4, tie_weights=True)
    optimizer, fit_max_grad = make_optimizer("adam", 1e-3, max_grad=0.25, model_class=model_class)
"""
import numpy as np

from lib.fast import FastAdam, FastRnnlm, FastSGD
from lib.optimizer import SGD, Adam
from lib.regularized_rnnlm import RegularizedRnnlm
from lib.rnnlm import SimpleRnnlm

MODEL_CHOICES = {"simple": SimpleRnnlm, "regularized": RegularizedRnnlm, "fast": FastRnnlm}
BOOK_OPTIMIZERS = {"sgd": SGD, "adam": Adam}
OPTIMIZERS = {SimpleRnnlm: BOOK_OPTIMIZERS, RegularizedRnnlm: BOOK_OPTIMIZERS,
              FastRnnlm: {"sgd": FastSGD, "adam": FastAdam}}


def choose_model_class(choice, full_vocabulary, regularized=False):
    """The model class for --model: 'simple', 'regularized', 'fast', or 'auto': FastRnnlm at the full
    vocabulary, otherwise SimpleRnnlm, or RegularizedRnnlm if regularized (dropout or tied weights).

    They compute the same numbers (tests/test_fast.py): the chapter's small runs train the code the
    notebooks show, the long runs at 10,000 words the fast engine.
    """
    if choice == "auto":
        if full_vocabulary:
            return FastRnnlm
        return RegularizedRnnlm if regularized else SimpleRnnlm
    if choice not in MODEL_CHOICES:
        raise ValueError(f"unknown model {choice!r}: choose 'auto', " + " or ".join(map(repr, MODEL_CHOICES)))
    return MODEL_CHOICES[choice]


def make_model(model_class, vocab_size, wordvec_size, hidden_size, *, seed, init_uniform=None, embed_std=None,
               dropout=0.0, tie_weights=False):
    """A new model_class(vocab_size, wordvec_size, hidden_size), initialised from seed.

    dropout, tie_weights: RegularizedRnnlm's and FastRnnlm's options (SimpleRnnlm has neither).
    Without options the book's initialisation. init_uniform=A: every weight from uniform(-A, A) and
    the output bias 0 (Zaremba et al. 2014). embed_std: the word vectors from N(0, embed_std^2),
    after init_uniform.
    """
    options = {}
    if dropout or tie_weights:
        if model_class is SimpleRnnlm:
            raise ValueError("SimpleRnnlm has neither dropout nor tied weights: choose RegularizedRnnlm "
                             "(--model regularized) or FastRnnlm (--model fast)")
        options = dict(dropout=dropout, tie_weights=tie_weights)
    model = model_class(vocab_size, wordvec_size, hidden_size, rng=seed, **options)
    if init_uniform is not None:
        rng = np.random.default_rng(seed)
        for name, p in model.named_params().items():
            p[...] = 0 if name == "affine_b" else rng.uniform(-init_uniform, init_uniform, p.shape)
    if embed_std is not None:
        embed_W = model.named_params()["embed_W"]
        embed_W[...] = np.random.default_rng(seed).standard_normal(embed_W.shape) * embed_std
    return model


def make_optimizer(name, lr, max_grad=None, model_class=SimpleRnnlm):
    """(optimizer, the max_grad to give RnnlmTrainer.fit): 'sgd' or 'adam' at learning rate lr, the
    gradients' global norm clipped to max_grad (None: no clipping).

    SimpleRnnlm trains with the book's optimizers, and the trainer clips (clip_grads). FastRnnlm
    trains with the fast engine's (the same numbers and state), which clip inside their update: one
    pass over the gradients instead of two; the trainer then must not clip a second time.
    """
    choices = OPTIMIZERS[model_class]
    if name not in choices:
        raise ValueError(f"unknown optimizer {name!r}: choose " + " or ".join(map(repr, choices)))
    if model_class is FastRnnlm:
        return choices[name](lr, max_grad=max_grad), None
    return choices[name](lr), max_grad
