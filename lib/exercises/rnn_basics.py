"""Checkers for the exercises of notebook 5.2 (what is an RNN), numpy only.

    check = RnnStep()
    check(my_rnn_step)          # a function (x, h_prev, Wx, Wh, b) -> h_next
    check = BatchPositions(999, 10, 5, row=8, iteration=41)
    check([997, 998, 0, 1, 2])
    check = GradientScale(measure)   # measure(scale, T, seed) -> ||dL/dh_t||, t = 0..T-1
    check(1.0)
"""
import numpy as np

from lib.batching import batch_positions
from lib.exercises import Exercise, Hint
from lib.layers import RNN


class RnnStep(Exercise):
    """Exercise 1: one RNN step h_next = tanh(h_prev Wh + x Wx + b), compared with lib.RNN.forward."""

    def __init__(self, seed=42, N=3, D=5, H=4, lang="en"):
        super().__init__(lang=lang)
        rng = np.random.default_rng(seed)
        self.args = (rng.standard_normal((N, D)), rng.standard_normal((N, H)), rng.standard_normal((D, H)),
                     rng.standard_normal((H, H)), rng.standard_normal(H))
        x, h_prev, Wx, Wh, b = self.args
        self.expected = RNN(Wx, Wh, b).forward(x, h_prev)

    def __call__(self, fn):
        if fn is None:
            return super().__call__(None)
        got = fn(*(a.copy() for a in self.args))
        return super().__call__(got)

    def diagnose(self, got):
        x, h_prev, Wx, Wh, b = self.args
        got = np.asarray(got)
        if got.shape != self.expected.shape:
            return Hint(self.tr("your result has shape {got}; h_next has the shape of h_prev, (N, H) = {want}.")
                        .format(got=got.shape, want=self.expected.shape),
                        self.tr("x (N, D) @ Wx (D, H) and h_prev (N, H) @ Wh (H, H) are both (N, H); b (H,) "
                                "broadcasts."))
        if np.allclose(got, self.expected):
            return None
        if np.allclose(got, h_prev @ Wh + x @ Wx + b):
            return Hint(self.tr("the sum is right; one operation is missing at the end."),
                        self.tr("Apply the activation: h_next = tanh(...)."))
        if np.allclose(got, np.tanh(h_prev @ Wh + x @ Wx)):
            return Hint(self.tr("one term of the sum is missing."), self.tr("Add the bias b inside the tanh."))
        if np.allclose(got, np.tanh(h_prev @ Wh.T + x @ Wx + b)):
            return Hint(self.tr("look at how h_prev meets Wh: the book multiplies row vectors from the left."),
                        self.tr("h_prev @ Wh, not h_prev @ Wh.T (Wh is square, so both run, but only one is the RNN)."))
        if np.allclose(got, np.tanh(x @ Wx + b)):
            return Hint(self.tr("the output does not depend on h_prev: the loop is missing."),
                        self.tr("The previous state enters through h_prev @ Wh."))
        if np.allclose(got, 1 / (1 + np.exp(-(h_prev @ Wh + x @ Wx + b)))):
            return Hint(self.tr("the chapter's RNN uses a different "
                                "activation."), self.tr("Use np.tanh, not the "
                                                                                           "sigmoid."))
        return Hint(self.tr("compare your formula with the recurrence of 5.2.2, term by term."),
                    self.tr("h_next = tanh(h_prev @ Wh + x @ Wx + b)."))


class BatchPositions(Exercise):
    """Exercise 2: the corpus positions row `row` reads at iteration `iteration` (the offsets layout)."""

    def __init__(self, data_size, batch_size, time_size, row, iteration, lang="en"):
        super().__init__(lang=lang)
        self.n, self.batch_size, self.time_size = data_size, batch_size, time_size
        self.row, self.iteration = row, iteration
        self.expected = batch_positions(data_size, batch_size, time_size, iteration * time_size)[row]

    def _formula(self, jump=None, time_idx=None, wrap=True):
        jump = self.n // self.batch_size if jump is None else jump
        time_idx = self.iteration * self.time_size if time_idx is None else time_idx
        pos = self.row * jump + time_idx + np.arange(self.time_size)
        return pos % self.n if wrap else pos

    def diagnose(self, answer):
        try:
            got = np.asarray(answer, dtype=np.int64).ravel()
        except (TypeError, ValueError):
            return Hint(self.tr("give a list of integers, the corpus positions."))
        if got.shape != self.expected.shape:
            return Hint(self.tr("a row reads time_size = {time_size} positions per iteration; you gave {n}.")
                        .format(time_size=self.time_size, n=got.size))
        if np.array_equal(got, self.expected):
            return None
        jump = self.n // self.batch_size
        if np.array_equal(got, self._formula(wrap=False)):
            return Hint(self.tr("some of your positions are past the end of the corpus."),
                        self.tr("Positions wrap around: take them modulo data_size = {n}.").format(n=self.n))
        if np.array_equal(got, self._formula(jump=jump + 1)):
            return Hint(self.tr("check the distance between two rows' offsets (the notes' comment has it wrong)."),
                        self.tr("jump = data_size // batch_size = {n} // {batch_size} = {jump}.")
                        .format(n=self.n, batch_size=self.batch_size, jump=jump))
        if np.array_equal(got, self._formula(time_idx=self.iteration)):
            return Hint(self.tr("time_idx counts words, not iterations."),
                        self.tr("Each iteration moves every row on by time_size words: time_idx = iteration * "
                                "time_size = {iteration} * {time_size}.")
                        .format(iteration=self.iteration, time_size=self.time_size))
        for k in (self.iteration - 1, self.iteration + 1):
            if np.array_equal(got, self._formula(time_idx=k * self.time_size)):
                return Hint(self.tr("you are one iteration off: iterations count from 0."),
                            self.tr("time_idx = iteration * time_size with iteration = {iteration}.")
                            .format(iteration=self.iteration))
        return Hint(self.tr("start from the row's offset, move on by the words read in earlier iterations, and wrap."),
                    self.tr("position = (row * jump + iteration * time_size + k) % data_size, k = 0 .. time_size - 1."))


class GradientScale(Exercise):
    """Exercise 3: a scale of Wh at which ||dL/dh_0|| / ||dL/dh_{T-1}|| stays within half a decade of 1.

    measure(scale, T=..., seed=...) -> the norms ||dL/dh_t||, t = 0..T-1 (notebook 5.2's gradient_norms).
    Criterion: the mean over seeds of log10(first / last) lies in [-limit, limit].
    """

    def __init__(self, measure, T=20, seeds=range(5), limit=0.5, lang="en"):
        super().__init__(lang=lang)
        self.measure, self.T, self.seeds, self.limit = measure, T, list(seeds), limit
        self.last_mean = None

    def mean_log_ratio(self, scale):
        logs = [np.log10(n[0] / n[-1]) for n in (np.asarray(self.measure(scale, T=self.T, seed=s))
                                                 for s in self.seeds)]
        return float(np.mean(logs))

    def diagnose(self, answer):
        try:
            scale = float(answer)
        except (TypeError, ValueError):
            return Hint(self.tr("give the scale as one positive number."))
        if not scale > 0:
            return Hint(self.tr("the scale multiplies a random matrix: give a positive number."))
        mean = self.last_mean = self.mean_log_ratio(scale)
        per_step = mean / (self.T - 1)
        if -self.limit <= mean <= self.limit:
            print(self.tr("mean log10(first / last) over {n} seeds: {mean:.2f}").format(n=len(self.seeds), mean=mean))
            return None
        if mean < -self.limit:
            return Hint(self.tr("vanishing at scale {scale:g}: the gradient at the first step is 10^{mean:.2f} of the "
                                "one at the loss. Try a larger scale.").format(scale=scale, mean=mean),
                        self.tr("That is {per_step:.3f} decades per step back. Each step multiplies by diag(1 - h^2) "
                                "Wh^T: tanh' is below 1, so Wh's spectral radius must be somewhat above 1 to make up "
                                "for it.").format(per_step=per_step))
        return Hint(self.tr("exploding at scale {scale:g}: the gradient at the first step is 10^{mean:.2f} times the "
                            "one at the loss. Try a smaller scale.").format(scale=scale, mean=mean),
                    self.tr("That is {per_step:+.3f} decades per step back; the level band lies a little above 1, "
                            "between the vanishing and the exploding scales you have tried.").format(per_step=per_step))
