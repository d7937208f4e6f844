"""Penn Treebank (Mikolov's preprocessed version) for word-level language models.

    corpus, word_to_id, id_to_word = load_data('train')

The three text files ptb.train.txt, ptb.valid.txt and ptb.test.txt live in one
folder (see `get_data_dir`). A missing file is downloaded from BASE_URL, and a
file is used only if its SHA-256 equals the value in `SHA256`. After the first
load, the word ids and the vocabulary are cached beside the text as .npy and
JSON files (never pickle: loading a pickle can run code), so later loads are fast.
The cache is used only while the text files it was built from are there, unchanged,
and its own files have the SHA-256 it recorded; otherwise it is built again.
Every file is written atomically (lib.files.atomic_path). Standard library and numpy only.
"""
import hashlib
import io
import json
import os
import sys
import warnings
from pathlib import Path

import numpy as np

from lib.datasets.http_download import DownloadError, fetch
from lib.files import atomic_path, remove_stale_temporaries
from lib.text import EOS

BASE_URL = 'https://raw.githubusercontent.com/tomsercu/lstm/master/data/'
DATA_DIR_ENV = 'RNNLM_DATA_DIR'  # environment variable: the folder that holds the PTB files
URL_ENV = 'RNNLM_PTB_URL'  # environment variable: a base URL to download from instead of BASE_URL
DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2] / 'data' / 'ptb'  # <repo>/data/ptb

SPLITS = ('train', 'val', 'valid', 'test')  # 'val' is another name for 'valid'
FILENAMES = {'train': 'ptb.train.txt', 'valid': 'ptb.valid.txt', 'test': 'ptb.test.txt'}
SHA256 = {
    'ptb.train.txt': 'fcea919f6cf83f35d4d00c6cbf08040d13d4155226340912e2fef9c9c4102cbf',
    'ptb.valid.txt': 'c9fe6985fe0d4ccb578183407d7668fc6066c20700cb4cf87d8ff1cc34df1bf2',
    'ptb.test.txt': 'dd65dff31e70846b2a6030a87482edcd5d199130cdcfa1f3dccbb033728deee0',
}

VOCAB_FILE = 'ptb.vocab.json'  # cache: the list id_to_word
META_FILE = 'ptb.cache.json'  # cache: what the cache was built from, and the token counts
CACHE_FORMAT = 2  # bump when tokenization or the cache changes, so that old caches are rebuilt
DOWNLOAD_TIMEOUT = 30  # seconds to wait for the server at any moment before giving up
DOWNLOAD_DEADLINE = 300  # seconds a whole download may take: a server that trickles is cut off
MAX_DOWNLOAD_BYTES = 16 * 2**20  # the largest PTB file, ptb.train.txt, has 5,101,618 bytes
# A temporary file of ours older than any live download can be was left by a killed process.
STALE_AFTER = DOWNLOAD_DEADLINE + DOWNLOAD_TIMEOUT
OTHER_FOLDER_HINT = (f"To use another folder, give it as data_dir or in the environment variable {DATA_DIR_ENV} "
                     f"(empty: the default folder {DEFAULT_DATA_DIR}).")


class PtbDataError(RuntimeError):
    """A PTB file is missing, damaged or could not be downloaded; the message says how to fix it."""


# ---------------------------------------------------------------- loading

def load_data(split='train', data_dir=None):
    """Word ids of one PTB split, with the vocabulary of the training split.

    split: 'train', 'valid' (or 'val') or 'test'.
    data_dir: folder of the PTB files; default `get_data_dir()`.
    Returns (corpus, word_to_id, id_to_word):
      corpus      np.ndarray (num_tokens,) int32, one id per word, '<eos>' at each line end;
      word_to_id  dict str -> int, id_to_word dict int -> str: the 10,000 words of the
                  training split, numbered in order of first appearance there.
    """
    split = canonical_split(split)
    folder = get_data_dir(data_dir)
    _check_folder(folder)
    _remove_stale_temporaries(folder)
    cached = _load_cache(folder, split)
    corpus, words = cached if cached is not None else _build_cache(folder, split)
    word_to_id = {word: i for i, word in enumerate(words)}
    id_to_word = dict(enumerate(words))
    return corpus, word_to_id, id_to_word


def canonical_split(split):
    """'train', 'valid' or 'test' for a split name ('val' means 'valid'); ValueError otherwise."""
    if split not in SPLITS:
        raise ValueError(f"unknown PTB split {split!r}: choose one of "
                         + ", ".join(repr(name) for name in SPLITS))
    return 'valid' if split == 'val' else split


def get_data_dir(data_dir=None):
    """Absolute Path of the PTB folder: data_dir, else $RNNLM_DATA_DIR, else <repo>/data/ptb.

    None or '' (for data_dir and the variable alike) means the next choice.
    """
    chosen = data_dir or os.environ.get(DATA_DIR_ENV) or DEFAULT_DATA_DIR
    try:
        return Path(chosen).expanduser().resolve()
    except (OSError, RuntimeError) as err:  # RuntimeError: a symbolic link loop (Python 3.11)
        raise PtbDataError(f"The PTB folder {chosen} cannot be used: {err}. A symbolic link on the way "
                           f"probably points back to itself. {OTHER_FOLDER_HINT}") from None


def _check_folder(folder):
    """PtbDataError unless folder is missing (it will be made) or a folder that can be read."""
    try:
        if folder.exists() and not folder.is_dir():
            raise PtbDataError(f"The PTB folder {folder} is a file, not a folder: move the file away. "
                               f"{OTHER_FOLDER_HINT}")
        if folder.is_dir() and not os.access(folder, os.R_OK | os.X_OK):
            raise PtbDataError(f"The PTB folder {folder} cannot be read (permission denied): make it readable "
                               f"(chmod u+rx {folder}). {OTHER_FOLDER_HINT}")
    except OSError as err:  # a folder above it cannot be read
        raise PtbDataError(f"The PTB folder {folder} cannot be reached: {err}. {OTHER_FOLDER_HINT}") from None


def _remove_stale_temporaries(folder):
    """Delete what interrupted downloads and cache writes left in folder (see lib.files)."""
    for name in [*FILENAMES.values(), VOCAB_FILE, META_FILE, *(_ids_filename(s) for s in FILENAMES)]:
        remove_stale_temporaries(folder / name, older_than=STALE_AFTER)


def ptb_words(text):
    """List of the words of PTB text, with '<eos>' for every newline (as the book does).

    PTB is already tokenized: no lower-casing, no split of periods (unlike lib.text.tokenize)."""
    return text.replace('\n', f' {EOS} ').split()


def _build_cache(folder, split):
    """Read the text (ptb_words) (train for the vocabulary, plus split), save the cache.

    Returns (ids (num_tokens,) int32, words: list id -> word).
    """
    train_words = ptb_words(_read_verified_text(folder, 'train'))
    word_to_id = {}
    for word in train_words:
        word_to_id.setdefault(word, len(word_to_id))  # a new word gets the next id
    ids = {'train': _words_to_ids(train_words, word_to_id, 'train')}
    if split != 'train':
        split_words = ptb_words(_read_verified_text(folder, split))
        ids[split] = _words_to_ids(split_words, word_to_id, split)
    words = list(word_to_id)
    _save_cache(folder, words, ids)
    return ids[split], words


def _words_to_ids(words, word_to_id, split):
    """np.ndarray (len(words),) int32 of the ids of words; ValueError for a word not in word_to_id."""
    try:
        return np.array([word_to_id[word] for word in words], dtype=np.int32)
    except KeyError as err:
        raise ValueError(f"the word {err.args[0]!r} of the PTB {split} split is not in the "
                         f"vocabulary of the training split") from None


def _read_verified_text(folder, split):
    """The text of one split's file, downloaded first if missing; PtbDataError if its SHA-256 is wrong."""
    filename = FILENAMES[split]
    path = folder / filename
    if not os.path.lexists(path):  # lexists: a broken link is not "missing" (a download would replace it)
        download(filename, folder)
    if not path.is_file():
        what = ('a folder' if path.is_dir() else
                'a symbolic link that leads nowhere (or back to itself)' if path.is_symlink() else 'not a file')
        raise PtbDataError(f"{path} is {what}, not the text file {filename}. Remove it so that the file is "
                           f"downloaded, or put the real {filename} there.")
    try:
        data = path.read_bytes()
    except OSError as err:
        raise PtbDataError(f"Cannot read {path}: {err.strerror or err}. Make it readable. "
                           f"{OTHER_FOLDER_HINT}") from None
    actual = hashlib.sha256(data).hexdigest()
    if actual != SHA256[filename]:
        raise PtbDataError(
            f"{path} is corrupted: its SHA-256 checksum is\n  {actual}\nbut should be\n"
            f"  {SHA256[filename]}\nThe file was not used. Delete it ({path}) so that it is "
            f"downloaded again, or replace it with a good copy of {filename}.")
    return data.decode('utf-8')


# ---------------------------------------------------------------- cache

def _ids_filename(split):
    return f'ptb.{split}.npy'


def _current_meta(folder):
    """The cache's meta dict if it was built from the files in SHA256 in this format, else None."""
    try:
        meta = json.loads((folder / META_FILE).read_text(encoding='utf-8'))
    except (OSError, ValueError):
        return None
    is_current = (isinstance(meta, dict) and meta.get('format') == CACHE_FORMAT
                  and meta.get('sha256') == SHA256 and isinstance(meta.get('vocab_size'), int)
                  and isinstance(meta.get('tokens'), dict) and isinstance(meta.get('files'), dict))
    return meta if is_current else None


def _load_cache(folder, split):
    """(ids, words) from the cache, or None if any cache file is missing, stale or damaged.

    Stale: the text files it was built from (train, and split) are missing or changed.
    Damaged: a cache file's SHA-256 is not the one recorded when it was written (a flipped bit).
    """
    meta = _current_meta(folder)
    if meta is None or split not in meta['tokens'] or not _texts_unchanged(folder, split):
        return None
    vocab_bytes = _recorded_bytes(folder, VOCAB_FILE, meta)
    ids_bytes = _recorded_bytes(folder, _ids_filename(split), meta)
    if vocab_bytes is None or ids_bytes is None:
        return None
    try:
        words = json.loads(vocab_bytes.decode('utf-8'))
        ids = np.load(io.BytesIO(ids_bytes), allow_pickle=False)
    except (ValueError, EOFError):
        return None
    vocab_ok = (isinstance(words, list) and len(words) == meta['vocab_size']
                and all(isinstance(word, str) for word in words))
    ids_ok = (isinstance(ids, np.ndarray) and ids.dtype == np.int32 and ids.ndim == 1
              and len(ids) == meta['tokens'][split]
              and (len(ids) == 0 or (ids.min() >= 0 and ids.max() < len(words))))
    return (ids, words) if vocab_ok and ids_ok else None


def _texts_unchanged(folder, split):
    """Whether the text files of train and split are there, with the SHA-256 values in SHA256."""
    names = {FILENAMES['train'], FILENAMES[split]}
    return all(_file_sha256(folder / name) == SHA256[name] for name in names)


def _file_sha256(path):
    """The SHA-256 hex digest of the file at path, or None if it cannot be read."""
    try:
        with open(path, 'rb') as file:
            return hashlib.file_digest(file, 'sha256').hexdigest()
    except OSError:  # missing, a folder, unreadable, a link loop
        return None


def _recorded_bytes(folder, name, meta):
    """The bytes of the cache file name if their SHA-256 is the one meta recorded, else None."""
    try:
        data = (folder / name).read_bytes()
    except OSError:
        return None
    return data if hashlib.sha256(data).hexdigest() == meta['files'].get(name) else None


def _save_cache(folder, words, ids):
    """Save the vocabulary, the ids of each split in ids (dict split -> array) and the meta file.

    Each file is written atomically and its SHA-256 recorded in the meta file, which goes last,
    so it never describes a file that is not there yet. A folder that cannot be written only
    costs speed: a warning.
    """
    meta = _current_meta(folder)
    if meta is None or meta['vocab_size'] != len(words):
        meta = {'format': CACHE_FORMAT, 'sha256': dict(SHA256), 'vocab_size': len(words), 'tokens': {},
                'files': {}}
    files = {VOCAB_FILE: json.dumps(words).encode('utf-8')}
    files.update({_ids_filename(split): _npy_bytes(split_ids) for split, split_ids in ids.items()})
    try:
        for name, data in files.items():
            _write_atomically(folder / name, data)
            meta['files'][name] = hashlib.sha256(data).hexdigest()
        meta['tokens'].update({split: len(split_ids) for split, split_ids in ids.items()})
        _write_atomically(folder / META_FILE, json.dumps(meta, indent=1).encode('utf-8'))
    except OSError as err:
        warnings.warn(f"could not save the PTB cache in {folder} ({err}); the text will be "
                      f"tokenized again on the next load", stacklevel=3)


def _npy_bytes(array):
    """The bytes of array in .npy format."""
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    return buffer.getvalue()


def _write_atomically(path, data):
    """Write bytes to path so that readers see the old file or the whole new one, never a part."""
    with atomic_path(path) as temporary:
        Path(temporary).write_bytes(data)


# ---------------------------------------------------------------- download
# lib.datasets.http_download fetches; here: where the file goes, its checksum, and what to tell the user.

def download(split_or_filename, data_dir=None, base_url=None, timeout=DOWNLOAD_TIMEOUT,
             deadline=DOWNLOAD_DEADLINE, max_bytes=MAX_DOWNLOAD_BYTES):
    """Download one PTB text file into the data folder and verify its SHA-256; return its Path.

    split_or_filename: 'train', 'val', 'valid', 'test' or a file name such as 'ptb.train.txt'.
    data_dir: target folder (created if missing); default `get_data_dir()`.
    base_url: where the files are; default $RNNLM_PTB_URL, else BASE_URL.
    timeout: seconds to wait for the server at any moment; deadline: seconds for the whole
    download (checked as bytes arrive, so it may run over by up to timeout);
    max_bytes: a larger body is refused, before it is written when the server announces its size.
    The file gets its final name only when complete and verified; after any error
    (PtbDataError) nothing is left: no file, and no folder that the download made.
    """
    filename = _filename(split_or_filename)
    folder = get_data_dir(data_dir)
    _check_folder(folder)
    _remove_stale_temporaries(folder)
    url = (base_url or os.environ.get(URL_ENV) or BASE_URL).rstrip('/') + '/' + filename
    made = _missing_folders(folder)
    try:
        with atomic_path(folder / filename) as temporary, open(temporary, 'wb') as file:
            try:
                actual = fetch(url, file, filename, timeout, deadline, max_bytes)
            except DownloadError as err:
                if not err.reached_server:
                    raise PtbDataError(f"{err}\nWithout network access, {_offline_hint(filename, folder)}") from err
                raise PtbDataError(f"{err} The file was not saved. Try again, or {_offline_hint(filename, folder)}"
                                   ) from err
            if actual != SHA256[filename]:
                raise PtbDataError(
                    f"The downloaded {filename} has the wrong SHA-256 checksum:\n  expected {SHA256[filename]}"
                    f"\n  actual   {actual}\nThe file was not saved. The server ({url}) sent a different "
                    f"or damaged file. Try again, or {_offline_hint(filename, folder)}")
    except BaseException as err:
        for made_folder in made:  # deepest first; a folder that holds something stays
            try:
                made_folder.rmdir()
            except OSError:
                break
        if isinstance(err, OSError):  # the folder cannot be made or written (network errors are PtbDataError)
            raise PtbDataError(f"Cannot save {filename} in {folder}: {err}. {OTHER_FOLDER_HINT}") from err
        raise
    return folder / filename


def _missing_folders(folder):
    """The folders that do not exist yet on the way to folder, deepest first."""
    missing = []
    while not os.path.lexists(folder) and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    return missing


def download_missing(data_dir=None):
    """Download each PTB text file missing from the data folder (see `download`); return their Paths."""
    folder = get_data_dir(data_dir)
    return [download(name, folder) for name in FILENAMES.values() if not os.path.lexists(folder / name)]


def _filename(split_or_filename):
    """'ptb.<split>.txt' for a split name or a PTB file name; ValueError otherwise."""
    if split_or_filename in SHA256:
        return split_or_filename
    if split_or_filename in SPLITS:
        return FILENAMES[canonical_split(split_or_filename)]
    raise ValueError(f"unknown PTB file {split_or_filename!r}: choose one of "
                     + ", ".join(repr(name) for name in SPLITS + tuple(SHA256)))


def _offline_hint(filename, folder):
    """How to provide a PTB file by hand."""
    return (f"copy {filename} into {folder} by hand (get it from {BASE_URL}{filename} "
            f"on a machine with network access), or set the environment variable {DATA_DIR_ENV} "
            f"to a folder that holds {', '.join(FILENAMES.values())}.")


def main():
    """`python -m lib.datasets.ptb` (make data): download the missing files; one line, not a traceback, on failure."""
    try:
        for path in download_missing():
            print(f"downloaded {path}")
    except PtbDataError as err:
        print(f"lib.datasets.ptb: error: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
