"""Penn Treebank (Mikolov's preprocessed version) for word-level language models.

    corpus, word_to_id, id_to_word = load_data('train')

The three text files ptb.train.txt, ptb.valid.txt and ptb.test.txt live in one
folder (see `get_data_dir`). A missing file is downloaded from BASE_URL, and a
file is used only if its SHA-256 equals the value in `SHA256`. After the first
load, the word ids and the vocabulary are cached beside the text as .npy and
JSON files (never pickle: loading a pickle can run code), so later loads are fast.
Every file is written atomically (lib.files.atomic_path). Standard library and numpy only.
"""
import hashlib
import http.client
import io
import json
import os
import urllib.error
import urllib.request
import warnings
from pathlib import Path

import numpy as np

from lib.files import atomic_path
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
CACHE_FORMAT = 1  # bump when tokenization changes, so that old caches are rebuilt
DOWNLOAD_TIMEOUT = 30  # seconds to wait for the server before giving up
CHUNK_SIZE = 64 * 1024  # bytes read at a time while downloading


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
    """Absolute Path of the PTB folder: data_dir, else $RNNLM_DATA_DIR, else <repo>/data/ptb."""
    if data_dir is None:
        data_dir = os.environ.get(DATA_DIR_ENV) or DEFAULT_DATA_DIR
    return Path(data_dir).expanduser().resolve()


def tokenize(text):
    """List of the words of text, with '<eos>' for every newline (as the book does)."""
    return text.replace('\n', f' {EOS} ').split()


def _build_cache(folder, split):
    """Read and tokenize the text (train for the vocabulary, plus split), save the cache.

    Returns (ids (num_tokens,) int32, words: list id -> word).
    """
    train_words = tokenize(_read_verified_text(folder, 'train'))
    word_to_id = {}
    for word in train_words:
        word_to_id.setdefault(word, len(word_to_id))  # a new word gets the next id
    ids = {'train': _words_to_ids(train_words, word_to_id, 'train')}
    if split != 'train':
        split_words = tokenize(_read_verified_text(folder, split))
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
    if not path.exists():
        download(filename, folder)
    data = path.read_bytes()
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
                  and isinstance(meta.get('tokens'), dict))
    return meta if is_current else None


def _load_cache(folder, split):
    """(ids, words) from the cache, or None if any cache file is missing, stale or damaged."""
    meta = _current_meta(folder)
    if meta is None or split not in meta['tokens']:
        return None
    try:
        words = json.loads((folder / VOCAB_FILE).read_text(encoding='utf-8'))
        ids = np.load(folder / _ids_filename(split), allow_pickle=False)
    except (OSError, ValueError, EOFError):
        return None
    vocab_ok = (isinstance(words, list) and len(words) == meta['vocab_size']
                and all(isinstance(word, str) for word in words))
    ids_ok = (isinstance(ids, np.ndarray) and ids.dtype == np.int32 and ids.ndim == 1
              and len(ids) == meta['tokens'][split]
              and (len(ids) == 0 or (ids.min() >= 0 and ids.max() < len(words))))
    return (ids, words) if vocab_ok and ids_ok else None


def _save_cache(folder, words, ids):
    """Save the vocabulary, the ids of each split in ids (dict split -> array) and the meta file.

    Each file is written atomically; the meta file goes last, so it never describes a file
    that is not there yet. A folder that cannot be written only costs speed: a warning.
    """
    meta = _current_meta(folder)
    if meta is None or meta['vocab_size'] != len(words):
        meta = {'format': CACHE_FORMAT, 'sha256': dict(SHA256), 'vocab_size': len(words), 'tokens': {}}
    try:
        _write_atomically(folder / VOCAB_FILE, json.dumps(words).encode('utf-8'))
        for split, split_ids in ids.items():
            _write_atomically(folder / _ids_filename(split), _npy_bytes(split_ids))
            meta['tokens'][split] = len(split_ids)
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
# Written by hand rather than with a download library (pooch): pooch replaces a local file whose
# checksum is wrong (we keep the user's file and say so), saves with mode 0600, and offers no overall
# deadline or size limit for a server that trickles or sends too much.

def download(split_or_filename, data_dir=None, base_url=None, timeout=DOWNLOAD_TIMEOUT):
    """Download one PTB text file into the data folder and verify its SHA-256; return its Path.

    split_or_filename: 'train', 'val', 'valid', 'test' or a file name such as 'ptb.train.txt'.
    data_dir: target folder (created if missing); default `get_data_dir()`.
    base_url: where the files are; default $RNNLM_PTB_URL, else BASE_URL.
    timeout: seconds to wait for the server.
    The file gets its final name only when complete and verified; after any error
    (PtbDataError) nothing is left in the folder.
    """
    filename = _filename(split_or_filename)
    folder = get_data_dir(data_dir)
    url = (base_url or os.environ.get(URL_ENV) or BASE_URL).rstrip('/') + '/' + filename
    target = folder / filename
    try:
        with atomic_path(target) as temporary, open(temporary, 'wb') as file:
            actual = _stream(url, file, filename, folder, timeout)
            if actual != SHA256[filename]:
                raise PtbDataError(
                    f"The downloaded {filename} has the wrong SHA-256 checksum:\n  expected {SHA256[filename]}"
                    f"\n  actual   {actual}\nThe file was not saved. The server ({url}) sent a different "
                    f"or damaged file. Try again, or {_offline_hint(filename, folder)}")
    except OSError as err:  # the folder cannot be made or written (network errors arrive as PtbDataError)
        raise PtbDataError(
            f"Cannot save {filename} in {folder}: {err}. Choose a folder you can write to "
            f"with the data_dir argument or the environment variable {DATA_DIR_ENV}.") from err
    return target


def download_missing(data_dir=None):
    """Download each PTB text file missing from the data folder (see `download`); return their Paths."""
    folder = get_data_dir(data_dir)
    return [download(name, folder) for name in FILENAMES.values() if not (folder / name).exists()]


def _filename(split_or_filename):
    """'ptb.<split>.txt' for a split name or a PTB file name; ValueError otherwise."""
    if split_or_filename in SHA256:
        return split_or_filename
    if split_or_filename in SPLITS:
        return FILENAMES[canonical_split(split_or_filename)]
    raise ValueError(f"unknown PTB file {split_or_filename!r}: choose one of "
                     + ", ".join(repr(name) for name in SPLITS + tuple(SHA256)))


def _stream(url, file, filename, folder, timeout):
    """Copy the response body at url into file; return its SHA-256 hex digest.

    PtbDataError if the server cannot be reached, or if fewer bytes arrive than announced.
    """
    try:
        response = urllib.request.urlopen(url, timeout=timeout)
    except (OSError, ValueError, http.client.HTTPException) as err:  # URLError, refusals, timeouts: OSError
        if isinstance(err, urllib.error.HTTPError):
            err.close()  # an HTTP error status comes with the server's answer, still open
        raise PtbDataError(
            f"Could not download {filename} from {url}: {_reason(err)}.\n"
            f"Without network access, {_offline_hint(filename, folder)}") from err
    with response:
        expected_size = _content_length(response)
        digest = hashlib.sha256()
        received = 0
        while True:
            try:
                chunk = response.read1(CHUNK_SIZE)  # whatever has arrived, up to CHUNK_SIZE
            except (OSError, http.client.HTTPException) as err:  # connection dropped or timed out
                raise PtbDataError(_incomplete_message(filename, url, folder, received, expected_size,
                                                       _reason(err))) from err
            if not chunk:
                break
            digest.update(chunk)
            file.write(chunk)
            received += len(chunk)
    if expected_size is not None and received < expected_size:
        raise PtbDataError(_incomplete_message(filename, url, folder, received, expected_size,
                                               'the connection closed early'))
    return digest.hexdigest()


def _content_length(response):
    """The size the server announced in bytes, or None if it did not send a valid one."""
    try:
        return int(response.headers.get('Content-Length'))
    except (TypeError, ValueError):
        return None


def _reason(err):
    """A short human description of a network error."""
    reason = getattr(err, 'reason', None)  # URLError wraps the real cause in .reason
    if reason is not None and not hasattr(err, 'code'):  # HTTPError: str(err) has the status code
        return str(reason)
    return str(err) or type(err).__name__


def _incomplete_message(filename, url, folder, received, expected_size, reason):
    announced = f"of {expected_size:,} " if expected_size is not None else ""
    return (f"The download of {filename} from {url} was incomplete: received {received:,} "
            f"{announced}bytes ({reason}). The file was not saved. Try again, or "
            f"{_offline_hint(filename, folder)}")


def _offline_hint(filename, folder):
    """How to provide a PTB file by hand."""
    return (f"copy {filename} into {folder} by hand (get it from {BASE_URL}{filename} "
            f"on a machine with network access), or set the environment variable {DATA_DIR_ENV} "
            f"to a folder that holds {', '.join(FILENAMES.values())}.")
