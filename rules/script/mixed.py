"""Documents that machine conversion left mixed: leftovers throughout, not one quoted name.

C001's last step, after the six of `leftovers`:

7. mixed-document: in a document with minority-only characters in `MIXED_SEGMENTS` or
   more clauses, a character standard in both scripts that OpenCC converts by default
   takes the round trip's form (盈余 -> 盈餘 in a traditional text).
"""

from __future__ import annotations

import re
from bisect import bisect_right

from cleaner_rules.script.evidence import char_class
from cleaner_rules.script.leftovers import regional_form
from cleaner_rules.script.passes import other_direction
from cleaner_rules.script.tables import converter, convertible, keep_hant, transliteration_chars
from cleaner_rules.text.chars import replace_at

MIXED_SEGMENTS = 3  # clauses with a minority-only character that make a document mixed
_CLAUSE_END = re.compile("[\n，。！？；：、,.!?;:]")
# Characters whose dominant-script reading is far more common than the one OpenCC's phrase
# tables give them: even in a mixed document they need the evidence of `leftovers`
# (發明了, not 瞭).
_MIXED_KEEP = frozenset("了着只")


def mixed_document(
    text: str, out: str, direction: str, minority: frozenset[str], dominant: frozenset[str],
    final: str,
) -> str:
    """In a document that machine conversion left mixed, characters standard in both
    scripts take OpenCC's phrase-aware conversion too.

    Mixed means minority-only characters in `MIXED_SEGMENTS` or more clauses (between
    punctuation and line breaks) of the text, not one quoted name: someone converted the
    text and missed characters throughout, and then the characters standard in both
    scripts (盈余, 制造, 关系 in a traditional text) are left over far more often than
    meant. Correct text has no minority-only character and is never touched here.
    """
    barriers = [m.start() for m in _CLAUSE_END.finditer(text)]
    segments = {bisect_right(barriers, m.start()) for m in char_class(minority).finditer(text)}
    if len(segments) < MIXED_SEGMENTS:
        return out
    # Through the other script and back, so that OpenCC sees whole phrases (關系 -> 关系 ->
    # 關係); positions of dominant-only characters are never taken from it.
    full = converter(final).convert(converter(other_direction(direction)).convert(out))
    if len(full) != len(out):
        return out
    names = transliteration_chars()
    # Only characters OpenCC itself converts (余 -> 餘, 云 -> 雲), not those that are their
    # own first candidate and change only inside some phrase (布 in 分布 -> 分佈).
    first = convertible(direction) - keep_hant()
    edits = {}
    for k, (c, new) in enumerate(zip(out, full, strict=True)):
        if (
            c != new and c in first and c not in dominant and c not in _MIXED_KEEP
            and out[k - 1:k] not in names and out[k + 1:k + 2] not in names
            and regional_form(direction, c, new) != c
        ):
            edits[k] = new
    return replace_at(out, edits)

