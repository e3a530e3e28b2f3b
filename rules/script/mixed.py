"""Documents that machine conversion left mixed: leftovers throughout, not one quoted name.

C001's last step, after the six of `leftovers`:

7. mixed-document: in a document with minority-only characters in `MIXED_SEGMENTS` or
   more clauses, a character standard in both scripts that OpenCC converts by default
   takes the round trip's form (盈余 -> 盈餘 in a traditional text).
"""

from __future__ import annotations

from cleaner_rules.script.evidence import script_table, utf32
from cleaner_rules.script.leftovers import barriers, regional_form
from cleaner_rules.script.passes import REGIONAL, other_direction
from cleaner_rules.script.tables import converter
from cleaner_rules.text.chars import replace_at

from cleaner import _native

MIXED_SEGMENTS = 3  # clauses with a minority-only character that make a document mixed
_CLAUSE_END = _native.CharClass("\n，。！？；：、,.!?;:")
# Characters whose dominant-script reading is far more common than the one OpenCC's phrase
# tables give them: even in a mixed document they need the evidence of `leftovers`
# (發明了, not 瞭).
_MIXED_KEEP = "了着只"


def mixed_document(text: str, out: str, direction: str, final: str) -> str:
    """In a document that machine conversion left mixed, characters standard in both
    scripts take OpenCC's phrase-aware conversion too.

    Mixed means minority-only characters in `MIXED_SEGMENTS` or more clauses (between
    punctuation and line breaks) of the text, not one quoted name: someone converted the
    text and missed characters throughout, and then the characters standard in both
    scripts (盈余, 制造, 关系 in a traditional text) are left over far more often than
    meant. Correct text has no minority-only character and is never touched here.
    """
    table = script_table()
    if not table.mixed(utf32(text), _CLAUSE_END, direction, MIXED_SEGMENTS):
        return out
    codes = utf32(out)
    # Only characters OpenCC itself converts (余 -> 餘, 云 -> 雲), not those that are their
    # own first candidate and change only inside some phrase (布 in 分布 -> 分佈), change
    # here, so only the segments between barriers (`leftovers`) holding one need OpenCC.
    # The whole text goes through it for a regional variant (its phrases change lengths)
    # and where the text holds a lone surrogate (None: OpenCC's wrapper fails on it, as
    # it always did).
    spans = None if final in REGIONAL else table.mixed_spans(codes, barriers(), direction,
                                                              _MIXED_KEEP)
    if spans is None:
        spans = [(0, len(out))]
    if not spans:
        return out
    piece = "\n".join(out[start:start + length] for start, length in spans)
    # Through the other script and back, so that OpenCC sees whole phrases (關系 -> 关系 ->
    # 關係); positions of dominant-only characters are never taken from it.
    full = converter(final).convert(converter(other_direction(direction)).convert(piece))
    if len(full) != len(piece):
        return out
    edits = {}
    for k, code in table.mixed_edits(codes, utf32(full), spans, direction, _MIXED_KEEP):
        c, new = out[k], chr(code)
        if regional_form(direction, c, new) != c:
            edits[k] = new
    return replace_at(out, edits)
