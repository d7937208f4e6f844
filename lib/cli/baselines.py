"""Count-based baselines on PTB: python -m lib.cli.baselines [--out PATH]

Fits a unigram, a bigram and interpolated Kneser-Ney 3- and 5-gram models (lib.ngram) on
PTB train and writes their valid and test perplexities to results/ngram-baselines.json (the
committed notebooks/results/ngram-baselines.json changes only when --out names it).
For reference: Mikolov et al. (2011) report test perplexity 141.2 for a (modified) KN 5-gram.
"""
import sys
import time

from lib.cli.outputs import check_writable, remove_stale_temp_files
from lib.cli.parsing import EXIT_OK, PATHS_RULE, PROJECT_DIR, ArgumentParser, command_line, data_error, run_main
from lib.datasets import ptb
from lib.files import write_json
from lib.ngram import Bigram, KneserNey, Unigram

PROG = "lib.cli.baselines"

MODELS = {
    "unigram (add-one)": lambda: Unigram(k=1.0),
    "bigram (interpolated with the unigram, lam 0.7)": lambda: Bigram(lam=0.7),
    "Kneser-Ney 3-gram (interpolated)": lambda: KneserNey(n=3),
    "Kneser-Ney 5-gram (interpolated)": lambda: KneserNey(n=5),
}


def main(argv=None):
    """Run python -m lib.cli.baselines with the options in argv (default sys.argv[1:]); returns the exit status."""
    return run_main(PROG, baselines, argv)


def baselines(argv):
    """Fit every model of MODELS, print and write their perplexities. Returns the exit status."""
    p = ArgumentParser(prog=f"python -m {PROG}", description=__doc__.split("\n\n")[0], epilog=PATHS_RULE)
    p.add_argument("--out", default=str(PROJECT_DIR / "results" / "ngram-baselines.json"),
                   help="the JSON file to write (notebooks/results/ngram-baselines.json: the committed one)")
    p.add_argument("--data-dir", default=None, help="PTB folder (None: $RNNLM_DATA_DIR or <project>/data/ptb)")
    args = p.parse_args(argv)
    check_writable(args.out, "--out")
    remove_stale_temp_files(args.out)
    try:
        train, word_to_id, _ = ptb.load_data("train", data_dir=args.data_dir)
        valid = ptb.load_data("valid", data_dir=args.data_dir)[0]
        test = ptb.load_data("test", data_dir=args.data_dir)[0]
    except ptb.PtbDataError as err:
        raise data_error(err) from None
    vocab_size = len(word_to_id)

    rows = []
    for name, make in MODELS.items():
        start = time.perf_counter()
        model = make().fit(train, vocab_size)
        row = {"model": name, "order": model.order,
               "valid_perplexity": round(model.perplexity(valid), 2),
               "test_perplexity": round(model.perplexity(test), 2),
               "seconds": round(time.perf_counter() - start, 2)}
        if isinstance(model, KneserNey):
            row["discounts"] = [round(d, 4) for d in model.discounts]
        rows.append(row)
        print(f"{name:48s} valid {row['valid_perplexity']:8.2f}  test {row['test_perplexity']:8.2f}  "
              f"({row['seconds']:.1f} s)", flush=True)

    write_json(args.out, {
        "command": command_line(PROG, argv),
        "data": {"train_tokens": len(train), "valid_tokens": len(valid), "test_tokens": len(test),
                 "vocab_size": vocab_size},
        "note": "every token, <eos> included, predicted from the tokens before it, across sentence ends; "
                "reference: Mikolov et al. 2011, modified KN5 (SRILM) test perplexity 141.2",
        "models": rows,
    })
    print(f"results in {args.out}")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
