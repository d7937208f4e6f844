"""The Korean edition's labels for lib.viz: tr(text, lang) gives text in English or in Korean.

English text is the key (lib/language.py). The table is kept in two parts, one per kind of picture:
korean_figures.py (diagrams, layer diagrams, plots) and korean_widgets.py (explorers, widgets and
the presenter's path). Texts with numbers are formatted after translation:
`tr("epoch {epoch}", lang).format(epoch=3)`.
"""
from lib.language import translate
from lib.viz.korean_figures import FIGURES
from lib.viz.korean_widgets import WIDGETS

KOREAN = {**FIGURES, **WIDGETS}


def tr(text, lang):
    """text (English) in lang: 'en' gives it back, 'ko' gives its entry in KOREAN."""
    return translate(text, lang, KOREAN)
