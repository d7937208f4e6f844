"""One training run of python -m lib.cli.train: model, optimizer, trainer, data, schedule and history.

    run = Run(config, data, command)      # or Run(config, data, command, resume=checkpoint.load(path))
    interrupted = run.train()             # up to max_epoch, max_steps or Ctrl-C
    valid, test = run.final_perplexities()
    run.results(valid, test)              # a JSON-able dict

run.state is the run's history as a JSON-able dict; a checkpoint saves it with the model, the
optimizer and the trainer, so that a resumed run continues exactly where it stopped.

A loss that is not finite (or whose perplexity exp(loss) overflows) stops training with Diverged
before backward and the update can carry it into the weights (LossGuard); so does a valid or test
perplexity that is not finite, and weights that are not finite when they would be saved
(check_weights). The checkpoint on disk then stays the last good one.
"""
import math
import os
import sys
import time

import numpy as np
from tqdm.auto import tqdm

from lib.batching import iters_per_epoch
from lib.cli import checkpoint
from lib.cli.config import EVAL_BATCH_SIZE, EVAL_TIME_SIZE
from lib.cli.factory import choose_model_class, make_model, make_optimizer
from lib.cli.interrupt import stop_on_ctrl_c
from lib.cli.parsing import CommandError, RunFailed
from lib.cli.schedule import ValidSchedule
from lib.trainer import RnnlmTrainer, eval_perplexity

MAX_LOSS = math.log(sys.float_info.max)  # ~709.8: a larger mean loss makes the perplexity exp(loss) overflow
HISTORY_KEYS = ("epoch", "train_perplexity", "valid_perplexity", "lr", "seconds", "tokens_per_second")
NUMBER, MAYBE_NUMBER = (int, float), (int, float, type(None))
RECORD_TYPES = {"epoch": int, "steps": int, "seconds": NUMBER, "train_seconds": NUMBER, "epoch_seconds": NUMBER,
                "best_valid": MAYBE_NUMBER, "best_epoch": (int, type(None)), "tokens": dict, "commands": list,
                "history": dict}  # run.state as a checkpoint saves it


def check_run_record(record):
    """ValueError unless record (a checkpoint's meta["run"]) has Run.state's entries with their types."""
    for key, kinds in RECORD_TYPES.items():
        value = record.get(key)
        if key not in record or isinstance(value, bool) or not isinstance(value, kinds):
            raise ValueError(f"its run record has {key} = {value!r}" if key in record else
                             f"its run record lacks {key}")
    if record["epoch"] < 0 or record["steps"] < 0:
        raise ValueError(f"its run record has epoch {record['epoch']} and steps {record['steps']}, not counts >= 0")
    if any(not isinstance(record["history"].get(key), list) for key in HISTORY_KEYS):
        raise ValueError(f"its run record's history lacks one of {', '.join(HISTORY_KEYS)}")


class Diverged(RunFailed):
    """Training produced a loss or perplexity that is not a finite number."""


class LossGuard:
    """The model as RnnlmTrainer sees it: forward raises Diverged on a loss that is NaN, infinite or
    too large for exp, before backward and the update can put it into the weights.

    on_bad_loss(loss) -> the message.
    """

    def __init__(self, model, on_bad_loss):
        self.model, self.on_bad_loss = model, on_bad_loss

    @property
    def params(self):
        return self.model.params

    @property
    def grads(self):
        return self.model.grads

    def forward(self, xs, ts):
        loss = self.model.forward(xs, ts)
        if not loss <= MAX_LOSS:  # False for NaN too
            raise Diverged(self.on_bad_loss(loss))
        return loss

    def backward(self):
        return self.model.backward()


class Run:
    """config: a TrainConfig; data: load_corpora's dict; command: the command line, for the record."""

    def __init__(self, config, data, command, resume=None):
        self.config, self.data = config, data
        if resume is not None and config.model == "auto":  # go on with the class that was trained
            model_class = checkpoint.saved_model_class(resume)
        else:
            model_class = choose_model_class(config.model, data["full_vocabulary"],
                                             regularized=bool(config.dropout or config.tie_weights))
        try:
            self.model = make_model(model_class, data["vocab_size"], config.wordvec_size, config.hidden_size,
                                    seed=config.seed, init_uniform=config.init_uniform, embed_std=config.embed_std,
                                    dropout=config.dropout, tie_weights=config.tie_weights)
        except ValueError as err:
            raise CommandError(str(err)) from None
        self.optimizer, self.fit_max_grad = make_optimizer(config.optimizer, config.lr, config.max_grad, model_class)
        self.trainer = RnnlmTrainer(LossGuard(self.model, self.diverged_message), self.optimizer,
                                    threads=config.threads)
        self.schedule = ValidSchedule(config.lr_decay)
        self.best = None  # a Checkpoint of the best weights so far (with --valid)
        self.bar = None  # the progress bar while training
        self.saved = None  # where the last checkpoint written stands (position()), for messages
        self.ctrl_c = None  # set by train(): whether Ctrl-C or SIGTERM stopped it
        # the epoch lines also go to a text log beside the results (ptb-best.json -> ptb-best.log)
        self.log_path = os.path.splitext(config.results)[0] + ".log" if config.results else None
        sizes = {split: len(data[split]) for split in ("train", "valid", "test") if split in data}
        self.state = {"epoch": 0, "steps": 0, "seconds": 0.0, "train_seconds": 0.0, "epoch_seconds": 0.0,
                      "best_valid": None, "best_epoch": None, "tokens": sizes, "commands": [command],
                      "history": {key: [] for key in HISTORY_KEYS}}
        if resume is not None:
            self.resume(resume, sizes, command)

    def resume(self, ckpt, sizes, command):
        if ckpt.meta["run"]["tokens"] != sizes:
            raise CommandError(f"the run in {ckpt.path} used splits of {ckpt.meta['run']['tokens']} tokens, the "
                               f"data now has {sizes}: use the same data (--data-dir)")
        checkpoint.restore(ckpt, self.model, self.optimizer, batch_size=self.config.batch_size)
        self.trainer.load_state_dict(ckpt.meta["trainer"])
        self.state = ckpt.meta["run"]
        self.state["commands"].append(command)
        self.saved = f"{self.position()} in {ckpt.path}"
        self.schedule.best = self.state["best_valid"]
        if self.state["best_valid"] is not None:  # saved between epochs, the weights are the best ones
            self.best = ckpt.best or checkpoint.capture(self.model, self.optimizer)

    def position(self):
        """Where training stands, in words: 'after epoch 3' or 'at step 512 of epoch 4'."""
        if self.trainer.iteration == 0:
            return f"after epoch {self.state['epoch']}"
        return f"at step {self.trainer.iteration} of epoch {self.state['epoch'] + 1}"

    def finished(self):
        """Whether the run has reached max_epoch or max_steps."""
        config, state = self.config, self.state
        return state["epoch"] >= config.max_epoch or (config.max_steps > 0 and state["steps"] >= config.max_steps)

    def train(self):
        """Train up to max_epoch (or max_steps, or Ctrl-C or SIGTERM); returns whether a signal stopped it
        (self.ctrl_c.by: which)."""
        config, state, trainer = self.config, self.state, self.trainer
        xs, ts = self.data["train"][:-1], self.data["train"][1:]
        steps_per_epoch = iters_per_epoch(len(xs), config.batch_size, config.time_size)
        trainer.stop_requested = self.finished()
        self.bar = self.progress_bar(steps_per_epoch)
        self.model.train()  # dropout on; every evaluation switches it off for its duration
        self.log(f"$ {state['commands'][-1]}")
        with self.bar, stop_on_ctrl_c(trainer) as self.ctrl_c:
            while state["epoch"] < config.max_epoch and not trainer.stop_requested:
                if trainer.iteration == 0 and self.out_of_time():
                    state["out_of_time"] = True
                    self.log(f"no epoch {state['epoch'] + 1}: it would end past --max-minutes {config.max_minutes:g}")
                    break
                start = time.perf_counter()
                try:
                    trainer.fit(xs, ts, max_epoch=1, batch_size=config.batch_size, time_size=config.time_size,
                                max_grad=self.fit_max_grad, callback=self.count_step)
                except FloatingPointError as err:  # NaN or inf gradients from a finite loss: refused before the update
                    raise Diverged(f"training diverged at step {state['steps'] + 1:,} (epoch {state['epoch'] + 1}): "
                                   f"{err}. {self.kept()} Train again with a lower learning rate (--lr "
                                   f"{config.lr:g} now) or with gradient clipping (--max-grad).") from None
                seconds = time.perf_counter() - start
                for key in ("seconds", "train_seconds", "epoch_seconds"):
                    state[key] += seconds
                if trainer.iteration > 0:  # stopped midway through the epoch
                    break
                state["epoch"] += 1
                self.end_epoch(steps_per_epoch * config.batch_size * config.time_size)
        return self.ctrl_c.pressed

    def out_of_time(self):
        """Whether one more epoch (as long as the last, with its validation) and the test evaluation
        (as long as the last validation) would end past max_minutes of the run."""
        config, state = self.config, self.state
        if not config.max_minutes or not state["history"]["seconds"]:
            return False
        valid_seconds = state.get("valid_seconds", 0.0)
        needed = state["history"]["seconds"][-1] + 2 * valid_seconds
        return state["seconds"] + needed > 60 * config.max_minutes

    def log(self, line):
        """Append line to the run's text log (beside the results), if it has one."""
        if not self.log_path:
            return
        try:
            os.makedirs(os.path.dirname(self.log_path), exist_ok=True)
            with open(self.log_path, "a", encoding="utf-8") as f:
                f.write(line + "\n")
        except OSError as err:  # e.g. a full disk
            raise RunFailed(f"cannot write the log {self.log_path}: {err.strerror or err}. {self.kept()} Free "
                            f"some space (or give --results on another disk) and resume.") from None

    def progress_bar(self, steps_per_epoch):
        """A tqdm bar over the tokens left to train: a widget in a notebook, a text bar on a terminal,
        nothing with --quiet or when stderr is not a terminal (tqdm's disable=None)."""
        config = self.config
        steps = (config.max_epoch - self.state["epoch"]) * steps_per_epoch - self.trainer.iteration
        if config.max_steps:
            steps = min(steps, config.max_steps - self.state["steps"])
        tokens = max(steps, 0) * config.batch_size * config.time_size
        return tqdm(total=tokens, desc="train", unit="tok", unit_scale=True, disable=True if config.quiet else None)

    def count_step(self, trainer, loss):
        """RnnlmTrainer.fit's callback after every step."""
        self.state["steps"] += 1
        self.bar.update(self.config.batch_size * self.config.time_size)
        if self.finished():
            trainer.stop_requested = True

    def end_epoch(self, tokens):
        """Record the epoch, validate and follow the schedule (with --valid), print, save a checkpoint."""
        config, state, history = self.config, self.state, self.state["history"]
        history["epoch"].append(state["epoch"])
        history["train_perplexity"].append(self.trainer.ppl_list[-1])
        history["lr"].append(self.optimizer.lr)
        history["seconds"].append(state["epoch_seconds"])
        history["tokens_per_second"].append(tokens / state["epoch_seconds"])
        state["epoch_seconds"] = 0.0
        line = f"epoch {state['epoch']:3d}/{config.max_epoch}  perplexity {self.trainer.ppl_list[-1]:9.2f}"
        if config.valid:
            start = time.perf_counter()
            valid = self.perplexity("valid")
            history["valid_perplexity"].append(valid)
            note = self.follow_schedule(valid)
            state["valid_seconds"] = time.perf_counter() - start
            state["seconds"] += state["valid_seconds"]
            line += (f"  valid {valid:9.2f}  lr {history['lr'][-1]:.3g}  "
                     f"{tqdm.format_interval(history['seconds'][-1])}  "
                     f"{history['tokens_per_second'][-1]:,.0f} tok/s  {note}")
        self.log(line)
        print_every = max(1, config.max_epoch // 10)
        if not config.quiet and (state["epoch"] % print_every == 0 or state["epoch"] == config.max_epoch):
            tqdm.write(line)  # on stdout, above the bar
        if config.checkpoint:
            self.save_checkpoint()

    def follow_schedule(self, valid):
        """Apply the schedule's decision after an epoch of valid perplexity `valid`; returns its note."""
        decision = self.schedule.step(valid, self.optimizer.lr)
        if decision.restore_best:  # the weights and optimizer state only: dropout draws new masks
            checkpoint.restore(self.best, self.model, self.optimizer, masks=False)
        self.optimizer.lr = decision.lr
        if decision.keep_as_best:
            self.state["best_valid"], self.state["best_epoch"] = valid, self.state["epoch"]
            self.best = checkpoint.capture(self.model, self.optimizer)
        return decision.note

    def check_weights(self):
        """Diverged if a weight is NaN or infinite (a finite loss can still give an infinite gradient)."""
        for name, p in self.model.named_params().items():
            if not np.isfinite(p).all():
                raise Diverged(f"training diverged {self.position()}: the weights {name} hold NaN or infinity, "
                               f"so they are not saved. {self.kept()} Train again with a lower learning rate "
                               f"(--lr {self.config.lr:g} now) or with gradient clipping (--max-grad).")

    def save_checkpoint(self):
        self.check_weights()
        ckpt = checkpoint.capture(self.model, self.optimizer, settings=self.config.settings(), run=self.state,
                                  trainer=self.trainer.state_dict(), words=self.data["words"])
        if self.trainer.iteration > 0:  # midway through an epoch the best weights are not the current ones
            ckpt.best = self.best
        try:
            checkpoint.save(self.config.checkpoint, ckpt)
        except OSError as err:  # e.g. a full disk: atomic, so the last checkpoint is still whole
            raise RunFailed(f"cannot write the checkpoint {self.config.checkpoint}: {err.strerror or err}. "
                            f"{self.kept()} Free some space (or give --checkpoint PATH on another disk) and "
                            f"resume.") from None
        self.saved = f"{self.position()} in {self.config.checkpoint}"

    def kept(self):
        """A sentence on the last checkpoint that holds a good state, for error messages."""
        return f"The last checkpoint ({self.saved}) is kept." if self.saved else "No checkpoint was written."

    def diverged_message(self, loss):
        """What LossGuard says about the loss of the step under way."""
        config = self.config
        what = "is not a number" if math.isnan(loss) else f"is {loss:.4g}"
        if math.isfinite(loss):
            what += " (its perplexity exp(loss) overflows)"
        clip = (f"clip the gradients harder (--max-grad {config.max_grad / 4:g})" if config.max_grad
                else "clip the gradients (--max-grad 0.25)")
        return (f"training diverged at step {self.state['steps'] + 1:,} (epoch {self.state['epoch'] + 1}): the "
                f"loss {what}. Nothing of this step reached the weights or a file. {self.kept()} Train again "
                f"with a lower learning rate (--lr {config.lr:g} now; try {config.lr / 10:g}) or {clip}.")

    def final_perplexities(self):
        """(valid, test) perplexity of the final weights: the best ones seen (None, None without --valid)."""
        if not self.config.valid:
            return None, None
        start = time.perf_counter()
        valid = best = self.state["best_valid"]
        if self.trainer.iteration > 0 or best is None:  # stopped midway: the current weights are not validated
            valid = self.perplexity("valid")
            if best is not None and best <= valid:
                checkpoint.restore(self.best, self.model, self.optimizer)
                valid = best
        test = self.perplexity("test")
        self.state["seconds"] += time.perf_counter() - start
        return valid, test

    def perplexity(self, split):
        """The model's perplexity on the valid or test split; Diverged if it is not a finite number."""
        value = eval_perplexity(self.model, self.data[split], EVAL_BATCH_SIZE, EVAL_TIME_SIZE,
                                threads=self.config.threads)  # inf when exp of the mean loss overflows
        if not math.isfinite(value):
            raise Diverged(f"the {split} perplexity is {value} {self.position()}: the weights have diverged. "
                           f"{self.kept()} Train again with a lower learning rate (--lr {self.config.lr:g} now) "
                           f"or with gradient clipping (--max-grad).")
        return value

    def results(self, valid, test):
        """The run's results as a JSON-able dict."""
        state, config = self.state, self.config
        tokens = state["steps"] * config.batch_size * config.time_size
        return {
            "command": state["commands"][0],
            "resumed_with": state["commands"][1:],
            "model": type(self.model).__name__,
            "valid_perplexity": valid,
            "test_perplexity": test,
            "best_epoch": state["best_epoch"],
            "epochs": state["epoch"],
            "steps": state["steps"],
            "stopped_early": bool(config.max_steps) and state["steps"] >= config.max_steps,
            "stopped_by_max_minutes": state.get("out_of_time", False),
            "seconds": round(state["seconds"], 3),
            "train_seconds": round(state["train_seconds"], 3),
            "tokens_per_second": tokens / state["train_seconds"] if state["train_seconds"] else None,
            "curves": state["history"],
            "settings": config.settings(),
            "data": {"vocab_size": self.data["vocab_size"], **{f"{k}_tokens": v for k, v in state["tokens"].items()}},
        }
