"""Does a text read on from line to line, or from each line to the one after next?

The continuity signal behind B006 (flag) and L002 (repair): in hard-wrapped text a word
runs across a line break into the next line, and a line's last character forms a pair
seen elsewhere in the document with the first character of the next line; where an
extractor interleaved k columns, they do so with the line k lines later.
"""

from __future__ import annotations

from cleaner_rules.text import lexicon
from cleaner_rules.text.chars import sample

from cleaner import _native
from cleaner.codepoints import per_text, utf32

FLAG = "columns_interleaved"
MIN_VOTES = 6  # line breaks that must take sides before the text is judged


# L002 asks before the unicode and boilerplate stages, B006 after them; where those left the
# text as it was, B006 gets the verdict L002 paid for (kept for the batch's texts).
@per_text
def interleaved(text: str) -> bool:
    """Do the lines read as two texts taking turns (or standing side by side)?

    Computed by the native core (native/src/continuity.rs) on a sample: a ratio, which
    three slices of a long text tell as well. Only lines that stop mid-sentence say how a
    text runs on, so text without them is not wrapped; each break inside a sentence at
    the column width votes for the next line or the one after it: where a word of jieba's
    lexicon runs across the break to one of them and not to the other, else where its
    character pair occurs inside the text read as one run at least twice more with one
    of them (a pair seen once is chance). Side by side columns show as a
    gutter: a run of three spaces or more in many lines, or one space between Han
    characters at the same column in most (`pdftotext -raw`).
    """
    lexicon.install()
    return _native.interleaved(utf32(sample(text)))
