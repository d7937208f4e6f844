"""The layout keeps its promises, checked by the tools configured in pyproject.toml.

- import-linter: the numpy core (lib's top level, lib.datasets, lib.exercises) imports no matplotlib, ipywidgets,
  IPython, PIL, argparse, lib.viz or lib.cli; lib.viz imports neither lib.cli nor argparse.
- ruff: lint (pycodestyle, pyflakes, import order, bugbear) of every Python file and notebook.
Each check is also run on a small broken copy, to show that it can fail.
"""
import ast
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent  # the environment's console scripts: lint-imports, ruff


def run(command, cwd):
    """(exit code, stdout + stderr) of command run in cwd."""
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=120)
    return done.returncode, done.stdout + done.stderr


def lint_imports(cwd):
    return run([str(BIN / "lint-imports"), "--no-cache"], cwd)


def ruff(cwd, *paths):
    return run([str(BIN / "ruff"), "check", "--no-cache", "--output-format", "concise", *paths], cwd)


def copy_of_lib(destination):
    """A copy of lib's Python files and of pyproject.toml, where contracts can be broken safely."""
    shutil.copy(ROOT / "pyproject.toml", destination)
    for source in (ROOT / "lib").rglob("*.py"):
        target = destination / source.relative_to(ROOT)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, target)
    return destination


def test_the_import_contracts_are_kept():
    code, output = lint_imports(ROOT)
    assert code == 0, output
    assert "2 kept, 0 broken" in output


def test_the_import_contracts_catch_a_broken_layout(tmp_path):
    copy = copy_of_lib(tmp_path)
    (copy / "lib" / "core_that_draws.py").write_text("import matplotlib.pyplot as plt\n")
    (copy / "lib" / "core_that_parses.py").write_text("import argparse\n")
    (copy / "lib" / "datasets" / "loader_that_plots.py").write_text("from lib.viz import plots\n")
    (copy / "lib" / "viz" / "figure_that_trains.py").write_text("from lib.cli import train\n")
    (copy / "lib" / "exercises" / "checker_that_draws.py").write_text("import matplotlib\n")
    code, output = lint_imports(copy)  # run in the copy: its lib comes first on the path
    assert code != 0
    for broken in ["lib.core_that_draws -> matplotlib", "lib.core_that_parses -> argparse",
                   "lib.exercises.checker_that_draws -> matplotlib",
                   "lib.datasets.loader_that_plots -> lib.viz.plots",  # directly, and matplotlib through it
                   "lib.viz.figure_that_trains -> lib.cli.train"]:
        assert broken in output, output
    assert "0 kept, 2 broken" in output


def test_ruff_finds_nothing():
    code, output = ruff(ROOT)
    assert code == 0, "ruff check (the lead fixes these; `ruff check --fix` sorts imports):\n" + output


def test_ruff_uses_the_project_rules(tmp_path):
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    (tmp_path / "sloppy.py").write_text(
        "import sys\nimport os\n\n\ndef f(xs=[]):  \n    return xs  # " + "long " * 25 + "\n")
    code, output = ruff(tmp_path, "sloppy.py")
    assert code != 0
    for rule in ["I001", "F401", "B006", "E501", "W291"]:  # import order, unused, bugbear, long line, trailing space
        assert rule in output, output


def imported_modules(path):
    """The names of the modules that the file at path imports (import x, from x import y)."""
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            names.add(node.module)
    return names


def test_the_trainer_and_the_generators_depend_on_no_model_module():
    for name in ["trainer.py", "generate.py"]:
        imported = imported_modules(ROOT / "lib" / name)
        assert "lib.modes" in imported, name
        assert not imported & {"lib.rnnlm", "lib.regularized_rnnlm", "lib.fast"}, (name, imported)


def test_evaluation_stays_importable_where_it_was():
    from lib import evaluation
    from lib.modes import evaluation as from_modes
    from lib.regularized_rnnlm import evaluation as from_model
    assert evaluation is from_modes is from_model
