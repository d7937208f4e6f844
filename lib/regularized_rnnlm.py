"""RegularizedRnnlm: SimpleRnnlm with dropout and weight tying (the book's 6.5.3, on the chapter's RNN).

    TimeEmbedding -> TimeDropout -> TimeRNN -> TimeDropout -> TimeAffine -> TimeSoftmaxWithLoss

Dropout zeroes random units in training only: model.train() (the default) and model.eval()
switch it; `evaluation(model)` (lib.modes) runs a block in eval mode and gives the model back its mode.
Weight tying uses the embedding (V, D) as the output matrix: scores = h @ embed_W.T + b.
"""
import numpy as np

from lib.checks import check_float_dtype, check_sizes
from lib.files import copy_arrays, load_arrays
from lib.modes import evaluation  # noqa: F401 (importable from here, as before)
from lib.rnnlm import PARAM_NAMES, SimpleRnnlm
from lib.time_layers import TimeAffine, TimeDropout, TimeEmbedding, TimeRNN, TimeSoftmaxWithLoss

TIED_PARAM_NAMES = tuple(name for name in PARAM_NAMES if name != "affine_W")


def initial_weights(V, D, H, dtype, rng):
    """The book's initialisation, drawn in SimpleRnnlm's order (the same seed gives the same weights)."""
    rn = rng.standard_normal
    return {"embed_W": (rn((V, D)) / 100).astype(dtype),
            "rnn_Wx": (rn((D, H)) / np.sqrt(D)).astype(dtype),  # Xavier: scale 1 / sqrt(fan_in)
            "rnn_Wh": (rn((H, H)) / np.sqrt(H)).astype(dtype),
            "rnn_b": np.zeros(H, dtype=dtype),
            "affine_W": (rn((H, V)) / np.sqrt(H)).astype(dtype),
            "affine_b": np.zeros(V, dtype=dtype)}


class RegularizedRnnlm(SimpleRnnlm):
    """An RNN language model with dropout and optional weight tying: word ids xs (N, T) -> scores (N, T, V).

    predict, forward, reset_state and save_params are SimpleRnnlm's: they run over self.layers,
    which here hold the two dropout layers too.

    dropout: the probability of zeroing each word vector unit and each RNN output unit in training.
    tie_weights: the output layer's matrix is embed_W.T (needs wordvec_size == hidden_size);
    params then holds embed_W once, and its gradient is the sum of its two uses.
    rng: a numpy Generator, an int seed, or None; it draws the weights, then the dropout masks.
    """

    def __init__(self, vocab_size, wordvec_size, hidden_size, *, dropout=0.0, tie_weights=False,
                 dtype=np.float32, rng=None):
        # SimpleRnnlm.__init__ is not called: the layers and their parameters are built here.
        V, D, H = vocab_size, wordvec_size, hidden_size
        check_sizes(vocab_size=V, wordvec_size=D, hidden_size=H)
        if tie_weights and D != H:
            raise ValueError(f"tie_weights uses the embedding (V, D) as the output matrix (H, V) transposed, so "
                             f"wordvec_size must equal hidden_size; got {D} and {H}")
        dtype = check_float_dtype(dtype)
        rng = np.random.default_rng(rng)
        w = initial_weights(V, D, H, dtype, rng)
        self.dropout, self.tie_weights = dropout, tie_weights
        self.dropout_rng = rng  # one Generator for every dropout layer: masks are reproducible

        self.embed_layer = TimeEmbedding(w["embed_W"])
        self.rnn_layer = TimeRNN(w["rnn_Wx"], w["rnn_Wh"], w["rnn_b"], stateful=True)
        out_W = w["embed_W"].T if tie_weights else w["affine_W"]  # .T is a view: it follows embed_W's updates
        self.affine_layer = TimeAffine(out_W, w["affine_b"])
        self.dropout_layers = [TimeDropout(dropout, rng), TimeDropout(dropout, rng)]
        self.layers = [self.embed_layer, self.dropout_layers[0], self.rnn_layer, self.dropout_layers[1],
                       self.affine_layer]
        self.loss_layer = TimeSoftmaxWithLoss()

        self.params = self.embed_layer.params + self.rnn_layer.params
        self.grads = self.embed_layer.grads + self.rnn_layer.grads
        first = 1 if tie_weights else 0  # tied: the output matrix is embed_W, already in params
        self.params += self.affine_layer.params[first:]
        self.grads += self.affine_layer.grads[first:]
        self.training = True

    def train(self):
        """Training mode: dropout on."""
        self.training = True
        for layer in self.dropout_layers:
            layer.train_flg = True

    def eval(self):
        """Evaluation mode: dropout off (the identity)."""
        self.training = False
        for layer in self.dropout_layers:
            layer.train_flg = False

    def backward(self, dout=1):
        """Fill grads with the gradients of dout * loss (the last forward's), through the dropout masks."""
        dout = super().backward(dout)  # SimpleRnnlm's: every layer's backward, the last one first
        if self.tie_weights:  # embed_W was used twice: its gradient is the sum of both uses
            self.grads[0] += self.affine_layer.grads[0].T
        return dout

    def param_names(self):
        return TIED_PARAM_NAMES if self.tie_weights else PARAM_NAMES

    def named_params(self):
        """The parameters by name, {name: array} (the arrays themselves); tied models have no affine_W."""
        return dict(zip(self.param_names(), self.params))

    def load_params(self, path):
        """Read parameters saved by save_params (or SimpleRnnlm's) into this model's arrays (in place)."""
        saved = load_arrays(path)
        missing = [name for name in TIED_PARAM_NAMES if name not in saved]
        if missing:  # checked first: a file that is no parameter file says so, whatever the tying
            raise ValueError(f"{path} is not an RNNLM parameter file: it lacks {missing}")
        saved_tied = "affine_W" not in saved
        if saved_tied != self.tie_weights:
            raise ValueError(
                f"{path} was saved from a model with tie_weights={saved_tied}, this one has "
                f"tie_weights={self.tie_weights}: build the model with tie_weights={saved_tied}")
        copy_arrays(path, saved, self.named_params())
