"""The widgets in a real browser: JupyterLab runs each widget notebook, Voila serves the dashboard.

For each notebook: open a cleared copy, wait for the kernel, Run All Cells, check that every cell
ran, that no cell shows an error (other than cells tagged raises-exception, which are meant to fail),
that every widget drew a picture, then move one control of each widget and wait until its picture
(the img src) changes. Screenshots go to tests/browser/screenshots/ (git-ignored).

The Korean edition too: JupyterLab runs notebooks/ko/5.2-RNN이란.ipynb, and Voila serves both dashboards
(notebooks/dashboard.ipynb and notebooks/ko/대시보드.ipynb): each widget is found by its title in its
edition's language (lib.viz.korean), and the Korean one's questions, answers and labels are checked to be Korean.
"""
import re
from urllib.parse import quote

import pytest
from browserutil import cleared_copy, screenshot

from lib.language import LANGUAGES
from lib.viz.korean import tr
from lib.viz.widgets import reveal_title

WIDGET_NOTEBOOKS = ["5.1-language-models.ipynb", "5.2-what-is-an-rnn.ipynb", "5.5-training-rnnlm.ipynb",
                    "ko/5.2-RNN이란.ipynb"]
WIDGET_CELL = "# NBVAL_IGNORE_OUTPUT\n# interactive"
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def language_of(name):
    """The edition of a notebook: notebooks/ko/ holds the Korean one."""
    return "ko" if name.startswith("ko/") else "en"

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

# how to move one control of each widget, by its English title: (kind, which control, key or text)
MOVES = {
    "Unrolling explorer": ("slider", 0, "ArrowLeft"),           # T 8 -> 7
    "Mini-batch offsets": ("slider", 2, "ArrowRight"),          # iteration 0 -> 1
    "Gradients through time": ("slider", 0, "ArrowRight"),      # scale 0.80 -> 0.85
    "RNNLM inspector": ("text", 0, "the company said it"),
    "Language-model probability explorer": ("text", 0, "you say hello ."),
}
# a widget's title as shown, in either edition -> its English title
ENGLISH_TITLE = {tr(title, lang): title for title in MOVES for lang in LANGUAGES}


def img_src(panel):
    return panel.locator(".widget-output img").first.get_attribute("src")


def move_one_control(page, panel):
    """Move one control of a widget panel like a user; return the widget's title (as shown)."""
    title = panel.locator(".widget-html").first.inner_text().splitlines()[0].strip()
    kind, index, action = MOVES[ENGLISH_TITLE[title]]
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
    return re.sub(r"[^a-z0-9\uac00-\ud7a3]+", "-", text.lower()).strip("-")


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
    lang = language_of(name)
    nb = cleared_copy(name, root)
    n_widgets = sum(c.source.startswith(WIDGET_CELL) for c in nb.cells if c.cell_type == "code")
    n_meant_to_fail = sum("raises-exception" in c.metadata.get("tags", []) for c in nb.cells)
    assert n_widgets > 0

    # a workspace of its own, reset: no tab of an earlier test reopens
    workspace = f"ws{WIDGET_NOTEBOOKS.index(name)}"
    page.goto(f"{base}/lab/workspaces/{workspace}/tree/{quote(name)}?reset&token={token}")
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
        error = tr("error: {kind}: {message}", lang).split("{")[0]
        assert error not in panel.inner_text()  # a failing callback would say so in the panel
    screenshot(page, f"lab-{slug(name)}-page.png")
    for i in range(n_widgets):
        panel = panels.nth(i)
        title = move_one_control(page, panel)
        assert title == tr(ENGLISH_TITLE[title], lang), f"a widget of the {lang} edition is titled {title!r}"
        if lang == "ko":
            assert_korean_labels(panel)
        screenshot(panel, f"lab-{slug(name)}-{i + 1}-{slug(title)}.png")


def assert_korean_labels(panel):
    """The labels of a Korean panel as the browser shows them: title, subtitle, control labels, buttons."""
    shown = panel.locator(".widget-html").first.inner_text().strip().splitlines()
    texts = panel.locator(".widget-label, .widget-toggle-button, .widget-checkbox label").all_inner_texts()
    labels = [t.strip("\u200b \n") for t in texts if t.strip("\u200b \n")]  # (an empty label holds a \u200b)
    for text in shown + labels:
        if not re.fullmatch(r"[\w\u03c3\u2090-\u209c()]+", text):  # identifiers: time_size, σmax(Wh)
            assert HANGUL.search(text), f"not Korean in the browser: {text!r}"


# what each dashboard's last cell prints: every widget drew, every answer is closed
READY = {"en": ("widgets ready: True", "answers closed: True"),
         "ko": ("위젯 준비 완료: True", "답이 모두 닫혀 있음: True")}


def test_dashboard_in_voila(voila_server, page, on_failure):
    url, lang = voila_server
    page.goto(url, timeout=90_000)
    panels = page.locator(".rnn-widget")
    page.wait_for_function("() => document.querySelectorAll('.rnn-widget .widget-output img').length >= 5",
                           timeout=90_000)
    assert panels.count() == 5
    assert READY[lang][0] in page.inner_text("body")
    assert "Traceback" not in page.inner_text("body")
    assert "findfont" not in page.inner_text("body"), "a font warning shows on the projector"
    screenshot(page, f"voila-dashboard-{lang}.png")
    titles = [move_one_control(page, panels.nth(i)) for i in range(5)]
    assert sorted(titles) == sorted(tr(title, lang) for title in MOVES)
    if lang == "ko":
        for i in range(5):
            assert_korean_labels(panels.nth(i))
    screenshot(page, f"voila-dashboard-{lang}-moved.png")


def test_dashboard_answers_open_only_when_clicked(voila_server, page, on_failure):
    """Each widget of the presenter's path asks questions; each answer is hidden until its header is clicked."""
    url, lang = voila_server
    page.goto(url, timeout=90_000)
    page.wait_for_function("() => document.querySelectorAll('.rnn-widget .widget-output img').length >= 5",
                           timeout=90_000)
    panels = page.locator(".rnn-widget")
    assert READY[lang][1] in page.inner_text("body")
    for i in range(panels.count()):
        questions = panels.nth(i).locator(".rnn-questions > .widget-html")
        reveals = panels.nth(i).locator(".rnn-reveal")
        assert reveals.count() >= 1, "every widget asks the class at least one question"
        assert questions.count() == reveals.count()
        if lang == "ko":  # the questions the class reads on the projector are Korean
            for text in questions.all_inner_texts():
                assert HANGUL.search(text) and text.startswith("질문"), text
        for j in range(reveals.count()):
            assert not reveals.nth(j).locator(".widget-html-content").is_visible(), "an answer shows unasked"
        first = reveals.first
        first.scroll_into_view_if_needed()
        first.get_by_text(reveal_title(lang)).click()
        first.locator(".widget-html-content").wait_for(state="visible", timeout=10_000)
        answer = first.locator(".widget-html-content").inner_text().strip()
        assert answer and (lang == "en" or HANGUL.search(answer)), answer
        for j in range(1, reveals.count()):  # opening one answer opens no other
            assert not reveals.nth(j).locator(".widget-html-content").is_visible()
    screenshot(page, f"voila-dashboard-{lang}-answers.png")
