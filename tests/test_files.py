"""lib.files: atomic_path replaces a file whole or not at all; write_json refuses what JSON cannot hold."""
import json
import os
import stat
import threading

import pytest

from lib import files
from lib.files import atomic_path, write_json


def names_in(folder):
    return sorted(os.listdir(folder))


def test_success_replaces_the_target_and_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "notes.txt"
    target.write_text("old")
    with atomic_path(target) as tmp:
        assert os.path.dirname(tmp) == str(tmp_path)  # same folder: the rename stays on one file system
        assert os.path.basename(tmp).startswith(".notes.txt.") and tmp.endswith(".tmp")
        assert os.path.getsize(tmp) == 0  # the temporary file exists, empty
        assert target.read_text() == "old"  # readers still see the old file
        with open(tmp, "w") as f:
            f.write("new")
    assert target.read_text() == "new"
    assert names_in(tmp_path) == ["notes.txt"]


def test_an_error_inside_keeps_the_old_target_and_deletes_the_temporary_file(tmp_path):
    target = tmp_path / "notes.txt"
    target.write_text("old")
    with pytest.raises(RuntimeError, match="disk on fire"):
        with atomic_path(target) as tmp:
            with open(tmp, "w") as f:
                f.write("half of the new")
            raise RuntimeError("disk on fire")
    assert target.read_text() == "old"
    assert names_in(tmp_path) == ["notes.txt"]


def test_an_error_without_a_target_leaves_nothing(tmp_path):
    with pytest.raises(KeyboardInterrupt):
        with atomic_path(tmp_path / "new.npz"):
            raise KeyboardInterrupt  # Ctrl-C during a write
    assert names_in(tmp_path) == []


def test_a_failed_rename_deletes_the_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "notes.txt"
    target.write_text("old")

    def refuse(src, dst):
        raise PermissionError(13, "Permission denied", str(dst))
    monkeypatch.setattr(files.os, "replace", refuse)
    with pytest.raises(PermissionError):
        with atomic_path(target) as tmp:
            with open(tmp, "w") as f:
                f.write("new")
    assert target.read_text() == "old"
    assert names_in(tmp_path) == ["notes.txt"]


def test_the_data_reaches_the_disk_before_the_rename(tmp_path, monkeypatch):
    events = []
    fsync, replace = os.fsync, os.replace

    def recording_fsync(fd):
        events.append("fsync")
        fsync(fd)

    def recording_replace(src, dst):
        events.append("replace")
        replace(src, dst)
    monkeypatch.setattr(files.os, "fsync", recording_fsync)
    monkeypatch.setattr(files.os, "replace", recording_replace)
    with atomic_path(tmp_path / "a.txt") as tmp:
        with open(tmp, "w") as f:
            f.write("data")
    expected = ["fsync", "replace", "fsync"] if os.name == "posix" else ["fsync", "replace"]
    assert events == expected  # the file, the rename, then the folder that records the rename


def test_the_suffix_and_a_missing_folder(tmp_path):
    target = tmp_path / "new" / "folder" / "plot.png"
    with atomic_path(target, suffix=".png") as tmp:
        assert tmp.endswith(".png")  # writers such as savefig read the format from the extension
        with open(tmp, "wb") as f:
            f.write(b"png")
    assert target.read_bytes() == b"png"


def test_the_file_gets_the_usual_mode_without_touching_the_umask(tmp_path, monkeypatch):
    if os.name != "posix":
        pytest.skip("file modes are POSIX")

    def no_umask(mask):  # the umask is process-wide: changing it races with other threads
        raise AssertionError("atomic_path changed the process's umask")
    set_umask = os.umask
    before = set_umask(0o027)
    try:
        monkeypatch.setattr(files.os, "umask", no_umask)
        with atomic_path(tmp_path / "a.txt"):
            pass
        monkeypatch.undo()
    finally:
        set_umask(before)
    assert stat.S_IMODE(os.stat(tmp_path / "a.txt").st_mode) == 0o666 & ~0o027  # not mkstemp's 0o600


def test_writers_in_threads_get_their_own_temporary_files(tmp_path):
    target = tmp_path / "shared.txt"
    seen, errors = [], []
    ready = threading.Barrier(8)

    def write(i):
        try:
            with atomic_path(target) as tmp:
                seen.append(tmp)
                ready.wait(5)  # every thread holds its temporary file at once
                with open(tmp, "w") as f:
                    f.write(f"writer {i}")
        except Exception as err:  # a thread's exception would otherwise be lost
            errors.append(err)
    threads = [threading.Thread(target=write, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert errors == []
    assert len(set(seen)) == 8
    assert target.read_text() in {f"writer {i}" for i in range(8)}  # one whole file, never a mix
    assert names_in(tmp_path) == ["shared.txt"]


def test_write_json_round_trip(tmp_path):
    obj = {"perplexity": [412.5, 98.25], "command": "python -m lib.cli.train", "note": None}
    write_json(tmp_path / "log.json", obj)
    text = (tmp_path / "log.json").read_text(encoding="utf-8")
    assert json.loads(text) == obj
    assert text.endswith("}\n")


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -float("inf")])
def test_write_json_refuses_nan_and_infinity_and_keeps_the_old_file(tmp_path, bad):
    target = tmp_path / "log.json"
    write_json(target, {"valid": [300.0]})
    with pytest.raises(ValueError) as caught:
        write_json(target, {"valid": [300.0, bad]})
    message = str(caught.value)
    assert str(target) in message and "NaN or infinity" in message
    assert json.loads(target.read_text()) == {"valid": [300.0]}
    assert names_in(tmp_path) == ["log.json"]


def test_remove_stale_temporaries_deletes_only_old_leftovers_of_that_file(tmp_path):
    target = tmp_path / "ptb.train.txt"
    old, fresh = tmp_path / ".ptb.train.txt.0123abcd.tmp", tmp_path / ".ptb.train.txt.89abcdef.tmp"
    others = [tmp_path / ".ptb.valid.txt.0123abcd.tmp", tmp_path / ".ptb.train.txt.0123abcd.png",
              tmp_path / ".ptb.train.txt.xyz.tmp", tmp_path / "ptb.train.txt"]
    for path in [old, fresh, *others]:
        path.write_text("x")
    hour_ago = os.stat(old).st_mtime - 3600
    for path in [old, *others]:
        os.utime(path, (hour_ago, hour_ago))
    assert files.remove_stale_temporaries(target, older_than=60) == [str(old)]
    assert sorted(names_in(tmp_path)) == sorted(p.name for p in [fresh, *others])
    assert files.remove_stale_temporaries(target, older_than=60) == []  # the fresh one may be a live writer's
    assert files.remove_stale_temporaries(target, older_than=-1) == [str(fresh)]


def test_remove_stale_temporaries_of_a_killed_writer(tmp_path):
    """A writer that never reached its cleanup (as under SIGKILL) leaves its file; the next run removes it."""
    target = tmp_path / "run.npz"
    writer = atomic_path(target)
    tmp = writer.__enter__()  # entered, never exited: the process "died" inside the block
    assert names_in(tmp_path) == [os.path.basename(tmp)]
    assert files.remove_stale_temporaries(target, older_than=-1) == [tmp]
    assert names_in(tmp_path) == []
    assert files.remove_stale_temporaries(tmp_path / "missing" / "x", older_than=0) == []
