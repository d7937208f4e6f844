"""Browser tests: JupyterLab and Voila in headless Chromium, driven by Playwright for Python.

Debian's Chromium at /usr/bin/chromium is used (never `playwright install`). Without it the tests
are skipped with a message, unless REQUIRE_BROWSER=1 (CI), where a missing browser is a failure.

Set-up that each avoided a real failure (see the project's notes on testing JupyterLab):
servers on 127.0.0.1 on a free port with port_retries=0, started as their own process and stopped
by PID; --allow-root when run as root; a private JUPYTERLAB_SETTINGS_DIR with windowingMode "none"
(every cell rendered) and fetchNews off; a temporary JUPYTERLAB_WORKSPACES_DIR; copies of the
notebooks with their outputs cleared, in a temporary folder, so stored outputs cannot satisfy a wait.
"""
import os
import secrets
import subprocess
from contextlib import contextmanager

import pytest
from browserutil import (
    BIN,
    CHROMIUM,
    LAUNCH_ARGS,
    cleared_copy,
    free_port,
    korean_fonts_config,
    require_browser,
    server_env,
    shutdown_kernels,
    stop,
    wait_http,
    wait_port,
    write_lab_settings,
)


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    require_browser()
    from playwright.sync_api import sync_playwright

    fonts = korean_fonts_config(tmp_path_factory.mktemp("fonts"))
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS,
                                     env={**os.environ, "FONTCONFIG_FILE": str(fonts)})
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    yield page
    context.close()


@contextmanager
def running(cmd, root, tmp, log_name):
    """Run a server command in `root` as its own process (yielded), logging to tmp/log_name; print
    the log's end if the block fails, and stop the process (by its PID) in any case."""
    log = open(tmp / log_name, "w")
    proc = subprocess.Popen(cmd, cwd=root, env=server_env(tmp), stdout=log, stderr=subprocess.STDOUT)
    try:
        yield proc
    except Exception:
        log.flush()
        print((tmp / log_name).read_text()[-3000:])
        raise
    finally:
        stop(proc)
        log.close()


@pytest.fixture(scope="module")
def lab_server(tmp_path_factory):
    """JupyterLab serving cleared copies of the widget notebooks; yields (base url, token, folder)."""
    require_browser()
    tmp = tmp_path_factory.mktemp("lab")
    root = tmp / "notebooks"
    root.mkdir()
    write_lab_settings(tmp / "settings")
    (tmp / "workspaces").mkdir()
    port, token = free_port(), secrets.token_hex(16)
    cmd = [str(BIN / "jupyter"), "lab", "--no-browser", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
           "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
           "--LabApp.news_url=", "--ServerApp.open_browser=False"]
    if os.geteuid() == 0:
        cmd.append("--allow-root")
    with running(cmd, root, tmp, "lab.log") as proc:
        wait_http(f"http://127.0.0.1:{port}/api/status?token={token}", proc)
        yield f"http://127.0.0.1:{port}", token, root


DASHBOARDS = {"en": "dashboard.ipynb", "ko": "ko/대시보드.ipynb"}  # as `make demo EDITION=...` serves them


@pytest.fixture(scope="module", params=sorted(DASHBOARDS))
def voila_server(request, tmp_path_factory):
    """Voila serving the English or the Korean dashboard (as `make demo` does, on a free port); yields
    (its url, the edition's language)."""
    require_browser()
    lang = request.param
    tmp = tmp_path_factory.mktemp(f"voila-{lang}")
    root = tmp / "notebooks"
    root.mkdir()
    cleared_copy(DASHBOARDS[lang], root)
    port = free_port()
    cmd = [str(BIN / "voila"), "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1", "--Voila.port_retries=0",
           str(root / DASHBOARDS[lang])]
    with running(cmd, root, tmp, "voila.log") as proc:
        wait_port(port, proc)  # (a request for the page would already run the notebook once)
        yield f"http://127.0.0.1:{port}/", lang


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Make each phase's report available to fixtures (item.rep_call), for screenshots on failure."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture
def lab(lab_server):
    """The JupyterLab server; the kernels a test started are shut down after it (they would keep
    running, and taking CPU, until the end of the module)."""
    yield lab_server
    base, token, _ = lab_server
    shutdown_kernels(base, token)
