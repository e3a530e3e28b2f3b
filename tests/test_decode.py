"""decode_bytes: every branch, checked against the original text, not just "no crash"."""

from __future__ import annotations

import codecs

import pytest

from cleaner.io.decode import DecodeError, decode, decode_bytes, invalid_allowance

SIMPLIFIED = (
    "中华人民共和国是工人阶级领导的、以工农联盟为基础的人民民主专政的社会主义国家。\n"
    "我们今天去北京看了长城，天气很好，大家都很高兴。\n"
    "这个问题需要进一步研究和讨论，希望能够尽快解决。\n"
)
TRADITIONAL = (
    "中華民國是一個民主共和國，台灣的人口約有兩千三百萬人。\n"
    "我們今天去台北看了故宮博物院，天氣很好，大家都很高興。\n"
    "這個問題需要進一步研究和討論，希望能夠儘快解決。\n"
)
MIXED = "Chapter 1: 北京 2024 年的 GDP 增长了 5.2%。\nSee https://example.com/新闻 for details.\n"
PURE_HAN = "我们今天去北京看了长城天气很好大家都很高兴这个问题值得进行研究和讨论"


@pytest.mark.parametrize(
    ("text", "encoding", "expected"),
    [
        (SIMPLIFIED, "utf-8", "utf-8"),
        (MIXED, "utf-8", "utf-8"),
        ("plain ascii\n", "utf-8", "utf-8"),
        (SIMPLIFIED, "utf-8-sig", "utf-8-sig"),
        (SIMPLIFIED, "utf-16", "utf-16-le"),  # Python writes a little-endian BOM
        (TRADITIONAL, "utf-16", "utf-16-le"),
        (SIMPLIFIED, "utf-32", "utf-32-le"),
        (SIMPLIFIED, "gbk", "gb18030"),
        (MIXED, "gbk", "gb18030"),
        (SIMPLIFIED, "gb2312", "gb18030"),
        (SIMPLIFIED + "𠀀😀", "gb18030", "gb18030"),  # four-byte GB18030 sequences
        (TRADITIONAL, "gbk", "gb18030"),  # traditional characters in a mainland encoding
        (TRADITIONAL, "big5", "big5"),
        (TRADITIONAL, "cp950", "big5"),
    ],
)
def test_decodes_to_the_original_text(text: str, encoding: str, expected: str) -> None:
    assert decode_bytes(text.encode(encoding)) == (text, expected)


@pytest.mark.parametrize("bom", [codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE])
def test_utf16_with_bom(bom: bytes) -> None:
    encoding = "utf-16-le" if bom == codecs.BOM_UTF16_LE else "utf-16-be"
    data = bom + SIMPLIFIED.encode(encoding)
    assert decode_bytes(data) == (SIMPLIFIED, encoding)


def test_utf32_big_endian_bom() -> None:
    data = codecs.BOM_UTF32_BE + TRADITIONAL.encode("utf-32-be")
    assert decode_bytes(data) == (TRADITIONAL, "utf-32-be")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", [SIMPLIFIED, TRADITIONAL, MIXED, "hello world\n"])
def test_utf16_without_bom_by_nul_pattern(text: str, encoding: str) -> None:
    assert decode_bytes(text.encode(encoding)) == (text, encoding)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_or_nuls(encoding: str) -> None:
    data = PURE_HAN.encode(encoding)
    assert b"\0" not in data
    assert decode_bytes(data) == (PURE_HAN, encoding)


def test_utf16_whose_only_nuls_come_from_han() -> None:
    # 一 is U+4E00: in UTF-16-LE its NUL sits where big-endian ASCII would put one.
    text = "第一" * 20
    assert decode_bytes(text.encode("utf-16-le")) == (text, "utf-16-le")
    assert decode_bytes(text.encode("utf-16-be")) == (text, "utf-16-be")


def test_big5_is_not_read_as_gb18030() -> None:
    data = TRADITIONAL.encode("big5")
    data.decode("gb18030")  # strictly valid GB18030 too: only plausibility can tell
    assert decode_bytes(data) == (TRADITIONAL, "big5")


def test_gbk_that_is_also_valid_big5_stays_gb18030() -> None:
    text = "学习中文很有意思"
    data = text.encode("gbk")
    data.decode("big5")  # valid Big5 as well
    assert decode_bytes(data) == (text, "gb18030")


@pytest.mark.parametrize(
    ("text", "encoding"), [("你好", "gbk"), ("你好", "big5"), ("台灣", "big5"), ("中文", "gbk")]
)
def test_short_texts_pick_the_right_encoding(text: str, encoding: str) -> None:
    assert decode_bytes(text.encode(encoding))[0] == text


def test_empty_input() -> None:
    assert decode_bytes(b"") == ("", "utf-8")


def test_bom_only() -> None:
    assert decode_bytes(codecs.BOM_UTF8) == ("", "utf-8-sig")


def test_mostly_utf8_is_not_reread_as_gb18030() -> None:
    good = b"line one\nline two\n"
    bad = good + b"\xd6" + "中华人民共和国".encode() + b"\n"
    bad.decode("gb18030")  # GB18030 would "succeed" with mojibake
    with pytest.raises(DecodeError) as info:
        decode_bytes(bad)
    assert info.value.reason == "undecodable-bytes"
    assert info.value.detail.startswith(f"line 3, byte {len(good)}: invalid UTF-8")
    assert info.value.offset == len(good)


def test_truncated_utf8_at_end() -> None:
    data = SIMPLIFIED.encode()[:-2]  # drops the newline and the last byte of "。"
    with pytest.raises(DecodeError) as info:
        decode_bytes(data)
    assert info.value.reason == "undecodable-bytes"
    assert info.value.detail.startswith(f"line 3, byte {len(data) - 2}:")


def test_positions_can_be_shifted_for_a_line_of_a_larger_file() -> None:
    bad = "中文内容".encode() + b"\xff" + "更多中文".encode()
    with pytest.raises(DecodeError) as info:
        decode_bytes(bad, base_line=7, base_offset=100)
    assert info.value.detail.startswith("line 7, byte 112:")
    assert info.value.offset == 112


def test_invalid_data_after_a_bom() -> None:
    data = codecs.BOM_UTF8 + "好\n坏".encode() + b"\xc3\x28"
    with pytest.raises(DecodeError) as info:
        decode_bytes(data)
    assert info.value.reason == "undecodable-bytes"
    assert info.value.detail.startswith(f"line 2, byte {len(data) - 2}:")


def test_lone_surrogate_after_utf16_bom() -> None:
    data = codecs.BOM_UTF16_LE + "ab\n".encode("utf-16-le") + b"\x00\xd8" + b"a\x00"
    with pytest.raises(DecodeError) as info:
        decode_bytes(data)
    assert info.value.reason == "undecodable-bytes"
    assert info.value.detail.startswith("line 2, byte 8:")


def test_truncated_utf16_without_bom() -> None:
    data = MIXED.encode("utf-16-le")[:-1]
    with pytest.raises(DecodeError) as info:
        decode_bytes(data)
    assert info.value.reason == "undecodable-bytes"
    assert "truncated utf-16-le" in info.value.detail


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "PNG image"),
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(128, 256)), "ZIP archive"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "PDF document"),
        (b"\x7fELF\x02\x01\x01\x00" + bytes(56), "ELF executable"),
        (b"\x1f\x8b\x08\x00" + bytes(range(200, 256)), "gzip data"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "JPEG image"),
    ],
)
@pytest.mark.parametrize("lossy", [True, False])
def test_file_signatures_mean_binary(data: bytes, kind: str, lossy: bool) -> None:
    with pytest.raises(DecodeError) as info:
        decode(data, lossy=lossy)
    assert info.value.reason == "binary"
    assert info.value.detail == f"line 1, byte 0: {kind} (file signature)"


def test_a_signature_in_valid_utf8_text_is_text() -> None:
    text = "%PDF-1.7 是 PDF 文件开头的标记，PK 是压缩包的标记。\n"
    assert decode(text.encode()).text == text


@pytest.mark.parametrize(
    "data", [bytes(range(256)) * 4, b"\x00" * 64, b"ok\n" + bytes(range(1, 9)) * 10]
)
def test_a_high_share_of_control_bytes_means_binary(data: bytes) -> None:
    with pytest.raises(DecodeError) as info:
        decode(data)
    assert info.value.reason == "binary"
    first = next(i for i, b in enumerate(data) if b < 9 or 13 < b < 32 and b != 27)
    assert info.value.detail.startswith(f"line {data.count(10, 0, first) + 1}, byte {first}:")
    assert "control bytes" in info.value.detail


@pytest.mark.parametrize("encoding", ["utf-8", "gbk", "big5"])
def test_a_few_nul_bytes_in_text_are_text(encoding: str) -> None:
    # PDF extractors write NUL for glyphs without a Unicode mapping; U001 removes them.
    text = (TRADITIONAL if encoding == "big5" else SIMPLIFIED).replace("，", "\x00", 2)
    result = decode(text.encode(encoding))
    assert (result.text, result.invalid_bytes) == (text, 0)
    assert decode_bytes(text.encode(encoding))[0] == text


def test_control_bytes_mean_binary() -> None:
    data = b"ok\n" + bytes([1, 2, 3, 4, 5, 6, 7, 8]) * 10
    with pytest.raises(DecodeError) as info:
        decode_bytes(data)
    assert info.value.reason == "binary"
    assert info.value.detail.startswith("line 2, byte 3:")


def test_a_few_control_bytes_are_still_text() -> None:
    text = "正文\x1b[1m加粗\x1b[0m，页尾\x0c\n" * 3
    assert decode_bytes(text.encode("gbk")) == (text, "gb18030")


def test_neither_gb18030_nor_big5() -> None:
    data = "中文".encode("gbk") + b"\xff\xff" + "中文".encode("gbk")
    with pytest.raises(DecodeError) as info:
        decode_bytes(data)
    assert info.value.reason == "undecodable-bytes"
    assert info.value.detail.startswith("line 1, byte 4:")


def test_implausible_legacy_text_is_rejected() -> None:
    japanese = "これは日本語のテキストです。東京は日本の首都であり、多くの人々が住んでいます。"
    with pytest.raises(DecodeError) as info:
        decode_bytes(japanese.encode("shift_jis"))
    assert info.value.reason == "undecodable-bytes"
    assert "no plausible encoding" in info.value.detail


def test_large_legacy_file_is_fast_enough() -> None:
    data = (SIMPLIFIED * 5000).encode("gbk")
    text, encoding = decode_bytes(data)
    assert encoding == "gb18030"
    assert len(text) == len(SIMPLIFIED) * 5000


# --- a few invalid bytes: U+FFFD and a count; many: quarantine -------------------------------

PAGE = (
    "<html><head><title>本市新闻</title></head><body>\n"
    "<h1>区政府召开全体会议</h1>\n"
    "<p>会议听取了上半年经济运行情况的汇报，研究部署下一阶段的重点工作。</p>\n"
    "<p>会议强调，要坚持稳中求进，抓好项目建设，切实保障和改善民生。</p>\n"
    "<p>发布时间：2023年7月15日 来源：区政府办公室</p>\n"
    "</body></html>\n"
)


def _cut_before_ascii(data: bytes, encoding: str, count: int) -> tuple[bytes, str]:
    """Drop the last byte of `count` characters that stand before `<`, `,` or a newline.

    Returns the damaged bytes and the text a lossy decode must give: each cut character
    becomes one U+FFFD (the ASCII byte after it resynchronises the decoder).
    """
    text = data.decode(encoding)
    chars = [i for i in range(len(text) - 1) if text[i] > "\x7f" and text[i + 1] in "<,\n"]
    picked = chars[1 :: max(1, len(chars) // count)][:count]
    assert len(picked) == count
    out, expected, last = b"", "", 0
    for i in picked:
        out += text[last:i].encode(encoding) + text[i].encode(encoding)[:-1]
        expected += text[last:i] + "\ufffd"
        last = i + 1
    return out + text[last:].encode(encoding), expected + text[last:]


def test_gbk_page_with_cut_characters_is_gbk_with_replacements() -> None:
    page = PAGE.replace("，", ",") * 4  # ASCII commas: more places to cut a character
    damaged, expected = _cut_before_ascii(page.encode("gb2312"), "gb2312", 3)
    with pytest.raises(UnicodeDecodeError):
        damaged.decode("gb18030")
    result = decode(damaged)
    assert (result.encoding, result.invalid_bytes) == ("gb18030", 3)
    assert result.text == expected


def test_big5_page_with_cut_characters_stays_big5() -> None:
    damaged, expected = _cut_before_ascii((TRADITIONAL * 4).encode("big5"), "big5", 2)
    result = decode(damaged)
    assert (result.encoding, result.invalid_bytes, result.text) == ("big5", 2, expected)


def test_utf8_with_a_few_invalid_bytes_is_utf8_with_replacements() -> None:
    good = (SIMPLIFIED * 2).encode()
    cut = good.index("长城".encode())
    damaged = good[:cut] + good[cut : cut + 2] + good[cut + 3 :] + b"\xff"  # cut 长, stray byte
    result = decode(damaged)
    assert (result.encoding, result.invalid_bytes) == ("utf-8", 3)
    assert result.text == (SIMPLIFIED * 2).replace("长城", "\ufffd城", 1) + "\ufffd"
    with pytest.raises(DecodeError):
        decode_bytes(damaged)  # the strict reading still refuses


def test_utf8_bom_with_an_invalid_byte() -> None:
    result = decode(codecs.BOM_UTF8 + SIMPLIFIED.encode() + b"\xc3\x28")
    assert (result.text, result.encoding, result.invalid_bytes) == (
        SIMPLIFIED + "\ufffd(", "utf-8-sig", 1)


def test_a_tiny_file_must_still_be_mostly_text() -> None:
    with pytest.raises(DecodeError):
        decode(codecs.BOM_UTF16_LE + b"\x00")


def test_odd_length_utf16_loses_one_byte() -> None:
    result = decode(MIXED.encode("utf-16-le")[:-1])
    assert (result.encoding, result.invalid_bytes) == ("utf-16-le", 1)
    assert result.text == MIXED[:-1] + "\ufffd"


def _stray_bytes(data: bytes, count: int) -> bytes:
    """`count` bytes 0xFF spread over the line ends of `data` (never inside a character)."""
    lines = data.split(b"\n")
    for n in range(count):
        lines[n % (len(lines) - 1)] += b"\xff"
    return b"\n".join(lines)


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_invalid_bytes_past_the_allowance_are_quarantined(encoding: str) -> None:
    good = (SIMPLIFIED * 20).encode(encoding)
    allowed = invalid_allowance(len(good))
    within = _stray_bytes(good, allowed)
    result = decode(within)
    assert (result.invalid_bytes, result.text.count("\ufffd")) == (allowed, allowed)
    assert result.text.replace("\ufffd", "") == SIMPLIFIED * 20
    beyond = _stray_bytes(good, 2 * allowed)
    assert 2 * allowed > invalid_allowance(len(beyond))
    with pytest.raises(DecodeError) as info:
        decode(beyond)
    assert info.value.reason == "undecodable-bytes"
    assert f"more than the {invalid_allowance(len(beyond))} allowed" in info.value.detail


def test_the_allowance_is_one_percent_with_a_floor() -> None:
    assert (invalid_allowance(0), invalid_allowance(9), invalid_allowance(10)) == (0, 0, 1)
    assert invalid_allowance(20) == invalid_allowance(299) == 2
    assert invalid_allowance(300) == 3
    assert invalid_allowance(10_000) == 100


def test_mostly_undecodable_text_is_quarantined() -> None:
    data = bytes(range(0x80, 0x100)) * 8 + SIMPLIFIED.encode()
    with pytest.raises(DecodeError) as info:
        decode(data)
    assert info.value.reason == "undecodable-bytes"
