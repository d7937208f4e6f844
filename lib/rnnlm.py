"""SimpleRnnlm: TimeEmbedding -> TimeRNN -> TimeAffine -> TimeSoftmaxWithLoss."""
import numpy as np

from lib.checks import check_batch, check_float_dtype, check_labels, check_sizes
from lib.files import copy_arrays, load_arrays, save_arrays
from lib.time_layers import TimeAffine, TimeEmbedding, TimeRNN, TimeSoftmaxWithLoss

PARAM_NAMES = ("embed_W", "rnn_Wx", "rnn_Wh", "rnn_b", "affine_W", "affine_b")


class SimpleRnnlm:
    """An RNN language model: word ids xs (N, T) -> scores for the next word (N, T, V).

    rng: a numpy Generator, an int seed, or None (fresh entropy).
    """

    def __init__(self, vocab_size, wordvec_size, hidden_size, *, dtype=np.float32, rng=None):
        V, D, H = vocab_size, wordvec_size, hidden_size
        check_sizes(vocab_size=V, wordvec_size=D, hidden_size=H)
        dtype = check_float_dtype(dtype)
        rng = np.random.default_rng(rng)
        rn = rng.standard_normal

        # The book's initialisation (with the notes' errata fixed: `astype`, and a
        # bias of V entries for the output layer, not H).
        embed_W = (rn((V, D)) / 100).astype(dtype)
        rnn_Wx = (rn((D, H)) / np.sqrt(D)).astype(dtype)  # Xavier: scale 1 / sqrt(fan_in)
        rnn_Wh = (rn((H, H)) / np.sqrt(H)).astype(dtype)
        rnn_b = np.zeros(H, dtype=dtype)
        affine_W = (rn((H, V)) / np.sqrt(H)).astype(dtype)
        affine_b = np.zeros(V, dtype=dtype)

        self.layers = [
            TimeEmbedding(embed_W),
            TimeRNN(rnn_Wx, rnn_Wh, rnn_b, stateful=True),
            TimeAffine(affine_W, affine_b),
        ]
        self.loss_layer = TimeSoftmaxWithLoss()
        self.rnn_layer = self.layers[1]

        self.params, self.grads = [], []
        for layer in self.layers:
            self.params += layer.params
            self.grads += layer.grads

    @property
    def vocab_size(self):
        return self.params[0].shape[0]

    def predict(self, xs):
        """Word ids xs (N, T) -> scores (N, T, V) for the next word; the hidden state carries on."""
        check_batch("xs", xs)
        for layer in self.layers:
            xs = layer.forward(xs)
        return xs

    def forward(self, xs, ts):
        """Word ids xs (N, T) and next-word ids ts (N, T) -> mean cross-entropy loss."""
        check_labels(ts, xs)  # before predict: a wrong ts leaves the hidden state as it was
        scores = self.predict(xs)
        return self.loss_layer.forward(scores, ts)

    def backward(self, dout=1):
        """Fill grads with the gradients of dout * loss (the last forward's); returns None (ids have no gradient).

        The gradient flows back through the layers: dscores (N, T, V) -> dh (N, T, H) -> dvectors (N, T, D).
        """
        dout = self.loss_layer.backward(dout)
        for layer in reversed(self.layers):
            dout = layer.backward(dout)
        return dout

    def reset_state(self):
        self.rnn_layer.reset_state()

    def train(self):
        """Training mode; SimpleRnnlm has no dropout, so both modes compute the same (as RegularizedRnnlm's API)."""

    def eval(self):
        """Evaluation mode; nothing to switch off in SimpleRnnlm."""

    def named_params(self):
        """The parameters by name, {name: array} in PARAM_NAMES order (the arrays themselves, not copies)."""
        return dict(zip(PARAM_NAMES, self.params))

    def save_params(self, path):
        """Write the parameters to an .npz file (atomically: a temporary file, then rename)."""
        save_arrays(path, self.named_params())

    def load_params(self, path):
        """Read parameters saved by save_params into this model's arrays (in place).

        Each array is read once; names, shapes and finite values are checked first (lib.files).
        """
        copy_arrays(path, load_arrays(path), self.named_params())
