//! Characters as Python sees them: `str.isspace`, `strip`, display width, sentence ends,
//! the character classes of rules/text/chars.py, and how two pieces of a sentence meet
//! (rules/text/seams.py). Indices and lengths are in code points, as in Python.
//!
//! Kernels that must see lone surrogates as Python does take the text as UTF-32 code
//! points (`codes`) and ask the same questions of a code point (`code_is`).

use unicode_general_category::{get_general_category, GeneralCategory as G};

/// Python's `str.isspace` (and `\s` of `re`): Rust's `char::is_whitespace` plus U+001C-1F.
pub fn is_space(c: char) -> bool {
    matches!(
        c,
        '\t'..='\r'
            | '\u{1c}'..=' '
            | '\u{85}'
            | '\u{a0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200a}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202f}'
            | '\u{205f}'
            | '\u{3000}'
    )
}

/// The body of a regex character class matching `is_space` (Python's `\s`).
pub const SPACE_CLASS: &str = r"\x09-\x0D\x1C-\x20\x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}";

pub fn strip(s: &str) -> &str {
    s.trim_matches(is_space)
}

pub fn lstrip(s: &str) -> &str {
    s.trim_start_matches(is_space)
}

pub fn rstrip(s: &str) -> &str {
    s.trim_end_matches(is_space)
}

pub fn first(s: &str) -> Option<char> {
    s.chars().next()
}

pub fn last(s: &str) -> Option<char> {
    s.chars().next_back()
}

/// Length in code points (Python's `len`).
pub fn len(s: &str) -> usize {
    s.chars().count()
}

/// Byte offset of code point `k` (the length when `k` is past the end).
pub fn offset(s: &str, k: usize) -> usize {
    s.char_indices().nth(k).map_or(s.len(), |(i, _)| i)
}

/// Python's `s[-k:]` for k >= 1.
pub fn tail(s: &str, k: usize) -> &str {
    match s.char_indices().rev().nth(k - 1) {
        Some((i, _)) => &s[i..],
        None => s,
    }
}

/// Floor division by a positive divisor (Python's `//`).
pub fn fdiv(a: i64, b: i64) -> i64 {
    a.div_euclid(b)
}

/// Display columns as rules/text/chars.py counts them: the code points plus half the extra
/// UTF-8 bytes (three-byte characters count 2, two-byte ones 1.5, rounded down in sum).
pub fn display_width(s: &str) -> i64 {
    let n = len(s) as i64;
    n + (s.len() as i64 - n) / 2
}

pub fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{3007}')
}

/// CJK_PUNCT of rules/text/chars.py.
pub fn is_cjk_punct(c: char) -> bool {
    matches!(
        c,
        '\u{3001}'..='\u{3006}'
            | '\u{3008}'..='\u{3011}'
            | '\u{3014}'..='\u{301f}'
            | '\u{30fb}'
            | '\u{ff01}'..='\u{ff0f}'
            | '\u{ff1a}'..='\u{ff20}'
            | '\u{ff3b}'..='\u{ff40}'
            | '\u{ff5b}'..='\u{ff65}'
            | '\u{2014}'
            | '\u{2026}'
            | '\u{00b7}'
            | '\u{2018}'
            | '\u{2019}'
            | '\u{201c}'
            | '\u{201d}'
            | '\u{2027}'
            | '\u{25b2}'
            | '\u{25c0}'
            | '\u{25b6}'
            | '\u{25bc}'
            | '\u{25a0}'
            | '\u{25a1}'
            | '\u{25cf}'
            | '\u{2605}'
    )
}

pub fn is_cjk(c: char) -> bool {
    is_han(c) || is_cjk_punct(c)
}

/// `[HAN A-Za-z0-9]`: a character a word is made of.
pub fn is_word_char(c: char) -> bool {
    is_han(c) || c.is_ascii_alphanumeric()
}

pub const OPENERS: &str = "“‘「『（(《〈【〔";
pub const CLOSERS: &str = "”’」』）)》〉】〕";
const SENTENCE_END: &str = "。！？!?…";
/// Marks Chinese typesetting never puts at the start of a line (W3C clreq).
pub const NO_LINE_START: &str = "，。、；：？！）》」』”’〕】〉";
pub const SOFT_HYPHEN: char = '\u{ad}';

/// Is `c` one of `set`'s characters (`c in set` in Python)?
pub fn among(c: Option<char>, set: &str) -> bool {
    c.is_some_and(|c| set.contains(c))
}

/// Does the line end a sentence (closing quotes or brackets may follow the mark)?
pub fn ends_sentence(line: &str) -> bool {
    let core = rstrip(line).trim_end_matches(|c: char| c == ' ' || CLOSERS.contains(c));
    among(last(core), SENTENCE_END)
}

/// How two stripped pieces of one sentence meet: (drop a break hyphen, separator).
pub fn seam(left: &str, right: &str) -> (bool, &'static str) {
    let (Some(a), Some(b)) = (last(left), first(right)) else {
        return (false, "");
    };
    let before = left.chars().rev().nth(1);
    if a == '-' && before.is_some_and(|c| c.is_ascii_alphabetic()) && b.is_lowercase() {
        return (true, "");
    }
    if b.is_ascii_alphanumeric() && (a.is_ascii_alphanumeric() || ",;:.!?)".contains(a)) {
        return (false, " ");
    }
    (false, "")
}

/// Join two pieces of one sentence (see `seam`).
pub fn join_fragments(left: &str, right: &str) -> String {
    let (left, right) = (rstrip(left), lstrip(right));
    let (drop, sep) = seam(left, right);
    let left = if drop { &left[..left.len() - 1] } else { left };
    [left, sep, right].concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_string_semantics() {
        assert_eq!(strip("\u{1c} 文\u{3000}"), "文");
        assert_eq!(display_width("中a"), 3);
        assert_eq!(tail("中文字", 2), "文字");
        assert_eq!(tail("字", 3), "字");
        assert_eq!(fdiv(-3, 2), -2);
        assert!(ends_sentence("好。”） "));
        assert_eq!(seam("ferry-", "man"), (true, ""));
        assert_eq!(join_fragments("three ", " days"), "three days");
    }
}

/// The code points of a text Python handed over as UTF-32-LE bytes
/// (`text.encode("utf-32-le", "surrogatepass")`: lone surrogates included).
pub fn codes(utf32: &[u8]) -> Vec<u32> {
    utf32
        .chunks_exact(4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect()
}

/// A code point as a Rust character; a lone surrogate, which Rust cannot hold, as U+FFFD.
/// (Kernels that do this let U+FFFD match only where the surrogate would.)
pub fn char_of(c: u32) -> char {
    char::from_u32(c).unwrap_or('\u{FFFD}')
}

/// The text of a run of code points as a Rust string (`char_of` each).
pub fn text_of(codes: &[u32]) -> String {
    codes.iter().map(|&c| char_of(c)).collect()
}

/// The code points of a Rust string (for tests: what `codes` gives for its UTF-32).
#[cfg(test)]
pub fn code_points(text: &str) -> Vec<u32> {
    text.chars().map(u32::from).collect()
}

/// `test` of a code point; a lone surrogate is no character and passes no test.
pub fn code_is(c: u32, test: fn(char) -> bool) -> bool {
    char::from_u32(c).is_some_and(test)
}

/// `is_space` of a code point (a lone surrogate is no whitespace).
pub fn is_space_code(c: u32) -> bool {
    code_is(c, is_space)
}

/// `is_han` of a code point.
pub fn is_han_code(c: u32) -> bool {
    code_is(c, is_han)
}

/// `str.strip` of a line given as code points.
pub fn strip_codes(line: &[u32]) -> &[u32] {
    let start = line
        .iter()
        .position(|&c| !is_space_code(c))
        .unwrap_or(line.len());
    let end = line
        .iter()
        .rposition(|&c| !is_space_code(c))
        .map_or(start, |i| i + 1);
    &line[start..end]
}

/// A letter by general category (Lu, Ll, Lt, Lm, Lo).
fn is_letter(cat: G) -> bool {
    matches!(
        cat,
        G::UppercaseLetter
            | G::LowercaseLetter
            | G::TitlecaseLetter
            | G::ModifierLetter
            | G::OtherLetter
    )
}

/// Python's `str.isalnum`: a letter or a number by general category (exact for every
/// character Python 3.11's Unicode 14 knows; tests/test_native_tables.py).
pub fn is_alnum(c: char) -> bool {
    let cat = get_general_category(c);
    is_letter(cat) || matches!(cat, G::DecimalNumber | G::LetterNumber | G::OtherNumber)
}

/// Python's `str.isalpha`: a letter by general category.
pub fn is_alpha(c: char) -> bool {
    is_letter(get_general_category(c))
}

/// Python's `str.isdecimal` (the regex `\d`): a decimal digit (Nd).
pub fn is_decimal(c: char) -> bool {
    use unicode_general_category::{get_general_category, GeneralCategory as G};
    get_general_category(c) == G::DecimalNumber
}

/// `ends_sentence` of a line of code points (a lone surrogate is no mark and no space).
pub fn ends_sentence_codes(line: &[u32]) -> bool {
    let is = |c: u32, set: &str| char::from_u32(c).is_some_and(|c| set.contains(c));
    let end = line.iter().rposition(|&c| !code_is(c, is_space));
    let core = &line[..end.map_or(0, |k| k + 1)];
    let end = core.iter().rposition(|&c| c != 0x20 && !is(c, CLOSERS));
    end.is_some_and(|k| is(core[k], SENTENCE_END))
}
