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
           perplexity of the best weights. Writes notebooks/results/ptb-rnnlm.{json,png} and
           results/ptb-rnnlm/checkpoint.npz.
  ptb-best the ptb recipe with word vectors = hidden = 300, tied weights (the output matrix is the
           embedding) and dropout 0.4 on the word vectors and the RNN outputs (issue 13), 30 epochs
           (~75 minutes) but no epoch that would end past 85 minutes (--max-minutes). Writes
           notebooks/results/ptb-best.{json,png,log} and results/ptb-best/checkpoint.npz.
With --results, the epoch lines and the final line are also appended to a .log file beside it.
The presets' paths are in the project folder; paths given as options are relative to the current
folder. Ctrl-C stops after the current step, saves a checkpoint (with --checkpoint) and exits with
status 130; --resume PATH continues from a checkpoint exactly where it stopped.
"""
import os
import sys

from tqdm.auto import tqdm

from lib.cli import checkpoint
from lib.cli.config import PROG, config_for_resume, parse_config
from lib.cli.parsing import EXIT_INTERRUPTED, EXIT_OK, CommandError, command_line, run_main
from lib.cli.run import Run
from lib.files import atomic_path, write_json


def main(argv=None):
    """Run python -m lib.cli.train with the options in argv (default sys.argv[1:]); returns the exit status."""
    return run_main(PROG, train, argv)


def train(argv):
    """The whole command: settings, data, training, outputs. Returns the exit status."""
    config, resume = parse_config(argv), None
    if config.resume:
        try:
            resume = checkpoint.load(config.resume)
        except (OSError, ValueError) as err:
            raise CommandError(str(err)) from None
        config = config_for_resume(resume.meta["settings"], argv, resume.path)
    data = load_corpora(config)
    sizes = ", ".join(f"{split} {len(data[split]):,}" for split in ("train", "valid", "test") if split in data)
    print(f"corpus: {sizes} words, vocabulary: {data['vocab_size']:,}", file=sys.stderr)

    run = Run(config, data, command_line(PROG, argv), resume)
    if resume is not None:
        print(f"resuming {resume.path} {run.position()} ({run.state['steps']:,} steps done)", file=sys.stderr)
        if run.finished():
            print(f"nothing left to train with --max-epoch {config.max_epoch} --max-steps {config.max_steps}: give "
                  f"larger values to train on (--max-steps 0: no limit)", file=sys.stderr)
    interrupted = run.train()
    if run.trainer.iteration > 0 and config.checkpoint:  # stopped midway: save where it stands
        run.save_checkpoint()
    if interrupted:
        saved = (f"checkpoint saved: {config.checkpoint}\nresume with: "
                 f"{command_line(PROG, ['--resume', config.checkpoint])}" if config.checkpoint
                 else "no checkpoint saved (give --checkpoint PATH to save one)")
        print(f"\nstopped by Ctrl-C {run.position()}; {saved}", file=sys.stderr)
        return EXIT_INTERRUPTED

    valid, test = run.final_perplexities()
    write_outputs(run, valid, test)
    return EXIT_OK


def load_corpora(config):
    """{'train', 'valid', 'test': word ids, 'vocab_size', 'full_vocabulary', 'words': id -> word}.

    valid and test only with --valid; they hold words that the first words of train lack, so the
    model then has the full vocabulary.
    """
    from lib.datasets import ptb  # imported here so that --help works without data

    try:
        train_ids, word_to_id, id_to_word = ptb.load_data("train", data_dir=config.data_dir)
        data = {"train": train_ids[:config.corpus_size] if config.corpus_size else train_ids}
        if config.valid:
            for split in ("valid", "test"):
                corpus = ptb.load_data(split, data_dir=config.data_dir)[0]
                data[split] = corpus[:config.eval_size] if config.eval_size else corpus
    except ptb.PtbDataError as err:
        raise CommandError(str(err)) from None
    vocab_size = len(word_to_id) if config.valid else int(data["train"].max()) + 1
    data["vocab_size"] = vocab_size
    data["full_vocabulary"] = vocab_size == len(word_to_id)
    data["words"] = [id_to_word[i] for i in range(vocab_size)]
    return data


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
