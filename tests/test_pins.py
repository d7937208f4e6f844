"""Packaging: pyproject.toml, requirements.lock and environment.yml pin the same versions, and every
package our code imports is declared, in the group that installs it."""
import ast
import json
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^\s*-?\s*([A-Za-z0-9_.\-]+)\s*==\s*([^\s;#]+)")
# our package, and the tests' own helper modules (browserutil, exercise_checks, ...), which pytest puts on the path
FIRST_PARTY = {"lib", "conftest"} | {p.stem for p in (ROOT / "tests").rglob("*.py")}
OPTIONAL = {"torch"}  # the PyTorch oracle test skips without it (pytest.importorskip)


def canonical(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(lines):
    """{package: version} of the `name==version` lines."""
    found = {}
    for line in lines:
        m = PIN.match(line)
        if m:
            found[canonical(m.group(1))] = m.group(2)
    return found


def project():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def groups():
    """{'core': [requirement, ...], 'viz': [...], 'lab': [...], 'test': [...]} from pyproject.toml."""
    return {"core": project()["dependencies"], **project()["optional-dependencies"]}


def all_pins():
    return {name: version for reqs in groups().values() for name, version in pins(reqs).items()}


def test_every_direct_dependency_is_pinned_exactly_once():
    for group, reqs in groups().items():
        assert len(pins(reqs)) == len(reqs), f"every dependency of group {group} needs ==version"
    assert len(all_pins()) == sum(map(len, groups().values())), "a package is declared in two groups"
    assert set(groups()) == {"core", "viz", "lab", "test"}


def test_lock_file_has_the_pyproject_versions():
    lock = pins((ROOT / "requirements.lock").read_text().splitlines())
    for name, version in all_pins().items():
        assert lock.get(name) == version, f"{name}: pyproject {version}, requirements.lock {lock.get(name)}"


def test_environment_yml_has_the_pyproject_versions_and_python():
    text = (ROOT / "environment.yml").read_text()
    env = pins(line for line in text.splitlines() if "==" in line)
    assert env == all_pins(), f"environment.yml pins {env}, pyproject pins {all_pins()}"
    python = re.search(r"^\s*-\s*python=(\d+\.\d+)", text, re.M).group(1)
    minimum = re.search(r">=\s*(\d+\.\d+)", project()["requires-python"]).group(1)
    assert tuple(map(int, python.split("."))) >= tuple(map(int, minimum.split(".")))
    assert "- -e ." in text, "environment.yml must install the project in editable mode"


def test_pin_parser_reads_what_it_should():
    assert pins(["numpy==2.4.6", "  - ipykernel==7.4.0", "# a==1", "x>=2"]) == {"numpy": "2.4.6", "ipykernel": "7.4.0"}


# ---------------------------------------------------------------- imports -> declared packages

def top_level_imports(source):
    """Names of the top-level modules that the Python source imports (absolute imports only)."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def notebook_code(path):
    """The code cells of a notebook as one source, IPython's % and ! lines left out."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    lines = [line for cell in cells if cell["cell_type"] == "code" for line in "".join(cell["source"]).splitlines()]
    return "\n".join(line for line in lines if not line.lstrip().startswith(("%", "!")))


def imported_distributions(paths):
    """{distribution name: [file, ...]} of the third-party packages imported by the files at paths."""
    distributions = packages_distributions()
    found = {}
    for path in paths:
        source = notebook_code(path) if path.suffix == ".ipynb" else path.read_text(encoding="utf-8")
        for module in top_level_imports(source) - FIRST_PARTY - OPTIONAL - set(sys.stdlib_module_names):
            for dist in distributions.get(module, [f"<no installed package provides {module!r}>"]):
                found.setdefault(canonical(dist), []).append(str(path.relative_to(ROOT)))
    return found


def files(folder, pattern="*.py", exclude=()):
    return [p for p in sorted((ROOT / folder).rglob(pattern)) if not any(part in exclude for part in p.parts)]


def assert_declared(imported, declared, where):
    undeclared = {dist: paths for dist, paths in imported.items() if dist not in declared}
    assert not undeclared, f"{where} imports packages that {sorted(declared)} do not include: {undeclared}"


def test_the_core_needs_only_the_core_dependencies():
    core = files("lib", exclude=("viz", "cli"))
    assert_declared(imported_distributions(core), pins(groups()["core"]), "lib (the core)")


def test_viz_and_the_command_lines_need_only_core_and_viz():
    declared = pins(groups()["core"] + groups()["viz"])
    assert_declared(imported_distributions(files("lib/viz") + files("lib/cli")), declared, "lib.viz, lib.cli")


def test_every_package_imported_by_tests_and_notebooks_is_declared():
    paths = files("tests") + files("notebooks") + files("notebooks", "*.ipynb", exclude=(".ipynb_checkpoints",))
    assert_declared(imported_distributions(paths), all_pins(), "tests and notebooks")


def test_the_import_scanner_sees_imports():
    assert top_level_imports("import a.b\nfrom c.d import e\nfrom . import f\nimport g as h") == {"a", "c", "g"}
    assert imported_distributions([ROOT / "lib" / "viz" / "widgets" / "panel.py"]).keys() >= {"pillow", "ipywidgets"}
