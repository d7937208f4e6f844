"""What the PTB loader and download tests share: small fake PTB texts and a few helpers (fixtures: conftest.py)."""
import hashlib
import os
import socket

FAKE_TEXT = {
    'ptb.train.txt': b' the cat sat \n the dog ran \n',
    'ptb.valid.txt': b' the dog sat \n',
    'ptb.test.txt': b' cat ran \n',
}
FAKE_WORDS = ['the', 'cat', 'sat', '<eos>', 'dog', 'ran']  # in order of first appearance in train
FAKE_IDS = {'train': [0, 1, 2, 3, 0, 4, 5, 3], 'valid': [0, 4, 2, 3], 'test': [1, 5, 3]}


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def files_in(folder):
    return sorted(os.listdir(folder))


def closed_port_url():
    """A URL on 127.0.0.1 where nothing listens: connections are refused at once."""
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        port = sock.getsockname()[1]
    return f'http://127.0.0.1:{port}/ptb'


def write_fake_files(folder, texts=FAKE_TEXT):
    for name, text in texts.items():
        (folder / name).write_bytes(text)
