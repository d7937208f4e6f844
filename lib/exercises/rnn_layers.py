"""Checkers for notebook 5.3 (RNN 구현): write RNN.backward, write TimeRNN.backward, the shapes in a Time RNN.

The two backward checkers run the learner's class in float64 on small random inputs and compare each
gradient with a numerical one (centred differences of f = sum(forward(...) * dout), lib.gradcheck),
to a relative error of 1e-6. A wrong answer names every gradient that disagrees; the hint that goes
with it comes in stages (lib.exercises.Exercise): first where to look, later what exactly is wrong.

    check = RnnBackwardExercise()
    check(MyRNN)          # MyRNN: a subclass of lib.RNN whose backward the learner wrote
"""
import numpy as np

from lib.exercises import Exercise, Hint
from lib.gradcheck import numerical_gradient, relative_error
from lib.layers import RNN
from lib.time_layers import TimeRNN

TOL = 1e-6


class StepwiseTimeRNN(TimeRNN):
    """A Time RNN run as the book runs it: one RNN step layer per time step, kept in self.layers.

    Its forward is given; backward is the exercise (a subclass writes it). step_layer is the class of
    the step layers: lib.RNN, or a class of your own. Arrays are allocated in the parameters' dtype
    (the book allocates float32, dtype='f', whatever the parameters are).
    """

    step_layer = RNN

    def forward(self, xs):
        Wx, Wh, b = self.params
        N, T, D = xs.shape
        H = Wh.shape[0]
        if not self.stateful or self.h is None:
            self.h = np.zeros((N, H), dtype=Wh.dtype)
        hs = np.empty((N, T, H), dtype=Wh.dtype)
        self.layers = []
        for t in range(T):
            layer = self.step_layer(Wx, Wh, b)  # every step shares the same three arrays
            self.h = layer.forward(xs[:, t], self.h)
            hs[:, t] = self.h
            self.layers.append(layer)
        return hs

    def backward(self, dhs):
        raise NotImplementedError("StepwiseTimeRNN.backward is the exercise: write it in a subclass")


def _rnn_step_backward(x, h_prev, h_next, dh_next, Wx, Wh, tanh_factor=True):
    dt = dh_next * (1 - h_next ** 2) if tanh_factor else dh_next
    return {"dx": dt @ Wx.T, "dh_prev": dt @ Wh.T, "dWx": x.T @ dt, "dWh": h_prev.T @ dt, "db": dt.sum(axis=0)}


def _time_rnn_forward(xs, h0, Wx, Wh, b):
    h, hs = h0, []
    for t in range(xs.shape[1]):
        h = np.tanh(h @ Wh + xs[:, t] @ Wx + b)
        hs.append(h)
    return np.stack(hs, axis=1)


def _time_rnn_backward(xs, h0, Wx, Wh, b, dhs, branch_sum=True, summed=True):
    """Reference backward, and two common mistakes: branch_sum=False passes only dhs[:, t] to step t
    (the carried dh dropped); summed=False keeps only the last step computed (t = 0) as weight gradients."""
    hs = _time_rnn_forward(xs, h0, Wx, Wh, b)
    T = xs.shape[1]
    dxs = np.empty_like(xs)
    sums = {"dWx": 0, "dWh": 0, "db": 0}
    dh = np.zeros_like(h0)
    for t in reversed(range(T)):
        h_prev = h0 if t == 0 else hs[:, t - 1]
        g = _rnn_step_backward(xs[:, t], h_prev, hs[:, t], dhs[:, t] + dh if branch_sum else dhs[:, t], Wx, Wh)
        dxs[:, t], dh = g["dx"], g["dh_prev"]
        for k in sums:
            sums[k] = sums[k] + g[k] if summed else g[k]
    return {"dxs": dxs, **sums, "dh": dh}


def _matches(got, want):
    return relative_error(got, want) < TOL


class _BackwardExercise(Exercise):
    """An exercise whose answer is a class with a backward to write. A backward that still returns
    None (the scaffold's stub) counts as not attempted; an exception in it is a wrong answer."""

    base = None  # the class the answer must derive from (its forward is given)

    def __call__(self, answer):
        self.outcome = None
        if answer is not None:
            try:
                self.outcome = self.run(answer)
            except Exception as exc:  # noqa: BLE001 - the learner's code may raise anything: report it
                self.outcome = exc
            if self.outcome is None:
                answer = None
        return super().__call__(answer)

    def diagnose(self, answer):
        outcome = self.outcome
        if isinstance(outcome, Hint):
            return outcome
        if isinstance(outcome, Exception):
            return Hint(self.tr("your code raised {error}: {message}").format(error=type(outcome).__name__,
                                                                             message=outcome),
                        self.tr("read the last lines of the error: which line, and which shapes did not fit? Printing "
                                ".shape of each array in backward helps."))
        return self.compare(outcome)

    def instance(self, cls, *args, **kwargs):
        if not (isinstance(cls, type) and issubclass(cls, self.base)):
            raise _Refused(Hint(self.tr("pass your class itself (not an instance, not a function): a subclass of "
                                        "{base} whose backward you wrote").format(base=self.base.__name__)))
        return cls(*args, **kwargs)

    def run(self, cls):
        try:
            return self._run(cls)
        except _Refused as refused:
            return refused.hint

    def verdict(self, got, want, names, detail_of, specific=None, question=None):
        """got/want: {name: array}; a Hint naming the wrong gradients, or None when all match.
        specific: a diagnosis of a known mistake (part of the detail); question: a nudge towards it."""
        for name in names:
            g = got[name]
            if g is None or np.shape(g) != np.shape(want[name]):
                shape = None if g is None else np.shape(g)
                return Hint(self.tr("{name} has shape {shape}; a gradient has the shape of its array: {want}")
                            .format(name=name, shape=shape, want=np.shape(want[name])),
                            self.tr(detail_of[name]))
        wrong = [name for name in names if not _matches(got[name], want[name])]
        if not wrong:
            return None
        right = [name for name in names if name not in wrong]
        nudge = self.tr("wrong: {wrong} (checked against numerical gradients in float64, relative error must be below "
                        "{tol:g})").format(wrong=", ".join(wrong), tol=TOL)
        if right:
            nudge += self.tr("; right: {right}").format(right=", ".join(right))
        nudge += "." + (f" {question}" if question else "")
        details = []
        if specific:
            details.append(specific)
        for name in wrong:
            g = np.asarray(got[name], dtype=np.float64)
            if not np.any(g):
                details.append(self.tr("{name} is all zeros: is it computed, and written where the check reads it?")
                               .format(name=name))
            elif _matches(g, -want[name]):
                details.append(self.tr("{name} has the right size but the opposite sign: look for a flipped sign.")
                               .format(name=name))
            if not specific:
                details.append(f"{name}: {self.tr(detail_of[name])}")
        return Hint(nudge, "\n".join(details))


class _Refused(Exception):
    def __init__(self, hint):
        super().__init__(hint.nudge)
        self.hint = hint


# each detail says the rule for Y = A @ B in full (English text is the translation key: no pieces glued at run time)
RNN_DETAILS = {
    "dx": "x was multiplied by Wx in forward; for Y = A @ B with upstream gradient dY: dA = dY @ B.T and "
          "dB = A.T @ dY, with dY = dt, the gradient at the input of tanh.",
    "dh_prev": "h_prev was multiplied by Wh in forward; for Y = A @ B with upstream gradient dY: dA = dY @ B.T and "
               "dB = A.T @ dY, with dY = dt.",
    "dWx": "for Y = A @ B with upstream gradient dY: dA = dY @ B.T and dB = A.T @ dY; the shape (D, H) tells you "
           "which array is transposed. Write it into self.grads[0][...].",
    "dWh": "for Y = A @ B with upstream gradient dY: dA = dY @ B.T and dB = A.T @ dY, with h_prev in the role of A; "
           "shape (H, H). Write it into self.grads[1][...].",
    "db": "b was added to each of the N rows, so its gradient collects dt from all of them (shape (H,)). "
          "Write it into self.grads[2][...].",
}


class RnnBackwardExercise(_BackwardExercise):
    """Exercise: the learner writes RNN.backward in a subclass of lib.RNN (forward given).

    The answer is the class. Checked: the returned (dx, dh_prev) and self.grads (dWx, dWh, db), each
    against a numerical gradient in float64; the grads must be written in place (g[...] = ...), as lib's
    optimizers keep references to them.
    """

    base = RNN
    names = ("dx", "dh_prev", "dWx", "dWh", "db")

    def __init__(self, seed=7, lang="en"):
        super().__init__(lang=lang)
        self.seed = seed

    def _run(self, cls):
        rng = np.random.default_rng(self.seed)
        N, D, H = 3, 4, 5
        Wx, Wh, b = rng.standard_normal((D, H)) / 2, rng.standard_normal((H, H)) / 2, rng.standard_normal(H) / 2
        x, h_prev, dh_next = rng.standard_normal((N, D)), rng.standard_normal((N, H)), rng.standard_normal((N, H))
        layer = self.instance(cls, Wx.copy(), Wh.copy(), b.copy())
        grads = list(layer.grads)
        layer.forward(x.copy(), h_prev.copy())
        out = layer.backward(dh_next.copy())
        if out is None:
            return None
        if not (isinstance(out, tuple) and len(out) == 2):
            return Hint(self.tr("backward must return two arrays, dx and dh_prev (a tuple: return dx, dh_prev)"))

        def f():  # the scalar whose gradient backward computes
            return float(np.sum(np.tanh(h_prev @ Wh + x @ Wx + b) * dh_next))

        want = {name: numerical_gradient(f, a) for name, a in zip(self.names, [x, h_prev, Wx, Wh, b])}
        got = dict(zip(self.names, [*out, *layer.grads]))
        h_next = np.tanh(h_prev @ Wh + x @ Wx + b)
        no_tanh = _rnn_step_backward(x, h_prev, h_next, dh_next, Wx, Wh, tanh_factor=False)
        in_place = all(g is h for g, h in zip(grads, layer.grads))
        return got, want, no_tanh, in_place

    def compare(self, outcome):
        got, want, no_tanh, in_place = outcome
        specific = None
        wrong = [n for n in self.names if np.shape(got[n]) == np.shape(want[n]) and not _matches(got[n], want[n])]
        if len(wrong) >= 4 and sum(_matches(got[n], no_tanh[n]) for n in wrong) >= 4:
            specific = self.tr("every gradient passes through tanh first: dt = dh_next * tanh'(a), and tanh'(a) = 1 - "
                               "h_next**2 (the forward output is in self.cache).")
        elif len(wrong) >= 4:
            specific = self.tr("most gradients are wrong: check dt, the gradient at the input of tanh, which all of "
                               "them use.")
        hint = self.verdict(got, want, self.names, RNN_DETAILS, specific)
        if hint is None and not in_place:
            return Hint(self.tr("the numbers are right, but self.grads was given new arrays"),
                        self.tr("write each gradient into the existing array, self.grads[0][...] = ..., not "
                                "self.grads[0] = ...: an optimizer keeps references to these arrays."))
        return hint


TIME_RNN_DETAILS = {
    "dxs": "dxs[:, t] is the dx that step t's backward returns; that step must receive the whole gradient "
           "reaching h_t.",
    "dWx": "Wx is shared by all T steps: its gradient is the sum over t of each step layer's grads[0], "
           "written into self.grads[0][...] after the loop.",
    "dWh": "Wh is shared by all T steps: sum the steps' grads[1] and write the sum into self.grads[1][...].",
    "db": "b is shared by all T steps: sum the steps' grads[2] and write the sum into self.grads[2][...].",
    "dh": "self.dh is the gradient w.r.t. the block's initial hidden state: the dh_prev of step 0, "
          "kept after the loop.",
}


class TimeRnnBackwardExercise(_BackwardExercise):
    """Exercise: the learner writes TimeRNN.backward in a subclass of StepwiseTimeRNN (forward given).

    The answer is the class. It is built stateful and started from a nonzero state with set_state, so
    that dh (the gradient w.r.t. that state) is checked too. Checked against numerical gradients in
    float64: the returned dxs, self.grads (dWx, dWh, db) and self.dh. The two mistakes the exercise is
    about are recognised: a step that gets only dhs[:, t] (the branch sum left out), and weight
    gradients that are not summed over the steps.
    """

    base = StepwiseTimeRNN
    names = ("dxs", "dWx", "dWh", "db", "dh")

    def __init__(self, seed=11, lang="en"):
        super().__init__(lang=lang)
        self.seed = seed

    def _run(self, cls):
        rng = np.random.default_rng(self.seed)
        N, T, D, H = 2, 4, 3, 5
        Wx, Wh, b = rng.standard_normal((D, H)) / 2, rng.standard_normal((H, H)) / 2, rng.standard_normal(H) / 2
        xs, h0, dhs = rng.standard_normal((N, T, D)), rng.standard_normal((N, H)), rng.standard_normal((N, T, H))
        layer = self.instance(cls, Wx.copy(), Wh.copy(), b.copy(), stateful=True)
        grads = list(layer.grads)
        layer.set_state(h0.copy())
        layer.forward(xs.copy())
        dxs = layer.backward(dhs.copy())
        if dxs is None:
            return None
        if isinstance(dxs, tuple):
            return Hint(self.tr("backward returns one array, dxs (N, T, D); the gradient w.r.t. the initial state goes "
                                "into self.dh"))

        def f():
            return float(np.sum(_time_rnn_forward(xs, h0, Wx, Wh, b) * dhs))

        want = {name: numerical_gradient(f, a) for name, a in zip(self.names, [xs, Wx, Wh, b, h0])}
        got = dict(zip(self.names, [dxs, *layer.grads, layer.dh]))
        mistakes = {"no branch sum": _time_rnn_backward(xs, h0, Wx, Wh, b, dhs, branch_sum=False),
                    "not summed": _time_rnn_backward(xs, h0, Wx, Wh, b, dhs, summed=False)}
        in_place = all(g is h for g, h in zip(grads, layer.grads))
        return got, want, mistakes, in_place

    def compare(self, outcome):
        got, want, mistakes, in_place = outcome
        if got["dh"] is None:
            return Hint(self.tr("self.dh is not set"), self.tr(TIME_RNN_DETAILS["dh"]))
        wrong = {n for n in self.names if np.shape(got[n]) == np.shape(want[n]) and not _matches(got[n], want[n])}
        specific = question = None
        if "dxs" in wrong and _matches(got["dxs"], mistakes["no branch sum"]["dxs"]):
            question = self.tr("Where does the gradient reaching h_t come from?")
            specific = self.tr("h_t went two ways in forward (up to the output, and on into step t+1): the gradient "
                               "you pass to step t's backward must include both, the one from above and the dh carried "
                               "back from step t+1 (nothing comes back into the last step).")
        elif any(n in wrong and _matches(got[n], mistakes["not summed"][n]) for n in ("dWx", "dWh", "db")):
            question = self.tr("How many steps used these weights?")
            specific = self.tr("the weight gradients hold one step's contribution (step 0's, the last one computed): "
                               "each step layer's grads are only that step's share; add them up over all T steps.")
        hint = self.verdict(got, want, self.names, TIME_RNN_DETAILS, specific, question)
        if hint is None and not in_place:
            return Hint(self.tr("the numbers are right, but self.grads was given new arrays"),
                        self.tr("write each sum into the existing array, self.grads[0][...] = ..., not self.grads[0] = "
                                "...: an optimizer keeps references to these arrays."))
        return hint


SHAPE_WHY = {"xs": "N sequences, T steps, a D-vector each", "hs": "one H-vector per sequence and step",
             "x_t": "one step: the N rows of that step, each a D-vector",
             "h_t": "one hidden state (an H-vector) per sequence",
             "Wx": "maps a D-vector to an H-vector (x @ Wx); it does not depend on N or T",
             "Wh": "maps an H-vector to an H-vector",
             "b": "one entry per hidden unit: a 1-d array", "dxs": "a gradient has the shape of its array",
             "dh": "the gradient w.r.t. the initial hidden state, which has the shape of one h_t"}


class TimeRnnShapesExercise(Exercise):
    """Exercise: the shape of every array inside a Time RNN layer (N=5, T=7, D=3, H=4), as a dict of tuples."""

    N, T, D, H = 5, 7, 3, 4

    def actual(self):
        N, T, D, H = self.N, self.T, self.D, self.H
        rng = np.random.default_rng(0)
        layer = TimeRNN(rng.standard_normal((D, H)), rng.standard_normal((H, H)), rng.standard_normal(H))
        xs = rng.standard_normal((N, T, D))
        hs = layer.forward(xs)
        dxs = layer.backward(np.ones_like(hs))
        return {"xs": xs.shape, "hs": hs.shape, "x_t": xs[:, 0].shape, "h_t": hs[:, 0].shape,
                "Wx": layer.params[0].shape, "Wh": layer.params[1].shape, "b": layer.params[2].shape,
                "dxs": dxs.shape, "dh": layer.dh.shape}

    def __call__(self, answer):
        if isinstance(answer, dict) and all(v is None for v in answer.values()):
            answer = None
        return super().__call__(answer)

    def diagnose(self, answer):
        if not isinstance(answer, dict):
            return Hint(self.tr("the answer is a dict from the names (\"xs\", \"hs\", ...) to shapes (tuples)"))
        actual = self.actual()
        missing = [k for k in actual if answer.get(k) is None]
        wrong = [k for k in actual if k not in missing and tuple(np.atleast_1d(answer[k]).tolist()) != actual[k]]
        if not missing and not wrong:
            return None
        parts = []
        if wrong:
            parts.append(self.tr("not right: ") + ", ".join(wrong))
        if missing:
            parts.append(self.tr("still missing: ") + ", ".join(missing))
        details = []
        for k in wrong:
            got = tuple(np.atleast_1d(answer[k]).tolist())
            why = self.tr(SHAPE_WHY[k])
            if sorted(got) == sorted(actual[k]):
                why = self.tr("the right sizes in the wrong order: ") + why
            elif k == "b" and len(got) == 2:
                why = self.tr("b is not a matrix: ") + why
            details.append(f"{k}: {why}")
        return Hint("; ".join(parts) + " (N = 5, T = 7, D = 3, H = 4)", "\n".join(details))

