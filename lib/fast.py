"""The fast engine: FastRnnlm, the same model as SimpleRnnlm with speed tricks (placeholder: filled in next)."""
from lib.rnnlm import SimpleRnnlm


class FastRnnlm(SimpleRnnlm):
    """SimpleRnnlm's constructor, params order and .npz format; trained faster."""
