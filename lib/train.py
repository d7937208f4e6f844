"""Train SimpleRnnlm from the command line: python -m lib.train --help

The defaults reproduce the chapter's run (section 5.5.3): the first 1000 words
of PTB train, batch 10, word vectors 100, hidden 100, time 5, SGD lr 0.1, 100 epochs.
"""
import argparse
import os
import sys
import time

from lib.files import atomic_path, write_json
from lib.optimizer import SGD
from lib.progress import ProgressBar, format_seconds
from lib.rnnlm import SimpleRnnlm
from lib.trainer import RnnlmTrainer


def parse_args(argv=None):
    p = argparse.ArgumentParser(
        prog="python -m lib.train",
        description="Train the chapter's RNN language model (SimpleRnnlm) on PTB with truncated BPTT. "
                    "The defaults reproduce the chapter's run on the first 1000 training words.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    p.add_argument("--corpus-size", type=int, default=1000,
                   help="use the first N words of PTB train (0 = the whole split)")
    p.add_argument("--batch-size", type=int, default=10, help="rows read in parallel (mini-batch size)")
    p.add_argument("--wordvec-size", type=int, default=100, help="word vector (embedding) size D")
    p.add_argument("--hidden-size", type=int, default=100, help="hidden state size H")
    p.add_argument("--time-size", type=int, default=5, help="truncated-BPTT block length T")
    p.add_argument("--lr", type=float, default=0.1, help="SGD learning rate")
    p.add_argument("--max-epoch", type=int, default=100, help="passes over the corpus")
    p.add_argument("--max-grad", type=float, default=None,
                   help="clip the global gradient norm to this value (None: no clipping)")
    p.add_argument("--seed", type=int, default=1, help="seed of the weight initialisation")
    p.add_argument("--data-dir", default=None,
                   help="folder with ptb.{train,valid,test}.txt (default: $RNNLM_DATA_DIR or data/ptb)")
    p.add_argument("--out", default=os.path.join("results", "seed-run"),
                   help="folder for the JSON log, the plot and the parameters")
    p.add_argument("--quiet", action="store_true", help="no progress bar, only the final line")
    return p.parse_args(argv)

def main(argv=None):
    args = parse_args(argv)
    from lib.datasets import ptb  # imported here so that --help works without data

    corpus, word_to_id, id_to_word = ptb.load_data("train", data_dir=args.data_dir)
    if args.corpus_size:
        corpus = corpus[:args.corpus_size]
    vocab_size = int(corpus.max()) + 1
    xs, ts = corpus[:-1], corpus[1:]
    print(f"corpus: {len(corpus):,} words, vocabulary: {vocab_size:,}", file=sys.stderr)

    model = SimpleRnnlm(vocab_size, args.wordvec_size, args.hidden_size, rng=args.seed)
    trainer = RnnlmTrainer(model, SGD(args.lr))
    tokens_per_epoch = (len(xs) // (args.batch_size * args.time_size)) * args.batch_size * args.time_size
    show_bar = not args.quiet and sys.stderr.isatty()
    bar = ProgressBar(args.max_epoch * tokens_per_epoch, "train", "tok") if show_bar else None
    print_every = max(1, args.max_epoch // 10)

    start = time.perf_counter()
    for epoch in range(1, args.max_epoch + 1):
        trainer.fit(xs, ts, max_epoch=1, batch_size=args.batch_size, time_size=args.time_size,
                    max_grad=args.max_grad, progress=bar or False)
        line = f"epoch {epoch:3d}/{args.max_epoch}  perplexity {trainer.ppl_list[-1]:9.2f}"
        if bar:
            bar.update(0, postfix=line)
        if not args.quiet and (epoch % print_every == 0 or epoch == args.max_epoch):
            print(("\r" if bar else "") + line + " " * 40)
    seconds = time.perf_counter() - start
    if bar:
        bar.close()

    log = {
        "command": "python -m lib.train " + " ".join(sys.argv[1:] if argv is None else argv),
        "settings": vars(args),
        "corpus_words": int(len(corpus)),
        "vocab_size": vocab_size,
        "seconds": round(seconds, 3),
        "perplexity": [round(p, 4) for p in trainer.ppl_list],
    }
    os.makedirs(args.out, exist_ok=True)
    write_json(os.path.join(args.out, "log.json"), log)
    model.save_params(os.path.join(args.out, "params.npz"))
    save_plot(trainer.ppl_list, os.path.join(args.out, "perplexity.png"))
    print(f"epoch {args.max_epoch}: perplexity {trainer.ppl_list[-1]:.2f} "
          f"({format_seconds(seconds)}); results in {args.out}/")
    return log

def save_plot(ppl_list, path):
    from lib.plots import perplexity_figure  # matplotlib only when a plot is written

    fig = perplexity_figure(ppl_list)
    with atomic_path(path, suffix=".png") as tmp:
        fig.savefig(tmp, dpi=100)

if __name__ == "__main__":
    main()
