"""OpenCC's conversions of a text that C001's leftover decisions compare position by position.

Each is the text converted one way (forward, back, round trip, phrases only), some with the
characters of one script alone blanked out: where blanking them changes what a phrase makes
of a character, that phrase depends on them, which is the evidence of `leftovers`.
"""

from __future__ import annotations

from typing import NamedTuple

from cleaner_rules.script.evidence import script_table, scripts_in, utf32
from cleaner_rules.script.tables import converter, phrase_converter

# Stands in for a minority-only character when probing whether a phrase depends on it: it
# is in no OpenCC phrase, so no phrase can match across it.
_BREAK = "\u0001"

# Regional variants, and the config that writes their forms from plain traditional text.
REGIONAL = {"s2tw": "t2tw", "s2twp": "t2tw", "s2hk": "t2hk"}


class Passes(NamedTuple):
    """OpenCC's conversions of a text that the decisions compare position by position."""

    converted: str
    there_and_back: str
    forward: str
    mixed: str
    direct: str
    roundtrip: str
    unbacked: str
    mixed_unbacked: str
    back_phrase: str
    back_unbacked: str


def other_direction(direction: str) -> str:
    return "t2s" if direction == "s2t" else "s2t"


def _regionalise(text: str, final: str) -> str:
    return converter(REGIONAL[final]).convert(text) if final in REGIONAL else text


def _mixed(there_and_back: str, direction: str, final: str) -> str:
    """The phrases of the round trip alone: what OpenCC's phrases say of the text."""
    return _regionalise(phrase_converter(direction).convert(there_and_back), final)


def _blank(text: str, direction: str, minority: bool) -> str:
    """`text` with a phrase breaker in place of its minority-only characters, or of its
    dominant-only ones."""
    blanked = script_table().blank(utf32(text), direction, minority, _BREAK)
    return blanked.decode("utf-32-le", "surrogatepass")


def conversions(text: str, direction: str, final: str) -> Passes | None:
    """All conversions the decisions need, or None where one changes the text's length."""
    back = other_direction(direction)
    phrases, reverse = phrase_converter(direction), phrase_converter(back)
    there_and_back = converter(back).convert(text)
    mixed = _mixed(there_and_back, direction, final)
    # The leftover's neighbours in the minority script too, so that OpenCC sees the phrase
    # (頭发 -> 头发 -> 頭髮, where 发 alone would become 發).
    roundtrip = converter(final).convert(there_and_back)
    # Blanking before the conversion blanks the same positions of the converted text.
    dominant_blanked = _blank(text, direction, minority=False)
    mixed_unbacked = phrases.convert(converter(back).convert(dominant_blanked))
    # Without a minority-only character, phrases through one give no evidence.
    converted = direct = forward = unbacked = back_phrase = back_unbacked = text
    simplified, traditional = scripts_in(utf32(text))
    if simplified if direction == "s2t" else traditional:  # a minority-only character
        blanked = _blank(text, direction, minority=True)
        converted = converter(direction).convert(text)
        forward = _regionalise(phrases.convert(text), final)
        direct = converter(final).convert(text)
        unbacked = phrases.convert(blanked)
        back_phrase = reverse.convert(converted)
        back_unbacked = reverse.convert(converter(direction).convert(blanked))
    passes = Passes(converted, there_and_back, forward, mixed, direct, roundtrip, unbacked,
                     mixed_unbacked, back_phrase, back_unbacked)
    return passes if all(len(x) == len(text) for x in passes) else None
