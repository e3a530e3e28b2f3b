"""B003 fake bold: a line that is the same string twice (ABCABC) becomes one copy."""

from __future__ import annotations

from cleaner_rules.text.chars import HAN_RE, at_least

from cleaner.document import Document
from cleaner.rule import Decision, Example, Rule, Stage


class FakeBold(Rule):
    code = "B003"
    name = "fake-bold"
    stage = Stage.BOILERPLATE
    summary = "A line that is the same string twice (ABCABC), from fake-bold extraction, once."
    rationale = (
        "PDF producers draw bold text twice at a tiny offset; extraction then yields every "
        "heading doubled. Repeated words inside a sentence are the author's and stay."
    )
    references = ("docs/policy.md (Fake bold and echoes)",)
    limits = (
        "Halves that differ by a glyph or by spacing (OCR noise) are not undoubled.",
        "Text doubled character by character (本本版版主主编编) is left as it is.",
        "Lines under six characters stay doubled.",
    )
    examples = (
        Example("本版主编本版主编\n正文。", "本版主编\n正文。"),
        Example("城市更新 城市更新", "城市更新"),
        Example("哈哈哈哈"),
        Example("他说：谢谢，谢谢。"),
    )

    def apply(self, doc: Document) -> str:
        return "\n".join(_undouble(line) for line in doc.text.split("\n"))

    def decisions(self, doc: Document) -> list[Decision]:
        return [
            Decision(n, "1 doubled-line", "undouble", line.strip())
            for n, line in enumerate(doc.text.split("\n"), 1)
            if _undouble(line) != line
        ]


def _undouble(line: str) -> str:
    """The line once, when it is one string of three distinct characters or more twice."""
    core = line.strip()
    n = len(core)
    if n < 6:
        return line
    for half in ((n // 2,) if n % 2 == 0 else ()) + (((n - 1) // 2,) if n % 2 else ()):
        a, b = core[:half].strip(), core[n - half:].strip()
        if a == b and len(set(a)) > 2 and at_least(HAN_RE, a, 2):
            return a
    return line

