"""requirements.lock, pyproject.toml and environment.yml must pin the same versions."""
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^\s*-?\s*([A-Za-z0-9_.\-]+)\s*==\s*([^\s;#]+)")


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


def pyproject_pins():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return pins(project["dependencies"]), project


def test_every_direct_dependency_is_pinned_exactly():
    direct, project = pyproject_pins()
    assert len(direct) == len(project["dependencies"]), "every dependency in pyproject.toml needs ==version"


def test_lock_file_has_the_pyproject_versions():
    direct, _ = pyproject_pins()
    lock = pins((ROOT / "requirements.lock").read_text().splitlines())
    for name, version in direct.items():
        assert lock.get(name) == version, f"{name}: pyproject {version}, requirements.lock {lock.get(name)}"


def test_environment_yml_has_the_pyproject_versions_and_python():
    direct, project = pyproject_pins()
    text = (ROOT / "environment.yml").read_text()
    env = pins(line for line in text.splitlines() if "==" in line)
    assert env == direct, f"environment.yml pins {env}, pyproject pins {direct}"
    python = re.search(r"^\s*-\s*python=(\d+\.\d+)", text, re.M).group(1)
    minimum = re.search(r">=\s*(\d+\.\d+)", project["requires-python"]).group(1)
    assert tuple(map(int, python.split("."))) >= tuple(map(int, minimum.split(".")))
    assert "- -e ." in text, "environment.yml must install the project in editable mode"


def test_pin_parser_reads_what_it_should():
    assert pins(["numpy==2.4.6", "  - ipykernel==7.4.0", "# a==1", "x>=2"]) == {"numpy": "2.4.6", "ipykernel": "7.4.0"}
