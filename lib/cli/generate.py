"""Command line: continue prompts with a trained model from a checkpoint.

    python -m lib.cli.generate --checkpoint results/ptb-rnnlm/checkpoint.npz --prompt "the company said"
    python -m lib.cli.generate --checkpoint results/ptb-rnnlm/checkpoint.npz --prompt "the company said" \
        --temperatures 0,0.5,0.8,1.0,1.3 --length 40 --seed 0 --save notebooks/results/ptb-rnnlm-samples.json

The second command writes one sample per prompt and temperature (0 = greedy) to a JSON file,
with the model's next-word distribution after each prompt at each temperature.
"""
import argparse
import shlex
import sys

from lib.generate import EOS, UNK, generate_text, sample_table


def parse_args(argv=None):
    p = argparse.ArgumentParser(
        prog="python -m lib.cli.generate",
        description="Continue a prompt with a trained SimpleRnnlm (a checkpoint from python -m lib.cli.train).",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    p.add_argument("--checkpoint", required=True, help="a checkpoint .npz (python -m lib.cli.train --checkpoint PATH)")
    p.add_argument("--prompt", action="append", default=None,
                   help="the words to continue; give it several times for several prompts "
                        "(default: <eos>, i.e. a new sentence)%(default).0s")  # .0s: no second '(default: None)'
    p.add_argument("--length", type=int, default=30, help="how many words to generate")
    p.add_argument("--temperature", type=float, default=1.0, help="sampling temperature (0 = greedy)")
    p.add_argument("--temperatures", type=temperature_list, default=None,
                   help="comma-separated temperatures, e.g. 0,0.5,1.0 (0 = greedy): one sample for each "
                        "(with --save: written to a JSON file, else printed)")
    p.add_argument("--top-k", type=int, default=None, help="sample from the k best words only")
    p.add_argument("--seed", type=int, default=0, help="random seed: the same seed gives the same text")
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
    if args.save and args.temperatures is None:
        args.temperatures = [0.0 if args.greedy else args.temperature]
    return args


def temperature_list(text):
    """'0,0.5,1' -> [0.0, 0.5, 1.0]; an argparse type."""
    try:
        values = [float(x) for x in text.split(",") if x.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected comma-separated numbers such as 0,0.5,1.0, got {text!r}")
    if not values or min(values) < 0:
        raise argparse.ArgumentTypeError(f"expected temperatures >= 0 (0 = greedy), got {text!r}")
    return values


def main(argv=None):
    from lib.cli import checkpoint  # imported here so that --help is fast

    args = parse_args(argv)
    try:
        ckpt = checkpoint.load(args.checkpoint)
    except (OSError, ValueError) as err:
        sys.exit(f"lib.cli.generate: error: {err}")
    words = ckpt.meta.get("words")
    if words is None:  # a checkpoint written without its vocabulary: PTB's, cut to the model's size
        from lib.datasets import ptb
        id_to_word = ptb.load_data("train", data_dir=args.data_dir)[2]
        words = [id_to_word[i] for i in range(ckpt.meta["model"]["vocab_size"])]
    model = checkpoint.build_model(ckpt)
    prompts = args.prompt or [EOS]
    try:
        if args.temperatures is not None:
            return write_samples(model, words, prompts, args, ckpt, argv)
        texts = [generate_text(model, prompt, words, args.length, args.greedy, args.temperature,
                               args.top_k, args.allow_unk, args.stop_at_eos, args.seed) for prompt in prompts]
    except ValueError as err:
        sys.exit(f"lib.cli.generate: error: {err}")
    print("\n\n".join(texts))
    return texts[0] if len(texts) == 1 else texts


def write_samples(model, words, prompts, args, ckpt, argv):
    """--temperatures: the samples as a dict, written to args.save (JSON) or printed; returns the dict."""
    table = sample_table(model, words, prompts, args.temperatures, args.length, args.top_k, args.allow_unk,
                         args.stop_at_eos, args.seed)
    run = ckpt.meta.get("run") or {}
    given = sys.argv[1:] if argv is None else list(argv)
    result = {"command": shlex.join(["python", "-m", "lib.cli.generate", *given]),
              "checkpoint": args.checkpoint, "checkpoint_epoch": run.get("epoch"),
              "best_epoch": run.get("best_epoch"), "best_valid_perplexity": run.get("best_valid"),
              "model": ckpt.meta["model"], **table}
    if args.save:
        from lib.files import write_json

        write_json(args.save, result)
        print(f"{len(table['samples'])} samples ({len(prompts)} prompt(s) x {len(args.temperatures)} "
              f"temperatures) in {args.save}")
    else:
        for sample in table["samples"]:
            label = "greedy" if sample["greedy"] else f"temperature {sample['temperature']:g}"
            print(f"[{label}]\n{sample['text']}\n")
    return result


if __name__ == "__main__":
    main()
