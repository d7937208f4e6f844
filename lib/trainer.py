"""Training loop for RNN language models with truncated BPTT, and perplexity."""
import math
from numbers import Integral

from lib.batching import get_batch, iters_per_epoch
from lib.checks import check_corpus, check_positive
from lib.modes import evaluation
from lib.optimizer import clip_grads
from lib.threads import blas_threads, blas_threads_for


class RnnlmTrainer:
    """Trains a model with forward(xs, ts) -> loss, backward(), params, grads.

    ppl_list records the perplexity exp(mean loss) once per epoch
    (eval_interval=None, as the chapter's loop does) or every eval_interval iterations.
    time_idx keeps counting across fit calls, like the chapter's loop.
    threads: how many BLAS threads fit uses; None lets lib choose by problem size and load (lib.threads).
    """

    def __init__(self, model, optimizer, threads=None):
        check_threads(threads)
        self.model = model
        self.optimizer = optimizer
        self.threads = threads
        self.time_idx = 0
        self.ppl_list = []
        self.iteration = 0  # iterations done in the current epoch (0 between epochs)
        self.total_loss, self.loss_count = 0.0, 0  # losses since the last perplexity was recorded
        self.stop_requested = False  # set it (from a callback or a Ctrl-C handler) to stop between iterations

    def fit(self, xs, ts, max_epoch=10, batch_size=20, time_size=35, max_grad=None,
            eval_interval=None, callback=None):
        """xs, ts (n,) word ids (ts = the next words). Returns ppl_list.

        callback: called as callback(trainer, loss) after every iteration.
        If stop_requested is set, fit returns before the next iteration; a later fit
        continues that epoch at self.iteration (set stop_requested back to False first).
        A loss that is NaN or infinite raises FloatingPointError before it reaches the weights.
        """
        check_fit_arguments(xs, ts, max_epoch, max_grad, eval_interval)
        max_iters = iters_per_epoch(len(xs), batch_size, time_size)
        model, optimizer = self.model, self.optimizer
        with blas_threads(self.threads or blas_threads_for(model, batch_size, time_size)):  # see lib/threads.py
            for _ in range(max_epoch):
                if self.iteration == 0:  # a new epoch, not one resumed midway
                    self.total_loss, self.loss_count = 0.0, 0
                while self.iteration < max_iters and not self.stop_requested:
                    batch_x, batch_t = get_batch(xs, ts, batch_size, time_size, self.time_idx)
                    loss = model.forward(batch_x, batch_t)
                    if not math.isfinite(loss):  # stop before NaN reaches the weights
                        raise FloatingPointError(self.diverged_message(loss))
                    model.backward()
                    if max_grad is not None:
                        clip_grads(model.grads, max_grad)
                    optimizer.update(model.params, model.grads)
                    self.time_idx += time_size
                    self.total_loss += loss
                    self.loss_count += 1
                    self.iteration += 1
                    if eval_interval is not None and self.iteration % eval_interval == 0:
                        self.record_perplexity()
                    if callback is not None:
                        callback(self, loss)
                if self.iteration < max_iters:  # stopped midway
                    break
                self.iteration = 0
                if eval_interval is None:
                    self.record_perplexity()
        return self.ppl_list

    def record_perplexity(self):
        """Append exp(mean loss) since the last record to ppl_list, and start a new count."""
        self.ppl_list.append(perplexity(self.total_loss / self.loss_count))
        self.total_loss, self.loss_count = 0.0, 0

    def diverged_message(self, loss):
        return (f"the loss is {loss} at iteration {self.iteration + 1} of the epoch (time index {self.time_idx}): "
                f"training has diverged. The weights are those before this iteration. Train again with a "
                f"lower learning rate, or clip the gradients (max_grad)")

    def state_dict(self):
        """Where training stands, as JSON-able numbers: with the model and optimizer, enough to continue exactly."""
        return {"time_idx": self.time_idx, "iteration": self.iteration, "total_loss": self.total_loss,
                "loss_count": self.loss_count, "ppl_list": list(self.ppl_list)}

    def load_state_dict(self, state):
        """Continue from a state_dict(): the next fit resumes at its iteration and time index."""
        self.time_idx, self.iteration = int(state["time_idx"]), int(state["iteration"])
        self.total_loss, self.loss_count = float(state["total_loss"]), int(state["loss_count"])
        self.ppl_list = [float(p) for p in state["ppl_list"]]


def eval_perplexity(model, corpus, batch_size=10, time_size=35, threads=None):
    """Perplexity exp(mean cross-entropy) of model on corpus (n,) word ids.

    Reads the corpus with the same offset layout as training, carrying the
    hidden state from block to block; the state is reset before and after. The model runs in eval
    mode (no dropout) and is given back the mode it had.
    threads: BLAS threads to use; None lets lib choose by problem size and load.
    """
    check_corpus("corpus", corpus)
    check_threads(threads)
    xs, ts = corpus[:-1], corpus[1:]
    max_iters = iters_per_epoch(len(xs), batch_size, time_size)
    total_loss = 0.0
    if threads is None:
        threads = blas_threads_for(model, batch_size, time_size)
    model.reset_state()
    try:
        with blas_threads(threads), evaluation(model):
            for it in range(max_iters):
                batch_x, batch_t = get_batch(xs, ts, batch_size, time_size, it * time_size)
                total_loss += model.forward(batch_x, batch_t)
    finally:  # an error midway leaves no evaluation state behind either
        model.reset_state()
    return perplexity(total_loss / max_iters)


def perplexity(mean_loss):
    """exp(mean_loss): inf when that is too large for a float (a mean loss above ~709.8), NaN for NaN."""
    try:
        return math.exp(mean_loss)
    except OverflowError:
        return math.inf


def check_threads(threads):
    """Raise unless threads is None (lib's choice) or a positive int."""
    if threads is None:
        return
    if isinstance(threads, bool) or not isinstance(threads, Integral):
        raise TypeError(f"threads must be a positive int (BLAS threads) or None (lib's choice), "
                        f"got {threads!r} ({type(threads).__name__})")
    if threads < 1:
        raise ValueError(f"threads must be a positive number of BLAS threads (None: lib's choice), got {threads}")


def check_fit_arguments(xs, ts, max_epoch, max_grad, eval_interval):
    """Errors for fit's arguments, before any work starts."""
    if isinstance(max_epoch, bool) or not isinstance(max_epoch, Integral) or max_epoch < 1:
        raise ValueError(f"max_epoch must be a positive int (the number of passes over the data), "
                         f"got {max_epoch!r}")
    check_corpus("xs", xs)
    check_corpus("ts", ts)
    if len(xs) != len(ts):
        raise ValueError(f"xs and ts must have the same length (ts[i] is the word after xs[i]), "
                         f"got {len(xs)} and {len(ts)}")
    if max_grad is not None:
        check_positive("max_grad", max_grad, " (the largest global gradient norm; None: no clipping)")
    if eval_interval is not None and (not isinstance(eval_interval, Integral) or eval_interval < 1):
        raise ValueError(f"eval_interval must be a positive number of iterations (None: once per epoch), "
                         f"got {eval_interval!r}")
