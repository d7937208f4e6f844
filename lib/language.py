"""The two editions' languages: lib's figure labels, widget labels and exercise hints in English or Korean.

English text is the key (as gettext does): `translate("hidden state", "ko", KOREAN)` looks it up in a
table {English: Korean}, so the code reads in English and a missing Korean entry is an error, not a
silent English label in the Korean edition. Each package keeps its own table (lib/viz/korean.py,
lib/exercises/korean.py); tests/test_language.py checks that every text given to it has an entry.
"""
LANGUAGES = ("en", "ko")


def check_language(lang):
    """Raise ValueError unless lang is one of LANGUAGES."""
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {', '.join(map(repr, LANGUAGES))}, got {lang!r}: "
                         "'en' for the English edition (notebooks/), 'ko' for the Korean one (notebooks/ko/)")


def translate(text, lang, korean):
    """text when lang is 'en'; its entry in the table korean when lang is 'ko'."""
    check_language(lang)
    if lang == "en":
        return text
    try:
        return korean[text]
    except KeyError:
        raise KeyError(f"no Korean for {text!r}: add it to the Korean table of the module that draws or "
                       "prints it (lib/viz/korean.py or lib/exercises/korean.py)") from None
