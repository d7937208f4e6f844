"""Tests of lib.datasets.ptb's downloads (and lib.datasets.http_download) against a local HTTP server.

No test reaches the internet: the server runs on 127.0.0.1 and serves fake PTB text, and every
test runs with RNNLM_PTB_URL pointing at a closed local port unless it says otherwise.
"""
import http.server
import os
import stat
import threading
import time
from dataclasses import dataclass
from types import SimpleNamespace

import numpy as np
import pytest
from ptb_fakes import FAKE_IDS, FAKE_TEXT, FAKE_WORDS, files_in, sha256

from lib.datasets import ptb

SESSION_URL = os.environ.get(ptb.URL_ENV)  # what the root conftest.py set for the whole session

# ---------------------------------------------------------------- a local HTTP server

@dataclass
class Reply:
    """What the server answers for one file name."""
    body: bytes = b''
    status: int = 200
    content_length: int = None  # None: the true length of body
    hang_before_headers: bool = False  # send nothing until the test ends
    hang_after_bytes: int = None  # send this many body bytes, then nothing until the test ends
    trickle_seconds: float = None  # send the body one byte at a time, this long apart


class FileHandler(http.server.BaseHTTPRequestHandler):
    replies = {}  # file name -> Reply; replaced by a fresh dict for each server
    requests = []
    release = None  # threading.Event set when the test ends

    def do_GET(self):
        self.requests.append(self.path)
        reply = self.replies.get(self.path.rsplit('/', 1)[-1], Reply(b'no such file', status=404))
        if reply.hang_before_headers:
            self.release.wait(10)
            return
        self.send_response(reply.status)
        length = len(reply.body) if reply.content_length is None else reply.content_length
        if length >= 0:  # a negative content_length: no header (the body ends when the connection closes)
            self.send_header('Content-Length', str(length))
        self.end_headers()
        try:
            if reply.hang_after_bytes is not None:
                self.wfile.write(reply.body[:reply.hang_after_bytes])
                self.wfile.flush()
                self.release.wait(10)
            elif reply.trickle_seconds is not None:
                for i in range(len(reply.body)):
                    self.wfile.write(reply.body[i:i + 1])
                    self.wfile.flush()
                    if self.release.wait(reply.trickle_seconds):
                        break
            else:
                self.wfile.write(reply.body)
        except OSError:  # the client hung up, as it should on a body it refuses
            pass

    def log_message(self, *args):  # keep the test output quiet
        pass


@pytest.fixture
def server():
    """A server on 127.0.0.1 (own thread); fill server.replies; server.url is the base URL."""
    handler = type('Handler', (FileHandler,), {'replies': {}, 'requests': [], 'release': threading.Event()})
    httpd = http.server.ThreadingHTTPServer(('127.0.0.1', 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={'poll_interval': 0.01}, daemon=True)
    thread.start()
    try:
        yield SimpleNamespace(url=f'http://127.0.0.1:{httpd.server_port}/lstm/data',
                              replies=handler.replies, requests=handler.requests)
    finally:
        handler.release.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


# ---------------------------------------------------------------- download

def test_download_then_load_data(server, fake_ptb, tmp_path, monkeypatch):
    server.replies.update({name: Reply(text) for name, text in fake_ptb.items()})

    path = ptb.download('train', data_dir=tmp_path, base_url=server.url)
    assert path == tmp_path.resolve() / 'ptb.train.txt'
    assert path.read_bytes() == fake_ptb['ptb.train.txt']
    assert files_in(tmp_path) == ['ptb.train.txt']

    monkeypatch.setenv(ptb.URL_ENV, server.url)  # load_data downloads the missing valid and test files
    corpus, word_to_id, id_to_word = ptb.load_data('train', data_dir=tmp_path)
    assert corpus.dtype == np.int32 and corpus.ndim == 1
    assert corpus.tolist() == FAKE_IDS['train']
    assert word_to_id == {word: i for i, word in enumerate(FAKE_WORDS)}
    assert id_to_word == dict(enumerate(FAKE_WORDS))
    for split in ('valid', 'test'):
        corpus, split_word_to_id, _ = ptb.load_data(split, data_dir=tmp_path)
        assert corpus.tolist() == FAKE_IDS[split]
        assert split_word_to_id == word_to_id  # valid and test use the train vocabulary

    assert server.requests == ['/lstm/data/ptb.train.txt', '/lstm/data/ptb.valid.txt',
                               '/lstm/data/ptb.test.txt']  # each file fetched once
    for name, text in fake_ptb.items():
        assert (tmp_path / name).read_bytes() == text
    assert not [name for name in files_in(tmp_path) if name.endswith('.tmp')]


def test_download_takes_a_file_name_and_the_url_from_the_environment(server, fake_ptb, tmp_path,
                                                                     monkeypatch):
    server.replies['ptb.valid.txt'] = Reply(fake_ptb['ptb.valid.txt'])
    monkeypatch.setenv(ptb.URL_ENV, server.url + '/')
    monkeypatch.setenv(ptb.DATA_DIR_ENV, str(tmp_path / 'new' / 'folder'))
    path = ptb.download('ptb.valid.txt')
    assert path == (tmp_path / 'new' / 'folder' / 'ptb.valid.txt').resolve()
    assert path.read_bytes() == fake_ptb['ptb.valid.txt']
    assert server.requests == ['/lstm/data/ptb.valid.txt']


def test_checksum_mismatch_saves_nothing(server, fake_ptb, tmp_path):
    damaged = fake_ptb['ptb.train.txt'].replace(b'dog', b'dig')
    server.replies['ptb.train.txt'] = Reply(damaged)
    with pytest.raises(ptb.PtbDataError) as caught:
        ptb.download('train', data_dir=tmp_path, base_url=server.url)
    message = str(caught.value)
    assert 'SHA-256' in message and 'ptb.train.txt' in message
    assert sha256(fake_ptb['ptb.train.txt']) in message  # expected
    assert sha256(damaged) in message  # actual
    assert 'not saved' in message
    assert files_in(tmp_path) == []


def test_real_checksums_reject_a_fake_file(server, tmp_path):
    server.replies['ptb.test.txt'] = Reply(FAKE_TEXT['ptb.test.txt'])
    real_test_sha256 = 'dd65dff31e70846b2a6030a87482edcd5d199130cdcfa1f3dccbb033728deee0'
    with pytest.raises(ptb.PtbDataError, match=real_test_sha256):
        ptb.download('test', data_dir=tmp_path, base_url=server.url)
    assert files_in(tmp_path) == []


def test_interrupted_transfer_saves_nothing(server, fake_ptb, tmp_path):
    text = fake_ptb['ptb.train.txt']
    server.replies['ptb.train.txt'] = Reply(text[:10], content_length=len(text))  # then the server closes
    with pytest.raises(ptb.PtbDataError) as caught:
        ptb.download('train', data_dir=tmp_path, base_url=server.url)
    message = str(caught.value)
    assert 'incomplete' in message and 'ptb.train.txt' in message
    assert f'received 10 of {len(text)} bytes' in message
    assert 'not saved' in message
    assert files_in(tmp_path) == []


def test_stalled_transfer_times_out_and_saves_nothing(server, fake_ptb, tmp_path):
    server.replies['ptb.train.txt'] = Reply(fake_ptb['ptb.train.txt'], hang_after_bytes=5)
    with pytest.raises(ptb.PtbDataError) as caught:
        ptb.download('train', data_dir=tmp_path, base_url=server.url, timeout=0.2)
    message = str(caught.value)
    assert 'incomplete' in message and 'received 5 of' in message and 'timed out' in message
    assert files_in(tmp_path) == []


def test_a_trickling_server_is_cut_off_at_the_deadline(server, fake_ptb, tmp_path):
    """Each byte comes well within the timeout, so only the overall deadline can stop it."""
    body = fake_ptb['ptb.train.txt'] * 10  # 280 bytes: 14 s at 0.05 s a byte
    server.replies['ptb.train.txt'] = Reply(body, trickle_seconds=0.05)
    started = time.monotonic()
    with pytest.raises(ptb.PtbDataError) as caught:
        ptb.download('train', data_dir=tmp_path, base_url=server.url, timeout=5, deadline=0.5)
    assert time.monotonic() - started < 3
    message = str(caught.value)
    assert 'incomplete' in message and 'deadline of 0.5 s' in message and 'not saved' in message
    assert files_in(tmp_path) == []


def test_an_announced_body_over_the_limit_is_refused_before_it_is_read(server, fake_ptb, tmp_path):
    """A server announcing 200 MB (and then sending slowly) is refused at its headers, with nothing written."""
    server.replies['ptb.train.txt'] = Reply(b'x' * 100, content_length=200 * 2**20, trickle_seconds=1)
    started = time.monotonic()
    with pytest.raises(ptb.PtbDataError) as caught:
        ptb.download('train', data_dir=tmp_path, base_url=server.url, timeout=5)
    assert time.monotonic() - started < 1  # not one trickled byte waited for
    message = str(caught.value)
    assert f'at most {ptb.MAX_DOWNLOAD_BYTES:,} bytes' in message and f'announced {200 * 2**20:,}' in message
    assert 'not saved' in message
    assert files_in(tmp_path) == []


def test_an_unannounced_body_over_the_limit_is_stopped_at_the_limit(server, fake_ptb, tmp_path, monkeypatch):
    server.replies['ptb.train.txt'] = Reply(b'y' * 5000, content_length=-1)  # no size announced

    class CountingFile:
        def __init__(self, file):
            self.file, self.size = file, 0

        def write(self, data):
            self.size += len(data)
            return self.file.write(data)
    files = []
    real_fetch = ptb.fetch

    def counting_fetch(url, file, *args):
        files.append(CountingFile(file))
        return real_fetch(url, files[-1], *args)
    monkeypatch.setattr(ptb, 'fetch', counting_fetch)
    with pytest.raises(ptb.PtbDataError, match=r'at most 1,000 bytes, but the server sent more'):
        ptb.download('train', data_dir=tmp_path, base_url=server.url, max_bytes=1000)
    assert files[0].size <= 1000  # it stopped at the limit, not after the whole body (5,000)
    assert files_in(tmp_path) == []


def test_silent_server_times_out(server, fake_ptb, tmp_path):
    server.replies['ptb.train.txt'] = Reply(fake_ptb['ptb.train.txt'], hang_before_headers=True)
    with pytest.raises(ptb.PtbDataError, match='Could not download ptb.train.txt.*timed out'):
        ptb.download('train', data_dir=tmp_path, base_url=server.url, timeout=0.2)
    assert files_in(tmp_path) == []


def test_http_error_is_reported(server, tmp_path):
    with pytest.raises(ptb.PtbDataError) as caught:  # the server has no files: 404
        ptb.download('valid', data_dir=tmp_path, base_url=server.url)
    message = str(caught.value)
    assert '404' in message and 'ptb.valid.txt' in message and str(tmp_path.resolve()) in message
    assert files_in(tmp_path) == []


def test_download_missing_fetches_only_the_missing_files(server, fake_ptb, tmp_path, monkeypatch):
    server.replies.update({name: Reply(text) for name, text in fake_ptb.items()})
    monkeypatch.setenv(ptb.URL_ENV, server.url)
    (tmp_path / 'ptb.valid.txt').write_bytes(fake_ptb['ptb.valid.txt'])
    assert ptb.download_missing(tmp_path) == [tmp_path.resolve() / 'ptb.train.txt',
                                              tmp_path.resolve() / 'ptb.test.txt']
    assert server.requests == ['/lstm/data/ptb.train.txt', '/lstm/data/ptb.test.txt']
    assert ptb.download_missing(tmp_path) == []  # nothing left to fetch
    assert len(server.requests) == 2
    assert files_in(tmp_path) == sorted(FAKE_TEXT)


def test_the_test_session_never_downloads(tmp_path, monkeypatch):
    """The root conftest.py points the loader at a closed local port for every test and notebook kernel."""
    assert SESSION_URL and SESSION_URL.startswith('http://127.0.0.1:')
    monkeypatch.setenv(ptb.URL_ENV, SESSION_URL)
    with pytest.raises(ptb.PtbDataError, match='Could not download ptb.train.txt from http://127.0.0.1:'):
        ptb.load_data('train', data_dir=tmp_path)
    assert files_in(tmp_path) == []


def test_a_downloaded_file_gets_the_usual_mode(server, fake_ptb, tmp_path):
    if os.name != 'posix':
        pytest.skip('file modes are POSIX')
    server.replies['ptb.test.txt'] = Reply(fake_ptb['ptb.test.txt'])
    umask = os.umask(0o022)
    try:
        path = ptb.download('test', data_dir=tmp_path, base_url=server.url)
    finally:
        os.umask(umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644  # readable by all, as a copied file would be


def test_a_folder_that_cannot_be_made_is_a_clear_error(server, fake_ptb, tmp_path):
    server.replies['ptb.train.txt'] = Reply(fake_ptb['ptb.train.txt'])
    blocker = tmp_path / 'a-file'
    blocker.write_text('not a folder')
    with pytest.raises(ptb.PtbDataError) as caught:
        ptb.download('train', data_dir=blocker / 'ptb', base_url=server.url)
    message = str(caught.value)
    assert 'Cannot save ptb.train.txt in' in message and ptb.DATA_DIR_ENV in message
    assert files_in(tmp_path) == ['a-file']


def test_a_failed_download_leaves_no_folder_it_made(server, tmp_path):
    """The folders made for the file are removed again; a folder that was there, or holds something, stays."""
    new_folder = tmp_path / 'new' / 'data' / 'ptb'
    with pytest.raises(ptb.PtbDataError, match='404'):  # the server has no files
        ptb.download('train', data_dir=new_folder, base_url=server.url)
    assert files_in(tmp_path) == []
    (tmp_path / 'new').mkdir()
    (tmp_path / 'new' / 'notes.txt').write_text('mine')
    with pytest.raises(ptb.PtbDataError, match='404'):
        ptb.download('train', data_dir=new_folder, base_url=server.url)
    assert files_in(tmp_path) == ['new'] and files_in(tmp_path / 'new') == ['notes.txt']


def test_a_download_removes_what_a_killed_download_left(server, fake_ptb, tmp_path):
    server.replies['ptb.test.txt'] = Reply(fake_ptb['ptb.test.txt'])
    stale, fresh = tmp_path / '.ptb.test.txt.0123abcd.tmp', tmp_path / '.ptb.test.txt.89abcdef.tmp'
    stale.write_bytes(b' cat'), fresh.write_bytes(b' ca')
    long_ago = time.time() - ptb.STALE_AFTER - 10
    os.utime(stale, (long_ago, long_ago))
    ptb.download('test', data_dir=tmp_path, base_url=server.url)
    assert files_in(tmp_path) == sorted([fresh.name, 'ptb.test.txt'])  # fresh: maybe another live download


