"""Train SimpleRnnlm from the command line: python -m lib.cli.train --help

Two presets (any option given on the command line overrides the preset's value):
  chapter  (the default) the chapter's run, section 5.5.3: the first 1000 words of PTB train,
           batch 10, word vectors 100, hidden 100, time 5, SGD lr 0.1, 100 epochs; writes
           results/seed-run/{log.json,perplexity.png,params.npz}.
  ptb      the whole PTB train split: word vectors 256, hidden 256, time 35, batch 20, every weight
           from uniform(-0.1, 0.1), Adam lr 1e-3, gradient norm clipped to 0.25, 10 epochs. After every epoch: valid perplexity (the
           learning rate halves when it improves by less than 1%; the best weights and optimizer
           state come back when it gets worse) and a checkpoint. At the end: test perplexity of
           the best weights. Writes notebooks/results/ptb-rnnlm.{json,png} and
           results/ptb-rnnlm/checkpoint.npz.
Ctrl-C stops after the current step, saves a checkpoint (with --checkpoint) and exits with
status 130; --resume PATH continues from a checkpoint exactly where it stopped.
"""
import argparse
import os
import sys
import time

import numpy as np

from lib.cli import checkpoint
from lib.batching import iters_per_epoch
from lib.files import atomic_path, write_json
from lib.cli.interrupt import stop_on_ctrl_c
from lib.optimizer import SGD, Adam
from lib.progress import ProgressBar, format_seconds
from lib.rnnlm import PARAM_NAMES, SimpleRnnlm
from lib.trainer import RnnlmTrainer, eval_perplexity

PRESETS = {
    "chapter": dict(corpus_size=1000, batch_size=10, wordvec_size=100, hidden_size=100, time_size=5,
                    embed_std=None, init_uniform=None, optimizer="sgd", lr=0.1, max_grad=None, max_epoch=100, valid=False,
                    out=os.path.join("results", "seed-run"), results=None, checkpoint=None),
    "ptb": dict(corpus_size=0, batch_size=20, wordvec_size=256, hidden_size=256, time_size=35,
                embed_std=None, init_uniform=0.1, optimizer="adam", lr=1e-3, max_grad=0.25, max_epoch=10, valid=True, out=None,
                results=os.path.join("notebooks", "results", "ptb-rnnlm.json"),
                checkpoint=os.path.join("results", "ptb-rnnlm", "checkpoint.npz")),
}
OTHER_DEFAULTS = dict(preset="chapter", eval_size=0, max_steps=0, lr_decay=0.5, seed=1, data_dir=None,
                      resume=None, quiet=False)
EVAL_BATCH_SIZE, EVAL_TIME_SIZE = 10, 35  # how valid and test perplexity are read (lib.eval_perplexity)
MIN_GAIN = 0.01  # the learning rate decays when valid perplexity improves by less than this fraction
RESUME_MAY_CHANGE = ("max_epoch", "max_steps", "out", "results", "checkpoint", "data_dir",
                     "quiet")  # options that do not change the training itself
INTERRUPTED = 130  # exit status after Ctrl-C (128 + SIGINT, as shells report it)
HISTORY_KEYS = ("epoch", "train_perplexity", "valid_perplexity", "lr", "seconds", "tokens_per_second")


def build_parser(with_defaults=True):
    """The argument parser; with_defaults=False leaves out every option not given (to see which were)."""
    p = argparse.ArgumentParser(
        prog="python -m lib.cli.train",
        description="Train the chapter's RNN language model (SimpleRnnlm) on PTB with truncated BPTT. "
                    "The defaults reproduce the chapter's run on the first 1000 training words; "
                    "--preset ptb trains on the whole of PTB (--preset ptb --help shows its defaults).",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter, add_help=with_defaults,
        argument_default=None if with_defaults else argparse.SUPPRESS)
    p.add_argument("--preset", choices=PRESETS, help="a set of defaults: the chapter's run or whole PTB")
    p.add_argument("--corpus-size", type=int, help="use the first N words of PTB train (0 = the whole split)")
    p.add_argument("--eval-size", type=int,
                   help="use the first N words of PTB valid and test (0 = all); for quick checks")
    p.add_argument("--batch-size", type=int, help="rows read in parallel (mini-batch size)")
    p.add_argument("--wordvec-size", type=int, help="word vector (embedding) size D")
    p.add_argument("--hidden-size", type=int, help="hidden state size H")
    p.add_argument("--time-size", type=int, help="truncated-BPTT block length T")
    p.add_argument("--embed-std", type=float,
                   help="standard deviation of the initial word vectors (None: the book's 1/100). On whole PTB "
                        "with Adam, word vectors that small barely move the hidden state: the model came to "
                        "rely on the state carried over in training and, from a fresh state, did worse than a "
                        "uniform guess; 1 (input to tanh of variance ~1) avoids that")
    p.add_argument("--init-uniform", type=float,
                   help="draw every weight from uniform(-A, A) and start the output bias at 0, as the PyTorch "
                        "reference of the whole-PTB notes and Zaremba et al. (2014) do (None: the book's "
                        "initialisation); applied before --embed-std")
    p.add_argument("--optimizer", choices=("sgd", "adam"), help="the optimizer")
    p.add_argument("--lr", type=float, help="learning rate")
    p.add_argument("--max-epoch", type=int, help="passes over the corpus")
    p.add_argument("--max-grad", type=float,
                   help="clip the global gradient norm to this value (None: no clipping)")
    p.add_argument("--max-steps", type=int,
                   help="stop after this many training steps in all (0 = no limit), then finish as at the "
                        "end of the run; for quick checks")
    p.add_argument("--valid", action=argparse.BooleanOptionalAction,
                   help=f"valid perplexity after every epoch (lr x lr-decay when it improves by less than "
                        f"{MIN_GAIN * 100:g}%%; the best weights come back when it gets worse) and test perplexity "
                        f"of the best weights at the end; the model then has the full 10,000-word vocabulary")
    p.add_argument("--lr-decay", type=float, help="factor applied to the learning rate by --valid's schedule")
    p.add_argument("--seed", type=int, help="seed of the weight initialisation")
    p.add_argument("--data-dir",
                   help="folder with ptb.{train,valid,test}.txt (default: $RNNLM_DATA_DIR or data/ptb)")
    p.add_argument("--out", help="folder for log.json, perplexity.png and params.npz (None or '': none)")
    p.add_argument("--results", help="a JSON file for the results, with a plot beside it (.png)")
    p.add_argument("--checkpoint", help="a checkpoint (.npz) written after every epoch and on Ctrl-C")
    p.add_argument("--resume", help="continue the run saved in this checkpoint, with its settings")
    p.add_argument("--quiet", action="store_true", help="no progress bar, only the final line")
    if with_defaults:
        p.set_defaults(**OTHER_DEFAULTS, **PRESETS["chapter"])
    return p


def parse_args(argv=None):
    """The settings: the preset's defaults, overridden by the options given in argv."""
    given = vars(build_parser(with_defaults=False).parse_known_args(argv)[0])
    parser = build_parser()
    parser.set_defaults(**PRESETS[given.get("preset", "chapter")])
    return parser.parse_args(argv)


def settings_for_resume(ckpt, argv):
    """The settings stored in ckpt, with the options in argv that may change when resuming."""
    settings = dict(ckpt.meta["settings"])
    given = vars(build_parser(with_defaults=False).parse_args(argv))
    for key, value in given.items():
        if key == "resume" or key in RESUME_MAY_CHANGE:
            settings[key] = value
        elif value != settings.get(key):
            option = "--" + key.replace("_", "-")
            sys.exit(f"lib.cli.train: error: {option} {value}: the run in {ckpt.path} used {settings.get(key)}. "
                     f"A resumed run keeps its settings; only {', '.join('--' + k.replace('_', '-') for k in RESUME_MAY_CHANGE)} "
                     f"may change. Leave out {option}, or start a new run without --resume.")
    return argparse.Namespace(**settings)


def load_corpora(args):
    """{'train', 'valid', 'test': word ids, 'vocab_size', 'words': id -> word}; valid/test only with --valid."""
    from lib.datasets import ptb  # imported here so that --help works without data

    train, word_to_id, id_to_word = ptb.load_data("train", data_dir=args.data_dir)
    data = {"train": train[:args.corpus_size] if args.corpus_size else train}
    if args.valid:  # valid and test hold words that the first words of train lack: the full vocabulary
        vocab_size = len(word_to_id)
        for split in ("valid", "test"):
            corpus = ptb.load_data(split, data_dir=args.data_dir)[0]
            data[split] = corpus[:args.eval_size] if args.eval_size else corpus
    else:
        vocab_size = int(data["train"].max()) + 1
    data["vocab_size"] = vocab_size
    data["words"] = [id_to_word[i] for i in range(vocab_size)]
    return data


class Run:
    """One training run: model, optimizer, trainer, data, and its history (state, a JSON-able dict)."""

    def __init__(self, args, data, command, resume=None):
        self.args, self.data = args, data
        self.model = SimpleRnnlm(data["vocab_size"], args.wordvec_size, args.hidden_size, rng=args.seed)
        if args.init_uniform is not None:
            rng = np.random.default_rng(args.seed)
            for name, p in zip(PARAM_NAMES, self.model.params):
                p[...] = 0 if name == "affine_b" else rng.uniform(-args.init_uniform, args.init_uniform, p.shape)
        if args.embed_std is not None:
            embed_W = self.model.params[0]
            embed_W[...] = np.random.default_rng(args.seed).standard_normal(embed_W.shape) * args.embed_std
        self.optimizer = Adam(args.lr) if args.optimizer == "adam" else SGD(args.lr)
        self.trainer = RnnlmTrainer(self.model, self.optimizer)
        self.best = None  # a Checkpoint of the best weights so far (with --valid)
        sizes = {split: len(data[split]) for split in ("train", "valid", "test") if split in data}
        self.state = {"epoch": 0, "steps": 0, "seconds": 0.0, "train_seconds": 0.0, "epoch_seconds": 0.0,
                      "best_valid": None, "best_epoch": None, "tokens": sizes, "commands": [command],
                      "history": {key: [] for key in HISTORY_KEYS}}
        if resume is not None:
            self.resume(resume, sizes, command)

    def resume(self, ckpt, sizes, command):
        if ckpt.meta["run"]["tokens"] != sizes:
            sys.exit(f"lib.cli.train: error: the run in {ckpt.path} used splits of {ckpt.meta['run']['tokens']} "
                     f"tokens, the data now has {sizes}: use the same data (--data-dir)")
        checkpoint.restore(ckpt, self.model, self.optimizer)
        self.trainer.load_state_dict(ckpt.meta["trainer"])
        self.state = ckpt.meta["run"]
        self.state["commands"].append(command)
        if self.state["best_valid"] is not None:  # saved between epochs, the weights are the best ones
            self.best = ckpt.best or checkpoint.capture(self.model, self.optimizer)

    def position(self):
        """Where training stands, in words: 'after epoch 3' or 'at step 512 of epoch 4'."""
        if self.trainer.iteration == 0:
            return f"after epoch {self.state['epoch']}"
        return f"at step {self.trainer.iteration} of epoch {self.state['epoch'] + 1}"

    def train(self):
        """Train up to max_epoch (or max_steps, or Ctrl-C); returns whether Ctrl-C stopped it."""
        args, state, trainer = self.args, self.state, self.trainer
        xs, ts = self.data["train"][:-1], self.data["train"][1:]
        steps_per_epoch = iters_per_epoch(len(xs), args.batch_size, args.time_size)
        bar = self.progress_bar(steps_per_epoch)
        trainer.stop_requested = bool(args.max_steps) and state["steps"] >= args.max_steps
        with stop_on_ctrl_c(trainer) as ctrl_c:
            while state["epoch"] < args.max_epoch and not trainer.stop_requested:
                start = time.perf_counter()
                trainer.fit(xs, ts, max_epoch=1, batch_size=args.batch_size, time_size=args.time_size,
                            max_grad=args.max_grad, progress=bar or False, callback=self.count_step)
                seconds = time.perf_counter() - start
                for key in ("seconds", "train_seconds", "epoch_seconds"):
                    state[key] += seconds
                if trainer.iteration > 0:  # stopped midway through the epoch
                    break
                state["epoch"] += 1
                self.end_epoch(steps_per_epoch * args.batch_size * args.time_size, bar)
        if bar:
            bar.close()
        return ctrl_c.pressed

    def count_step(self, trainer, loss):
        self.state["steps"] += 1
        if self.args.max_steps and self.state["steps"] >= self.args.max_steps:
            trainer.stop_requested = True

    def progress_bar(self, steps_per_epoch):
        """A ProgressBar over the tokens left to train (None if quiet or stderr is not a terminal)."""
        args = self.args
        if args.quiet or not sys.stderr.isatty():
            return None
        steps = (args.max_epoch - self.state["epoch"]) * steps_per_epoch - self.trainer.iteration
        if args.max_steps:
            steps = min(steps, args.max_steps - self.state["steps"])
        return ProgressBar(max(steps, 0) * args.batch_size * args.time_size, "train", "tok")

    def end_epoch(self, tokens, bar):
        """Record the epoch, validate and adjust the schedule (with --valid), print, save a checkpoint."""
        args, state, history = self.args, self.state, self.state["history"]
        history["epoch"].append(state["epoch"])
        history["train_perplexity"].append(self.trainer.ppl_list[-1])
        history["lr"].append(self.optimizer.lr)
        history["seconds"].append(state["epoch_seconds"])
        history["tokens_per_second"].append(tokens / state["epoch_seconds"])
        state["epoch_seconds"] = 0.0
        line = f"epoch {state['epoch']:3d}/{args.max_epoch}  perplexity {self.trainer.ppl_list[-1]:9.2f}"
        if args.valid:
            start = time.perf_counter()
            valid = eval_perplexity(self.model, self.data["valid"], EVAL_BATCH_SIZE, EVAL_TIME_SIZE)
            history["valid_perplexity"].append(valid)
            note = self.schedule(valid)
            state["seconds"] += time.perf_counter() - start
            line += (f"  valid {valid:9.2f}  lr {history['lr'][-1]:.3g}  {format_seconds(history['seconds'][-1])}"
                     f"  {history['tokens_per_second'][-1]:,.0f} tok/s  {note}")
        if bar:
            bar.update(0, postfix=line)
        print_every = max(1, args.max_epoch // 10)
        if not args.quiet and (state["epoch"] % print_every == 0 or state["epoch"] == args.max_epoch):
            print(("\r" if bar else "") + line + " " * 40, flush=True)
        if args.checkpoint:
            self.save_checkpoint()

    def schedule(self, valid):
        """Keep the best weights; lr x lr_decay when valid improves by < MIN_GAIN or gets worse. Returns a note."""
        best = self.state["best_valid"]
        if best is not None and valid >= best:  # worse: back to the best weights, with a smaller step
            lr = self.optimizer.lr * self.args.lr_decay
            checkpoint.restore(self.best, self.model, self.optimizer)
            self.optimizer.lr = lr
            return f"(worse than {best:.2f}: best weights restored, lr -> {lr:.3g})"
        note = "(best"
        if best is not None and valid > best * (1 - MIN_GAIN):
            self.optimizer.lr *= self.args.lr_decay
            note += f"; gain < {MIN_GAIN:.0%}: lr -> {self.optimizer.lr:.3g}"
        self.state["best_valid"], self.state["best_epoch"] = valid, self.state["epoch"]
        self.best = checkpoint.capture(self.model, self.optimizer)
        return note + ")"

    def save_checkpoint(self):
        ckpt = checkpoint.capture(self.model, self.optimizer, settings=vars(self.args), run=self.state,
                                  trainer=self.trainer.state_dict(), words=self.data["words"])
        if self.trainer.iteration > 0:  # midway through an epoch the best weights are not the current ones
            ckpt.best = self.best
        checkpoint.save(self.args.checkpoint, ckpt)

    def final_perplexities(self):
        """(valid, test) perplexity of the final weights: the best ones seen (None, None without --valid)."""
        if not self.args.valid:
            return None, None
        start = time.perf_counter()
        best = self.state["best_valid"]
        if self.trainer.iteration > 0 or best is None:  # stopped midway: the current weights are not validated
            valid = eval_perplexity(self.model, self.data["valid"], EVAL_BATCH_SIZE, EVAL_TIME_SIZE)
            if best is not None and best <= valid:
                checkpoint.restore(self.best, self.model, self.optimizer)
                valid = best
        else:
            valid = best
        test = eval_perplexity(self.model, self.data["test"], EVAL_BATCH_SIZE, EVAL_TIME_SIZE)
        self.state["seconds"] += time.perf_counter() - start
        return valid, test

    def results(self, valid, test):
        """The run's results as a JSON-able dict."""
        state, args = self.state, self.args
        tokens = state["steps"] * args.batch_size * args.time_size
        return {
            "command": state["commands"][0],
            "resumed_with": state["commands"][1:],
            "valid_perplexity": valid,
            "test_perplexity": test,
            "best_epoch": state["best_epoch"],
            "epochs": state["epoch"],
            "steps": state["steps"],
            "stopped_early": bool(args.max_steps) and state["steps"] >= args.max_steps,
            "seconds": round(state["seconds"], 3),
            "train_seconds": round(state["train_seconds"], 3),
            "tokens_per_second": tokens / state["train_seconds"] if state["train_seconds"] else None,
            "curves": state["history"],
            "settings": vars(args),
            "data": {"vocab_size": self.data["vocab_size"], **{f"{k}_tokens": v for k, v in state["tokens"].items()}},
        }


def main(argv=None):
    """Run python -m lib.cli.train with the options in argv (default sys.argv); returns the exit status."""
    argv = sys.argv[1:] if argv is None else list(argv)
    args = parse_args(argv)
    command = " ".join(["python -m lib.cli.train", *argv])
    resume = None
    if args.resume:
        try:
            resume = checkpoint.load(args.resume)
        except (OSError, ValueError) as err:
            sys.exit(f"lib.cli.train: error: {err}")
        args = settings_for_resume(resume, argv)
    args.out = args.out or None
    data = load_corpora(args)
    sizes = ", ".join(f"{split} {len(data[split]):,}" for split in ("train", "valid", "test") if split in data)
    print(f"corpus: {sizes} words, vocabulary: {data['vocab_size']:,}", file=sys.stderr)

    run = Run(args, data, command, resume)
    if resume is not None:
        print(f"resuming {resume.path} {run.position()} ({run.state['steps']:,} steps done)", file=sys.stderr)
    interrupted = run.train()
    if run.trainer.iteration > 0 and args.checkpoint:  # stopped midway: save where it stands
        run.save_checkpoint()
    if interrupted:
        saved = (f"checkpoint saved: {args.checkpoint}\nresume with: python -m lib.cli.train --resume {args.checkpoint}"
                 if args.checkpoint else "no checkpoint saved (give --checkpoint PATH to save one)")
        print(f"\nstopped by Ctrl-C {run.position()}; {saved}", file=sys.stderr)
        return INTERRUPTED

    valid, test = run.final_perplexities()
    write_outputs(run, valid, test)
    return 0


def write_outputs(run, valid, test):
    """log.json, params.npz, perplexity.png in --out; the results JSON and its plot (--results)."""
    args, state = run.args, run.state
    train_ppl = run.trainer.ppl_list
    summary = (f"epoch {state['epoch']}: perplexity {train_ppl[-1]:.2f}" if train_ppl else
               f"step {state['steps']}")
    if valid is not None:
        summary += f", valid {valid:.2f}, test {test:.2f}"
        if state["best_epoch"] is not None:
            summary += f" (best epoch {state['best_epoch']})"
    places = []
    if args.out:
        log = {
            "command": state["commands"][0],
            "settings": vars(args),
            "corpus_words": state["tokens"]["train"],
            "vocab_size": run.data["vocab_size"],
            "seconds": round(state["seconds"], 3),
            "perplexity": [round(p, 4) for p in train_ppl],
        }
        os.makedirs(args.out, exist_ok=True)
        write_json(os.path.join(args.out, "log.json"), log)
        run.model.save_params(os.path.join(args.out, "params.npz"))
        save_plot(train_ppl, os.path.join(args.out, "perplexity.png"))
        places.append(f"{args.out}/")
    if args.results:
        write_json(args.results, run.results(valid, test))
        save_curves_plot(state["history"], os.path.splitext(args.results)[0] + ".png")
        places.append(args.results)
    if args.checkpoint:
        places.append(args.checkpoint)
    print(f"{summary} ({format_seconds(state['seconds'])}); results in {', '.join(places) or 'nothing'}")


def save_plot(ppl_list, path):
    from lib.viz.plots import perplexity_figure  # matplotlib only when a plot is written

    fig = perplexity_figure(ppl_list)
    with atomic_path(path, suffix=".png") as tmp:
        fig.savefig(tmp, dpi=100)


def save_curves_plot(history, path):
    from lib.viz.plots import perplexity_curves_figure

    curves = {"train": history["train_perplexity"]}
    if history["valid_perplexity"]:
        curves["valid"] = history["valid_perplexity"]
    fig = perplexity_curves_figure(curves, title="SimpleRnnlm on PTB: perplexity per epoch")
    with atomic_path(path, suffix=".png") as tmp:
        fig.savefig(tmp, dpi=100)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # a second Ctrl-C, or one outside training
        sys.exit("\nstopped at once by Ctrl-C; the last checkpoint written (if any) is complete")
