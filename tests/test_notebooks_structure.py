"""The notebooks' structure, read from the stored .ipynb files (no kernel): hidden solutions, a checker
for every exercise, static pictures for the widgets, and the dashboard's presenter's path.

- A solution cell (tag "solution") is collapsed with its outputs hidden (`jupyter.source_hidden` and
  `jupyter.outputs_hidden`), so neither its code nor what it prints shows before the learner asks;
  a cell that looks like a solution ("# Solution" first, or defining solution_*/Solution*) carries the tag.
- Every exercise (a markdown "### Exercise N" heading or a "**Exercise N.**" paragraph) is followed, in its
  section, by a cell that runs its checker (made from lib.exercises, which the tests of the exercises feed
  wrong answers) and by a solution cell; run on the learner's untouched scaffold, the checker says
  "not attempted yet".
- Widget cells of the notebooks a static render must show (5.1, 5.2, 5.5, dashboard) store the widget's
  picture as image/png, and no widget-view reference or widget state (notebooks/execute.py strips them).

Both editions: the Korean notebooks (notebooks/ko/) mark exercises "연습 문제 N" and their checkers say
"아직 풀지 않았습니다" on the scaffold.
"""
import importlib.util
import re
from pathlib import Path

import nbformat
import pytest

NOTEBOOKS_DIR = Path(__file__).resolve().parents[1] / "notebooks"
KOREAN_DIR = NOTEBOOKS_DIR / "ko"
NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb")) + sorted(KOREAN_DIR.glob("*.ipynb"))
STATIC_PICTURES = ["5.1-language-models.ipynb", "5.2-what-is-an-rnn.ipynb", "5.5-training-rnnlm.ipynb",
                   "dashboard.ipynb"]
STATIC_PICTURES += [str(p.relative_to(NOTEBOOKS_DIR)) for p in sorted(KOREAN_DIR.glob("*.ipynb"))
                    if p.name.split("-")[0] in ("5.1", "5.2", "5.5", "대시보드.ipynb")]
DASHBOARDS = [NOTEBOOKS_DIR / "dashboard.ipynb"] + sorted(KOREAN_DIR.glob("대시보드.ipynb"))
NOT_ATTEMPTED = ("not attempted yet", "아직 풀지 않았습니다")
WIDGET_CELL = "# NBVAL_IGNORE_OUTPUT\n# interactive"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

EXERCISE = re.compile(r"^(?:(#{1,6})\s*|\*\*)(?:Exercise|연습\s*문제)\s+(\d+)\b", re.M)
HEADING = re.compile(r"^(#{1,6})\s", re.M)
LOOKS_LIKE_SOLUTION = re.compile(r"\A\s*#\s*solution\b|^(?:def|class)\s+(?:solution_|Solution)", re.I | re.M)
CHECKER_CALL = re.compile(r"(?<!def )\bcheck\w*\s*\(|\bexercises\.\w+\s*\(")


def read(path):
    return nbformat.read(path, as_version=4)


def is_solution(cell):
    return "solution" in cell.metadata.get("tags", [])


def exercises(nb):
    """[(number, title line, [cells of its section])]: a section runs from the exercise's marker to the next
    exercise, or to the next heading of the same or a higher level (level 2 for a bold "**Exercise N.**")."""
    found = []
    current = None
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            markers = list(EXERCISE.finditer(cell.source))
            headings = [len(m.group(1)) for m in HEADING.finditer(cell.source)]
            if markers:
                for m in markers:
                    level = len(m.group(1)) if m.group(1) else 2
                    line = cell.source[m.start():].splitlines()[0]
                    current = (int(m.group(2)), line, [], level)
                    found.append(current)
                continue
            if current is not None and headings and min(headings) <= current[3]:
                current = None
        if current is not None:
            current[2].append(cell)
    return [(number, line, cells) for number, line, cells, _ in found]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_solution_cells_are_collapsed_with_outputs_hidden(path):
    nb = read(path)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and LOOKS_LIKE_SOLUTION.search(cell.source):
            assert is_solution(cell), f"{path.name} cell {i} looks like a solution: tag it 'solution'"
        if is_solution(cell):
            assert cell.cell_type == "code", f"{path.name} cell {i}: a solution is a code cell"
            jupyter = cell.metadata.get("jupyter", {})
            assert jupyter.get("source_hidden") is True, f"{path.name} cell {i}: solution not collapsed"
            assert jupyter.get("outputs_hidden") is True, f"{path.name} cell {i}: the solution's outputs show"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_exercise_has_a_checker_and_a_solution(path):
    nb = read(path)
    for _, line, cells in exercises(nb):
        code = [c for c in cells if c.cell_type == "code"]
        checkers = [c for c in code if not is_solution(c) and CHECKER_CALL.search(c.source)]
        assert checkers, f"{path.name}, {line!r}: no cell runs a checker"
        assert any(is_solution(c) for c in code), f"{path.name}, {line!r}: no solution cell (tag 'solution')"
        for checker in checkers:
            if checker.get("execution_count") is None:
                continue  # not executed: nothing stored to read
            printed = "".join(o.get("text", "") for o in checker.outputs if o.output_type == "stream")
            assert any(text in printed for text in NOT_ATTEMPTED), (
                f"{path.name}, {line!r}: the checker run on the scaffold should say {NOT_ATTEMPTED} "
                f"(does the scaffold hold an answer?); it printed {printed[:200]!r}")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_checkers_live_in_lib_exercises(path):
    """Checkers are importable, so that tests can feed them wrong answers: none is defined in a notebook."""
    nb = read(path)
    if not exercises(nb):
        pytest.skip("no exercises")
    sources = [c.source for c in nb.cells if c.cell_type == "code"]
    assert any(re.search(r"\bfrom lib import\b.*\bexercises\b|\bimport lib\.exercises\b|\blib\.exercises\b", s)
               for s in sources), f"{path.name} has exercises but does not import lib.exercises"
    defined = [m.group(0) for s in sources for m in re.finditer(r"^def check\w*", s, re.M)]
    assert not defined, f"{path.name} defines its own checkers {defined}: move them to lib/exercises/"


def test_the_exercise_parser():
    nb = nbformat.v4.new_notebook()
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    assert [m.group(2) for m in EXERCISE.finditer("### 연습 문제 4\n**연습 문제 5.** 풀어 보세요")] == ["4", "5"]
    solution = code("# Solution\nx = 1", metadata={"tags": ["solution"]})
    nb.cells = [md("## Exercises\n\n**Exercise 1.** Do it."), code("my = None"), code("check_1(my)"), solution,
                md("**Exercise 2.** Again."), code("check_2(None)"), md("### Exercise 3: more"), code("a = 1"),
                md("#### A hint inside"), code("check_3(a)"), md("## Summary"), code("check_other()")]
    found = exercises(nb)
    assert [(n, len(cells)) for n, _, cells in found] == [(1, 3), (2, 1), (3, 3)]
    assert found[2][1] == "### Exercise 3: more"
    assert not CHECKER_CALL.search("def check_exercise_1(answer):") and CHECKER_CALL.search("check(x)")
    assert LOOKS_LIKE_SOLUTION.search("# solution: scan a few scales") and not LOOKS_LIKE_SOLUTION.search("x = 1")


@pytest.mark.parametrize("name", STATIC_PICTURES)
def test_widgets_store_their_picture_for_static_renders(name):
    """GitHub and nbviewer show the stored image/png of each widget cell (no <... widget> placeholder)."""
    nb = read(NOTEBOOKS_DIR / name)
    assert "widgets" not in nb.metadata, "saved widget state: notebooks/execute.py strips it"
    widget_cells = [c for c in nb.cells if c.cell_type == "code" and c.source.startswith(WIDGET_CELL)]
    assert widget_cells, f"{name} has no widget cell"
    for cell in widget_cells:
        if cell.execution_count is None:
            pytest.skip(f"{name} is stored without outputs")
        bundles = [o.get("data", {}) for o in cell.outputs if o.output_type in ("execute_result", "display_data")]
        pictures = [b for b in bundles if "image/png" in b]
        assert pictures, f"{name}: a widget cell stores no picture:\n{cell.source}"
        assert not any(WIDGET_VIEW in b for b in bundles), f"{name}: a stored widget-view (random model id)"


def load_execute():
    spec = importlib.util.spec_from_file_location("execute_notebooks", NOTEBOOKS_DIR / "execute.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_execute_keeps_the_picture_and_drops_the_dead_widget_reference():
    execute = load_execute()
    nb = nbformat.v4.new_notebook()
    view = {"version_major": 2, "version_minor": 0, "model_id": "0123abcd"}
    with_picture = nbformat.v4.new_output("execute_result", {execute.WIDGET_VIEW: view, "image/png": "iVBORw0KGgo=",
                                                             "text/plain": "<A widget>"}, execution_count=1)
    without = nbformat.v4.new_output("display_data", {execute.WIDGET_VIEW: view, "text/plain": "<B widget>"})
    nb.cells = [nbformat.v4.new_code_cell("a", outputs=[with_picture], execution_count=1),
                nbformat.v4.new_code_cell("b", outputs=[without], execution_count=2)]
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    assert execute.strip_widget_views(nb) == 1  # one widget output has no picture to show
    assert set(nb.cells[0].outputs[0].data) == {"image/png", "text/plain"}
    assert set(nb.cells[1].outputs[0].data) == {"text/plain"}
    assert "widgets" not in nb.metadata


@pytest.mark.parametrize("path", DASHBOARDS, ids=lambda p: p.name)
def test_the_dashboard_follows_the_presenters_path(path):
    """The dashboard shows the widgets of lib.viz.widgets.PRESENTER_PATH, in its order (the chapter's)."""
    from lib.viz import widgets

    nb = read(path)
    keys = [m.group(1) for c in nb.cells if c.cell_type == "code"
            for m in re.finditer(r"widgets\.for_class\(\"(\w+)\"", c.source)]
    assert keys == [stop.key for stop in widgets.PRESENTER_PATH]
    first_sections = [tuple(int(x) for x in stop.section.split("-")[0].split(".")) for stop in widgets.PRESENTER_PATH]
    assert first_sections == sorted(first_sections), "the presenter's path follows the chapter"
    headings = [c.source for c in nb.cells if c.cell_type == "markdown" and c.source.startswith("## ")]
    assert len(headings) == len(keys)
    for heading, stop in zip(headings, widgets.PRESENTER_PATH):
        assert stop.section.split("-")[0] in heading, (heading, stop.section)


# ---------------------------------------------------------------- the README's errata list matches the notebooks

README = NOTEBOOKS_DIR.parent / "README.md"
# (what the README quotes of the notes' code, the notebooks that teach that erratum where its code is taught)
ERRATA = [
    ("astye", ["5.5-training-rnnlm.ipynb"]),
    ("np.zeros(H)", ["5.5-training-rnnlm.ipynb"]),
    ("N x H, H x H, N x 1", ["5.2-what-is-an-rnn.ipynb", "5.3-rnn-implementation.ipynb"]),
    ("[0, ..., 100]", ["5.5-training-rnnlm.ipynb"]),
    ("[0, ..., 20]", ["5.5-training-rnnlm.ipynb"]),
    ("900, 1000", ["5.2-what-is-an-rnn.ipynb"]),
    ("dtype='f'", ["5.3-rnn-implementation.ipynb"]),
]
# what is NOT an erratum: the notes' TimeRNN.backward cell is complete (it is the book's code)
BACKWARD_CUT_OFF = re.compile(r"backward[^.;:]*\b(?:stops?|cut off|cut-off)\b[^.;:]*mid-loop|"
                              r"backward and training cells", re.I)


def notebook_text(name):
    return "\n".join(c.source for c in read(NOTEBOOKS_DIR / name).cells)


@pytest.mark.parametrize("quote, names", ERRATA, ids=[q for q, _ in ERRATA])
def test_readme_errata_are_taught_in_the_notebooks(quote, names):
    readme = README.read_text(encoding="utf-8")
    assert quote in readme, f"the README's errata list does not name {quote!r}"
    for name in names:
        assert quote in notebook_text(name), f"the README names {quote!r}, notebook {name} does not teach it"


@pytest.mark.parametrize("quote, names", ERRATA, ids=[q for q, _ in ERRATA])
def test_the_korean_edition_teaches_the_errata_too(quote, names):
    for name in names:
        korean = sorted(KOREAN_DIR.glob(name.split("-")[0] + "-*.ipynb"))
        if not korean:
            pytest.skip(f"no Korean edition of {name} yet")
        text = "\n".join(c.source for c in read(korean[0]).cells)
        assert quote in text, f"{korean[0].name} does not teach the erratum {quote!r} that {name} teaches"


def test_readme_ko_maps_every_korean_notebook_and_lists_the_errata():
    readme = (NOTEBOOKS_DIR.parent / "README.ko.md").read_text(encoding="utf-8")
    links = re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", readme)
    local = [link for link in links if "://" not in link]
    broken = [link for link in local if not (NOTEBOOKS_DIR.parent / link).exists()]
    assert not broken, f"README.ko.md links to missing files: {broken}"
    for path in sorted(KOREAN_DIR.glob("*.ipynb")):
        assert f"notebooks/ko/{path.name}" in local, f"README.ko.md does not link {path.name}"
    for quote, _ in ERRATA:
        assert quote in readme, f"README.ko.md's errata do not name {quote!r}"
    assert README.read_text(encoding="utf-8").count("README.ko.md") >= 1, "README.md does not link README.ko.md"


def test_nobody_calls_the_notes_time_rnn_backward_cut_off():
    assert not BACKWARD_CUT_OFF.search(README.read_text(encoding="utf-8")), "README: the backward cell is complete"
    for path in NOTEBOOKS:
        for cell in read(path).cells:
            if cell.cell_type == "markdown":
                assert not BACKWARD_CUT_OFF.search(cell.source), f"{path.name}: the notes' backward cell is complete"
    assert "complete" in notebook_text("5.3-rnn-implementation.ipynb")
