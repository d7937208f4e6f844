"""Training speed of lib's two models at full PTB vocabulary, against two references.

Contenders, each trained with RnnlmTrainer.fit (forward, backward, clip, SGD) on the same slice:
  fast    FastRnnlm with FastSGD (lib.fast: the engine that --preset ptb trains with);
  simple  SimpleRnnlm with SGD (the readable core that the notebooks show);
  limit   the three output-layer matrix products and one exp over the scores, in numpy:
          no RNN language model on these shapes can train faster with numpy;
  torch   the same model in PyTorch (only if torch is importable: pip install torch==2.13.0).
Each BLAS thread setting runs in its own process: 1, 2, and the default (no setting: what users
get, lib.threads choosing by problem size). Rounds interleave the contenders, rotating their order;
ratios are paired per round (same round, same machine state); medians and min-max are reported.
Also timed: the chapter's run (first 1000 words, 100 epochs, SimpleRnnlm) with two references (its
matrix products alone, and the run as one bare numpy function), the peak memory of a FastRnnlm step,
and, at the default, a busy machine:
the chapter run and a full-vocabulary step with one busy process beside them, against their quiet time.

    python benchmarks/bench_train.py [--rounds 7] [--steps 20] [--threads 1,2,0] [--quick]
The last line is for tooling: fast/limit=R1 fast/torch=R2 simple/limit=R3 busy_slowdown=R4
(R1, R2 at the default threads; R3 at 1 thread; R4 the worse of the two busy ratios).
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
GOALS = {"fast/limit 1 thread": 0.85, "fast/limit 2 threads": 0.80, "fast/torch, worst": 1.3,
         "simple/limit 1 thread": 0.55, "busy_slowdown": 2.0}


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


def lib_runner(corpus, steps, threads, fast):
    """`steps` training steps of FastRnnlm + FastSGD (fast) or SimpleRnnlm + SGD, through the trainer."""
    from lib import SGD, FastRnnlm, RnnlmTrainer, SimpleRnnlm
    from lib.fast import FastSGD
    if fast:  # FastSGD clips inside its update: the trainer must not clip again
        model, optimizer, max_grad = FastRnnlm(V, D, H, rng=0), FastSGD(LR, max_grad=MAX_GRAD), None
    else:
        model, optimizer, max_grad = SimpleRnnlm(V, D, H, rng=0), SGD(LR), MAX_GRAD
    trainer = RnnlmTrainer(model, optimizer, threads=threads or None)
    xs, ts = corpus[:-1], corpus[1:]
    span = steps * N * T

    def run():  # the same slice each round: `steps` iterations of one epoch
        trainer.fit(xs[:span], ts[:span], max_epoch=1, batch_size=N, time_size=T, max_grad=max_grad)
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
    offsets = torch.arange(N) * ((steps * N * T) // N)
    state = {"h": None, "time_idx": 0}

    def run():
        for _ in range(steps):
            pos = (offsets[:, None] + state["time_idx"] + torch.arange(T)) % (steps * N * T)
            state["time_idx"] += T
            h = None if state["h"] is None else state["h"].detach()
            scores, state["h"] = model(xs[pos], h)
            loss = loss_fn(scores.reshape(-1, V), ts[pos].reshape(-1))
            opt.zero_grad(set_to_none=False)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), MAX_GRAD)
            opt.step()
    return run


def chapter_run_seconds(threads, repeats):
    """Wall times of the chapter's run: first 1000 words, batch 10, D = H = 100, time 5, SGD 0.1, 100 epochs."""
    from lib import SGD, RnnlmTrainer, SimpleRnnlm
    corpus, _ = corpus_ids(1000, 418)
    times, ppl = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        model = SimpleRnnlm(int(corpus.max()) + 1, 100, 100, rng=1)
        ppl = RnnlmTrainer(model, SGD(0.1), threads=threads or None).fit(
            corpus[:-1], corpus[1:], max_epoch=100, batch_size=10, time_size=5)[-1]
        times.append(time.perf_counter() - start)
    return times, ppl


def chapter_matmul_seconds(repeats):
    """Wall time of only the matrix products of the chapter's run (1900 steps): a floor for its time."""
    import numpy as np
    rng = np.random.default_rng(0)
    n, t, d, h, v = 10, 5, 100, 100, 418
    def f32(*shape):
        return rng.standard_normal(shape).astype(np.float32)
    x, W, dS = f32(n * t, h), f32(h, v), f32(n * t, v)
    xs, Wx, Wh, hs, hstep = f32(n * t, d), f32(d, h), f32(h, h), f32(n * t, h), f32(n, h)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(1900):
            x @ W, x.T @ dS, dS @ W.T                 # output layer: scores, dW, dx
            xs @ Wx, xs.T @ hs, hs.T @ hs, hs @ Wx.T  # RNN: x_t Wx for all steps, dWx, dWh, dxs
            for _ in range(t):
                hstep @ Wh, hstep @ Wh.T              # RNN: one step forward and one backward
        times.append(time.perf_counter() - start)
    return times


def chapter_bare_numpy_seconds(repeats):
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

        def f32(a):
            return a.astype(np.float32)
        E, Wx, Wh = f32(rng.standard_normal((V, D)) / 100), f32(rng.standard_normal((D, H)) / 10), \
            f32(rng.standard_normal((H, H)) / 10)
        b = np.zeros(H, np.float32)
        Wb = np.vstack([f32(rng.standard_normal((H, V)) / 10), np.zeros((1, V), np.float32)])
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
    """Peak bytes traced while one FastRnnlm training step runs, and the bytes it needs at least."""
    import numpy as np

    from lib import FastRnnlm, RnnlmTrainer
    from lib.fast import FastSGD
    xs, ts = corpus[:-1], corpus[1:]
    span = N * T
    tracemalloc.start()
    model = FastRnnlm(V, D, H, rng=0)
    trainer = RnnlmTrainer(model, FastSGD(LR, max_grad=MAX_GRAD))
    def fit():
        return trainer.fit(xs[:span], ts[:span], max_epoch=1, batch_size=N, time_size=T)
    fit()  # warm-up: buffers that live across steps exist from here on
    tracemalloc.reset_peak()
    fit()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    f = np.dtype(np.float32).itemsize
    params = sum(p.size for p in model.params) * f
    activations = (N * T * (D + 2 * H) + N * T * V) * f  # embedded words, h_{t-1} and h_t, scores
    return peak, 2 * params + activations  # parameters and their gradients, plus activations


def busy_slowdowns(threads, quiet_chapter_s, quiet_fast_tps, corpus, steps, repeats):
    """The chapter run and fast training steps with one busy process beside them, over their quiet time."""
    busy = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        time.sleep(0.5)  # let the busy process take its core
        chapter_s = statistics.median(chapter_run_seconds(threads, repeats)[0])
        run = lib_runner(corpus, steps, threads, fast=True)
        run()  # warm-up
        tps = []
        for _ in range(max(3, repeats)):
            start = time.perf_counter()
            run()
            tps.append(steps * N * T / (time.perf_counter() - start))
    finally:
        busy.kill()
        busy.wait()
    return {"chapter": chapter_s / quiet_chapter_s, "fast step": quiet_fast_tps / statistics.median(tps)}


def worker(args):
    """One process, one BLAS thread setting: prints a JSON line of measurements."""
    corpus, source = corpus_ids(max(args.steps * N * T + 1, 1001), V)
    runners = {"fast": lib_runner(corpus, args.steps, args.threads, fast=True),
               "simple": lib_runner(corpus, args.steps, args.threads, fast=False),
               "limit": limit_runner(args.steps)}
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
    repeats = 1 if args.quick else 3
    chapter_s, chapter_ppl = chapter_run_seconds(args.threads, repeats)
    result = {"threads": args.threads, "data": source, "tokens_per_s": tps,
              "chapter_s": chapter_s, "chapter_ppl": chapter_ppl}
    if not args.quick:
        result["chapter_matmul_s"] = chapter_matmul_seconds(repeats)
        result["chapter_bare_s"] = chapter_bare_numpy_seconds(repeats)[0]
        result["peak_bytes"], result["need_bytes"] = peak_step_memory(corpus)
    if args.busy:
        result["busy"] = busy_slowdowns(args.threads, statistics.median(chapter_s), statistics.median(tps["fast"]),
                                        corpus, args.steps, repeats)
    print(json.dumps(result))


def ratio(a, b):
    """Median and min-max of the paired ratios a[i] / b[i]."""
    r = [x / y for x, y in zip(a, b)]
    return statistics.median(r), f"{statistics.median(r):.2f} ({min(r):.2f}-{max(r):.2f})"


def report(r):
    """Print one thread setting's results; return its median ratios."""
    tps, threads = r["tokens_per_s"], r["threads"]
    label = f"{threads} BLAS thread" + ("s" if threads != 1 else "") if threads else "default threads (lib.threads)"
    print(f"== {label} ({r['data']}) ==")
    print("tokens/s, median (min-max):")
    for name, values in tps.items():
        print(f"  {name:7s} {statistics.median(values):8,.0f}  ({min(values):,.0f}-{max(values):,.0f})")
    ratios = {}
    for a, b in (("fast", "limit"), ("simple", "limit"), ("fast", "torch"), ("simple", "torch"), ("fast", "simple")):
        if b in tps:
            ratios[f"{a}/{b}"], text = ratio(tps[a], tps[b])
            print(f"  {a + '/' + b:13s} {text}")
    chapter = statistics.median(r["chapter_s"])
    print(f"  chapter run (1000 words, 100 epochs, SimpleRnnlm): {chapter:.2f} s, median of "
          f"{', '.join(f'{s:.2f}' for s in r['chapter_s'])}; final perplexity {r['chapter_ppl']:.2f}")
    if "chapter_matmul_s" in r:
        print(f"  its matrix products alone: {statistics.median(r['chapter_matmul_s']):.2f} s; the run as one "
              f"bare numpy function: {statistics.median(r['chapter_bare_s']):.2f} s")
    if "peak_bytes" in r:
        print(f"  peak memory of a FastRnnlm step: {r['peak_bytes'] / 2**20:.1f} MiB; parameters + gradients + "
              f"activations need {r['need_bytes'] / 2**20:.1f} MiB; ratio {r['peak_bytes'] / r['need_bytes']:.2f}")
    if "busy" in r:
        ratios["busy_slowdown"] = max(r["busy"].values())
        print("  with one busy process beside it, time / quiet time: "
              + ", ".join(f"{name} {x:.2f}x" for name, x in r["busy"].items()))
    print()
    return ratios


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--rounds", type=int, default=7)
    p.add_argument("--steps", type=int, default=20, help="training steps per round and contender")
    p.add_argument("--threads", default="1,2,0", help="BLAS thread counts to run, 0 = the default (with the busy test)")
    p.add_argument("--quick", action="store_true", help="a short check: 3 rounds of 5 steps, threads 1 and default")
    p.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--busy", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.worker:
        args.threads = int(args.threads)
        worker(args)
        return 0
    if args.quick:
        args.rounds, args.steps, args.threads = 3, 5, "1,0"

    print(f"V={V} D={D} H={H} batch={N} time={T}, SGD lr {LR}, clip {MAX_GRAD}; "
          f"{args.rounds} rounds x {args.steps} steps per contender\n")
    results = {}
    for threads in [int(t) for t in args.threads.split(",")]:
        env = dict(os.environ)
        for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            if threads:
                env[var] = str(threads)
            else:
                env.pop(var, None)  # the default: what a user who sets nothing gets
        cmd = [sys.executable, __file__, "--worker", "--threads", str(threads), "--rounds", str(args.rounds),
               "--steps", str(args.steps)] + ["--quick"] * args.quick + ["--busy"] * (threads == 0)
        out = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True).stdout
        results[threads] = report(json.loads(out.strip().splitlines()[-1]))

    nan = math.nan
    default, one, two = results.get(0, {}), results.get(1, {}), results.get(2, {})
    measured = {"fast/limit 1 thread": one.get("fast/limit", nan), "fast/limit 2 threads": two.get("fast/limit", nan),
                "fast/torch, worst": min((r["fast/torch"] for r in results.values() if "fast/torch" in r), default=nan),
                "simple/limit 1 thread": one.get("simple/limit", nan),
                "busy_slowdown": default.get("busy_slowdown", nan)}
    print("goals (medians):")
    for name, goal in GOALS.items():
        value = measured[name]
        met = value <= goal if name == "busy_slowdown" else value >= goal
        print(f"  {name:22s} {value:6.2f}  goal {'<=' if name == 'busy_slowdown' else '>='} {goal}  "
              f"{'not measured' if math.isnan(value) else 'met' if met else 'NOT met'}")
    print(f"fast/limit={default.get('fast/limit', nan):.3f} fast/torch={default.get('fast/torch', nan):.3f} "
          f"simple/limit={one.get('simple/limit', nan):.3f} busy_slowdown={default.get('busy_slowdown', nan):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
