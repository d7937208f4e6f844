"""The set-up in the root conftest.py applies to every pytest run, from any folder."""
import os
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parents[1]


def root_conftest(config):
    """The conftest.py module at the repository root, as pytest loaded it."""
    for plugin in config.pluginmanager.get_plugins():
        if getattr(plugin, "__file__", None) and Path(plugin.__file__).resolve() == ROOT / "conftest.py":
            return plugin
    raise AssertionError("pytest did not load the root conftest.py")


@pytest.mark.parametrize("start", ["tmp", "notebooks", "root"])
def test_the_sanitize_file_is_found_from_any_folder(request, tmp_path, monkeypatch, start):
    monkeypatch.chdir({"tmp": tmp_path, "notebooks": ROOT / "notebooks", "root": ROOT}[start])
    config = SimpleNamespace(option=SimpleNamespace(nbval_sanitize_with="tests/sanitize.cfg"), rootpath=ROOT)
    root_conftest(request.config).pytest_configure(config)
    assert os.path.isfile(config.option.nbval_sanitize_with)
    assert Path(config.option.nbval_sanitize_with).resolve() == ROOT / "tests" / "sanitize.cfg"


def test_a_sanitize_file_of_ones_own_is_kept(request, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mine.cfg").write_text("[x]\nregex: y\nreplace: z\n")
    for given in ["mine.cfg", str(tmp_path / "mine.cfg"), None]:
        config = SimpleNamespace(option=SimpleNamespace(nbval_sanitize_with=given), rootpath=ROOT)
        root_conftest(request.config).pytest_configure(config)
        assert config.option.nbval_sanitize_with == given


def test_the_session_environment():
    """Set for the tests and inherited by the notebook kernels they start."""
    assert os.environ["RNNLM_PTB_URL"].startswith("http://127.0.0.1:1/")
    assert os.environ.get("OPENBLAS_NUM_THREADS")
