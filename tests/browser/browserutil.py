"""Helpers of the browser tests (servers, cleared notebook copies, screenshots); see conftest.py."""
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
BIN = Path(sys.executable).parent
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--no-first-run", "--disable-dev-shm-usage"]


def require_browser():
    missing = None
    if not CHROMIUM.exists():
        missing = f"{CHROMIUM} not found (install it with: apt-get install -y chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError as err:
            missing = f"the Python package playwright is not installed ({err})"
    if missing:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but {missing}")
        pytest.skip(f"browser tests skipped: {missing}")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, proc, timeout=60):
    """Wait until something listens on 127.0.0.1:port (or the server process exits)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with code {proc.returncode}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.3)
    raise TimeoutError(f"nothing listens on port {port} after {timeout} s")


def wait_http(url, proc, timeout=60):
    """Wait until url answers 200 (or the server process exits: then fail with its log)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with code {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise TimeoutError(f"no answer from {url} within {timeout} s")


def shutdown_kernels(base, token):
    """Shut down every kernel of a Jupyter server through its REST API."""
    with urllib.request.urlopen(f"{base}/api/kernels?token={token}", timeout=10) as response:
        kernels = json.load(response)
    for kernel in kernels:
        request = urllib.request.Request(f"{base}/api/kernels/{kernel['id']}?token={token}", method="DELETE")
        urllib.request.urlopen(request, timeout=10).close()


def stop(proc):
    """Stop a server we started, by its own PID."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


def cleared_copy(name, folder):
    """A copy of notebooks/<name> (name may be in a subfolder: ko/...) without outputs or execution counts."""
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    nb.metadata.pop("widgets", None)
    (folder / name).parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, folder / name)
    return nb


def server_env(tmp):
    env = dict(os.environ)
    env.setdefault("OPENBLAS_NUM_THREADS", "1")
    env.pop("MPLBACKEND", None)
    env["JUPYTER_CONFIG_DIR"] = str(tmp / "config")  # no user configuration leaks in
    env["JUPYTERLAB_SETTINGS_DIR"] = str(tmp / "settings")
    env["JUPYTERLAB_WORKSPACES_DIR"] = str(tmp / "workspaces")
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    return env


def write_lab_settings(settings):
    tracker = settings / "@jupyterlab" / "notebook-extension"
    tracker.mkdir(parents=True)
    (tracker / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    notification = settings / "@jupyterlab" / "apputils-extension"
    notification.mkdir(parents=True)
    (notification / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    # the tests read JupyterLab's English menus and status bar, whatever the machine's locale
    # (the Korean language pack is installed, and "default" would follow a Korean server locale)
    translation = settings / "@jupyterlab" / "translation-extension"
    translation.mkdir(parents=True)
    (translation / "plugin.jupyterlab-settings").write_text(json.dumps({"locale": "en"}))


def korean_fonts_config(folder):
    """A fontconfig file for Chromium: the system's fonts plus the NanumGothic files of the pinned package
    koreanize-matplotlib (the figures' Korean font), so that screenshots show the Korean edition's Hangul
    even on a machine without a Korean system font (a learner's own browser uses its system's fonts)."""
    from lib.viz.style import korean_font_file

    path = Path(folder) / "fonts.conf"
    path.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
                    '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
                    f"  <dir>{Path(korean_font_file()).parent}</dir>\n"
                    f"  <cachedir>{Path(folder) / 'cache'}</cachedir>\n</fontconfig>\n")
    return path


def screenshot(target, name):
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / name
    target.screenshot(path=str(path))
    return path
