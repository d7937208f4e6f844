"""Tests of lib.datasets.ptb: the data folder, the cache and its checks, and the real files.

No test reaches the internet: every test runs with RNNLM_PTB_URL pointing at a closed local port
(the downloads are tested against a local server in test_ptb_download.py).
"""
import json
import os
import shutil
import stat
import time
from pathlib import Path

import numpy as np
import pytest
from ptb_fakes import FAKE_IDS, FAKE_TEXT, FAKE_WORDS, files_in, sha256, write_fake_files

from lib.datasets import ptb

REAL_DATA_DIR_ENV = os.environ.get(ptb.DATA_DIR_ENV)  # read before the fixtures clear it
REAL_TOKENS = {'train': 929_589, 'valid': 73_760, 'test': 82_430}

# ---------------------------------------------------------------- offline

def test_no_network_says_where_to_put_the_file(tmp_path, monkeypatch):
    folder = tmp_path / 'data' / 'ptb'
    monkeypatch.setenv(ptb.DATA_DIR_ENV, str(folder))  # the autouse fixture's URL refuses connections
    with pytest.raises(ptb.PtbDataError) as caught:
        ptb.load_data('test')
    message = str(caught.value)
    assert 'ptb.train.txt' in message  # the train file is needed first, for the vocabulary
    assert f'copy ptb.train.txt into {folder.resolve()}' in message
    assert 'RNNLM_DATA_DIR' in message
    assert files_in(tmp_path) == []  # the failed download left no folder behind


# ---------------------------------------------------------------- local files and cache

def test_corrupted_local_file_is_rejected_and_kept(fake_ptb, tmp_path):
    write_fake_files(tmp_path)
    damaged = fake_ptb['ptb.train.txt'].replace(b'cat', b'cut')
    (tmp_path / 'ptb.train.txt').write_bytes(damaged)
    with pytest.raises(ptb.PtbDataError) as caught:
        ptb.load_data('valid', data_dir=tmp_path)
    message = str(caught.value)
    path = tmp_path.resolve() / 'ptb.train.txt'
    assert f'{path} is corrupted' in message
    assert sha256(damaged) in message and sha256(fake_ptb['ptb.train.txt']) in message
    assert 'Delete it' in message
    assert (tmp_path / 'ptb.train.txt').read_bytes() == damaged  # the user's file is not deleted
    assert files_in(tmp_path) == sorted(FAKE_TEXT)  # and no cache was written


def test_cache_round_trip(fake_ptb, tmp_path, monkeypatch):
    write_fake_files(tmp_path)
    first = ptb.load_data('train', data_dir=tmp_path)
    assert files_in(tmp_path) == sorted(['ptb.cache.json', 'ptb.train.npy', 'ptb.vocab.json', *FAKE_TEXT])
    assert np.load(tmp_path / 'ptb.train.npy', allow_pickle=False).tolist() == FAKE_IDS['train']
    assert json.loads((tmp_path / 'ptb.vocab.json').read_text()) == FAKE_WORDS

    def no_tokenizing(text):
        raise AssertionError('the cache should have been used')
    monkeypatch.setattr(ptb, 'ptb_words', no_tokenizing)
    second = ptb.load_data('train', data_dir=tmp_path)
    assert second[0].dtype == np.int32
    np.testing.assert_array_equal(second[0], first[0])
    assert second[1:] == first[1:]


def count_tokenize_calls(monkeypatch):
    calls = []
    tokenize = ptb.ptb_words

    def counting_tokenize(text):
        calls.append(text)
        return tokenize(text)
    monkeypatch.setattr(ptb, 'ptb_words', counting_tokenize)
    return calls


def truncate(path):
    path.write_bytes(path.read_bytes()[:-7])


def out_of_range_ids(path):
    np.save(path, np.array([0, 1, 2, 3, 0, 4, 99, 3], dtype=np.int32))


def float_ids(path):
    np.save(path, np.array(FAKE_IDS['train'], dtype=np.float64))


def garbage(path):
    path.write_bytes(b'\x00garbage')


def longer_vocabulary(path):
    path.write_text(json.dumps(FAKE_WORDS + ['extra']))


def other_format(path):
    meta = json.loads(path.read_text())
    path.write_text(json.dumps({**meta, 'format': -1}))


def flip_a_bit(path):
    """Flip one bit: in the .npy, the lowest of the last id (int32, little-endian): 3 becomes 2, a valid id."""
    data = bytearray(path.read_bytes())
    data[-4 if path.suffix == '.npy' else -3] ^= 1  # in the JSON, a letter of the last word
    path.write_bytes(bytes(data))


def in_range_ids(path):
    """Other ids, all inside the vocabulary and of the right length: a well-formed .npy with wrong data."""
    np.save(path, np.zeros(len(FAKE_IDS['train']), dtype=np.int32))


@pytest.mark.parametrize('name, damage', [
    ('ptb.train.npy', truncate), ('ptb.train.npy', garbage), ('ptb.train.npy', out_of_range_ids),
    ('ptb.train.npy', float_ids), ('ptb.vocab.json', garbage), ('ptb.vocab.json', longer_vocabulary),
    ('ptb.cache.json', garbage), ('ptb.cache.json', other_format), ('ptb.train.npy', Path.unlink),
    ('ptb.train.npy', flip_a_bit), ('ptb.train.npy', in_range_ids), ('ptb.vocab.json', flip_a_bit),
])
def test_damaged_cache_is_rebuilt(fake_ptb, tmp_path, monkeypatch, name, damage):
    write_fake_files(tmp_path)
    ptb.load_data('train', data_dir=tmp_path)
    damage(tmp_path / name)
    calls = count_tokenize_calls(monkeypatch)
    corpus, word_to_id, _ = ptb.load_data('train', data_dir=tmp_path)
    assert len(calls) == 1  # rebuilt from the text
    assert corpus.tolist() == FAKE_IDS['train']
    assert word_to_id == {word: i for i, word in enumerate(FAKE_WORDS)}
    assert np.load(tmp_path / 'ptb.train.npy', allow_pickle=False).tolist() == FAKE_IDS['train']
    assert ptb.load_data('train', data_dir=tmp_path)[0].tolist() == FAKE_IDS['train']
    assert len(calls) == 1  # and the repaired cache is used again


def test_flip_a_bit_keeps_a_loadable_cache(fake_ptb, tmp_path):
    """The damage that only the checksums can see: the flipped file still loads and holds valid ids."""
    write_fake_files(tmp_path)
    ptb.load_data('train', data_dir=tmp_path)
    flip_a_bit(tmp_path / 'ptb.train.npy')
    ids = np.load(tmp_path / 'ptb.train.npy', allow_pickle=False)
    assert ids.dtype == np.int32 and ids.tolist() == FAKE_IDS['train'][:-1] + [2]


def test_a_cache_whose_text_changed_is_never_returned(fake_ptb, tmp_path):
    write_fake_files(tmp_path)
    ptb.load_data('test', data_dir=tmp_path)
    (tmp_path / 'ptb.test.txt').write_bytes(b' ran cat \n')  # other words, same vocabulary
    with pytest.raises(ptb.PtbDataError, match='ptb.test.txt is corrupted'):
        ptb.load_data('test', data_dir=tmp_path)
    (tmp_path / 'ptb.train.txt').write_bytes(b' the cat \n')
    with pytest.raises(ptb.PtbDataError, match='ptb.train.txt is corrupted'):
        ptb.load_data('train', data_dir=tmp_path)


@pytest.mark.parametrize('deleted', ['ptb.train.txt', 'ptb.valid.txt'])
def test_a_cache_whose_text_was_deleted_is_never_returned(fake_ptb, tmp_path, deleted):
    write_fake_files(tmp_path)
    ptb.load_data('valid', data_dir=tmp_path)
    (tmp_path / deleted).unlink()
    with pytest.raises(ptb.PtbDataError, match=f'Could not download {deleted}'):  # the tests' closed port
        ptb.load_data('valid', data_dir=tmp_path)
    if deleted == 'ptb.valid.txt':  # the train cache does not depend on the valid text
        assert ptb.load_data('train', data_dir=tmp_path)[0].tolist() == FAKE_IDS['train']


def test_cache_built_from_other_files_is_not_used(fake_ptb, tmp_path, monkeypatch):
    write_fake_files(tmp_path)
    assert ptb.load_data('valid', data_dir=tmp_path)[0].tolist() == FAKE_IDS['valid']
    new_text = {**FAKE_TEXT, 'ptb.train.txt': b' dog the \n', 'ptb.valid.txt': b' the dog \n'}
    write_fake_files(tmp_path, new_text)
    monkeypatch.setattr(ptb, 'SHA256', {name: sha256(text) for name, text in new_text.items()})
    corpus, word_to_id, _ = ptb.load_data('valid', data_dir=tmp_path)
    assert word_to_id == {'dog': 0, 'the': 1, '<eos>': 2}
    assert corpus.tolist() == [1, 0, 2]
    assert ptb.load_data('train', data_dir=tmp_path)[0].tolist() == [0, 1, 2]


def test_val_is_valid_and_uses_the_train_vocabulary(fake_ptb, tmp_path):
    write_fake_files(tmp_path)
    val = ptb.load_data('val', data_dir=tmp_path)
    valid = ptb.load_data('valid', data_dir=tmp_path)
    train = ptb.load_data('train', data_dir=tmp_path)
    np.testing.assert_array_equal(val[0], valid[0])
    assert val[0].tolist() == FAKE_IDS['valid']
    assert val[1:] == valid[1:] == train[1:]


def test_word_outside_the_train_vocabulary_is_an_error(monkeypatch, tmp_path):
    texts = {**FAKE_TEXT, 'ptb.test.txt': b' the zebra \n'}
    monkeypatch.setattr(ptb, 'SHA256', {name: sha256(text) for name, text in texts.items()})
    write_fake_files(tmp_path, texts)
    with pytest.raises(ValueError, match="'zebra'.*test"):
        ptb.load_data('test', data_dir=tmp_path)


@pytest.mark.parametrize('bad', ['training', 'dev', 'validation', '', 'TRAIN'])
def test_unknown_split_lists_the_valid_names(bad, tmp_path):
    with pytest.raises(ValueError) as caught:
        ptb.load_data(bad, data_dir=tmp_path)
    message = str(caught.value)
    assert repr(bad) in message
    for name in ("'train'", "'val'", "'valid'", "'test'"):
        assert name in message
    with pytest.raises(ValueError, match="'ptb.train.txt'"):
        ptb.download(bad, data_dir=tmp_path)
    assert files_in(tmp_path) == []


def test_data_folder_choice(tmp_path, monkeypatch):
    repo_root = Path(__file__).resolve().parents[2]
    assert ptb.get_data_dir() == repo_root / 'data' / 'ptb'
    monkeypatch.setenv(ptb.DATA_DIR_ENV, str(tmp_path / 'env'))
    assert ptb.get_data_dir() == (tmp_path / 'env').resolve()
    assert ptb.get_data_dir(tmp_path / 'arg') == (tmp_path / 'arg').resolve()
    assert not (tmp_path / 'env').exists()  # choosing a folder does not create it


def test_an_empty_data_dir_means_the_default_folder(monkeypatch):
    monkeypatch.setenv(ptb.DATA_DIR_ENV, '')
    assert ptb.get_data_dir() == ptb.DEFAULT_DATA_DIR
    assert ptb.get_data_dir('') == ptb.DEFAULT_DATA_DIR  # the argument too, not the current folder


# ---------------------------------------------------------------- a data folder that cannot be used

def test_a_data_folder_that_is_a_file(tmp_path):
    (tmp_path / 'ptb').write_text('not a folder')
    with pytest.raises(ptb.PtbDataError, match=r'ptb is a file, not a folder: move the file away.*RNNLM_DATA_DIR'):
        ptb.load_data('train', data_dir=tmp_path / 'ptb')
    assert files_in(tmp_path) == ['ptb']


def test_a_data_folder_or_text_file_that_cannot_be_read(fake_ptb, tmp_path, monkeypatch):
    """Tests may run as root, who reads everything: the permission checks are made to deny instead."""
    write_fake_files(tmp_path)
    real_access, real_read_bytes = os.access, Path.read_bytes
    monkeypatch.setattr(os, 'access', lambda path, mode: Path(path) != tmp_path and real_access(path, mode))
    with pytest.raises(ptb.PtbDataError, match=r'cannot be read \(permission denied\).*chmod u\+rx'):
        ptb.load_data('train', data_dir=tmp_path)
    monkeypatch.setattr(os, 'access', real_access)

    def deny_test_text(path):
        if path.name == 'ptb.test.txt':
            raise PermissionError(13, 'Permission denied', str(path))
        return real_read_bytes(path)
    monkeypatch.setattr(Path, 'read_bytes', deny_test_text)
    with pytest.raises(ptb.PtbDataError, match=r'Cannot read .*ptb.test.txt: Permission denied. Make it readable'):
        ptb.load_data('test', data_dir=tmp_path)


def test_a_text_file_that_is_a_folder(fake_ptb, tmp_path):
    (tmp_path / 'ptb.train.txt').mkdir()
    with pytest.raises(ptb.PtbDataError, match=r'ptb.train.txt is a folder, not the text file ptb.train.txt'):
        ptb.load_data('train', data_dir=tmp_path)
    assert files_in(tmp_path) == ['ptb.train.txt']


def test_a_text_file_that_is_a_symbolic_link_loop(fake_ptb, tmp_path):
    write_fake_files(tmp_path)
    (tmp_path / 'ptb.valid.txt').unlink()
    (tmp_path / 'ptb.valid.txt').symlink_to(tmp_path / 'loop.txt')
    (tmp_path / 'loop.txt').symlink_to(tmp_path / 'ptb.valid.txt')
    with pytest.raises(ptb.PtbDataError, match=r'ptb.valid.txt is a symbolic link that leads nowhere'):
        ptb.load_data('valid', data_dir=tmp_path)
    assert (tmp_path / 'ptb.valid.txt').is_symlink()  # not replaced by a download


def test_a_data_folder_that_is_a_symbolic_link_loop(tmp_path):
    (tmp_path / 'a').symlink_to(tmp_path / 'b')
    (tmp_path / 'b').symlink_to(tmp_path / 'a')
    with pytest.raises(ptb.PtbDataError, match=r'cannot be used.*loop.*RNNLM_DATA_DIR'):
        ptb.load_data('train', data_dir=tmp_path / 'a')


def test_loading_removes_what_killed_writers_left(fake_ptb, tmp_path):
    write_fake_files(tmp_path)
    stale = [tmp_path / '.ptb.train.txt.0123abcd.tmp', tmp_path / '.ptb.train.npy.89abcdef.tmp']
    fresh = tmp_path / '.ptb.vocab.json.0011aabb.tmp'
    for path in [*stale, fresh]:
        path.write_bytes(b'part of a file')
    long_ago = time.time() - ptb.STALE_AFTER - 10
    for path in stale:
        os.utime(path, (long_ago, long_ago))
    ptb.load_data('train', data_dir=tmp_path)
    assert fresh.exists() and not any(path.exists() for path in stale)


def test_ptb_words_marks_line_ends():
    assert ptb.ptb_words(' a b \n c \n') == ['a', 'b', '<eos>', 'c', '<eos>']
    assert ptb.ptb_words('a\nb\n') == ['a', '<eos>', 'b', '<eos>']


def test_a_folder_that_cannot_hold_the_cache_still_loads(fake_ptb, tmp_path, monkeypatch):
    write_fake_files(tmp_path)

    def refuse(path, data):
        raise PermissionError(13, 'Permission denied', str(path))
    monkeypatch.setattr(ptb, '_write_atomically', refuse)
    with pytest.warns(UserWarning, match='could not save the PTB cache'):
        corpus, _, _ = ptb.load_data('test', data_dir=tmp_path)
    assert corpus.tolist() == FAKE_IDS['test']
    assert files_in(tmp_path) == sorted(FAKE_TEXT)


# ---------------------------------------------------------------- the real PTB files

def real_ptb_folder(tmp_path):
    """The folder with the real PTB text ($RNNLM_DATA_DIR, else <repo>/data/ptb); a copy if read-only."""
    candidates = [Path(REAL_DATA_DIR_ENV)] if REAL_DATA_DIR_ENV else []
    candidates.append(ptb.DEFAULT_DATA_DIR)
    for folder in candidates:
        if all((folder / name).is_file() for name in ptb.FILENAMES.values()):
            break
    else:
        pytest.skip('the real PTB files are not in ' + ' or '.join(map(str, candidates))
                    + ': copy ptb.{train,valid,test}.txt there or set RNNLM_DATA_DIR')
    writable = os.access(folder, os.W_OK) and folder.stat().st_mode & stat.S_IWUSR
    if not writable:  # the cache must be written somewhere: use a copy
        for name in ptb.FILENAMES.values():
            shutil.copyfile(folder / name, tmp_path / name)
        folder = tmp_path
    return folder


def test_real_ptb(tmp_path):
    folder = real_ptb_folder(tmp_path)
    train, word_to_id, id_to_word = ptb.load_data('train', data_dir=folder)
    assert len(train) == REAL_TOKENS['train']
    assert train.dtype == np.int32
    assert len(word_to_id) == len(id_to_word) == 10_000
    assert (word_to_id['<eos>'], word_to_id['<unk>'], word_to_id['N']) == (24, 26, 27)
    assert id_to_word[0] == 'aer' and id_to_word[24] == '<eos>'
    assert train[:1000].max() == 417 and len(np.unique(train[:1000])) == 418
    assert train.min() == 0 and train.max() == 9_999
    assert id_to_word == {i: word for word, i in word_to_id.items()}
    assert sorted(id_to_word) == list(range(10_000))

    for split in ('valid', 'test'):
        corpus, split_word_to_id, split_id_to_word = ptb.load_data(split, data_dir=folder)
        assert len(corpus) == REAL_TOKENS[split]
        assert corpus.dtype == np.int32
        assert 0 <= corpus.min() and corpus.max() < 10_000
        assert split_word_to_id == word_to_id and split_id_to_word == id_to_word
        assert (corpus == 24).sum() == {'valid': 3_370, 'test': 3_761}[split]  # one <eos> per line
    np.testing.assert_array_equal(ptb.load_data('val', data_dir=folder)[0],
                                  ptb.load_data('valid', data_dir=folder)[0])

    for name in ('ptb.train.npy', 'ptb.valid.npy', 'ptb.test.npy', 'ptb.vocab.json', 'ptb.cache.json'):
        assert (folder / name).is_file()
    again = ptb.load_data('train', data_dir=folder)[0]  # from the cache
    np.testing.assert_array_equal(again, train)


def test_ptb_words_is_not_named_like_the_chapter_2_tokenizer():
    """lib.text.tokenize lower-cases and splits periods; PTB's own splitter has a name of its own."""
    assert not hasattr(ptb, 'tokenize')
    assert ptb.ptb_words('The N.\n') == ['The', 'N.', '<eos>']
