"""The Korean edition's verdicts and hints of the exercise checkers: {English text: Korean text}.

English text is the key (lib/language.py); Exercise.tr(text) looks it up when the checker was made
with lang="ko". Texts with numbers are formatted after translation: `self.tr("got {got}").format(got=3)`.
"""
KOREAN = {
    "not attempted yet": "아직 풀지 않았습니다",
    "correct": "정답입니다",
    "not yet: ": "아직 아닙니다: ",
}
