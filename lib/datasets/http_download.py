"""Copy one file from an HTTP(S) address into an open file, within a timeout, a deadline and a size limit.

    with open(path, 'wb') as file:
        sha256_hex = fetch(url, file, 'ptb.train.txt', timeout=30, deadline=300, max_bytes=16 * 2**20)

Any failure is a DownloadError whose message says what happened; the caller adds what to do.
Written by hand rather than with a download library (pooch): pooch replaces a local file whose
checksum is wrong, saves with mode 0600, and offers no overall deadline or size limit for a server
that trickles or sends too much. Standard library only.
"""
import hashlib
import http.client
import time
import urllib.error
import urllib.request

CHUNK_SIZE = 64 * 1024  # bytes read at a time


class DownloadError(RuntimeError):
    """A download failed; reached_server says whether the server answered at all."""

    def __init__(self, message, reached_server):
        super().__init__(message)
        self.reached_server = reached_server


def fetch(url, file, name, timeout, deadline, max_bytes):
    """Write the body at url into file (open for binary writing); return its SHA-256 hex digest.

    name: what the messages call the file. timeout: seconds to wait for the server at any moment;
    deadline: seconds for the whole download, checked as bytes arrive (so it may run over by up to
    timeout); max_bytes: a larger body is refused, before a byte is written if the server announces
    its size. DownloadError if the server cannot be reached, sends fewer bytes than announced or
    more than max_bytes, or is too slow.
    """
    started = time.monotonic()
    try:
        response = urllib.request.urlopen(url, timeout=timeout)
    except (OSError, ValueError, http.client.HTTPException) as err:  # URLError, refusals, timeouts: OSError
        if isinstance(err, urllib.error.HTTPError):
            err.close()  # an HTTP error status comes with the server's answer, still open
        raise DownloadError(f"Could not download {name} from {url}: {_reason(err)}.", False) from err
    with response:
        expected_size = _content_length(response)
        if expected_size is not None and expected_size > max_bytes:
            raise DownloadError(_too_large(name, url, max_bytes, f"the server announced {expected_size:,}"), True)
        digest = hashlib.sha256()
        received = 0
        while True:
            try:
                chunk = response.read1(CHUNK_SIZE)  # whatever has arrived, up to CHUNK_SIZE
            except (OSError, http.client.HTTPException) as err:  # connection dropped or timed out
                raise DownloadError(_incomplete(name, url, received, expected_size, _reason(err)), True) from err
            if not chunk:
                break
            if received + len(chunk) > max_bytes:
                raise DownloadError(_too_large(name, url, max_bytes, "the server sent more"), True)
            digest.update(chunk)
            file.write(chunk)
            received += len(chunk)
            if time.monotonic() - started > deadline:
                reason = f"too slow: not done within the deadline of {deadline} s"
                raise DownloadError(_incomplete(name, url, received, expected_size, reason), True)
    if expected_size is not None and received < expected_size:
        raise DownloadError(_incomplete(name, url, received, expected_size, "the connection closed early"), True)
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


def _incomplete(name, url, received, expected_size, reason):
    announced = f"of {expected_size:,} " if expected_size is not None else ""
    return f"The download of {name} from {url} was incomplete: received {received:,} {announced}bytes ({reason})."


def _too_large(name, url, max_bytes, what):
    return f"The download of {name} from {url} was stopped: {name} has at most {max_bytes:,} bytes, but {what}."
