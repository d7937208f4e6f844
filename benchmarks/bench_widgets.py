"""Responsiveness of the chapter's widgets: time from a control change to the new picture.

    .venv/bin/python benchmarks/bench_widgets.py [--repeat 10]

Headless (no browser): each widget is built at its default settings, then one of its controls
is set from Python, alternating between two values; setting `control.value` runs the widget's
callback, which computes with lib.viz.explorers, draws the matplotlib figure and encodes the PNG the
Output shows. The time of that assignment is the latency measured (the browser then only
decodes an image). Reported: median, min and max wall time, and the median CPU time of this
process (less sensitive to other jobs on a shared machine), over --repeat changes.
A plain matplotlib line plot on a log axis, saved as PNG, is timed too, as a yardstick for
the machine. Target: a median under 200 ms.
"""
import argparse
import io
import os
import statistics
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # small matrices: one BLAS thread (as the tests)

import numpy as np  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from lib import SGD, RnnlmTrainer, SimpleRnnlm  # noqa: E402
from lib.viz import widgets  # noqa: E402

TOY_TEXT = ("you say goodbye. you say hello. i say hello. you say hello. "
            "i say goodbye and you say hello. you say hello and i say goodbye.")


def trained_model():
    """The chapter's run (5.5): the first 1000 PTB words, 100 epochs; None without the PTB files."""
    from lib.datasets import ptb

    if not (ptb.get_data_dir() / "ptb.train.txt").exists():  # a benchmark never downloads
        print(f"(RNNLM inspector skipped: the PTB training text is not in {ptb.get_data_dir()})")
        return None
    corpus, word_to_id, id_to_word = ptb.load_data("train")
    corpus = corpus[:1000]
    model = SimpleRnnlm(int(corpus.max()) + 1, 100, 100, rng=1)
    RnnlmTrainer(model, SGD(0.1)).fit(corpus[:-1], corpus[1:], max_epoch=100, batch_size=10, time_size=5)
    return model, word_to_id, id_to_word, corpus


def cases():
    """(widget name, panel, control name, two values to alternate between)."""
    data = trained_model()
    words = None if data is None else [data[2][int(i)] for i in data[3][:-1]]
    out = [
        ("unrolling explorer", widgets.unrolling_explorer(), "T", (7, 8)),
        ("unrolling explorer", widgets.unrolling_explorer(), "step", (6, 7)),
        ("mini-batch offsets", widgets.batch_offsets_explorer(words=words), "iteration", (1, 0)),
        ("gradients through time", widgets.gradient_explorer(), "scale", (1.5, 0.8)),
        ("LM probability explorer", widgets.lm_probability_explorer(TOY_TEXT), "sentence",
         ("you say hello .", "you say goodbye .")),
    ]
    if data is not None:
        model, word_to_id, id_to_word, _ = data
        out.append(("RNNLM inspector", widgets.rnnlm_inspector(model, word_to_id, id_to_word), "sentence",
                    ("the company said it", widgets.RNNLM_EXAMPLES[0])))
    return out


def time_change(panel, name, value):
    wall, cpu = time.perf_counter(), time.process_time()
    before = panel.draw_count
    panel.controls[name].value = value
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    assert panel.draw_count == before + 1 and panel.png is not None, "the change did not redraw once"
    return wall, cpu


def yardstick():
    fig = Figure(figsize=(12, 5.5))
    ax = fig.subplots()
    ax.plot(np.arange(30), np.exp(-np.arange(30)), marker=".")
    ax.set_yscale("log")
    ax.set_title("plain line plot, log axis")
    fig.savefig(io.BytesIO(), format="png", dpi=widgets.DPI)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10, help="control changes per widget (default 10)")
    args = parser.parse_args()

    rows = []
    for name, panel, control, values in cases():
        time_change(panel, control, values[0])  # warm-up (font caches, first-call costs)
        walls, cpus = [], []
        for i in range(args.repeat):
            wall, cpu = time_change(panel, control, values[(i + 1) % 2])
            walls.append(wall)
            cpus.append(cpu)
        rows.append((name, control, walls, cpus, len(panel.png)))
    walls, cpus = [], []
    for _ in range(args.repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        yardstick()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    rows.append(("(yardstick: a plain log plot)", "-", walls, cpus, 0))

    ms = 1e3
    print(f"control change -> new PNG, median of {args.repeat} (load average {os.getloadavg()[0]:.1f}, "
          f"{os.cpu_count()} CPUs)")
    print(f"{'widget':32s} {'control':10s} {'median':>8s} {'min':>7s} {'max':>7s} {'cpu':>7s} {'PNG kB':>7s}")
    for name, control, walls, cpus, size in rows:
        print(f"{name:32s} {control:10s} {statistics.median(walls) * ms:6.0f} ms {min(walls) * ms:4.0f} ms "
              f"{max(walls) * ms:4.0f} ms {statistics.median(cpus) * ms:4.0f} ms {size / 1024:7.0f}")
    slow = [name for name, _, walls, _, _ in rows[:-1] if statistics.median(walls) > 0.2]
    print("all under 200 ms:", not slow, "" if not slow else f"(over: {', '.join(sorted(set(slow)))})")


if __name__ == "__main__":
    main()
