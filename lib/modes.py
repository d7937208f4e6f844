"""Training and evaluation modes: `evaluation(model)` runs a block without dropout.

A model with dropout (RegularizedRnnlm, FastRnnlm) has train() and eval() and a `training` flag;
SimpleRnnlm has train() and eval() that do nothing. The trainer and the generators use this
module, so they depend on that small interface, not on a model module.
"""
from contextlib import contextmanager


@contextmanager
def evaluation(model):
    """Run the block with model in eval mode (no dropout), then give it back the mode it had.

    model: has train() and eval(); `training` (absent on models without dropout) says its mode.
    """
    was_training = getattr(model, "training", False)
    model.eval()
    try:
        yield model
    finally:
        if was_training:
            model.train()
