"""Self-checks for the exercises of notebooks 5.5 (training and evaluating the RNNLM) and 5.6 (beyond the book).

Each class is one exercise (see lib.exercises.Exercise): the notebook makes one object and calls it with the
learner's answer. A first wrong answer gets a nudge, a later one the detail; the answer is never printed.
numpy and lib's core only, so that tests can feed them wrong answers.
"""
import math

import numpy as np

from lib.batching import batch_offsets, iters_per_epoch
from lib.exercises import Exercise, Hint
from lib.functions import softmax
from lib.optimizer import SGD, clip_grads
from lib.rnnlm import SimpleRnnlm
from lib.trainer import RnnlmTrainer, eval_perplexity


def _number(answer):
    """answer as a float, or None when it is not a single number."""
    try:
        value = float(answer)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


# ---------------------------------------------------------------- 5.5

class PerplexityByHand(Exercise):
    """5.5 Exercise 1: the perplexity of four predictions whose correct words got probabilities `probs`."""

    def __init__(self, probs=(0.5, 0.25, 0.125, 0.5), lang="en"):
        super().__init__(lang=lang)
        self.probs = np.asarray(probs, dtype=np.float64)
        self.expected = math.exp(-np.mean(np.log(self.probs)))

    def diagnose(self, answer):
        value = _number(answer)
        p = self.probs
        if value is None:
            return Hint(self.tr("write one number (a float)"))
        if math.isclose(value, self.expected, abs_tol=1e-3):
            return None
        if math.isclose(value, float(np.mean(1 / p)), abs_tol=1e-3):
            return Hint(self.tr("that is an arithmetic mean; perplexity averages in another way"),
                        self.tr("perplexity is the geometric mean of 1/p: multiply the four 1/p, then take the 4th "
                                "root"))
        if math.isclose(value, float(1 / np.mean(p)), abs_tol=1e-3):
            return Hint(self.tr("you averaged the probabilities first; perplexity averages the losses -log p"),
                        self.tr("compute L = mean of -ln p over the four predictions, then e^L"))
        if math.isclose(value, float(-np.mean(np.log(p))), abs_tol=1e-3):
            return Hint(self.tr("that is the loss L, not yet the perplexity"),
                        self.tr("the perplexity is e^L"))
        if math.isclose(value, float(-np.mean(np.log2(p))), abs_tol=1e-3):
            return Hint(self.tr("that is the loss in bits (log base 2), not the perplexity"),
                        self.tr("the perplexity is 2^(loss in bits) = e^(loss in nats)"))
        return Hint(self.tr("not the perplexity of these four predictions; start from the loss L"),
                    self.tr("L = mean of -ln p over the four predictions; the perplexity is e^L"))


class UniformModel(Exercise):
    """5.5 Exercise 2: perplexity and loss of a model that gives each of V words probability 1/V (the notebook
    asks about V = 10,000, the full PTB vocabulary, on text the model never saw).

    answer: (perplexity, loss). measured: optional perplexity measured with lib.eval_perplexity, which the
    verdict must also match (the notebook passes it).
    """

    def __init__(self, vocab_size=418, measured=None, chapter_vocab_size=418, lang="en"):
        super().__init__(lang=lang)
        self.V = vocab_size
        self.measured = measured
        self.chapter_V = chapter_vocab_size  # the vocabulary of the chapter's 1000-word model, a tempting wrong V

    def __call__(self, ppl, loss):
        return super().__call__(None if ppl is None or loss is None else (ppl, loss))

    def diagnose(self, answer):
        ppl, loss = (_number(a) for a in answer)
        V = self.V
        if ppl is None or loss is None:
            return Hint(self.tr("write two numbers: the perplexity and the loss"))
        if not math.isclose(ppl, V, rel_tol=1e-4):
            if self.chapter_V != V and math.isclose(ppl, self.chapter_V, rel_tol=1e-4):
                return Hint(self.tr("{V} is the vocabulary of the chapter's 1000-word model; this model has its own "
                                    "vocabulary").format(V=self.chapter_V),
                            self.tr("every correct word gets p = 1/V, with V the number of words THIS model spreads "
                                    "its probability over, whatever text it reads"))
            if math.isclose(ppl, 1 / V, rel_tol=1e-3):
                return Hint(self.tr("that is the probability of one word; perplexity turns p into 1/p"),
                            self.tr("every correct word gets p = 1/V, so every 1/p is the same number"))
            return Hint(self.tr("think of the number of branches: among how many equally likely words does it choose?"),
                        self.tr("every correct word gets p = 1/V; the perplexity is the (geometric) mean of 1/p"))
        if self.measured is not None and not math.isclose(ppl, self.measured, rel_tol=1e-4):
            return Hint(self.tr("your perplexity disagrees with the one lib.eval_perplexity measured"))
        if math.isclose(loss, math.log10(V), abs_tol=1e-3) or math.isclose(loss, math.log2(V), abs_tol=1e-3):
            return Hint(self.tr("right idea, wrong logarithm: the loss uses the natural log"),
                        self.tr("perplexity = e^L, so L = ln(perplexity)"))
        if not math.isclose(loss, math.log(V), abs_tol=1e-3):
            return Hint(self.tr("perplexity right; now the loss: how are loss and perplexity related?"),
                        self.tr("perplexity = e^L, so L = ln(perplexity)"))
        return None


class BatchingArithmetic(Exercise):
    """5.5 Exercise 3: jump and max_iters for a corpus of n_words, batch_size rows, time_size steps."""

    def __init__(self, n_words=2100, batch_size=20, time_size=7, lang="en"):
        super().__init__(lang=lang)
        self.n_words, self.batch_size, self.time_size = n_words, batch_size, time_size
        data = n_words - 1  # xs = corpus[:-1]
        self.jump = int(batch_offsets(data, batch_size)[1])
        self.max_iters = iters_per_epoch(data, batch_size, time_size)

    def __call__(self, jump, max_iters):
        return super().__call__(None if jump is None or max_iters is None else (jump, max_iters))

    def diagnose(self, answer):
        jump, iters = answer
        n, bs, ts = self.n_words, self.batch_size, self.time_size
        if (jump, iters) == (self.jump, self.max_iters):
            return None
        if (jump, iters) == (n // bs, n // (bs * ts)):
            return Hint(self.tr("close: remember which array the rows are cut from"),
                        self.tr("the rows are cut from xs = corpus[:-1], which has one word fewer than the corpus"))
        if jump != self.jump:
            return Hint(self.tr("jump is wrong: how far apart do the rows start?"),
                        self.tr("jump = len(xs) // batch_size, with xs = corpus[:-1]"))
        return Hint(self.tr("jump is right, max_iters is not: how many words does one iteration read?"),
                    self.tr("one iteration reads batch_size * time_size words: max_iters = len(xs) // (batch_size * "
                            "time_size)"))


class TrainingLoop(Exercise):
    """5.5: finish the notes' cut-off training loop.

    The answer is a function fit(model, optimizer, xs, ts, max_epoch, batch_size, time_size) -> list with one
    perplexity per epoch. The checker runs it on a fresh SimpleRnnlm (seed `seed`) and compares the list with
    lib.RnnlmTrainer's on another fresh model of the same seed: they must be equal bit for bit.
    """

    def __init__(self, xs, ts, vocab_size, wordvec_size=100, hidden_size=100, lr=0.1, max_epoch=100,
                 batch_size=10, time_size=5, seed=1, lang="en"):
        super().__init__(lang=lang)
        self.xs, self.ts = xs, ts
        self.sizes = (vocab_size, wordvec_size, hidden_size)
        self.lr, self.seed = lr, seed
        self.settings = dict(max_epoch=max_epoch, batch_size=batch_size, time_size=time_size)
        self.max_iters = iters_per_epoch(len(xs), batch_size, time_size)
        self._reference = None
        self.result = None  # the learner's list, after a call

    def model(self):
        return SimpleRnnlm(*self.sizes, rng=self.seed)

    def reference(self):
        """lib.RnnlmTrainer's perplexity list, and the loss of every iteration (computed once)."""
        if self._reference is None:
            losses = []
            ppl = RnnlmTrainer(self.model(), SGD(self.lr)).fit(
                self.xs, self.ts, eval_interval=None, callback=lambda trainer, loss: losses.append(loss),
                **self.settings)
            self._reference = (list(ppl), np.array(losses, dtype=np.float64))
        return self._reference

    def __call__(self, fit):
        result = None
        if fit is not None:
            s = self.settings
            result = fit(self.model(), SGD(self.lr), self.xs, self.ts, s["max_epoch"], s["batch_size"],
                         s["time_size"])
            if result is not None and np.size(result) == 0:
                result = None  # the scaffold as given records nothing
        self.result = result
        return super().__call__(result)

    def diagnose(self, answer):
        ref, losses = self.reference()
        E, n_it = self.settings["max_epoch"], self.max_iters
        try:
            got = np.array(answer, dtype=np.float64).ravel()
        except (TypeError, ValueError):
            return Hint(self.tr("return the list of perplexities, one number per epoch"))
        ref_arr = np.array(ref)
        if len(got) != E:
            if len(got) == E * n_it:
                return Hint(self.tr("one perplexity per epoch: expected {E} numbers, got {n}").format(E=E, n=len(got)),
                            self.tr("you record after every iteration; record once, after the inner loop has ended"))
            return Hint(self.tr("one perplexity per epoch: expected {E} numbers, got {n}").format(E=E, n=len(got)),
                        self.tr("append exp(total_loss / loss_count) once per epoch, after the inner loop"))
        if got.tolist() == ref:
            return None
        by_epoch = losses.reshape(E, n_it)
        if not np.all(np.isfinite(got)):
            return Hint(self.tr("some perplexities are inf or "
                                "nan"), self.tr("perplexity = exp(mean loss of the "
                                                                             "epoch)"))
        if np.allclose(got, np.log(ref_arr), rtol=1e-6):
            return Hint(self.tr("these are losses, not "
                                "perplexities"), self.tr("perplexity = exp(total_loss / "
                                                                               "loss_count)"))
        if np.allclose(got, np.exp(by_epoch[:, -1]), rtol=1e-6):
            return Hint(self.tr("each number is one iteration's loss; the epoch has more"),
                        self.tr("add up every iteration's loss (and count them), then exp(total_loss / loss_count)"))
        cumulative = np.exp(np.cumsum(losses)[n_it - 1::n_it] / np.arange(n_it, E * n_it + 1, n_it))
        if np.allclose(got, cumulative, rtol=1e-6):
            return Hint(self.tr("from the second epoch on, each number mixes in the earlier epochs"),
                        self.tr("set total_loss and loss_count back to 0 after recording each epoch's perplexity"))
        if np.allclose(got, np.exp(by_epoch).mean(axis=1), rtol=1e-6):
            return Hint(self.tr("you averaged perplexities; the epoch's perplexity is exp of the mean loss"),
                        self.tr("exp(total_loss / loss_count), with total_loss the sum of the iterations' losses"))
        if np.allclose(got, ref_arr, rtol=1e-9):
            return Hint(self.tr("equal to about 9 digits but not bit for bit: the arithmetic differs slightly"),
                        self.tr("add each loss as returned by model.forward to total_loss (a float starting at 0.0), "
                                "count with loss_count, and record math.exp(total_loss / loss_count)"))
        if E > 1 and got[-1] > 0.8 * got[0] and ref_arr[-1] < 0.5 * ref_arr[0]:
            return Hint(self.tr("the perplexity hardly falls: do the weights change?"),
                        self.tr("after model.forward(batch_x, batch_t): model.backward(), then "
                                "optimizer.update(model.params, model.grads)"))
        if math.isclose(got[0], ref[0], rel_tol=1e-9):
            return Hint(self.tr("the first epoch is right, later ones are not: what carries over between epochs?"),
                        self.tr("time_idx keeps counting across epochs (never reset it), the model's hidden state is "
                                "not reset either, and total_loss and loss_count restart at 0 each epoch"))
        return Hint(self.tr("already the first epoch differs from lib.RnnlmTrainer's"),
                    self.tr("each iteration: loss = model.forward(batch_x, batch_t); model.backward(); "
                            "optimizer.update(model.params, model.grads); total_loss += loss; loss_count += 1"))


class BlockLength(Exercise):
    """5.5 Exercise 4: does a shorter BPTT block learn better? Predict, then compare fairly.

    Answer: (updates_per_epoch at time_size short, lower_at_equal_epochs, lower_at_equal_updates), the last
    two being the block length (short or long) predicted to reach the lower perplexity. `measured` maps
    ("epochs" | "updates", time_size) -> perplexity on the training words (lib.eval_perplexity); it is computed
    on first use when not given.
    """

    def __init__(self, xs, ts, vocab_size, short=1, long=5, epochs=20, updates=1900, wordvec_size=100,
                 hidden_size=100, lr=0.1, batch_size=10, seed=1, measured=None, lang="en"):
        super().__init__(lang=lang)
        self.xs, self.ts = xs, ts
        self.sizes = (vocab_size, wordvec_size, hidden_size)
        self.short, self.long, self.epochs, self.updates = short, long, epochs, updates
        self.lr, self.batch_size, self.seed = lr, batch_size, seed
        self.measured = measured

    def updates_per_epoch(self, time_size):
        return iters_per_epoch(len(self.xs), self.batch_size, time_size)

    def measure(self):
        """Perplexity on the training words after `epochs` epochs and after `updates` updates, per block length."""
        if self.measured is None:
            corpus = np.append(self.xs, self.ts[-1])
            measured = {}
            for T in (self.short, self.long):
                trainer = RnnlmTrainer(SimpleRnnlm(*self.sizes, rng=self.seed), SGD(self.lr))
                per_epoch = self.updates_per_epoch(T)
                # the two stopping points, in the order training reaches them
                stops = sorted([("epochs", self.epochs * per_epoch), ("updates", self.updates)], key=lambda s: s[1])
                done = 0
                for kind, at in stops:
                    def stop(tr, loss, at=at, T=T):
                        tr.stop_requested = tr.time_idx // T >= at
                    if at > done:
                        trainer.stop_requested = False
                        trainer.fit(self.xs, self.ts, max_epoch=at // per_epoch + 2, batch_size=self.batch_size,
                                    time_size=T, callback=stop)
                    saved = trainer.model.rnn_layer.h
                    saved = None if saved is None else saved.copy()
                    measured[kind, T] = eval_perplexity(trainer.model, corpus, self.batch_size, self.long)
                    trainer.model.rnn_layer.h = saved  # training goes on with the state it carried
                    done = at
            self.measured = measured
        return self.measured

    def __call__(self, updates_per_epoch, lower_at_equal_epochs, lower_at_equal_updates):
        answer = (updates_per_epoch, lower_at_equal_epochs, lower_at_equal_updates)
        return super().__call__(None if any(a is None for a in answer) else answer)

    def diagnose(self, answer):
        n_updates, at_epochs, at_updates = answer
        short, long = self.short, self.long
        expected = self.updates_per_epoch(short)
        if n_updates != expected:
            if n_updates == self.updates_per_epoch(long):
                return Hint(self.tr("that is the number for time_size {long}; the question is about time_size {short}")
                            .format(long=long, short=short))
            return Hint(self.tr("how many words does one update read at time_size {short}?").format(short=short),
                        self.tr("updates per epoch = len(xs) // (batch_size * time_size), with xs = corpus[:-1]"))
        for given in (at_epochs, at_updates):
            if given not in (short, long):
                return Hint(self.tr("answer each prediction with a block length: {short} or {long}")
                            .format(short=short, long=long))
        m = self.measure()
        winner = {kind: short if m[kind, short] < m[kind, long] else long for kind in ("epochs", "updates")}
        if at_epochs != winner["epochs"]:
            return Hint(self.tr("in {epochs} epochs, which block length makes more "
                                "updates?").format(epochs=self.epochs),
                        self.tr("at time_size {short} an epoch has {n_short} updates, at {long} only {n_long}: in the "
                                "same epochs one setting takes many more steps")
                        .format(short=short, n_short=expected, long=long, n_long=self.updates_per_epoch(long)))
        if at_updates != winner["updates"]:
            return Hint(self.tr("with the number of updates equal, what else differs between the two settings?"),
                        self.tr("an update at time_size {long} reads {long}x more words and back-propagates through "
                                "{long} steps, so each step carries more information").format(long=long))
        return None


# ---------------------------------------------------------------- 5.6

class PerplexityBits(Exercise):
    """5.6 Exercise 3: bits per word at perplexity `high`, and the bits saved going down to perplexity `low`."""

    def __init__(self, high=141.2, low=124.7, lang="en"):
        super().__init__(lang=lang)
        self.high, self.low = high, low

    def __call__(self, bits, saved):
        return super().__call__(None if bits is None or saved is None else (bits, saved))

    def diagnose(self, answer):
        bits, saved = (_number(a) for a in answer)
        high, low = self.high, self.low
        if bits is None or saved is None:
            return Hint(self.tr("write two numbers"))
        if math.isclose(bits, math.log(high), abs_tol=0.01):
            return Hint(self.tr("that is the cross-entropy in nats"), self.tr("bits use the logarithm to base 2"))
        if not math.isclose(bits, math.log2(high), abs_tol=0.01):
            return Hint(self.tr("solve 2^b = {high} for b").format(high=high))
        if math.isclose(saved, high - low, abs_tol=0.1):
            return Hint(self.tr("the saving is a difference of bits, not of perplexities"),
                        self.tr("compute the bits of each perplexity and subtract"))
        if not math.isclose(saved, math.log2(high) - math.log2(low), abs_tol=0.005):
            return Hint(self.tr("first part right; the saving is not"),
                        self.tr("compute the bits per word at {low} the same way and subtract").format(low=low))
        return None


class TemperatureFromProbabilities(Exercise):
    """5.6 Exercise 1: fn(p, T) -> p_T for a model that hands out probabilities p (after its softmax), not scores.

    p_T = softmax(s / T) with the scores s; since log p = s - log Z, p_T = softmax(log p / T), which is p^(1/T)
    renormalised. At a tiny T, p^(1/T) underflows to 0 for every word: the log form with the shift does not.
    """

    cases = [(softmax(np.array([3.0, 2.0, 1.0, 0.5, 0.0])), T) for T in (0.25, 0.5, 1.0, 2.0, 5.0)]
    cases.append((np.array([0.7, 0.2, 0.1, 0.0]), 0.5))  # a word of probability 0 keeps probability 0
    cases.append((np.array([0.6, 0.3, 0.1]), 0.0005))  # almost greedy: 0.6^2000 underflows to 0

    @staticmethod
    def expected(p, T):
        with np.errstate(divide="ignore"):  # log 0 = -inf: a word of probability 0 keeps probability 0
            return softmax(np.log(p) / T)

    def __call__(self, fn):
        results = None
        if fn is not None:
            results = []
            for p, T in self.cases:
                with np.errstate(all="ignore"):
                    got = fn(p.copy(), T)
                if got is None:
                    results = None  # the scaffold as given
                    break
                results.append(got)
        return super().__call__(results)

    def diagnose(self, results):
        for (p, T), got in zip(self.cases, results):
            try:
                got = np.asarray(got, dtype=float)
            except (TypeError, ValueError):
                return Hint(self.tr("return a numpy array of probabilities, one per word"))
            expected = self.expected(p, T)
            if got.shape == p.shape and np.allclose(got, expected, atol=1e-9):
                continue
            if got.shape != p.shape:
                return Hint(self.tr("return one probability per word: shape {want}, got {got}")
                            .format(want=p.shape, got=got.shape))
            if not np.all(np.isfinite(got)):
                return Hint(self.tr("for p = {p} and T = {T} you get inf or nan").format(p=p, T=T),
                            self.tr("p ** (1 / T) underflows to 0 for every word at so small a T; work with "
                                    "logarithms: log p_T = log p / T + a constant, and subtract the largest before "
                                    "np.exp"))
            with np.errstate(all="ignore"):
                as_scores = softmax(p / T)
                multiplied = self.expected(p, 1 / T)
            if np.allclose(got, as_scores):
                return Hint(self.tr("you treated the probabilities as if they were the scores"),
                            self.tr("p = exp(s) / Z, so the scores are s = log p + log Z, and the constant log Z does "
                                    "not change a softmax"))
            if np.allclose(got, multiplied):
                return Hint(self.tr("a small T must sharpen the distribution; yours flattens it"),
                            self.tr("the exponent is 1/T: p_T is proportional to p^(1/T)"))
            if not np.isclose(got.sum(), 1):
                return Hint(self.tr("the probabilities must sum to 1"), self.tr("divide by their sum at the end"))
            if np.any(got[p == 0] > 0):
                return Hint(self.tr("a word of probability 0 must keep probability 0 at any temperature"))
            return Hint(self.tr("wrong probabilities for T = {T}").format(T=T),
                        self.tr("p_T = softmax(s / T) with scores s; from p, the scores are log p up to a constant"))
        return None


class ClipEachArray(Exercise):
    """5.6 Exercise 2: clip each gradient array by its own norm (not the global one), and measure what changes.

    Answer: fn(grads, max_norm), which scales in place every array whose own norm exceeds max_norm and returns
    the list of the arrays' norms before clipping; and the cosine between the whole update (all arrays as one
    vector) before and after fn, on example() with max_norm 1.
    """

    max_norm = 1.0

    @staticmethod
    def example():
        """The gradients of the exercise: a large array, a small one and a middle one."""
        rng = np.random.default_rng(3)
        return [rng.standard_normal((4, 3)) * 3, rng.standard_normal(7) * 0.1, rng.standard_normal((2, 2)) * 1.5]

    def expected(self):
        grads = self.example()
        norms = [float(np.linalg.norm(g)) for g in grads]
        clipped = [g * (self.max_norm / n) if n > self.max_norm else g.copy() for g, n in zip(grads, norms)]
        before = np.concatenate([g.ravel() for g in grads])
        after = np.concatenate([g.ravel() for g in clipped])
        cosine = float(before @ after / (np.linalg.norm(before) * np.linalg.norm(after)))
        return clipped, norms, cosine

    def __call__(self, fn, cosine):
        if fn is None or cosine is None:
            return super().__call__(None)
        grads = self.example()
        mine = [g.copy() for g in grads]
        norms = fn(mine, self.max_norm)
        if norms is None and all(np.array_equal(a, b) for a, b in zip(mine, grads)):
            return super().__call__(None)  # the scaffold as given
        return super().__call__((grads, mine, norms, cosine))

    def diagnose(self, answer):
        grads, mine, norms, cosine = answer
        clipped, expected_norms, expected_cosine = self.expected()
        if all(np.array_equal(a, b) for a, b in zip(mine, grads)):
            return Hint(self.tr("the arrays in the list did not change"), self.tr("scale them in place (g *= factor)"))
        global_clip = [g.copy() for g in grads]
        clip_grads(global_clip, self.max_norm)
        if all(np.allclose(a, b) for a, b in zip(mine, global_clip)):
            return Hint(self.tr("that is clipping by the global norm (one factor for all arrays, as lib.clip_grads); "
                                "here each array gets its own factor"),
                        self.tr("for each array g: n = its own norm; if n > max_norm, g *= max_norm / n"))
        small = [i for i, n in enumerate(expected_norms) if n <= self.max_norm]
        if any(not np.allclose(mine[i], grads[i]) for i in small):
            return Hint(self.tr("an array whose norm is already at most max_norm must stay as it is"),
                        self.tr("scale only when the array's own norm exceeds max_norm: clipping never scales up"))
        if not all(np.allclose(a, b) for a, b in zip(mine, clipped)):
            return Hint(self.tr("after clipping, the arrays are not what they should be"),
                        self.tr("every array whose own norm n exceeds max_norm is multiplied by max_norm / n, the "
                                "others stay; afterwards no array has a norm above max_norm"))
        try:
            norms = [float(n) for n in norms]
        except (TypeError, ValueError):
            return Hint(self.tr("return the list of the arrays' norms before clipping, one number per array"))
        if len(norms) != len(expected_norms) or not np.allclose(norms, expected_norms):
            return Hint(self.tr("return the list of the arrays' norms measured before clipping, one per array"),
                        self.tr("the norm of one array is the square root of the sum of the squares of its entries"))
        value = _number(cosine)
        if value is None:
            return Hint(self.tr("the cosine is one number"))
        if math.isclose(value, 1.0, abs_tol=1e-6):
            return Hint(self.tr("a cosine of 1 means the same direction: is the ratio of two arrays' entries the same "
                                "before and after your clipping?"),
                        self.tr("the large arrays shrink, the small one does not: the whole update turns towards the "
                                "small array. Put all arrays in one vector (np.concatenate of the ravelled arrays) "
                                "before and after, and compute u @ v / (|u| |v|)"))
        if not math.isclose(value, expected_cosine, abs_tol=1e-3):
            return Hint(self.tr("the clipping is right; the cosine is not"),
                        self.tr("u = all arrays before clipping as one vector, v = after (np.concatenate of the "
                                "ravelled arrays); cosine = u @ v / (|u| |v|)"))
        return None
