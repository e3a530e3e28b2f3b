"""B004 truncated duplicates: a cut-short copy of the start of an earlier line.

One step decides (`1 cut-copy`): a later line of 5 to 40 characters, Chinese, not a
finished sentence, that an earlier line begins with (or equals, when that line has an
unclosed quote or bracket) goes, unless the text after it (over blank lines) goes on as
the earlier line does.
"""

from __future__ import annotations

import re

from cleaner_rules.boilerplate.lines import remove_lines
from cleaner_rules.text.chars import CLOSERS, HAN_RE, OPENERS, at_least, ends_sentence

from cleaner import _native
from cleaner.codepoints import utf32
from cleaner.document import Document
from cleaner.rule import Decision, Example, Rule, Stage


class TruncatedDuplicate(Rule):
    code = "B004"
    name = "truncated-duplicate"
    stage = Stage.BOILERPLATE
    summary = "Drop a short line that is a cut-short copy of the start of an earlier line."
    rationale = (
        "Extraction of overlapping text boxes repeats a caption or title, cut short. The "
        "copy is later, shorter than the original (or as long, when the original has an "
        "unclosed quote or bracket), and the text after it does not go on as the original "
        "does: a paragraph that restates a heading (heading `某某线`, paragraph `某某线，"
        "编号…` wrapped after `某某`) continues the heading's words and stays whole. The "
        "rule drops whole lines only, never the start of a line, and leaves other exact "
        "repeats (running headers, a heading in a table of contents) to B005 and T002."
    )
    references = ("docs/policy.md (Fake bold and echoes)",)
    limits = (
        "An echo is judged against the lines left after the previous echo went: a chain "
        "of echoes takes one pass per echo (docs/robustness.md).",
        "A copy longer than 40 characters, or a finished sentence, stays.",
        "A copy whose next line happens to go on as the original does stays.",
    )
    examples = (
        Example("“第三届青年摄影大赛”获奖\n作品展开幕。\n\n“第三届青年摄影\n下一段正文。",
                "“第三届青年摄影大赛”获奖\n作品展开幕。\n\n下一段正文。"),
        Example("“第三届青年摄影大\n赛”获奖作品展。\n\n“第三届青年摄影大\n下一段正文。",
                "“第三届青年摄影大\n赛”获奖作品展。\n\n下一段正文。"),
        Example("城市轨道交通十八号线\n城市轨道交通十八号\n线，编号八，贯穿城市南北。"),
        Example("第一章总则\n第二章附则\n第一章总则\n正文。"),
        Example("第一章\n正文。\n第一章结束语很短。"),
    )

    def apply(self, doc: Document) -> str:
        doomed = _cut_copies(doc.text)
        if not doomed:
            return doc.text
        return "\n".join(remove_lines(doc.text.split("\n"), doomed))

    def decisions(self, doc: Document) -> list[Decision]:
        lines = doc.text.split("\n")
        return [
            Decision(i + 1, "1 cut-copy", "drop", lines[i].strip())
            for i in sorted(_cut_copies(doc.text))
        ]


def _cut_copies(text: str) -> set[int]:
    """The lines (by number) that are cut copies. An earlier line that goes on only with an
    ellipsis is itself the cut one, and proves nothing. Only a line (5 to MAX_COPY
    characters once stripped) whose first five characters begin an earlier line can be a
    copy, and most documents have none: the native core finds those lines
    (native/src/truncated.rs), which spares the rest of the document every other test."""
    starts = _native.repeated_starts(utf32(text), MAX_COPY)
    if not starts:
        return set()
    cores = [line.strip() for line in text.split("\n")]
    copies = {i for i in starts if _copy_candidate(cores[i])}
    if not copies:
        return set()
    # Prefix index: for every prefix that a candidate copy could be, the characters
    # that followed it in earlier lines. Only lines sharing a candidate's first five
    # characters are indexed, at most MAX_COPY prefixes each: linear in the input.
    wanted: dict[str, set[int]] = {}
    for i in copies:
        wanted.setdefault(cores[i][:5], set()).add(len(cores[i]))
    followers: dict[str, set[str]] = {}
    after = _following(cores)
    doomed = set()
    for i, core in enumerate(cores):
        if i in copies and core in followers and after[i] not in followers[core]:
            doomed.add(i)
            continue
        for n in wanted.get(core[:5], ()):
            if n < len(core) and _ELLIPSIS.fullmatch(core[n:]) is None:
                followers.setdefault(core[:n], set()).add(core[n:].lstrip()[:1])
            elif n == len(core) and _unclosed(core):
                # A line with an open quote or bracket is cut from a longer text: an
                # equal later line is a cut copy too (a heading repeated stays).
                followers.setdefault(core, set()).add(after[i])
    return doomed


MAX_COPY = 40
# What a running header shortening a long title puts where it cut: that line is the short
# copy, so the full title under it is not one.
_ELLIPSIS = re.compile(r"\s*(?:…+|\.{3,}|⋯+)\s*")


def _following(cores: list[str]) -> list[str]:
    """For each line, the first character of the text after it, over any blank lines
    (later rules drop them: judged across them, the decision is the same on a second
    pass)."""
    out, nxt = [""] * len(cores), ""
    for i in range(len(cores) - 1, -1, -1):
        out[i] = nxt
        if cores[i]:
            nxt = cores[i][0]
    return out


def _unclosed(core: str) -> bool:
    """An open quote or bracket (straight quotes too: width rules pair them later)."""
    if _OPENER_RE.search(core) is None:
        return False
    opened = sum(map(core.count, OPENERS)) > sum(map(core.count, CLOSERS))
    return opened or core.count('"') % 2 == 1


_OPENER_RE = re.compile(f"[{re.escape(OPENERS)}\"]")


def _copy_candidate(core: str) -> bool:
    """A line that could be a truncated echo: short, Chinese, not a finished sentence."""
    return (
        5 <= len(core) <= MAX_COPY
        and not ends_sentence(core)
        and at_least(HAN_RE, core, 5)
    )

