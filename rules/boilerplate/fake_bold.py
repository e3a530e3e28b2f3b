"""B003 fake bold: a line that is the same string twice (ABCABC) becomes one copy."""

from __future__ import annotations

from cleaner import _native
from cleaner.codepoints import utf32
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
        lines = doc.text.split("\n")
        for i, start, end in _doubled(doc.text):
            lines[i] = lines[i][start:end]
        return "\n".join(lines)

    def decisions(self, doc: Document) -> list[Decision]:
        lines = doc.text.split("\n")
        return [
            Decision(i + 1, "1 doubled-line", "undouble", lines[i].strip())
            for i, _, _ in _doubled(doc.text)
        ]


def _doubled(text: str) -> list[tuple[int, int, int]]:
    """(line number from 0, start, end of the copy that stays) of each line that is one
    string of three distinct characters or more, two of them Han, twice once stripped (the
    middle character of an odd length left out), six characters or more in all; found by
    the native core (native/src/fake_bold.rs)."""
    return _native.doubled_lines(utf32(text))
