"""Train the chapter's RNN language model from the command line: python -m lib.cli.train --help

Three presets (any option given on the command line overrides the preset's value):
  chapter  (the default) the chapter's run, section 5.5.3: SimpleRnnlm on the first 1000 words of
           PTB train, batch 10, word vectors 100, hidden 100, time 5, SGD lr 0.1, 100 epochs; writes
           results/seed-run/{log.json,perplexity.png,params.npz}.
  ptb      the whole PTB train split with FastRnnlm (the same model, faster): word vectors 256,
           hidden 256, time 35, batch 20, every weight from uniform(-0.1, 0.1), Adam lr 1e-3,
           gradient norm clipped to 0.25, 10 epochs. After every epoch: valid perplexity (the
           learning rate halves when it improves by less than 1%; the best weights and optimizer
           state come back when it gets worse, lib.cli.schedule) and a checkpoint. At the end: test
           perplexity of the best weights. Writes results/ptb-rnnlm/{results.json,results.png,
           results.log,checkpoint.npz}.
  ptb-best the ptb recipe with word vectors = hidden = 300, tied weights (the output matrix is the
           embedding) and dropout 0.4 on the word vectors and the RNN outputs (issue 13), 30 epochs
           (~75 minutes) but no epoch that would end past 85 minutes (--max-minutes). Writes
           results/ptb-best/{results.json,results.png,results.log,checkpoint.npz}.
With --results, the epoch lines and the final line are also appended to a .log file beside it.
The presets' paths are in the project folder (results/ is not committed: the committed
notebooks/results change only when --results names them); paths given as options are relative
to the current folder. Every output path is checked before the work starts, and a run never
starts over an existing checkpoint without --force. Ctrl-C (or SIGTERM) stops after the current
step, saves a checkpoint (with --checkpoint) and exits with status 130 (143); --resume PATH
continues from a checkpoint exactly where it stopped, writing beside it (PATH-resumed.npz) unless
--checkpoint says where. A loss that is not finite stops training (status 1) and keeps the last
checkpoint.
"""
import os
import sys

import numpy as np
from tqdm.auto import tqdm

from lib.cli import checkpoint
from lib.cli.config import PROG, config_for_resume, given_options, parse_config
from lib.cli.outputs import check_checkpoint_target, check_writable, remove_stale_temp_files
from lib.cli.parsing import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_TERMINATED,
    CommandError,
    RunFailed,
    command_line,
    data_error,
    run_main,
)
from lib.cli.run import Run, check_run_record
from lib.files import atomic_path, write_json


def main(argv=None):
    """Run python -m lib.cli.train with the options in argv (default sys.argv[1:]); returns the exit status."""
    return run_main(PROG, train, argv)


def train(argv):
    """The whole command: settings, checks, data, training, outputs. Returns the exit status."""
    config, resume = parse_config(argv), None
    if config.resume:
        resume = load_resume(config.resume)
        config = config_for_resume(resume.meta["settings"], argv, resume.path)
        check_something_left(config, resume, "max_steps" in given_options(argv))
    check_outputs(config, resume)
    data = load_corpora(config)
    sizes = ", ".join(f"{split} {len(data[split]):,}" for split in ("train", "valid", "test") if split in data)
    print(f"corpus: {sizes} words, vocabulary: {data['vocab_size']:,}", file=sys.stderr)
    check_corpus_size(config, len(data["train"]))

    run = start_run(config, data, command_line(PROG, argv), resume)
    with np.errstate(over="ignore", invalid="ignore"):  # a diverging run: LossGuard and Diverged say so in words
        interrupted = run.train()
    if run.trainer.iteration > 0 and config.checkpoint:  # stopped midway: save where it stands
        run.save_checkpoint()
    if interrupted:
        saved = (f"checkpoint saved: {config.checkpoint}\nresume with: "
                 f"{command_line(PROG, ['--resume', config.checkpoint])}" if config.checkpoint
                 else "no checkpoint saved (give --checkpoint PATH to save one)")
        by = run.ctrl_c.by
        print(f"\nstopped by {by} {run.position()}; {saved}", file=sys.stderr)
        return EXIT_TERMINATED if by == "SIGTERM" else EXIT_INTERRUPTED

    with np.errstate(over="ignore", invalid="ignore"):
        valid, test = run.final_perplexities()
    run.check_weights()
    try:
        write_outputs(run, valid, test)
    except OSError as err:  # e.g. a full disk; every file is written atomically: whole or not at all
        raise RunFailed(f"cannot write the results: {err}. {run.kept()} Free some space, or give --out and "
                        f"--results on another disk.") from None
    return EXIT_OK


def load_resume(path):
    """The checkpoint to resume from, checked to hold a training run; CommandError otherwise."""
    try:
        resume = checkpoint.load(path)
    except (OSError, ValueError) as err:
        raise CommandError(str(err)) from None
    missing = [key for key in ("settings", "run", "trainer") if not isinstance(resume.meta.get(key), dict)]
    if missing:
        raise CommandError(f"{path} holds a model but not a training run to resume (its meta lacks "
                           f"{', '.join(missing)}): python -m lib.cli.generate can use it; to train, start a new "
                           f"run without --resume")
    try:
        check_run_record(resume.meta["run"])
    except ValueError as err:
        raise CommandError(f"{path}: {err}; the file is damaged: use an earlier checkpoint") from None
    return resume


def check_something_left(config, resume, max_steps_given):
    """CommandError if the resumed run already reached --max-epoch or --max-steps: nothing would train.

    max_steps_given: whether this command gives --max-steps (else the run resumed set it).
    """
    done, path = resume.meta["run"], resume.path
    if done["epoch"] >= config.max_epoch:
        raise CommandError(f"the run in {path} has done {done['epoch']} epochs, and --max-epoch is "
                           f"{config.max_epoch}: nothing left to train. Give a larger --max-epoch.")
    if config.max_steps and done["steps"] >= config.max_steps and max_steps_given:
        raise CommandError(f"--max-steps {config.max_steps} is at or below the {done['steps']:,} steps already done "
                           f"by the run in {path}: nothing left to train. Give a larger --max-steps, or "
                           f"--max-steps 0 (no limit).")
    if config.max_steps and done["steps"] >= config.max_steps:
        raise CommandError(f"the run in {path} stopped at --max-steps {config.max_steps} ({done['steps']:,} steps "
                           f"done), which a resumed run keeps: nothing left to train. Give --max-steps 0 (no "
                           f"limit) or a larger --max-steps.")


def check_outputs(config, resume):
    """Before any work: every output path can be written, the checkpoint replaces none without --force,
    and temporary files that a killed write left beside the outputs are removed."""
    targets = [(config.checkpoint, "--checkpoint", ".tmp")]
    if config.results:
        targets += [(config.results, "--results", ".tmp"),
                    (os.path.splitext(config.results)[0] + ".png", "--results", ".png")]
    if config.out:
        check_writable(config.out, "--out", folder=True)
        targets += [(os.path.join(config.out, name), "--out", suffix)
                    for name, suffix in (("log.json", ".tmp"), ("params.npz", ".tmp"), ("perplexity.png", ".png"))]
    for path, option, suffix in targets:
        if path:
            check_writable(path, option)
            for stale in remove_stale_temp_files(path, suffix):
                print(f"removed {stale}, left by an interrupted write", file=sys.stderr)
    if config.checkpoint:
        check_checkpoint_target(config.checkpoint, config.force, PROG, resume.path if resume else None)


def check_corpus_size(config, words):
    """CommandError if the training words do not fill one step of --batch-size rows of --time-size."""
    step = config.batch_size * config.time_size
    if words - 1 < step:
        raise CommandError(f"{words:,} training words (--corpus-size {config.corpus_size}) do not fill one step "
                           f"of --batch-size {config.batch_size} x --time-size {config.time_size} = {step:,} "
                           f"words: give --corpus-size {step + 1} or more, or smaller sizes")


def start_run(config, data, command, resume):
    """The Run, resumed from the checkpoint resume (if not None), which it says where it stands."""
    if resume is None:
        return Run(config, data, command)
    try:
        run = Run(config, data, command, resume)
    except (KeyError, TypeError) as err:  # a run record with missing or mistyped entries
        raise CommandError(f"{resume.path}: the training state in it is incomplete ({type(err).__name__}: "
                           f"{err}); the file is damaged: use an earlier checkpoint") from None
    except ValueError as err:  # arrays that do not fit the settings saved with them
        message = str(err) if str(err).startswith(resume.path) else f"{resume.path}: {err}"
        raise CommandError(f"{message}. The checkpoint does not fit its own settings: the file is damaged: use an "
                           f"earlier checkpoint") from None
    to = f"; checkpoints go to {config.checkpoint}" if config.checkpoint else ""
    print(f"resuming {resume.path} {run.position()} ({run.state['steps']:,} steps done){to}", file=sys.stderr)
    return run


def load_corpora(config):
    """{'train', 'valid', 'test': word ids, 'vocab_size', 'full_vocabulary', 'words': id -> word}.

    valid and test only with --valid; they hold words that the first words of train lack, so the
    model then has the full vocabulary.
    """
    from lib.datasets import ptb  # imported here so that --help works without data

    try:
        train_ids, word_to_id, id_to_word = ptb.load_data("train", data_dir=config.data_dir)
        data = {"train": first_words(train_ids, config.corpus_size, "--corpus-size", "train")}
        if config.valid:
            for split in ("valid", "test"):
                corpus = ptb.load_data(split, data_dir=config.data_dir)[0]
                data[split] = first_words(corpus, config.eval_size, "--eval-size", split)
    except ptb.PtbDataError as err:
        raise data_error(err) from None
    vocab_size = len(word_to_id) if config.valid else int(data["train"].max()) + 1
    data["vocab_size"] = vocab_size
    data["full_vocabulary"] = vocab_size == len(word_to_id)
    data["words"] = [id_to_word[i] for i in range(vocab_size)]
    return data


def first_words(corpus, size, option, split):
    """corpus[:size] (all of it for size 0); CommandError if the split has fewer words than size."""
    if size > len(corpus):
        raise CommandError(f"{option} {size:,} is more than the {len(corpus):,} words of PTB {split}: give at "
                           f"most {len(corpus)}, or 0 for the whole split")
    return corpus[:size] if size else corpus


def write_outputs(run, valid, test):
    """log.json, params.npz, perplexity.png in --out; the results JSON and its plot (--results)."""
    config, state = run.config, run.state
    train_ppl = run.trainer.ppl_list
    summary = (f"epoch {state['epoch']}: perplexity {train_ppl[-1]:.2f}" if train_ppl else
               f"step {state['steps']}")
    if valid is not None:
        summary += f", valid {valid:.2f}, test {test:.2f}"
        if state["best_epoch"] is not None:
            summary += f" (best epoch {state['best_epoch']})"
    places = []
    if config.out:
        log = {
            "command": state["commands"][0],
            "model": type(run.model).__name__,
            "settings": config.settings(),
            "corpus_words": state["tokens"]["train"],
            "vocab_size": run.data["vocab_size"],
            "seconds": round(state["seconds"], 3),
            "perplexity": [round(p, 4) for p in train_ppl],
        }
        os.makedirs(config.out, exist_ok=True)
        write_json(os.path.join(config.out, "log.json"), log)
        run.model.save_params(os.path.join(config.out, "params.npz"))
        save_figure(perplexity_plot(train_ppl), os.path.join(config.out, "perplexity.png"))
        places.append(config.out + os.sep)
    if config.results:
        write_json(config.results, run.results(valid, test))
        curves = curves_plot(state["history"], type(run.model).__name__)
        save_figure(curves, os.path.splitext(config.results)[0] + ".png")
        places.append(config.results)
    if config.checkpoint:
        places.append(config.checkpoint)
    line = f"{summary} ({tqdm.format_interval(state['seconds'])}); results in {', '.join(places) or 'nothing'}"
    run.log(line)
    print(line)


def perplexity_plot(ppl_list):
    from lib.viz.plots import perplexity_figure  # matplotlib only when a plot is written

    return perplexity_figure(ppl_list)


def curves_plot(history, model_name):
    from lib.viz.plots import perplexity_curves_figure

    curves = {"train": history["train_perplexity"]}
    if history["valid_perplexity"]:
        curves["valid"] = history["valid_perplexity"]
    return perplexity_curves_figure(curves, title=f"{model_name} on PTB: perplexity per epoch")


def save_figure(fig, path):
    with atomic_path(path, suffix=".png") as tmp:
        fig.savefig(tmp, dpi=100)


if __name__ == "__main__":
    sys.exit(main())
