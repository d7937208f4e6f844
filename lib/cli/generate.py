"""Command line: continue prompts with a trained model from a checkpoint.

    python -m lib.cli.generate --checkpoint results/ptb-rnnlm/checkpoint.npz --prompt "the company said"
    python -m lib.cli.generate --checkpoint results/ptb-rnnlm/checkpoint.npz --prompt "the company said" \
        --temperatures 0,0.5,0.8,1.0,1.3 --length 40 --seed 0 --save notebooks/results/ptb-rnnlm-samples.json

The second command writes one sample per prompt and temperature (0 = greedy) to a JSON file,
with the model's next-word distribution after each prompt at each temperature.
"""
import argparse
import sys

from lib.cli import checkpoint
from lib.cli.outputs import check_writable, remove_stale_temp_files
from lib.cli.parsing import (
    EXIT_OK,
    ArgumentParser,
    CommandError,
    command_line,
    count_or_zero,
    data_error,
    non_negative_number,
    positive_int,
    run_main,
)
from lib.datasets import ptb
from lib.files import write_json
from lib.generate import generate_text, sample_table
from lib.text import EOS, UNK

PROG = "lib.cli.generate"


def parse_args(argv):
    p = ArgumentParser(
        prog=f"python -m {PROG}",
        description="Continue a prompt with a trained model (a checkpoint from python -m lib.cli.train).")
    p.add_argument("--checkpoint", required=True, help="a checkpoint .npz (python -m lib.cli.train --checkpoint PATH)")
    p.add_argument("--prompt", action="append", default=None,
                   help="the words to continue; give it several times for several prompts "
                        "(default: <eos>, i.e. a new sentence)%(default).0s")  # .0s: no second '(default: None)'
    p.add_argument("--length", type=positive_int, default=30, help="how many words to generate (>= 1)")
    p.add_argument("--temperature", type=non_negative_number, default=None,
                   help="sampling temperature (>= 0; 0 = greedy; default: 1)%(default).0s")
    p.add_argument("--temperatures", type=temperature_list, default=None,
                   help="comma-separated temperatures >= 0, e.g. 0,0.5,1.0 (0 = greedy): one sample for each "
                        "(with --save: written to a JSON file, else printed)")
    p.add_argument("--top-k", type=positive_int, default=None, help="sample from the k best words only (k >= 1)")
    p.add_argument("--seed", type=count_or_zero, default=0,
                   help="random seed (>= 0): the same seed gives the same text")
    p.add_argument("--greedy", action="store_true", help="always take the best word (no sampling)")
    p.add_argument("--allow-unk", action="store_true", help=f"let the model produce {UNK}")
    p.add_argument("--stop-at-eos", action="store_true", help="stop at the end of the first sentence")
    p.add_argument("--data-dir", default=None, help="PTB folder, for the vocabulary if the checkpoint lacks it")
    p.add_argument("--save", default=None,
                   help="write the samples (one per prompt and temperature), the next-word distributions, "
                        "the command and the checkpoint's epoch to this JSON file")
    args = p.parse_args(argv)
    if args.greedy and args.temperatures is not None:
        p.error("--greedy and --temperatures do not go together; put 0 (greedy) among the --temperatures")
    if args.temperature is not None and (args.greedy or args.temperatures is not None):
        other = "--greedy" if args.greedy else "--temperatures"
        p.error(f"--temperature and {other} do not go together: {other} sets the temperature; give one of them")
    if args.temperature is None:
        args.temperature = 1.0
    if args.save and args.temperatures is None:
        args.temperatures = [0.0 if args.greedy else args.temperature]
    args.prompt = args.prompt or [EOS]
    return args


def temperature_list(text):
    """'0,0.5,1' -> [0.0, 0.5, 1.0]; an argparse type (an empty item, as in '0,,1', is refused)."""
    try:
        values = [non_negative_number(x) for x in text.split(",")]
    except argparse.ArgumentTypeError:
        values = []
    if not values:
        raise argparse.ArgumentTypeError(f"expected comma-separated finite numbers >= 0 (0 = greedy), such as "
                                         f"0,0.5,1.0, got {text!r}")
    return values


def main(argv=None):
    """Run python -m lib.cli.generate with the options in argv (default sys.argv[1:]); returns the exit status."""
    return run_main(PROG, generate_command, argv)


def generate_command(argv):
    """The whole command: print the texts, or print or save (--save) the samples. Returns the exit status."""
    args = parse_args(argv)
    if args.save:
        check_writable(args.save, "--save")
        remove_stale_temp_files(args.save)
    model, words, ckpt = load_model(args.checkpoint, args.data_dir)
    try:
        if args.temperatures is None:
            print("\n\n".join(texts(model, words, args)))
            return EXIT_OK
        result = samples(model, words, ckpt, args, command_line(PROG, argv))
    except ValueError as err:  # e.g. a prompt word that is not in the vocabulary
        raise CommandError(str(err)) from None
    if args.save:
        write_json(args.save, result)
        print(f"{len(result['samples'])} samples ({len(args.prompt)} prompt(s) x {len(args.temperatures)} "
              f"temperatures) in {args.save}")
    else:
        for sample in result["samples"]:
            label = "greedy" if sample["greedy"] else f"temperature {sample['temperature']:g}"
            print(f"[{label}]\n{sample['text']}\n")
    return EXIT_OK


def load_model(path, data_dir=None):
    """(model, words: id -> word, the Checkpoint) from the checkpoint at path."""
    try:
        ckpt = checkpoint.load(path)
        model = checkpoint.build_model(ckpt)
    except (OSError, ValueError) as err:
        raise CommandError(str(err)) from None
    words = ckpt.meta.get("words")
    if words is None:  # a checkpoint written without its vocabulary: PTB's, cut to the model's size
        try:
            id_to_word = ptb.load_data("train", data_dir=data_dir)[2]
        except ptb.PtbDataError as err:
            raise CommandError(f"{path} holds no vocabulary, and PTB's is not available: {data_error(err)}") from None
        words = [id_to_word[i] for i in range(ckpt.meta["model"]["vocab_size"])]
    return model, words, ckpt


def texts(model, words, args):
    """One text for each of args.prompt: the prompt and its continuation."""
    return [generate_text(model, prompt, words, args.length, args.greedy, args.temperature, args.top_k,
                          args.allow_unk, args.stop_at_eos, args.seed) for prompt in args.prompt]


def samples(model, words, ckpt, args, command):
    """--temperatures: one sample per prompt and temperature, with the settings and the checkpoint's epoch."""
    table = sample_table(model, words, args.prompt, args.temperatures, args.length, args.top_k, args.allow_unk,
                         args.stop_at_eos, args.seed)
    run = ckpt.meta.get("run") or {}
    return {"command": command, "checkpoint": args.checkpoint, "checkpoint_epoch": run.get("epoch"),
            "best_epoch": run.get("best_epoch"), "best_valid_perplexity": run.get("best_valid"),
            "model": ckpt.meta["model"], **table}


if __name__ == "__main__":
    sys.exit(main())
