"""Unicode hygiene: line endings, control and invisible characters, exotic spaces, NFC."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from importlib import resources

from cleaner import _native
from cleaner.codepoints import utf32
from cleaner.document import Document
from cleaner.rule import Example, Rule, Stage

_CONTROL_CHARS = "\x00-\x08\x0b\x0e-\x1f\x7f-\x9f"
_CONTROL = re.compile(f"[{_CONTROL_CHARS}]")
_BREAKS = re.compile("\r\n?|[\u2028\u2029\x85]")
# What U001's gate looks for: a character either pattern starts with.
_CONTROL_OR_BREAK = _native.CharClass("\r\u2028\u2029\x85" + _CONTROL_CHARS)


class ControlCharacters(Rule):
    code = "U001"
    name = "control-characters"
    stage = Stage.UNICODE
    summary = "Normalise line breaks to \\n and remove control characters."
    rationale = (
        "Carriage returns and Unicode line separators mean a line break; later rules "
        "reason about lines, so they must see one kind. A form feed (a PDF page break) "
        "stays: page furniture (B005) reads the page boundaries off it and turns it into a "
        "line break (T001 turns any that are left). Other C0/C1 control characters carry "
        "nothing a reader can see."
    )
    references = (
        "The Unicode Standard, 5.8 Newline Guidelines (CR, LF, NEL, LS, PS)",
    )
    limits = (
        "Form feeds stay for B005: rules between U001 and B005 see them at line starts",
    )
    examples = (
        Example("第一行\r\n第二行\r第三行", "第一行\n第二行\n第三行"),
        Example("页面一\x0c页面二"),
        Example("文字\x07内容\x1b", "文字内容"),
        Example("制表\t符保留给空格规则"),
    )

    def gate(self, text: str) -> bool:
        return _CONTROL_OR_BREAK.found_in(utf32(text))

    def apply(self, doc: Document) -> str:
        return _CONTROL.sub("", _BREAKS.sub("\n", doc.text))


# Zero-width characters, soft hyphen, BOM, bidi marks and other format characters.
_INVISIBLE = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180e\u200b-"
    "\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufe00-\ufe0f"
)
_INVISIBLE_CLASS = _native.CharClass(f"{_INVISIBLE}\ue000-\uf8ff")


class InvisibleCharacters(Rule):
    code = "U002"
    name = "invisible-characters"
    stage = Stage.UNICODE
    summary = (
        "Remove zero-width characters, soft hyphens, BOMs, private-use code points and "
        "pdfminer's `(cid:N)` glyph placeholders."
    )
    rationale = (
        "Web editors and PDF extraction leave invisible characters that split words for "
        "tokenizers and defeat deduplication; private-use code points are glyphs of one "
        "font and mean nothing elsewhere, and pdfminer writes `(cid:N)` for the same "
        "unmapped glyphs (PyMuPDF a private-use character). A soft hyphen (or U+FFFE, as "
        "some extractors write it) after a Latin letter at a line end is the hyphen of a "
        "word broken by the line: it stays, as U+00AD, for line-wrap repair (W001) to "
        "rejoin the word."
    )
    references = (
        "Unicode Default_Ignorable_Code_Point (DerivedCoreProperties.txt); private-use areas",
    )
    limits = (
        "Private-use glyphs and `(cid:N)` are removed, not mapped: the characters a font drew "
        "with them are lost",
    )
    examples = (
        Example("中\u200b文\u200d字\ufeff符", "中文字符"),
        Example("co\u00adoperation", "cooperation"),
        Example("图标\ue001文字", "图标文字"),
        Example("型号BMP(cid:63037)(cid:63043)，接在I(cid:63037)C上", "型号BMP，接在IC上"),
        Example("inter\ufffe\nnational", "inter\u00ad\nnational"),
        Example("inter\u00ad \nnational", "inter\u00ad\nnational"),
        Example("普通的文字，没有隐藏字符。"),
    )
    # A Latin word's break hyphen at a line end (kept, spaces after it dropped), or any
    # other invisible character (removed).
    _strip = re.compile(
        f"(?<=[A-Za-z])([\u00ad\ufffe])[ \t]*(?=\n)|[{_INVISIBLE}\ue000-\uf8ff\ufffe]"
        r"|\(cid:\d+\)"
    )

    def gate(self, text: str) -> bool:
        return "\ufffe" in text or "(cid:" in text or _INVISIBLE_CLASS.found_in(
            utf32(text)
        )

    def apply(self, doc: Document) -> str:
        return self._strip.sub(lambda m: "\u00ad" if m.group(1) else "", doc.text)


_SPACE_CHARS = "\t\u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u202f\u205f\u3000"
_SPACES = "\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
# A tab between two pieces of text separates table cells (M002 writes rows that way, and
# TSV-like text does too): it stays. Tabs at a line's edge or beside other spaces are
# indentation or padding and become spaces like every other exotic space.
_SPACES_RE = re.compile(f"[{_SPACES[1:]}]|(?<![^\\s])\\t|\\t(?![^\\s])")
_EXOTIC_RE = re.compile(f"[{_SPACES[1:]}]")  # the same without tabs: one fast class scan
_EXOTIC = _native.CharClass(_SPACES[1:])


class ExoticSpaces(Rule):
    code = "U003"
    name = "exotic-spaces"
    stage = Stage.UNICODE
    touches = _SPACE_CHARS + " "
    summary = ("Turn NBSP, U+3000 and other exotic spaces, and tabs that are not cell "
               "separators, into ordinary spaces.")
    rationale = (
        "The spacing rules decide which spaces stay; they can only do that when every "
        "space is the same character. Ideographic spaces used for indentation become "
        "ordinary spaces and are then trimmed."
    )
    references = (
        "Unicode White_Space property (PropList.txt)",
    )
    limits = (
        "A tab between two pieces of text is taken for a cell separator, even as a wide space",
    )
    examples = (
        Example("\u3000\u3000段落开头", "  段落开头"),
        Example("New\u00a0York", "New York"),
        Example("\t缩进的一行", " 缩进的一行"),
        Example("品名\t单价\n苹果\t5元"),
    )

    def gate(self, text: str) -> bool:
        if "\t" in text:
            return _SPACES_RE.search(text) is not None
        return _EXOTIC.found_in(utf32(text))

    def apply(self, doc: Document) -> str:
        return (_SPACES_RE if "\t" in doc.text else _EXOTIC_RE).sub(" ", doc.text)


class NFC(Rule):
    code = "U004"
    name = "nfc"
    stage = Stage.UNICODE
    summary = "Normalise to Unicode NFC."
    rationale = (
        "Decomposed accents and compatibility ideographs make identical text compare "
        "unequal; NFC is the form the rest of the corpus uses. NFKC is not used: it would "
        "fold full-width punctuation that Chinese text needs."
    )
    references = (
        "Unicode Normalization Forms, UAX #15 (NFC)",
    )
    limits = (
        "No NFKC: compatibility forms other than ideographs (circled digits, ligatures) stay",
    )
    examples = (
        Example("Cafe\u0301", "Caf\u00e9"),
        Example("中文，标点！"),
    )

    def gate(self, text: str) -> bool:
        return not unicodedata.is_normalized("NFC", text)

    def apply(self, doc: Document) -> str:
        return unicodedata.normalize("NFC", doc.text)


_RADICALS = _native.CharClass("\u2e80-\u2fdf")


@cache
def radical_table() -> dict[int, str]:
    """Kangxi radicals by NFKC, CJK Radicals Supplement by rules/data/cjk_radicals.txt."""
    table = {c: unicodedata.normalize("NFKC", chr(c)) for c in range(0x2F00, 0x2FE0)}
    text = (resources.files("cleaner_rules") / "data" / "cjk_radicals.txt").read_text("utf-8")
    for line in text.splitlines():
        if line and not line.startswith("#"):
            radical, ideograph = line.split("\t")[:2]
            table[ord(radical)] = ideograph
    return {c: s for c, s in table.items() if s != chr(c)}


class CJKRadicals(Rule):
    code = "U005"
    name = "cjk-radicals"
    stage = Stage.UNICODE
    summary = "Fold Kangxi and supplement radicals into the ideographs they stand for."
    rationale = (
        "PDF fonts often map a glyph to its radical code point instead of the ideograph "
        "(⾦融⼈⺠⽇报 for 金融人民日报): the text looks right but no search, tokenizer or "
        "deduplication sees the word. Radicals are symbols for dictionary indexes; in running "
        "text they are extraction errors, so they are folded wherever they stand: Kangxi "
        "radicals by NFKC, the CJK Radicals Supplement by Unicode's equivalent-ideograph "
        "table (rules/data/cjk_radicals.txt). Compatibility ideographs are NFC's (U004)."
    )
    references = (
        "Unicode EquivalentUnifiedIdeograph.txt; UAX #15 NFKC for the Kangxi radicals",
    )
    limits = (
        "Supplement radicals with no single BMP equivalent ideograph stay",
    )
    examples = (
        Example("⾦融⼈⺠⽇报", "金融人民日报"),
        Example("⻋站⻔⼝的⻢路", "车站门口的马路"),
        Example("⻓江以⻄的⾯积", "长江以西的面积"),
        Example("部首“口”和“人”是常用的偏旁。"),
    )

    def gate(self, text: str) -> bool:
        return _RADICALS.found_in(utf32(text))

    def apply(self, doc: Document) -> str:
        return doc.text.translate(radical_table())
