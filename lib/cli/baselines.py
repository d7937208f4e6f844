"""Count-based baselines on PTB: python -m lib.cli.baselines [--out PATH]

Fits a unigram, a bigram and interpolated Kneser-Ney 3- and 5-gram models (lib.ngram) on
PTB train and writes their valid and test perplexities to notebooks/results/ngram-baselines.json.
For reference: Mikolov et al. (2011) report test perplexity 141.2 for a (modified) KN 5-gram.
"""
import argparse
import os
import sys
import time

from lib.files import write_json
from lib.ngram import Bigram, KneserNey, Unigram

MODELS = {
    "unigram (add-one)": lambda: Unigram(k=1.0),
    "bigram (interpolated with the unigram, lam 0.7)": lambda: Bigram(lam=0.7),
    "Kneser-Ney 3-gram (interpolated)": lambda: KneserNey(n=3),
    "Kneser-Ney 5-gram (interpolated)": lambda: KneserNey(n=5),
}


def main(argv=None):
    p = argparse.ArgumentParser(prog="python -m lib.cli.baselines", description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    p.add_argument("--out", default=os.path.join("notebooks", "results", "ngram-baselines.json"),
                   help="the JSON file to write")
    p.add_argument("--data-dir", default=None, help="PTB folder (default: $RNNLM_DATA_DIR or data/ptb)")
    args = p.parse_args(argv)
    from lib.datasets import ptb

    train, word_to_id, _ = ptb.load_data("train", data_dir=args.data_dir)
    valid = ptb.load_data("valid", data_dir=args.data_dir)[0]
    test = ptb.load_data("test", data_dir=args.data_dir)[0]
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
        "command": " ".join(["python -m lib.cli.baselines", *(sys.argv[1:] if argv is None else argv)]),
        "data": {"train_tokens": len(train), "valid_tokens": len(valid), "test_tokens": len(test),
                 "vocab_size": vocab_size},
        "note": "every token, <eos> included, predicted from the tokens before it, across sentence ends; "
                "reference: Mikolov et al. 2011, modified KN5 (SRILM) test perplexity 141.2",
        "models": rows,
    })
    print(f"results in {args.out}")


if __name__ == "__main__":
    main()
