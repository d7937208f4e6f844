"""The Korean edition (notebooks/ko/) cannot drift from the English one (notebooks/): read from the .ipynb files.

- Every English notebook has its Korean edition, paired by section number (5.2-... with 5.2-...), and the
  dashboards by name.
- Their code cells are the same code in the same order: the same Python tokens, where comments may differ,
  and a string literal may differ only when the Korean one is written in Hangul (a text for the reader) or
  is the edition's language tag (LANG = "en" / "ko"). A changed key, path or number is caught.
- Marker comments that tests read (# NBVAL_IGNORE_OUTPUT, # interactive) stay as they are.
- Code cells carry the same tags and the same collapsed/hidden state (nbval and the solutions behave alike).
- The stored outputs hold the same computed numbers (same seeds, same code, same results).
- Markdown that is prose in English is written in Korean, and no stored output shows a missing glyph.
- One term for one idea, the Korean book's: the Korean texts (notebooks, lib's tables, README.ko.md) use none
  of the variants in OTHER_TERMS.
"""
import configparser
import io
import re
import tokenize
from pathlib import Path

import nbformat
import pytest
from IPython.core.inputtransformer2 import TransformerManager

NOTEBOOKS_DIR = Path(__file__).resolve().parents[1] / "notebooks"
KOREAN_DIR = NOTEBOOKS_DIR / "ko"
DASHBOARDS = {"dashboard.ipynb": "대시보드.ipynb"}
LANGUAGE_TAGS = ('"en"', '"ko"')
HANGUL = re.compile(r"[\uac00-\ud7a3]")
DECIMAL = re.compile(r"(?<![\w.])-?\d+\.\d+(?:e[-+]?\d+)?")
SANITIZE = configparser.ConfigParser()  # what nbval replaces before it compares (timings, addresses)
SANITIZE.read(Path(__file__).with_name("sanitize.cfg"), encoding="utf-8")
MARKERS = re.compile(r"^# (NBVAL_\w+|interactive)\b", re.M)  # comments that tests read: never translated
MISSING_GLYPH = re.compile(r"missing from (?:current )?font|does not have a glyph|findfont: ", re.I)


ROOT = NOTEBOOKS_DIR.parent
KOREAN_TABLES = ["lib/viz/korean_figures.py", "lib/viz/korean_widgets.py", "lib/exercises/korean.py", "README.ko.md"]
# a variant -> the Korean edition's term (what the book, the notes and the rest of this edition say)
OTHER_TERMS = {
    "잘린 BPTT": "Truncated BPTT", "그래디언트": "기울기", "파라미터": "매개변수", "레이어": "계층",
    "에포크": "에폭", "타겟": "타깃", "코퍼스": "말뭉치", "히든 스테이트": "은닉 상태", "미니 배치": "미니배치",
    "학습 노트": "정리 노트", "스터디 노트": "정리 노트", "윈도(?!우)": "윈도우", "당혹도": "퍼플렉서티",
    "타임스텝": "시각", "공부 노트": "정리 노트", "채점 셀": "확인 셀", "언어모델": "언어 모델",
    "기계(?! ?번역| ?학습)": "컴퓨터", "훈련 (?:데이터|텍스트)": "학습 데이터, 학습 텍스트", "인계": "이어받기",
    "학습기": "트레이너", "유닛": "은닉 상태 벡터의 원소 (the inspector's axis)",
    "(?<![\\d.])0 상태": "은닉 상태 0", "e\\^entropy": "e^엔트로피", "(?<!정리 )(?<!정리\n)노트(?!북)": "정리 노트",
    # a unit right after a number is written attached (1000단어, 100에폭); not where print() puts its separator
    # before a last word ('... 크기: 18 단어' at the end of an output line)
    r"(?<![\w$.,^])(?<!V = )\d+(?:,\d{3})*(?:\.\d+)? (?:단어|에폭|바이트|토큰|비트)(?!수|\n|$)": "1000단어 (붙여 씀)",
}


def korean_name(english):
    """The Korean edition's file of an English notebook: the one with the same section number."""
    if english.name in DASHBOARDS:
        return KOREAN_DIR / DASHBOARDS[english.name]
    number = english.name.split("-")[0] + "-"
    matches = sorted(KOREAN_DIR.glob(number + "*.ipynb"))
    assert len(matches) == 1, f"notebooks/ko/ should hold one notebook named {number}..., found {matches}"
    return matches[0]


ENGLISH = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
PAIRS = [(en, korean_name(en)) for en in ENGLISH] if KOREAN_DIR.is_dir() else []


def code_cells(path):
    return [cell for cell in nbformat.read(path, as_version=4).cells if cell.cell_type == "code"]


def tokens(source):
    """[(type, text)] of a cell's Python (magics turned into calls), without comments and layout."""
    python = TransformerManager().transform_cell(source)
    skip = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT,
            tokenize.ENDMARKER, tokenize.ENCODING}
    return [(tok.type, tok.string) for tok in tokenize.generate_tokens(io.StringIO(python).readline)
            if tok.type not in skip]


def differences(english, korean):
    """Where two cells' code differs other than in comments and in texts for the reader: a list of messages."""
    a, b = tokens(english), tokens(korean)
    if len(a) != len(b):
        return [f"{len(a)} tokens in English, {len(b)} in Korean"]
    found = []
    for (type_a, text_a), (type_b, text_b) in zip(a, b):
        if text_a == text_b:
            continue
        reader_text = type_a == type_b == tokenize.STRING and HANGUL.search(text_b)
        language_tag = (text_a, text_b) == LANGUAGE_TAGS
        if not (reader_text or language_tag):
            found.append(f"{text_a!r} became {text_b!r}")
    return found


def test_every_english_notebook_has_a_korean_edition():
    assert KOREAN_DIR.is_dir(), "notebooks/ko/ is missing"
    korean = {path for _, path in PAIRS}
    extra = sorted(set(KOREAN_DIR.glob("*.ipynb")) - korean)
    assert not extra, f"Korean notebooks without an English one: {extra}"


@pytest.mark.parametrize("english, korean", PAIRS, ids=[en.name for en, _ in PAIRS])
def test_code_cells_are_the_same_code(english, korean):
    cells_en, cells_ko = code_cells(english), code_cells(korean)
    assert len(cells_en) == len(cells_ko), f"{len(cells_en)} code cells in English, {len(cells_ko)} in Korean"
    for number, (cell_en, cell_ko) in enumerate(zip(cells_en, cells_ko), 1):
        found = differences(cell_en.source, cell_ko.source)
        if MARKERS.findall(cell_en.source) != MARKERS.findall(cell_ko.source):
            found.append(f"markers {MARKERS.findall(cell_en.source)} became {MARKERS.findall(cell_ko.source)}")
        assert not found, f"code cell {number} of {korean.name} differs: {found[:3]}\n{cell_ko.source[:300]}"


@pytest.mark.parametrize("english, korean", PAIRS, ids=[en.name for en, _ in PAIRS])
def test_code_cells_carry_the_same_tags_and_visibility(english, korean):
    for number, (cell_en, cell_ko) in enumerate(zip(code_cells(english), code_cells(korean)), 1):
        for key in ("tags", "jupyter"):
            assert cell_en.metadata.get(key) == cell_ko.metadata.get(key), f"code cell {number}: metadata {key}"


def numbers(cell):
    """The decimal numbers a cell's stored text outputs show, sorted (texts may reorder them)."""
    texts = []
    for output in cell.get("outputs", []):
        if output.output_type == "stream":
            texts.append(output.text)
        elif output.output_type in ("execute_result", "display_data"):
            texts.append(output.data.get("text/plain", ""))
    text = "\n".join(texts)
    for section in SANITIZE.sections():
        text = re.sub(SANITIZE[section]["regex"], SANITIZE[section]["replace"], text)
    return sorted(DECIMAL.findall(text))


@pytest.mark.parametrize("english, korean", PAIRS, ids=[en.name for en, _ in PAIRS])
def test_stored_outputs_show_the_same_numbers(english, korean):
    for number, (cell_en, cell_ko) in enumerate(zip(code_cells(english), code_cells(korean)), 1):
        if "NBVAL_IGNORE_OUTPUT" in cell_en.source:
            continue  # timings and widgets
        assert numbers(cell_en) == numbers(cell_ko), f"code cell {number} of {korean.name} shows other numbers"


def is_prose(markdown):
    """True when a markdown text, without its code, math and links, has three or more English words."""
    text = re.sub(r"```.*?```|`[^`]*`|\$\$.*?\$\$|\$[^$]*\$|\]\([^)]*\)|<[^>]+>", " ", markdown, flags=re.S)
    return len(re.findall(r"\b[a-z]{3,}\b", text)) >= 3


@pytest.mark.parametrize("english, korean", PAIRS, ids=[en.name for en, _ in PAIRS])
def test_markdown_is_written_in_korean(english, korean):
    cells = nbformat.read(korean, as_version=4).cells
    english_prose = [cell for cell in cells if cell.cell_type == "markdown" and is_prose(cell.source)
                     and not HANGUL.search(cell.source)]
    assert not english_prose, f"{korean.name}: markdown left in English: {english_prose[0].source[:200]!r}"


@pytest.mark.parametrize("path", [ko for _, ko in PAIRS], ids=lambda p: p.name)
def test_no_stored_output_shows_a_missing_glyph(path):
    for number, cell in enumerate(code_cells(path), 1):
        for output in cell.get("outputs", []):
            text = output.get("text", "") + str(output.get("data", {}).get("text/plain", ""))
            assert not MISSING_GLYPH.search(text), f"code cell {number} of {path.name}: {text[:300]}"


def test_timings_are_not_compared():
    cell = nbformat.v4.new_code_cell("t()", outputs=[nbformat.v4.new_output("stream", text="3.66 ms, 1.5초, 0.25")])
    assert numbers(cell) == ["0.25"]


@pytest.mark.parametrize("path", ENGLISH + [ko for _, ko in PAIRS], ids=lambda p: p.name)
def test_markdown_emphasis_renders(path):
    """No literal ** or * left after rendering (CommonMark): `**b (H,)**이며` does not close, since a closing **
    after punctuation must be followed by a space or punctuation, which Korean particles are not."""
    from markdown_it import MarkdownIt

    render = MarkdownIt("commonmark").render
    for number, cell in enumerate(nbformat.read(path, as_version=4).cells):
        if cell.cell_type == "markdown":
            html = re.sub(r"<code>.*?</code>|<pre>.*?</pre>", "", render(cell.source), flags=re.S)
            left = re.search(r".{0,40}(?:\*\*|(?<![\w*])\*(?![\s*])).{0,10}", html)
            assert not left, f"{path.name} cell {number}: emphasis shown as asterisks: {left.group(0)!r}"


def korean_texts():
    """(where, text) of every Korean text: notebook cells (sources and text outputs), lib's tables, README.ko.md."""
    for path in sorted(KOREAN_DIR.glob("*.ipynb")):
        for number, cell in enumerate(nbformat.read(path, as_version=4).cells):
            outputs = [o.get("text", "") + str(o.get("data", {}).get("text/plain", ""))
                       for o in cell.get("outputs", [])]
            yield f"{path.name} cell {number}", cell.source + "\n".join(outputs)
    for name in KOREAN_TABLES:
        yield name, (ROOT / name).read_text(encoding="utf-8")


def test_one_term_for_one_idea():
    found = [f"{where}: {m.group(0)!r} (write {OTHER_TERMS[variant]!r})" for where, text in korean_texts()
             for variant in OTHER_TERMS for m in re.finditer(variant, text)]
    assert not found, "\n".join(found[:10])


def test_the_comparison_catches_drift():
    same = 'x = f(a, "key")  # a comment\nprint("the result", x)'
    assert differences(same, 'x = f(a, "key")  # 주석\nprint("결과", x)') == []
    assert differences('LANG = "en"', 'LANG = "ko"') == []
    assert differences(same, 'x = f(b, "key")\nprint("결과", x)')  # a name
    assert differences(same, 'x = f(a, "kee")\nprint("결과", x)')  # a key, not reader text
    assert differences(same, 'x = f(a, "key", 2)\nprint("결과", x)')  # an argument more
    assert differences("x = 1.5", "x = 1.25")  # a number
    assert differences('LANG = "en"', 'LANG = "fr"')
