"""Checkers for notebook 5.4 (Time layers): the embedding gradient with a loop, the loss of Time Softmax with Loss.

    check = EmbeddingBackwardExercise()
    check(my_embedding_backward)     # a function (idx, dout, V) -> dW (V, D)
"""
import inspect
import math

import numpy as np

from lib.exercises import Exercise, Hint


class EmbeddingBackwardExercise(Exercise):
    """Exercise: dW (V, D) of an embedding from idx (N, T) and dout (N, T, D), with a plain loop.

    The answer is the function. Word 1 occurs three times and words 2 and 3 never, so that the usual
    mistakes show: `dW[idx] += dout` (a repeated word keeps one contribution), rows of absent words
    that are not zero, np.add.at instead of the loop the exercise asks for.
    """

    V, D = 6, 2
    idx = np.array([[1, 4, 1], [0, 1, 5]])  # word 1 three times, words 2 and 3 never

    def __call__(self, answer):
        self.result = None
        if answer is not None:
            try:
                self.result = answer(self.idx.copy(), self.dout().copy(), self.V)
            except Exception as exc:  # noqa: BLE001 - the learner's code may raise anything: report it
                self.result = exc
            if self.result is None:
                answer = None
        return super().__call__(answer)

    def dout(self):
        return np.random.default_rng(3).standard_normal((*self.idx.shape, self.D))

    def diagnose(self, answer):
        if isinstance(self.result, Exception):
            return Hint(self.tr("your function raised {error}: {message}").format(error=type(self.result).__name__,
                                                                                 message=self.result))
        got = np.asarray(self.result, dtype=np.float64)
        V, D = self.V, self.D
        if got.shape != (V, D):
            return Hint(self.tr("dW has shape {shape}; it needs one row per vocabulary word: ({V}, {D})")
                        .format(shape=got.shape, V=V, D=D))
        dout = self.dout().reshape(-1, D)
        expected = np.zeros((V, D))
        np.add.at(expected, self.idx.ravel(), dout)
        if not np.allclose(got, expected, rtol=0, atol=1e-12):
            lossy = np.zeros((V, D))
            lossy[self.idx.ravel()] += dout
            if np.allclose(got, lossy, rtol=0, atol=1e-12):
                return Hint(self.tr("word 1 occurs three times in idx: does its row hold all three contributions?"),
                            self.tr("dW[idx] += dout reads all rows first and writes them back one after another, so a "
                                    "repeated word keeps only the last write. Add one position at a time in the loop."))
            if not np.allclose(got[[2, 3]], 0):
                return Hint(self.tr("rows 2 and 3 belong to words that do not occur in idx: what should their rows "
                                    "be?"),
                            self.tr("a word that does not occur gets no gradient: start dW from zeros of shape (V, "
                                    "D)."))
            return Hint(self.tr("row v must collect the upstream gradients of the positions where word v occurs"),
                        self.tr("for every position (n, t), add dout[n, t] to row idx[n, t] of dW."))
        code = "\n".join(line.split("#")[0] for line in _source(answer).splitlines())  # comments left out
        if "add.at" in code:
            return Hint(self.tr("the numbers are right, but the exercise asks for a plain Python loop, without "
                                "np.add.at"),
                        self.tr("loop over n and t and add one row at a time: that is what np.add.at does for you."))
        return None


class TimeSoftmaxLossExercise(Exercise):
    """Exercise: the loss of Time Softmax with Loss for N=1, T=2, V=3, by hand (three decimals).

    Step 0: scores (2, 1, 0), label 0; step 1: scores (0, 0, 0), label 2. Wrong answers recognised: the
    sum of the two step losses instead of their mean, one step's loss only, log10 instead of ln.
    """

    scores = np.array([[[2.0, 1.0, 0.0], [0.0, 0.0, 0.0]]])
    labels = np.array([[0, 2]])

    def step_losses(self):
        return [math.log(np.exp(x).sum()) - x[t] for x, t in zip(self.scores[0], self.labels[0])]

    def diagnose(self, answer):
        try:
            answer = float(answer)
        except (TypeError, ValueError):
            return Hint(self.tr("the answer is one number (a float); got {type}").format(type=type(answer).__name__))
        steps = self.step_losses()
        expected = sum(steps) / len(steps)
        if abs(answer - expected) < 1e-3:
            return None
        if abs(answer - sum(steps)) < 1e-3:
            return Hint(self.tr("you are close: how does the time layer combine the per-step losses?"),
                        self.tr("L is the mean of the step losses, (L_0 + L_1) / T with T = 2, not their sum."))
        if any(abs(answer - s) < 1e-3 for s in steps):
            return Hint(self.tr("that is the loss of one step: the block has two"),
                        self.tr("compute L_0 and L_1, then take their mean."))
        if abs(answer - expected / math.log(10)) < 1e-3:
            return Hint(self.tr("which logarithm did you "
                                "use?"), self.tr("the cross-entropy uses the natural "
                                                                         "logarithm, ln (math.log)."))
        return Hint(self.tr("at each step the loss is -ln of the probability softmax gives the correct label"),
                    self.tr("p = exp(x_label) / sum_j exp(x_j) at each step, L_t = -ln p; the layer's loss is the mean "
                            "of L_0 and L_1."))


def _source(obj):
    """The source of obj, or '' when Python cannot find it."""
    try:
        return inspect.getsource(obj)
    except (OSError, TypeError):
        return ""
