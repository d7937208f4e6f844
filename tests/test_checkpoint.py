"""Checkpoints (lib.cli.checkpoint): exact round trips, exact resumption, and clear errors."""
import os

import numpy as np
import pytest

from lib import SGD, Adam, RnnlmTrainer, SimpleRnnlm
from lib.cli import checkpoint

V, D, H = 40, 6, 5
BATCH, TIME = 3, 4


def corpus(n=300, seed=0):
    return np.random.default_rng(seed).integers(0, V, n)


def train_steps(trainer, xs, steps, losses=None, max_epoch=10):
    """Run trainer.fit until `steps` more iterations are done (recording their losses)."""
    done = []

    def callback(t, loss):
        done.append(loss)
        if len(done) == steps:
            t.stop_requested = True

    trainer.stop_requested = False
    trainer.fit(xs[:-1], xs[1:], max_epoch=max_epoch, batch_size=BATCH, time_size=TIME, max_grad=1.0,
                callback=callback)
    if losses is not None:
        losses += done
    return done


def new_run(optimizer="adam", seed=0, dtype=np.float32):
    model = SimpleRnnlm(V, D, H, rng=seed, dtype=dtype)
    opt = Adam(0.01) if optimizer == "adam" else SGD(0.5)
    return model, opt, RnnlmTrainer(model, opt)


def test_round_trip_restores_everything_exactly(tmp_path):
    model, opt, trainer = new_run()
    train_steps(trainer, corpus(), 7)
    path = tmp_path / "ckpt.npz"
    checkpoint.save(path, checkpoint.capture(model, opt, trainer=trainer.state_dict(), note="hello"))
    assert os.listdir(tmp_path) == ["ckpt.npz"]  # no temporary file left behind

    model2, opt2, trainer2 = new_run(seed=1)
    ckpt = checkpoint.load(path)
    checkpoint.restore(ckpt, model2, opt2)
    trainer2.load_state_dict(ckpt.meta["trainer"])
    for p, q in zip(model.params, model2.params):
        assert q.dtype == p.dtype
        np.testing.assert_array_equal(q, p)
    np.testing.assert_array_equal(model2.rnn_layer.h, model.rnn_layer.h)
    assert (opt2.iter, opt2.lr, opt2.beta1, opt2.beta2, opt2.eps) == (7, opt.lr, opt.beta1, opt.beta2, opt.eps)
    for a, b in zip(opt.m + opt.v, opt2.m + opt2.v):
        np.testing.assert_array_equal(a, b)
        assert a is not b
    assert trainer2.state_dict() == trainer.state_dict()
    assert ckpt.meta["note"] == "hello"
    assert ckpt.meta["model"] == {"class": "SimpleRnnlm", "vocab_size": V, "wordvec_size": D, "hidden_size": H,
                                  "dtype": "float32", "dropout": 0.0, "tie_weights": False}


def test_restored_arrays_are_independent_copies(tmp_path):
    model, opt, trainer = new_run()
    train_steps(trainer, corpus(), 3)
    ckpt = checkpoint.capture(model, opt)
    before = {k: v.copy() for k, v in ckpt.arrays.items()}
    train_steps(trainer, corpus(), 3)  # training on must not change the captured state
    checkpoint.restore(ckpt, model, opt)
    train_steps(trainer, corpus(), 3)  # nor training after restoring it
    for key, value in ckpt.arrays.items():
        np.testing.assert_array_equal(value, before[key])


@pytest.mark.parametrize("optimizer", ["adam", "sgd"])
@pytest.mark.parametrize("k, j", [(5, 6), (20, 30)])  # 24 iterations per epoch: (20, 30) crosses two epoch ends
def test_resumed_run_gives_the_same_losses(tmp_path, optimizer, k, j):
    xs = corpus()
    model, opt, trainer = new_run(optimizer)
    train_steps(trainer, xs, k)
    path = tmp_path / "ckpt.npz"
    checkpoint.save(path, checkpoint.capture(model, opt, trainer=trainer.state_dict()))
    uninterrupted = train_steps(trainer, xs, j)

    model2, opt2, trainer2 = new_run(optimizer, seed=9)
    ckpt = checkpoint.load(path)
    checkpoint.restore(ckpt, model2, opt2)
    trainer2.load_state_dict(ckpt.meta["trainer"])
    resumed = train_steps(trainer2, xs, j)

    assert resumed == uninterrupted  # bit for bit
    assert trainer2.ppl_list == trainer.ppl_list
    for p, q in zip(model.params, model2.params):
        np.testing.assert_array_equal(p, q)


def test_fit_stops_between_iterations_and_continues_the_epoch():
    """Stopping and calling fit again gives the same batches and losses as one fit."""
    xs = corpus()
    model, opt, trainer = new_run("sgd")
    one = RnnlmTrainer(SimpleRnnlm(V, D, H, rng=0), SGD(0.5))
    expected = []
    one.fit(xs[:-1], xs[1:], max_epoch=2, batch_size=BATCH, time_size=TIME, max_grad=1.0,
            callback=lambda t, loss: expected.append(loss))
    got = []
    train_steps(trainer, xs, 10, got, max_epoch=2)
    assert trainer.iteration == 10
    trainer.stop_requested = False
    trainer.fit(xs[:-1], xs[1:], max_epoch=2, batch_size=BATCH, time_size=TIME, max_grad=1.0,
                callback=lambda t, loss: got.append(loss))
    # the second fit finishes the first epoch (14 iterations), then runs the second (24)
    assert got == expected
    assert trainer.ppl_list == one.ppl_list


def test_best_state_is_saved_alongside(tmp_path):
    model, opt, trainer = new_run()
    train_steps(trainer, corpus(), 3)
    best = checkpoint.capture(model, opt)
    train_steps(trainer, corpus(), 3)
    ckpt = checkpoint.capture(model, opt)
    ckpt.best = best
    checkpoint.save(tmp_path / "c.npz", ckpt)
    loaded = checkpoint.load(tmp_path / "c.npz")
    assert loaded.best is not None and loaded.best.best is None
    for key, value in best.arrays.items():
        np.testing.assert_array_equal(loaded.best.arrays[key], value)
    assert not np.array_equal(loaded.arrays["model/rnn_Wh"], loaded.best.arrays["model/rnn_Wh"])


def test_build_model_predicts_like_the_original(tmp_path):
    model, opt, trainer = new_run(dtype=np.float64)
    train_steps(trainer, corpus(), 4)
    checkpoint.save(tmp_path / "c.npz", checkpoint.capture(model, opt))
    rebuilt = checkpoint.build_model(checkpoint.load(tmp_path / "c.npz"))
    assert rebuilt.params[0].dtype == np.float64
    xs = corpus(8, seed=3).reshape(2, 4)
    model.reset_state()
    rebuilt.reset_state()
    np.testing.assert_array_equal(rebuilt.predict(xs), model.predict(xs))


def test_clear_errors(tmp_path):
    model, opt, trainer = new_run()
    train_steps(trainer, corpus(), 2)
    path = tmp_path / "c.npz"
    checkpoint.save(path, checkpoint.capture(model, opt))
    ckpt = checkpoint.load(path)

    other = SimpleRnnlm(V, D, H + 1, rng=0)
    before = [p.copy() for p in other.params]
    with pytest.raises(ValueError, match=r"rnn_Wx has shape \(6, 5\).*hidden_size=5"):
        checkpoint.restore(ckpt, other)
    for p, b in zip(other.params, before):  # nothing changed
        np.testing.assert_array_equal(p, b)
    with pytest.raises(ValueError, match="state of a Adam optimizer, but a SGD was given"):
        checkpoint.restore(ckpt, SimpleRnnlm(V, D, H, rng=0), SGD(0.1))

    model.save_params(tmp_path / "params.npz")
    with pytest.raises(ValueError, match="not a checkpoint.*load_params"):
        checkpoint.load(tmp_path / "params.npz")
    with pytest.raises(FileNotFoundError, match="no checkpoint at"):
        checkpoint.load(tmp_path / "missing.npz")


def test_a_checkpoint_of_the_fast_engine_restores_into_the_chapters_model_and_back(tmp_path):
    from lib import FastRnnlm
    from lib.fast import FastAdam

    fast = FastRnnlm(V, D, H, rng=0)
    fast_opt = FastAdam(0.01, max_grad=1.0)
    train_steps(RnnlmTrainer(fast, fast_opt), corpus(), 5)
    checkpoint.save(tmp_path / "c.npz", checkpoint.capture(fast, fast_opt))
    ckpt = checkpoint.load(tmp_path / "c.npz")
    assert ckpt.meta["model"]["class"] == "FastRnnlm"
    assert ckpt.meta["optimizer"]["name"] == "Adam"  # a FastAdam is an Adam: either restores it

    model, opt = SimpleRnnlm(V, D, H, rng=9), Adam(0.5)
    checkpoint.restore(ckpt, model, opt)
    for p, q in zip(model.params, fast.params):
        np.testing.assert_array_equal(p, q)
    for a, b in zip(opt.m + opt.v, fast_opt.m + fast_opt.v):
        np.testing.assert_array_equal(a, b)
    assert (opt.iter, opt.lr) == (5, 0.01)
    np.testing.assert_array_equal(model.rnn_layer.h, fast.rnn_layer.h)

    assert type(checkpoint.build_model(ckpt)) is FastRnnlm  # the class it was saved from
    assert type(checkpoint.build_model(ckpt, SimpleRnnlm)) is SimpleRnnlm
    back = checkpoint.capture(model, opt)
    assert back.meta["model"]["class"] == "SimpleRnnlm"
    fast2, fast_opt2 = FastRnnlm(V, D, H, rng=3), FastAdam(0.1)
    checkpoint.restore(back, fast2, fast_opt2)
    for p, q in zip(fast2.params, fast.params):
        np.testing.assert_array_equal(p, q)

    ckpt.meta["model"]["class"] = "TransformerLM"
    with pytest.raises(ValueError,
                       match="holds a TransformerLM; this code builds SimpleRnnlm or RegularizedRnnlm or FastRnnlm"):
        checkpoint.build_model(ckpt)
