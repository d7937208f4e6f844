"""Fixtures of the PTB loader and download tests: no test here downloads unless it says so."""
import pytest
from ptb_fakes import FAKE_TEXT, closed_port_url, sha256

from lib.datasets import ptb


@pytest.fixture(autouse=True)
def offline_environment(monkeypatch):
    """Every test: downloads go to a closed local port unless the test says otherwise; no RNNLM_DATA_DIR."""
    monkeypatch.setenv(ptb.URL_ENV, closed_port_url())
    monkeypatch.delenv(ptb.DATA_DIR_ENV, raising=False)


@pytest.fixture
def fake_ptb(monkeypatch):
    """Make the loader expect the SHA-256 values of the small fake texts."""
    monkeypatch.setattr(ptb, 'SHA256', {name: sha256(text) for name, text in FAKE_TEXT.items()})
    return FAKE_TEXT
