"""The widgets in a real browser: JupyterLab runs each widget notebook, Voila serves the dashboard.

For each notebook: open a cleared copy, wait for the kernel, Run All Cells, check that every cell
ran, that no cell shows an error (other than cells tagged raises-exception, which are meant to fail),
that every widget drew a picture, then move one control of each widget and wait until its picture
(the img src) changes. Screenshots go to tests/browser/screenshots/ (git-ignored).
"""
import re

import pytest
from browserutil import cleared_copy, screenshot

from lib.viz.widgets import REVEAL_TITLE

WIDGET_NOTEBOOKS = ["5.1-language-models.ipynb", "5.2-what-is-an-rnn.ipynb", "5.5-training-rnnlm.ipynb"]
WIDGET_CELL = "# NBVAL_IGNORE_OUTPUT\n# interactive"

KERNEL_IDLE = """() => [...document.querySelectorAll('.jp-StatusBar-TextItem')]
                   .some(e => /\\|\\s*Idle/.test(e.textContent))"""
NOTEBOOK = ".jp-NotebookPanel:not(.lm-mod-hidden)"  # the notebook on screen (other tabs stay in the DOM)
# every code cell shows an execution count (a cell whose input is collapsed shows no prompt at all)
ALL_CELLS_RAN = """() => {
    const prompts = [...document.querySelectorAll('NOTEBOOK .jp-CodeCell .jp-InputPrompt')]
        .map(p => p.textContent.trim()).filter(t => t !== '');
    return prompts.length > 0 && prompts.every(t => /^\\[\\d+\\]/.test(t));
}""".replace("NOTEBOOK", NOTEBOOK)
IMG_CHANGED = """([panel, old]) => {
    const img = panel.querySelector('.widget-output img');
    return img !== null && img.src !== old;
}"""
ERROR_OUTPUTS = """() => [...document.querySelectorAll('NOTEBOOK .jp-OutputArea-output')]
    .filter(o => /Traceback \\(most recent call last\\)/.test(o.textContent)).length""".replace("NOTEBOOK", NOTEBOOK)

# how to move one control of each widget: (kind, which control, key or text)
MOVES = {
    "Unrolling explorer": ("slider", 0, "ArrowLeft"),           # T 8 -> 7
    "Mini-batch offsets": ("slider", 2, "ArrowRight"),          # iteration 0 -> 1
    "Gradients through time": ("slider", 0, "ArrowRight"),      # scale 0.80 -> 0.85
    "RNNLM inspector": ("text", 0, "the company said it"),
    "Language-model probability explorer": ("text", 0, "you say hello ."),
}


def img_src(panel):
    return panel.locator(".widget-output img").first.get_attribute("src")


def move_one_control(page, panel):
    """Move one control of a widget panel like a user; return the widget's title."""
    title = panel.locator(".widget-html").first.inner_text().splitlines()[0].strip()
    kind, index, action = MOVES[title]
    old = img_src(panel)
    if kind == "slider":
        slider = panel.locator(".widget-slider").nth(index)
        readout = slider.locator(".widget-readout").inner_text()
        handle = slider.locator(".noUi-handle").first
        handle.scroll_into_view_if_needed()
        handle.focus()
        page.keyboard.press(action)
        page.wait_for_function(IMG_CHANGED, arg=[panel.element_handle(), old], timeout=30_000)
        assert slider.locator(".widget-readout").inner_text() != readout
    else:
        box = panel.locator("input").nth(index)
        box.scroll_into_view_if_needed()
        box.fill(action)
        box.press("Enter")
        page.wait_for_function(IMG_CHANGED, arg=[panel.element_handle(), old], timeout=30_000)
    assert img_src(panel).startswith("data:image/png;base64,")
    return title


def slug(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@pytest.fixture
def on_failure(page, request):
    """Keep a screenshot and the cell prompts of a failed browser test."""
    yield
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        screenshot(page, f"FAILED-{slug(request.node.name)}.png")
        prompts = page.evaluate("() => [...document.querySelectorAll('.jp-InputPrompt')].map(p => p.textContent)")
        print("cell prompts at failure:", prompts)


@pytest.mark.parametrize("name", WIDGET_NOTEBOOKS)
def test_notebook_widgets_in_jupyterlab(lab, page, on_failure, name):
    base, token, root = lab
    nb = cleared_copy(name, root)
    n_widgets = sum(c.source.startswith(WIDGET_CELL) for c in nb.cells if c.cell_type == "code")
    n_meant_to_fail = sum("raises-exception" in c.metadata.get("tags", []) for c in nb.cells)
    assert n_widgets > 0

    # a workspace of its own, reset: no tab of an earlier test reopens
    page.goto(f"{base}/lab/workspaces/{slug(name)}/tree/{name}?reset&token={token}")
    page.wait_for_function(KERNEL_IDLE, timeout=60_000)
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()
    page.wait_for_function(ALL_CELLS_RAN, timeout=90_000)
    page.wait_for_function(KERNEL_IDLE, timeout=60_000)

    assert page.evaluate(ERROR_OUTPUTS) == n_meant_to_fail, "a cell shows an error"
    panels = page.locator(f"{NOTEBOOK} .rnn-widget")
    panels.first.wait_for(timeout=30_000)
    assert panels.count() == n_widgets, "every widget cell shows its widget"
    for i in range(n_widgets):
        panel = panels.nth(i)
        panel.locator(".widget-output img").wait_for(timeout=30_000)
        assert "error:" not in panel.inner_text()  # a failing callback would say so in the panel
    screenshot(page, f"lab-{slug(name)}-page.png")
    for i in range(n_widgets):
        panel = panels.nth(i)
        title = move_one_control(page, panel)
        screenshot(panel, f"lab-{slug(name)}-{i + 1}-{slug(title)}.png")


def test_dashboard_in_voila(voila_server, page, on_failure):
    page.goto(voila_server, timeout=90_000)
    panels = page.locator(".rnn-widget")
    page.wait_for_function("() => document.querySelectorAll('.rnn-widget .widget-output img').length >= 5",
                           timeout=90_000)
    assert panels.count() == 5
    assert "widgets ready: True" in page.inner_text("body")
    assert "Traceback" not in page.inner_text("body")
    screenshot(page, "voila-dashboard.png")
    titles = [move_one_control(page, panels.nth(i)) for i in range(5)]
    assert sorted(titles) == sorted(MOVES)
    screenshot(page, "voila-dashboard-moved.png")


def test_dashboard_answers_open_only_when_clicked(voila_server, page, on_failure):
    """Each widget of the presenter's path asks questions; each answer is hidden until its header is clicked."""
    page.goto(voila_server, timeout=90_000)
    page.wait_for_function("() => document.querySelectorAll('.rnn-widget .widget-output img').length >= 5",
                           timeout=90_000)
    panels = page.locator(".rnn-widget")
    assert "answers closed: True" in page.inner_text("body")
    for i in range(panels.count()):
        reveals = panels.nth(i).locator(".rnn-reveal")
        assert reveals.count() >= 1, "every widget asks the class at least one question"
        for j in range(reveals.count()):
            assert not reveals.nth(j).locator(".widget-html-content").is_visible(), "an answer shows unasked"
        first = reveals.first
        first.scroll_into_view_if_needed()
        first.get_by_text(REVEAL_TITLE).click()
        first.locator(".widget-html-content").wait_for(state="visible", timeout=10_000)
        assert first.locator(".widget-html-content").inner_text().strip()
    screenshot(page, "voila-dashboard-answers.png")
