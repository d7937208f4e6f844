"""Training speed of lib's SimpleRnnlm at full PTB vocabulary, against two references.

In each worker process (one per BLAS thread count) rounds interleave:
  lib    training steps of lib (RnnlmTrainer.fit: forward, backward, clip, SGD);
  limit  the three output-layer matrix products and one exp over the scores, in numpy:
         no RNN language model on these shapes can train faster with numpy;
  torch  the same model in PyTorch (only if torch is importable: pip install torch==2.13.0).
Ratios are paired per round (same round, same machine state); medians and min-max are reported.
The order of the contenders rotates from round to round.
Also: the time of the chapter's run (first 1000 words, 100 epochs), with two references (its
matrix products alone, and the run written as one bare numpy function), and the peak memory of a step.

    python benchmarks/bench_train.py [--rounds 7] [--steps 20] [--threads 1,0]   (0 = default)
The last line is for tooling: lib/limit=R1 lib/torch=R2 seed_run_s=S (default threads).
"""
import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import time
import tracemalloc

V, D, H, N, T = 10_000, 100, 100, 20, 35  # PTB vocabulary, word vector, hidden, batch, BPTT length
LR, MAX_GRAD = 0.1, 0.25


def corpus_ids(n, vocab_size, seed=0):
    """PTB train ids when the data is there, else a Zipf-like synthetic corpus of the same vocabulary."""
    import numpy as np
    try:
        from lib.datasets import ptb
        corpus = ptb.load_data("train")[0][:n]
        if len(corpus) == n and corpus.max() < vocab_size:
            return corpus, "PTB train"
    except Exception:  # the benchmark still runs without the data
        pass
    rng = np.random.default_rng(seed)
    p = 1.0 / np.arange(1, vocab_size + 1)
    return rng.choice(vocab_size, size=n, p=p / p.sum()), "synthetic Zipf ids"


def lib_runner(corpus, steps):
    from lib import SGD, RnnlmTrainer, SimpleRnnlm
    model = SimpleRnnlm(V, D, H, rng=0)
    trainer = RnnlmTrainer(model, SGD(LR))
    xs, ts = corpus[:-1], corpus[1:]
    span = steps * N * T

    def run():
        # The same slice each round: `steps` iterations of one epoch.
        trainer.fit(xs[:span], ts[:span], max_epoch=1, batch_size=N, time_size=T, max_grad=MAX_GRAD)
    return run


def limit_runner(steps):
    import numpy as np
    rng = np.random.default_rng(0)
    h = rng.standard_normal((N * T, H)).astype(np.float32)
    W = (rng.standard_normal((H, V)) / 10).astype(np.float32)

    def run():
        for _ in range(steps):
            s = h @ W            # scores
            np.exp(s, out=s)     # the one unavoidable pass over the scores
            dW = h.T @ s         # gradient of the output weights
            dh = s @ W.T         # gradient flowing back to the RNN
        return dW, dh
    return run


def torch_runner(corpus, steps, threads):
    try:
        import torch
    except ImportError:
        return None
    torch.manual_seed(0)
    if threads:
        torch.set_num_threads(threads)

    class Model(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.embed = torch.nn.Embedding(V, D)
            self.rnn = torch.nn.RNN(D, H, batch_first=True)  # tanh
            self.affine = torch.nn.Linear(H, V)

        def forward(self, x, h):
            out, h = self.rnn(self.embed(x), h)
            return self.affine(out), h

    model = Model()
    opt = torch.optim.SGD(model.parameters(), lr=LR)
    loss_fn = torch.nn.CrossEntropyLoss()
    data = torch.as_tensor(corpus, dtype=torch.long)
    xs, ts = data[:-1], data[1:]
    jump = (steps * N * T) // N
    offsets = torch.arange(N) * jump
    state = {"h": None, "time_idx": 0}

    def run():
        for _ in range(steps):
            pos = (offsets[:, None] + state["time_idx"] + torch.arange(T)) % (steps * N * T)
            state["time_idx"] += T
            x, t = xs[pos], ts[pos]
            h = None if state["h"] is None else state["h"].detach()
            scores, state["h"] = model(x, h)
            loss = loss_fn(scores.reshape(-1, V), t.reshape(-1))
            opt.zero_grad(set_to_none=False)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), MAX_GRAD)
            opt.step()
    return run


def seed_run_seconds(repeats=3):
    """Wall time of the chapter's run: first 1000 words, batch 10, D = H = 100, time 5, SGD 0.1, 100 epochs."""
    from lib import SGD, RnnlmTrainer, SimpleRnnlm
    corpus, _ = corpus_ids(1000, 418)
    vocab_size = int(corpus.max()) + 1
    times, ppl = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        model = SimpleRnnlm(vocab_size, 100, 100, rng=1)
        ppl = RnnlmTrainer(model, SGD(0.1)).fit(corpus[:-1], corpus[1:], max_epoch=100,
                                                 batch_size=10, time_size=5)[-1]
        times.append(time.perf_counter() - start)
    return times, ppl


def seed_matmul_floor_seconds(repeats=3):
    """Wall time of only the matrix products of the chapter's run (1900 steps): a floor for its time."""
    import numpy as np
    rng = np.random.default_rng(0)
    n, t, d, h, v = 10, 5, 100, 100, 418
    f32 = lambda *shape: rng.standard_normal(shape).astype(np.float32)
    x1, W1, dS, W = f32(n * t, h + 1), f32(h + 1, v), f32(n * t, v), f32(h, v)
    xs, Wx, Wh, hs, hstep = f32(n * t, d), f32(d, h), f32(h, h), f32(n * t, h), f32(n, h)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(1900):
            x1 @ W1, x1.T @ dS, dS @ W.T          # output layer: scores, dW (with db), dx
            xs @ Wx, xs.T @ hs, hs.T @ hs, hs @ Wx.T  # RNN: x_t Wx for all steps, dWx, dWh, dxs
            for _ in range(t):
                hstep @ Wh, hstep @ Wh.T          # RNN: one step forward and one backward
        times.append(time.perf_counter() - start)
    return times


def seed_run_bare_numpy_seconds(repeats=3):
    """The chapter's run written as one bare numpy function: no layers, no checks, no trainer.

    The same model, initial weights, data layout and SGD as lib's run (its final
    perplexity differs a little: sums in another order round differently, and 1900 SGD
    steps amplify that): how fast plain numpy code of this run is, without lib's structure.
    """
    import numpy as np
    corpus, _ = corpus_ids(1000, 418)
    V, N, T, D, H, lr = int(corpus.max()) + 1, 10, 5, 100, 100, 0.1
    xs, ts = corpus[:-1], corpus[1:]
    offsets, iters, steps = np.arange(N) * (len(xs) // N), len(xs) // (N * T), np.arange(T)
    rows, cols = np.arange(N * T), np.arange(D)

    def run():
        rng = np.random.default_rng(1)
        f32 = lambda a: a.astype(np.float32)
        E, Wx, Wh = f32(rng.standard_normal((V, D)) / 100), f32(rng.standard_normal((D, H)) / 10), \
            f32(rng.standard_normal((H, H)) / 10)
        b, Wb = np.zeros(H, np.float32), np.vstack([f32(rng.standard_normal((H, V)) / 10), np.zeros((1, V), np.float32)])
        hs, x1, h = np.empty((N, T + 1, H), np.float32), np.ones((N * T, H + 1), np.float32), 0
        for epoch in range(100):
            total = 0.0
            for it in range(iters):
                pos = (offsets[:, None] + (epoch * iters + it) * T + steps) % len(xs)
                bx, bt = xs[pos], ts[pos].ravel()
                e = E[bx].reshape(N * T, D)
                a = (e @ Wx + b).reshape(N, T, H)
                hs[:, 0] = h
                for t in range(T):
                    hs[:, t + 1] = np.tanh(hs[:, t] @ Wh + a[:, t])
                h = hs[:, T].copy()
                x1[:, :H] = hs[:, 1:].reshape(-1, H)
                p = x1 @ Wb
                p = np.exp(p - p.max(axis=1, keepdims=True))
                z = p.sum(axis=1)
                total += float(np.mean(np.log(z) - np.log(p[rows, bt])))
                p *= (1 / (z * N * T))[:, None]
                p[rows, bt] -= 1 / (N * T)
                dWb, dh = x1.T @ p, (p @ Wb[:-1].T).reshape(N, T, H)
                dt, carry = np.empty((N, T, H), np.float32), 0
                for t in reversed(range(T)):
                    dt[:, t] = (dh[:, t] + carry) * (1 - hs[:, t + 1] ** 2)
                    carry = dt[:, t] @ Wh.T
                dt = dt.reshape(-1, H)
                dE = np.zeros_like(E)
                np.add.at(dE.reshape(-1), (bx.reshape(-1, 1) * D + cols).ravel(), (dt @ Wx.T).ravel())
                grads = (dE, e.T @ dt, hs[:, :T].reshape(-1, H).T @ dt, dt.sum(axis=0), dWb)
                for param, grad in zip((E, Wx, Wh, b, Wb), grads):
                    param -= lr * grad
            ppl = math.exp(total / iters)
        return ppl

    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        ppl = run()
        times.append(time.perf_counter() - start)
    return times, ppl


def peak_step_memory(corpus):
    """Peak bytes traced while one training step runs, and the bytes it needs at least."""
    import numpy as np
    from lib import SGD, RnnlmTrainer, SimpleRnnlm
    xs, ts = corpus[:-1], corpus[1:]
    span = N * T
    tracemalloc.start()
    model = SimpleRnnlm(V, D, H, rng=0)
    trainer = RnnlmTrainer(model, SGD(LR))
    fit = lambda: trainer.fit(xs[:span], ts[:span], max_epoch=1, batch_size=N, time_size=T, max_grad=MAX_GRAD)
    fit()  # warm-up: buffers that live across steps exist from here on
    tracemalloc.reset_peak()
    fit()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    f = np.dtype(np.float32).itemsize
    params = sum(p.size for p in model.params) * f
    activations = (N * T * (D + 2 * H) + N * T * V) * f  # embedded words, h_{t-1} and h_t, scores
    return peak, 2 * params + activations  # parameters and their gradients, plus activations


def worker(args):
    corpus, source = corpus_ids(max(args.steps * N * T + 1, 1001), V)
    runners = {"lib": lib_runner(corpus, args.steps), "limit": limit_runner(args.steps)}
    torch_run = torch_runner(corpus, args.steps, args.threads)
    if torch_run:
        runners["torch"] = torch_run
    for run in runners.values():  # warm-up
        run()
    tps = {name: [] for name in runners}
    names = list(runners)
    for r in range(args.rounds):
        # The order rotates, so that no contender always follows the same one (PyTorch's
        # OpenMP threads keep spinning for a moment after it returns); a short pause
        # between contenders lets them settle.
        for name in names[r % len(names):] + names[:r % len(names)]:
            time.sleep(0.2)
            start = time.perf_counter()
            runners[name]()
            tps[name].append(args.steps * N * T / (time.perf_counter() - start))
    seed_times, seed_ppl = seed_run_seconds()
    result = {"threads": args.threads, "data": source, "tokens_per_s": tps,
              "seed_run_s": seed_times, "seed_run_ppl": seed_ppl, "seed_matmul_s": seed_matmul_floor_seconds(),
              "seed_bare_s": seed_run_bare_numpy_seconds()[0]}
    if args.memory:
        result["peak_bytes"], result["need_bytes"] = peak_step_memory(corpus)
    print(json.dumps(result))


def summary(values):
    return f"{statistics.median(values):8,.0f}  ({min(values):,.0f}-{max(values):,.0f})"


def ratio_summary(a, b):
    r = [x / y for x, y in zip(a, b)]
    return statistics.median(r), f"{statistics.median(r):.2f} ({min(r):.2f}-{max(r):.2f})"


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--rounds", type=int, default=7)
    p.add_argument("--steps", type=int, default=20, help="training steps per round and contender")
    p.add_argument("--threads", default="1,0", help="BLAS thread counts to run, 0 = the default")
    p.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--memory", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.worker:
        args.threads = int(args.threads)
        return worker(args)

    print(f"V={V} D={D} H={H} batch={N} time={T}, SGD lr {LR}, clip {MAX_GRAD}; "
          f"{args.rounds} rounds x {args.steps} steps\n")
    last = None
    for threads in [int(t) for t in args.threads.split(",")]:
        env = dict(os.environ)
        if threads:
            for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
                env[var] = str(threads)
        cmd = [sys.executable, __file__, "--worker", "--threads", str(threads),
               "--rounds", str(args.rounds), "--steps", str(args.steps)] + (["--memory"] if not threads else [])
        out = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True).stdout
        r = json.loads(out.strip().splitlines()[-1])
        tps = r["tokens_per_s"]
        label = f"{threads} thread" + ("s" if threads != 1 else "") if threads else "default threads"
        print(f"== {label} ({r['data']}) ==")
        print("tokens/s, median (min-max):")
        for name, values in tps.items():
            print(f"  {name:6s} {summary(values)}")
        lib_limit, text = ratio_summary(tps["lib"], tps["limit"])
        print(f"  lib/limit  {text}")
        lib_torch = math.nan
        if "torch" in tps:
            lib_torch, text = ratio_summary(tps["lib"], tps["torch"])
            print(f"  lib/torch  {text}")
        seed = statistics.median(r["seed_run_s"])
        print(f"  seed run (1000 words, 100 epochs): {seed:.3f} s median of "
              f"{', '.join(f'{s:.3f}' for s in r['seed_run_s'])}; final perplexity {r['seed_run_ppl']:.2f}")
        print(f"  its matrix products alone: {statistics.median(r['seed_matmul_s']):.3f} s (median of 3)")
        print(f"  the same run as one bare numpy function: {statistics.median(r['seed_bare_s']):.3f} s (median of 3)")
        if "peak_bytes" in r:
            print(f"  peak memory of a step: {r['peak_bytes'] / 2**20:.1f} MiB; parameters + gradients + "
                  f"activations need {r['need_bytes'] / 2**20:.1f} MiB; ratio {r['peak_bytes'] / r['need_bytes']:.2f}")
        print()
        last = (lib_limit, lib_torch, seed)
    print(f"lib/limit={last[0]:.3f} lib/torch={last[1]:.3f} seed_run_s={last[2]:.3f}")


if __name__ == "__main__":
    main()
