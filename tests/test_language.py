"""The two languages of lib: the Korean tables, the language option and the Korean font.

- Every English text that lib.viz or lib.exercises hands to tr() has a Korean entry; every entry is still used;
  an entry keeps its English key's {placeholders} (else .format fails or drops a number) and is written in Hangul.
- lang other than "en"/"ko" is refused with a message that names both.
- The Korean font comes from the pinned package (not from the system), and a figure with Korean text renders
  with no missing glyph: matplotlib reports those through `warnings` (plain text) or its loggers (mathtext),
  and both are caught here, as the last test shows by making one on purpose.
"""
import ast
import io
import logging
import string
import warnings
from pathlib import Path

import matplotlib
import pytest
from matplotlib.figure import Figure

from lib.exercises.korean import KOREAN as EXERCISES_KOREAN
from lib.language import check_language, translate
from lib.viz import style
from lib.viz.korean import KOREAN as VIZ_KOREAN
from lib.viz.korean import tr

LIB = Path(__file__).resolve().parents[1] / "lib"
TABLES = {
    "viz": (LIB / "viz", VIZ_KOREAN, {"korean.py", "korean_figures.py", "korean_widgets.py"}),
    "exercises": (LIB / "exercises", EXERCISES_KOREAN, {"korean.py"}),
}
HANGUL = [chr(c) for c in range(0xAC00, 0xD7A4)]


def sources(folder, tables):
    return [path for path in sorted(folder.rglob("*.py")) if path.name not in tables or path.parent != folder]


def translated_literals(folder, tables):
    """The string literals given as first argument to tr(...) or self.tr(...) in the package's modules."""
    found = set()
    for path in sources(folder, tables):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and node.args:
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                first = node.args[0]
                if name == "tr" and isinstance(first, ast.Constant) and isinstance(first.value, str):
                    found.add(first.value)
    return found


def all_literals(folder, tables):
    found = set()
    for path in sources(folder, tables):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.add(node.value)
    return found


def placeholders(text):
    return sorted(name for _, name, _, _ in string.Formatter().parse(text) if name is not None)


@pytest.mark.parametrize("package", TABLES)
def test_every_translated_text_has_a_korean_entry(package):
    folder, table, tables = TABLES[package]
    missing = sorted(translated_literals(folder, tables) - set(table))
    assert not missing, f"lib/{package}: tr() texts with no Korean entry: {missing[:5]}"


@pytest.mark.parametrize("package", TABLES)
def test_every_korean_entry_is_used(package):
    folder, table, tables = TABLES[package]
    stale = sorted(set(table) - all_literals(folder, tables))
    assert not stale, f"lib/{package}: Korean entries whose English text no module has any more: {stale[:5]}"


@pytest.mark.parametrize("package", TABLES)
def test_entries_keep_their_placeholders_and_are_korean(package):
    _, table, _ = TABLES[package]
    for english, korean in table.items():
        assert placeholders(english) == placeholders(korean), f"{english!r} -> {korean!r}: other placeholders"
        assert korean == english or any("\uac00" <= ch <= "\ud7a3" for ch in korean), f"{korean!r} has no Hangul"


def test_translate_gives_english_back_and_korean_from_the_table():
    assert translate("epoch {n}", "en", {}) == "epoch {n}"
    assert translate("epoch {n}", "ko", {"epoch {n}": "에폭 {n}"}).format(n=3) == "에폭 3"
    with pytest.raises(KeyError, match="no Korean for 'loss'"):
        translate("loss", "ko", {})


@pytest.mark.parametrize("lang", ["fr", "EN", "", None, "kr"])
def test_other_languages_are_refused_with_both_named(lang):
    with pytest.raises(ValueError, match="'en'.*'ko'"):
        check_language(lang)
    with pytest.raises(ValueError, match="'en'.*'ko'"):
        tr("loss", lang)


def test_the_korean_font_comes_from_the_pinned_package():
    path = Path(style.korean_font_file())
    assert path.is_file() and "koreanize_matplotlib" in path.parts
    assert matplotlib.rcParams["font.family"][-1] == style.KOREAN_FONT
    style.use_korean_font()  # twice: the same list, no duplicate
    assert matplotlib.rcParams["font.family"].count(style.KOREAN_FONT) == 1


def test_bold_hangul_comes_from_the_extra_bold_file():
    """Bold Hangul is drawn from NanumGothicExtraBold: the Bold file's stems snap to one pixel at 12-13 points,
    as thin as the regular face's, and no findfont warning says that bold is missing."""
    from matplotlib import font_manager

    bold = font_manager.FontProperties(family=style.KOREAN_FONT, weight="bold")
    assert font_manager.findfont(bold, fallback_to_default=False).endswith("NanumGothicExtraBold.ttf")
    regular = font_manager.FontProperties(family=style.KOREAN_FONT)
    assert font_manager.findfont(regular, fallback_to_default=False).endswith("NanumGothic.ttf")


def render(draw, caplog):
    """Draw on a new figure, save it as PNG; return the missing-glyph reports (warnings and log records)."""
    fig = Figure(figsize=(4, 3))
    draw(fig.subplots())
    with warnings.catch_warnings(record=True) as caught, caplog.at_level(logging.WARNING, logger="matplotlib"):
        warnings.simplefilter("always")
        fig.savefig(io.BytesIO(), format="png")
    reports = [str(w.message) for w in caught] + [r.getMessage() for r in caplog.records]
    return [r for r in reports if "glyph" in r.lower() or "findfont" in r]


def test_korean_text_renders_with_no_missing_glyph(caplog):
    def draw(ax):
        ax.plot([-1, 0, 1], label="은닉 상태 h\u209c")
        ax.set_title("순전파와 역전파 — 기울기 소실", fontweight="bold")
        ax.set_xlabel("시각 t")
        ax.set_ylabel("퍼플렉서티 (perplexity) −1")
        ax.text(0, 0, "".join(HANGUL[::500]))  # syllables from all over the Hangul block
        ax.legend()
    assert render(draw, caplog) == []


def test_a_missing_glyph_is_caught(caplog):
    assert render(lambda ax: ax.set_title("$h_t$의 노름"), caplog)  # mathtext has no fallback font
