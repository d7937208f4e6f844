"""Truncated-BPTT mini-batches: lib's batching and trainer against the seed's hand-written loop (5.5.3)."""
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib import (
    SGD,
    RnnlmTrainer,
    SimpleRnnlm,
    batch_offsets,
    batch_positions,
    eval_perplexity,
    get_batch,
    iters_per_epoch,
)

CASES = [  # (corpus length, batch_size, time_size)
    (1000, 10, 5),  # the seed's run: data_size 999, jump 99, 19 iterations per epoch
    (104, 4, 3),  # 103 input tokens: jump 25, 8 iterations, positions wrap around from epoch 2
]


def seed_batches(xs, ts, batch_size, time_size, max_epoch):
    """The seed's loop (5.5.3), written out: yields (batch_x, batch_t) in the order it trains on them."""
    data_size = len(xs)
    max_iters = data_size // (batch_size * time_size)
    jump = data_size // batch_size  # the seed: (corpus_size - 1) // batch_size
    offsets = [i * jump for i in range(batch_size)]
    time_idx = 0
    for _epoch in range(max_epoch):
        for _it in range(max_iters):
            batch_x = np.empty((batch_size, time_size), dtype="i")
            batch_t = np.empty((batch_size, time_size), dtype="i")
            for t in range(time_size):
                for i, offset in enumerate(offsets):
                    batch_x[i, t] = xs[(offset + time_idx) % data_size]
                    batch_t[i, t] = ts[(offset + time_idx) % data_size]
                time_idx += 1
            yield batch_x, batch_t


class RecordingModel:
    """Stands in for a model: records the batches the trainer feeds it."""

    def __init__(self):
        self.params, self.grads = [], []
        self.batches = []

    def forward(self, xs, ts):
        self.batches.append((np.array(xs, copy=True), np.array(ts, copy=True)))
        return 0.0

    def backward(self, dout=1):
        return None

    def reset_state(self):
        pass


class NoOptimizer:
    def update(self, params, grads):
        pass


def corpus_of(n, seed=0):
    """n distinct ids in random order: equal values mean equal positions."""
    return np.random.default_rng(seed).permutation(n)


@pytest.mark.parametrize("n, batch_size, time_size", CASES)
def test_seed_loop_get_batch_and_trainer_give_the_same_batches(n, batch_size, time_size):
    corpus = corpus_of(n)
    xs, ts = corpus[:-1], corpus[1:]
    max_epoch = 3
    expected = list(seed_batches(xs, ts, batch_size, time_size, max_epoch))
    max_iters = (n - 1) // (batch_size * time_size)
    assert len(expected) == max_epoch * max_iters == max_epoch * iters_per_epoch(len(xs), batch_size, time_size)

    for k, (bx, bt) in enumerate(expected):
        gx, gt = get_batch(xs, ts, batch_size, time_size, k * time_size)
        np.testing.assert_array_equal(gx, bx)
        np.testing.assert_array_equal(gt, bt)

    model = RecordingModel()
    trainer = RnnlmTrainer(model, NoOptimizer())
    trainer.fit(xs, ts, max_epoch=max_epoch, batch_size=batch_size, time_size=time_size)
    assert len(model.batches) == len(expected)
    for (rx, rt), (bx, bt) in zip(model.batches, expected):
        assert rx.shape == rt.shape == (batch_size, time_size)
        np.testing.assert_array_equal(rx, bx)
        np.testing.assert_array_equal(rt, bt)
    assert trainer.time_idx == len(expected) * time_size


def test_the_odd_case_does_wrap_around():
    n, batch_size, time_size = CASES[1]
    xs = np.arange(n - 1)  # id = position
    batches = [bx for bx, _ in seed_batches(xs, xs, batch_size, time_size, 3)]
    wrapped = [k for k, bx in enumerate(batches) if np.any(np.diff(bx, axis=1) < 0) or bx[-1, 0] < bx[-2, 0]]
    assert wrapped, "the small case should read past the end of the corpus"
    assert np.concatenate(batches).max() == n - 2


def test_time_index_keeps_counting_across_fit_calls():
    corpus = corpus_of(104)
    xs, ts = corpus[:-1], corpus[1:]
    once, twice = RecordingModel(), RecordingModel()
    RnnlmTrainer(once, NoOptimizer()).fit(xs, ts, max_epoch=2, batch_size=4, time_size=3)
    trainer = RnnlmTrainer(twice, NoOptimizer())
    trainer.fit(xs, ts, max_epoch=1, batch_size=4, time_size=3)
    trainer.fit(xs, ts, max_epoch=1, batch_size=4, time_size=3)
    assert len(once.batches) == len(twice.batches) == 16
    for (ax, at), (bx, bt) in zip(once.batches, twice.batches):
        np.testing.assert_array_equal(ax, bx)
        np.testing.assert_array_equal(at, bt)


# ---------------------------------------------------------------- offsets and positions

def test_batch_offsets_and_positions_by_hand():
    assert list(batch_offsets(999, 10)) == [i * 99 for i in range(10)]
    assert list(batch_offsets(103, 4)) == [0, 25, 50, 75]
    pos = batch_positions(103, 4, 3, 100)
    assert pos.tolist() == [[100, 101, 102], [22, 23, 24], [47, 48, 49], [72, 73, 74]]


@settings(max_examples=40, deadline=None, derandomize=True, database=None)
@given(data_size=st.integers(1, 300), batch_size=st.integers(1, 12), time_size=st.integers(1, 8),
       time_idx=st.integers(0, 2000))
def test_batch_positions_wrap_modulo_data_size(data_size, batch_size, time_size, time_idx):
    jump = data_size // batch_size
    offsets = batch_offsets(data_size, batch_size)
    assert offsets.tolist() == [i * jump for i in range(batch_size)]
    pos = batch_positions(data_size, batch_size, time_size, time_idx)
    assert pos.shape == (batch_size, time_size)
    expected = [[(i * jump + time_idx + t) % data_size for t in range(time_size)] for i in range(batch_size)]
    assert pos.tolist() == expected
    xs = np.arange(data_size) * 3
    bx, bt = get_batch(xs, xs + 1, batch_size, time_size, time_idx)
    np.testing.assert_array_equal(bx, xs[np.array(expected)])
    np.testing.assert_array_equal(bt, bx + 1)


# ---------------------------------------------------------------- training: seed loop == trainer

def seed_training(model, optimizer, xs, ts, batch_size, time_size, max_epoch):
    """The seed's full loop: forward, backward, update, perplexity exp(total_loss / loss_count) per epoch."""
    ppl_list = []
    total_loss, loss_count = 0.0, 0
    batches = seed_batches(xs, ts, batch_size, time_size, max_epoch)
    max_iters = len(xs) // (batch_size * time_size)
    for _epoch in range(max_epoch):
        for _it in range(max_iters):
            batch_x, batch_t = next(batches)
            loss = model.forward(batch_x, batch_t)
            model.backward()
            optimizer.update(model.params, model.grads)
            total_loss += loss
            loss_count += 1
        ppl_list.append(math.exp(total_loss / loss_count))  # math.exp, as the trainer: bit-identical floats
        total_loss, loss_count = 0.0, 0
    return ppl_list


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_seed_loop_and_trainer_give_identical_perplexities(dtype):
    V = 25
    corpus = np.random.default_rng(3).integers(0, V, 160)
    xs, ts = corpus[:-1], corpus[1:]
    by_hand = SimpleRnnlm(V, 6, 8, dtype=dtype, rng=4)
    ppl_hand = seed_training(by_hand, SGD(0.1), xs, ts, batch_size=4, time_size=5, max_epoch=4)
    by_trainer = SimpleRnnlm(V, 6, 8, dtype=dtype, rng=4)
    ppl_trainer = RnnlmTrainer(by_trainer, SGD(0.1)).fit(xs, ts, max_epoch=4, batch_size=4, time_size=5,
                                                        eval_interval=None)
    assert len(ppl_hand) == 4
    assert ppl_trainer == ppl_hand
    assert ppl_hand[-1] < ppl_hand[0]  # it did train
    for p, q in zip(by_hand.params, by_trainer.params):
        np.testing.assert_array_equal(p, q)


# ---------------------------------------------------------------- eval_perplexity

def test_eval_perplexity_is_exp_of_the_mean_block_loss():
    V, batch_size, time_size = 20, 3, 4
    corpus = np.random.default_rng(5).integers(0, V, 75)
    model = SimpleRnnlm(V, 5, 6, dtype=np.float64, rng=6)
    model.forward(corpus[:8].reshape(2, 4), corpus[1:9].reshape(2, 4))  # leave a state of batch size 2 behind

    got = eval_perplexity(model, corpus, batch_size=batch_size, time_size=time_size)

    xs, ts = corpus[:-1], corpus[1:]
    max_iters = len(xs) // (batch_size * time_size)
    model.reset_state()
    losses = [model.forward(bx, bt) for bx, bt in seed_batches(xs, ts, batch_size, time_size, 1)]
    assert len(losses) == max_iters == 6
    assert got == pytest.approx(math.exp(sum(losses) / len(losses)), rel=1e-12)

    # the state carries from block to block: without it the losses differ
    fresh = []
    for bx, bt in seed_batches(xs, ts, batch_size, time_size, 1):
        model.reset_state()
        fresh.append(model.forward(bx, bt))
    assert abs(sum(fresh) - sum(losses)) > 1e-6
    # and eval_perplexity leaves no state behind: the next call gives the same value
    assert eval_perplexity(model, corpus, batch_size=batch_size, time_size=time_size) == got
