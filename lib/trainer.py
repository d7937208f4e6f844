"""Training loop for RNN language models with truncated BPTT, and perplexity."""
import math

import numpy as np

from lib.batching import get_batch, iters_per_epoch
from lib.optimizer import clip_grads
from lib.progress import ProgressBar


class RnnlmTrainer:
    """Trains a model with forward(xs, ts) -> loss, backward(), params, grads.

    ppl_list records the perplexity exp(mean loss) once per epoch
    (eval_interval=None, as the chapter's loop does) or every eval_interval iterations.
    time_idx keeps counting across fit calls, like the chapter's loop.
    """

    def __init__(self, model, optimizer):
        self.model = model
        self.optimizer = optimizer
        self.time_idx = 0
        self.ppl_list = []
        self.eval_interval = None
        self.iteration = 0  # iterations done in the current epoch (0 between epochs)
        self.total_loss, self.loss_count = 0.0, 0  # losses since the last perplexity was recorded
        self.stop_requested = False  # set it (from a callback or a Ctrl-C handler) to stop between iterations

    def fit(self, xs, ts, max_epoch=10, batch_size=20, time_size=35, max_grad=None,
            eval_interval=None, progress=False, callback=None):
        """xs, ts (n,) word ids (ts = the next words). Returns ppl_list.

        progress: False, True (a progress bar on stderr), or a ProgressBar to advance.
        callback: called as callback(trainer, loss) after every iteration.
        If stop_requested is set, fit returns before the next iteration; a later fit
        continues that epoch at self.iteration (set stop_requested back to False first).
        """
        if len(xs) != len(ts):
            raise ValueError(f"xs and ts must have the same length (ts[i] is the word after xs[i]), "
                             f"got {len(xs)} and {len(ts)}")
        max_iters = iters_per_epoch(len(xs), batch_size, time_size)
        self.eval_interval = eval_interval
        model, optimizer = self.model, self.optimizer
        own_bar = progress is True
        bar = ProgressBar(max_epoch * max_iters * batch_size * time_size, "train", "tok") if own_bar else progress

        for epoch in range(max_epoch):
            if self.iteration == 0:  # a new epoch, not one resumed midway
                self.total_loss, self.loss_count = 0.0, 0
            while self.iteration < max_iters and not self.stop_requested:
                batch_x, batch_t = get_batch(xs, ts, batch_size, time_size, self.time_idx)
                self.time_idx += time_size

                loss = model.forward(batch_x, batch_t)
                model.backward()
                if max_grad is not None:
                    clip_grads(model.grads, max_grad)
                optimizer.update(model.params, model.grads)
                self.total_loss += loss
                self.loss_count += 1
                self.iteration += 1

                if eval_interval is not None and self.iteration % eval_interval == 0:
                    self.ppl_list.append(math.exp(self.total_loss / self.loss_count))
                    self.total_loss, self.loss_count = 0.0, 0
                if bar:
                    bar.update(batch_size * time_size)
                if callback is not None:
                    callback(self, loss)
            if self.iteration < max_iters:  # stopped midway
                break
            self.iteration = 0
            if eval_interval is None:
                self.ppl_list.append(math.exp(self.total_loss / self.loss_count))
                if own_bar:
                    bar.update(0, postfix=f"epoch {epoch + 1} ppl {self.ppl_list[-1]:.2f}")
        if own_bar:
            bar.close()
        return self.ppl_list

    def state_dict(self):
        """Where training stands, as JSON-able numbers: with the model and optimizer, enough to continue exactly."""
        return {"time_idx": self.time_idx, "iteration": self.iteration, "total_loss": self.total_loss,
                "loss_count": self.loss_count, "ppl_list": list(self.ppl_list)}

    def load_state_dict(self, state):
        """Continue from a state_dict(): the next fit resumes at its iteration and time index."""
        self.time_idx, self.iteration = int(state["time_idx"]), int(state["iteration"])
        self.total_loss, self.loss_count = float(state["total_loss"]), int(state["loss_count"])
        self.ppl_list = [float(p) for p in state["ppl_list"]]


def eval_perplexity(model, corpus, batch_size=10, time_size=35):
    """Perplexity exp(mean cross-entropy) of model on corpus (n,) word ids.

    Reads the corpus with the same offset layout as training, carrying the
    hidden state from block to block; the state is reset before and after.
    """
    xs, ts = corpus[:-1], corpus[1:]
    max_iters = iters_per_epoch(len(xs), batch_size, time_size)
    model.reset_state()
    total_loss = 0.0
    for it in range(max_iters):
        batch_x, batch_t = get_batch(xs, ts, batch_size, time_size, it * time_size)
        total_loss += model.forward(batch_x, batch_t)
    model.reset_state()
    return math.exp(total_loss / max_iters)
