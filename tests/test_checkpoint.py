"""Checkpoints (lib.cli.checkpoint): exact round trips, exact resumption, and clear errors, also for damaged
and foreign files."""
import io
import json
import os
import zipfile

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


def test_a_checkpoint_lacking_a_parameter_is_named_damaged_not_tied(tmp_path):
    """Without affine_W a file looks tied; when it also lacks another parameter, say that it is incomplete."""
    model, opt, _ = new_run()
    ckpt = checkpoint.capture(model, opt)
    for name in ("model/affine_W", "model/embed_W"):
        del ckpt.arrays[name]
    with pytest.raises(ValueError, match=r"lacks the parameter\(s\) embed_W; the file is damaged"):
        checkpoint.restore(ckpt, SimpleRnnlm(V, D, H, rng=0))


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

# ---------------------------------------------------------------- damaged or foreign files (issue 11)


def write_zip(path, entries, compression=zipfile.ZIP_STORED):
    """A .npz-like archive: name -> bytes of a .npy file."""
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)


def npy_bytes(array=None, shape=None, dtype=np.float32, data=b""):
    """The bytes of a .npy file: of array, or a header claiming shape followed by data."""
    buffer = io.BytesIO()
    if array is not None:
        np.save(buffer, array)
    else:
        np.lib.format.write_array_header_1_0(buffer, {"descr": np.dtype(dtype).str, "fortran_order": False,
                                                      "shape": shape})
        buffer.write(data)
    return buffer.getvalue()


META = npy_bytes(np.array(json.dumps({"format": checkpoint.FORMAT, "model": {
    "class": "SimpleRnnlm", "vocab_size": V, "wordvec_size": D, "hidden_size": H, "dtype": "float32"}})))


@pytest.fixture
def good(tmp_path):
    """A checkpoint of a training run, saved by python -m lib.cli.train's parts."""
    model, opt, trainer = new_run()
    train_steps(trainer, corpus(), 2)
    path = tmp_path / "c.npz"
    checkpoint.save(path, checkpoint.capture(model, opt, settings={}, run={}, trainer=trainer.state_dict()))
    return path


def damaged(good, tmp_path):
    """name -> (path of a damaged or foreign file, what the error must say)."""
    data = good.read_bytes()
    cases = {}

    def case(name, content, message):
        path = tmp_path / name
        path.write_bytes(content)
        cases[name] = (path, message)

    case("empty.npz", b"", "is empty (0 bytes)")
    case("half.npz", data[:len(data) // 2], "is not a .npz archive")
    case("notes.npz", b"epoch 3: perplexity 120\n" * 20, "is not a .npz archive")  # today: 'allow_pickle'
    case("array.npz", npy_bytes(np.zeros(3)), "is not a .npz archive")  # a .npy renamed
    weights = checkpoint.load(good).arrays["model/rnn_Wh"].tobytes()
    flipped = bytearray(data)
    flipped[data.find(weights) + len(weights) // 2] ^= 0x10  # one bit of the weights
    case("flipped.npz", bytes(flipped), "is damaged (Bad CRC-32 for file 'model/rnn_Wh.npy')")
    case("directory.npz", data[:-30] + bytes([data[-30] ^ 0x10]) + data[-29:], "damaged")  # of the archive's end
    entries = {"meta.npy": npy_bytes(np.array(json.dumps([1, 2])))}
    write_zip(tmp_path / "list.npz", entries)
    cases["list.npz"] = (tmp_path / "list.npz", "its meta entry is a JSON list, not an object")
    write_zip(tmp_path / "text-meta.npz", {"meta.npy": npy_bytes(np.array("not json"))})
    cases["text-meta.npz"] = (tmp_path / "text-meta.npz", "its meta entry is not JSON")
    write_zip(tmp_path / "huge.npz", {"meta.npy": META, "model/embed_W.npy": npy_bytes(shape=(10**9,), data=b"0" * 8)})
    cases["huge.npz"] = (tmp_path / "huge.npz", "claims an array of shape (1000000000,)")
    write_zip(tmp_path / "text-entry.npz", {"meta.npy": META, "model/embed_W.npy": b"epoch 3: perplexity 120\n"})
    cases["text-entry.npz"] = (tmp_path / "text-entry.npz",  # numpy alone: 'the magic string is not correct'
                               "model/embed_W.npy is not a .npy array (the magic string is not correct")
    return cases


def test_damaged_and_foreign_files_give_one_clear_error_each(good, tmp_path):
    for name, (path, message) in damaged(good, tmp_path).items():
        with pytest.raises(ValueError) as err:
            checkpoint.load(path)
        text = str(err.value)
        assert message in text and str(path) in text, (name, text)
        assert "pickle" not in text, (name, text)


@pytest.mark.parametrize("command", ["train", "generate"])
def test_the_command_lines_refuse_them_with_exit_status_2(command, good, tmp_path, capsys):
    import importlib

    main = importlib.import_module(f"lib.cli.{command}").main
    option = "--resume" if command == "train" else "--checkpoint"
    for name, (path, message) in damaged(good, tmp_path).items():
        assert main([option, str(path)]) == 2, name
        err = capsys.readouterr().err
        assert f"lib.cli.{command}: error: {path}" in err and message in err and "Traceback" not in err, err


def test_a_checkpoint_without_a_training_run_is_refused_by_resume_only(tmp_path, capsys):
    from lib.cli.generate import main as generate
    from lib.cli.train import main as train

    model = SimpleRnnlm(V, D, H, rng=0)
    checkpoint.save(tmp_path / "m.npz", checkpoint.capture(model, words=[f"w{i}" for i in range(V)]))
    assert train(["--resume", str(tmp_path / "m.npz")]) == 2
    err = capsys.readouterr().err
    assert "holds a model but not a training run to resume (its meta lacks settings, run, trainer)" in err
    assert generate(["--checkpoint", str(tmp_path / "m.npz"), "--prompt", "w1", "--length", "3"]) == 0


def test_loading_is_bounded_by_the_files_size(tmp_path):
    """A small compressed file that unpacks to 40 MB is refused before it is unpacked (819 MB were read)."""
    import tracemalloc

    zeros = npy_bytes(np.zeros(10_000_000, np.float32))
    write_zip(tmp_path / "bomb.npz", {"meta.npy": META, "model/embed_W.npy": zeros}, zipfile.ZIP_DEFLATED)
    del zeros
    assert (tmp_path / "bomb.npz").stat().st_size < 100_000
    tracemalloc.start()
    try:
        with pytest.raises(ValueError, match="is compressed, and checkpoints are written uncompressed"):
            checkpoint.load(tmp_path / "bomb.npz")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 2_000_000


def test_a_link_that_leads_nowhere_says_so(tmp_path, capsys):
    from lib.cli.train import main as train

    os.symlink("loop2.npz", tmp_path / "loop1.npz")
    os.symlink("loop1.npz", tmp_path / "loop2.npz")
    os.symlink("gone.npz", tmp_path / "broken.npz")
    with pytest.raises(FileNotFoundError, match="loop1.npz is a symbolic link loop"):
        checkpoint.load(tmp_path / "loop1.npz")
    with pytest.raises(FileNotFoundError, match="broken.npz is a symbolic link to gone.npz, which does not exist"):
        checkpoint.load(tmp_path / "broken.npz")
    assert train(["--resume", str(tmp_path / "loop1.npz")]) == 2
    assert f"lib.cli.train: error: {tmp_path / 'loop1.npz'} is a symbolic link loop" in capsys.readouterr().err


def test_restore_checks_the_hidden_states_rows_against_the_batch_size(tmp_path):
    model, opt, trainer = new_run()
    train_steps(trainer, corpus(), 2)
    ckpt = checkpoint.capture(model, opt)
    assert ckpt.arrays["hidden"].shape == (BATCH, H)
    other = SimpleRnnlm(V, D, H, rng=1)
    before = [p.copy() for p in other.params]
    with pytest.raises(ValueError, match=f"the hidden state has {BATCH} rows, and the run it continues reads 10"):
        checkpoint.restore(ckpt, other, batch_size=10)
    for p, b in zip(other.params, before):  # nothing changed
        np.testing.assert_array_equal(p, b)
    checkpoint.restore(ckpt, other, batch_size=BATCH)
    np.testing.assert_array_equal(other.rnn_layer.h, model.rnn_layer.h)
