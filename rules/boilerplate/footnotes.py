"""Footnotes that PDF extraction leaves inside the running text, moved to the end."""

from __future__ import annotations

import re

from cleaner_rules.boilerplate.lines import drop_lines
from cleaner_rules.text.chars import ends_sentence

from cleaner import _native
from cleaner.codepoints import utf32
from cleaner.document import Document
from cleaner.rule import Example, Rule, Stage

# A note's mark: circled numbers, superscript digits, [N] (half or full width).
_MARK = r"[\u2460-\u2473]|[¹²³\u2074-\u2079\u2070]{1,2}|[\[［]\d{1,3}[\]］]"
_NOTE = re.compile(rf"\s*({_MARK})\s*(\S.*)")
MAX_NOTE_LINES = 3  # a note wrapped over more lines than this is left alone


class Footnotes(Rule):
    code = "B007"
    name = "footnotes"
    stage = Stage.BOILERPLATE
    summary = "Move footnotes out of the running text to the end; drop their reference marks."
    rationale = (
        "A PDF page's notes come out of extraction at the page bottom, often between the two "
        "halves of a sentence. A line that starts with a note mark (①, ¹, [1]) is a note only "
        "when the same mark stands earlier in the text glued to a word, as a reference. The "
        "note becomes its own paragraph at the end of the document, the reference mark goes "
        "and the cut sentence is rejoined. Bare numbers (`1 某某：《书名》`) are left alone: "
        "`某某1` is too often a real number."
    )
    references = ("docs/policy.md (Footnotes)",)
    limits = (
        "Notes numbered with bare digits (`1 某某：《书名》`, reference `某某1`) stay in place.",
        "A note without an earlier reference glued to a word stays (a ①② list stays a list).",
        "A note wrapped over more than three lines, or not ending a sentence, stays in place.",
    )
    examples = (
        Example(
            "老街的豆浆铺开了三十年①，铺子的主人\n① 据街坊回忆，铺子开张于八十年代。\n"
            "每天五点就生火。",
            "老街的豆浆铺开了三十年，铺子的主人\n每天五点就生火。\n\n据街坊回忆，铺子开张于八十年代。",
        ),
        Example(
            "他在书里写过这件事[2]，后来\n\n[2] 见《旧事录》第三卷。\n\n又改了说法。",
            "他在书里写过这件事，后来\n又改了说法。\n\n见《旧事录》第三卷。",
        ),
        Example("做法如下：\n①把豆子泡一夜。\n②第二天磨成浆。"),
    )

    def gate(self, text: str) -> bool:
        return (
            _MARK_START.found_in(utf32(text))
            and _NOTE_ANYWHERE.search(text) is not None
        )

    def apply(self, doc: Document) -> str:
        lines = doc.text.split("\n")
        cores = [line.strip() for line in lines]
        refs: dict[str, list[tuple[int, int]]] = {}  # mark: (line, column) of references
        doomed: set[int] = set()
        notes: list[tuple[int, int, int, str]] = []  # reference line, column, width; note
        i = 0
        while i < len(lines):
            m = _NOTE.fullmatch(cores[i])
            if m and refs.get(m.group(1)):
                end = i  # a note wrapped over a few lines runs to its full stop
                while (
                    not ends_sentence(cores[end])
                    and end + 1 < min(len(lines), i + MAX_NOTE_LINES)
                    and cores[end + 1]
                    and not _NOTE.fullmatch(cores[end + 1])
                ):
                    end += 1
                if ends_sentence(cores[end]):
                    line, col = refs[m.group(1)].pop()
                    text = "".join([m.group(2), *cores[i + 1:end + 1]])
                    notes.append((line, col, len(m.group(1)), text))
                    doomed.update(range(i, end + 1))
                    i = end + 1
                    continue
            for r in _REFERENCE.finditer(lines[i]):
                refs.setdefault(r.group(1), []).append((i, r.start(1)))
            i += 1
        if not notes:
            return doc.text
        for line, col, width, _ in sorted(notes, reverse=True):
            lines[line] = lines[line][:col] + lines[line][col + width:]
        body = drop_lines(lines, [line.strip() for line in lines], doomed)
        # Each note is a paragraph of its own: blank lines keep line-wrap repair from
        # reading two short notes as one wrapped paragraph.
        return "\n\n".join([body.rstrip("\n"), *(note for *_, note in notes)])


_NOTE_ANYWHERE = re.compile(rf"^[ \t]*(?:{_MARK})", re.M)
# The characters a mark starts with: a text without one has no note (a native scan, where
# `^` under re.M is tried at every position).
_MARK_START = _native.CharClass("\u2460-\u2473¹²³\u2074-\u2079\u2070[［")
# A reference: a mark glued to the word before it.
_REFERENCE = re.compile(rf"(?<=\S)({_MARK})")
