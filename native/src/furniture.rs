//! B005's loose keys (rules/boilerplate/clusters.py before the port): a line without digits
//! (one `#` for each run), spacing and punctuation, lowercased, cut at a layout gap; which
//! lines can be furniture; and the scan that leaves out the lines whose key cannot share a
//! start or end with the keys sought (`Ends`).
//!
//! A document comes as code points (UTF-32, lone surrogates included: no letter, digit,
//! space or punctuation). The tests are Python's: `str.isalnum` and `str.isdecimal` for the
//! regex classes `[\W_]` and `\d`, `str.isspace` for `\s`, `str.lower` for the key (Rust's
//! `to_lowercase`, final sigma included), and "a letter lowercasing leaves as it is"
//! (`isalpha`, `lower`) for the scan; tests/test_native_furniture.py checks them on every code
//! point.

use crate::chars::{self, codes};
use pyo3::prelude::*;

const MAX_FURNITURE: usize = 60;
const SPACE: u32 = 0x20;
const ELLIPSES: [&[u32]; 3] = [&[0x2026], &[0x22EF], &[0x2E, 0x2E, 0x2E]]; // … ⋯ ...

/// Punctuation that can open or close a line (`clusters.PUNCT` before the port); none of
/// it is in a key (no word character).
fn is_punct(c: u32) -> bool {
    char::from_u32(c).is_some_and(|c| {
        matches!(
            c,
            '，' | '。'
                | '、'
                | '；'
                | '：'
                | '！'
                | '？'
                | '…'
                | '—'
                | '·'
                | '“'
                | '”'
                | '‘'
                | '’'
                | '「'
                | '」'
                | '『'
                | '』'
                | '（'
                | '）'
                | '《'
                | '》'
                | '〈'
                | '〉'
                | '【'
                | '】'
                | '〔'
                | '〕'
                | ','
                | '.'
                | ';'
                | ':'
                | '!'
                | '?'
                | '\''
                | '"'
                | '('
                | ')'
                | '['
                | ']'
                | '-'
                | ' '
        )
    })
}

/// The CJK Unified Ideographs and Extension A: letters without case (Lo), as they are in
/// every Unicode since 13; most characters of the text, answered without the tables.
fn is_han(c: u32) -> bool {
    matches!(c, 0x3400..=0x4DBF | 0x4E00..=0x9FFF)
}

/// What a character is to a key: a letter that lowercasing leaves as it is
/// (`c.isalpha() and c.lower() == c`), another word character (`isalnum`) that is not a
/// digit, a digit (`isdecimal`), or nothing.
#[derive(PartialEq)]
enum Kind {
    Kept,
    Word,
    Digit,
    None,
}

fn kind(c: u32) -> Kind {
    match c {
        0x61..=0x7A => Kind::Kept,
        0x30..=0x39 => Kind::Digit,
        0x41..=0x5A => Kind::Word,
        0..=0x7F => Kind::None,
        _ if is_han(c) => Kind::Kept,
        _ => match char::from_u32(c) {
            Some(c) if chars::is_decimal(c) => Kind::Digit,
            Some(c) if chars::is_alpha(c) && keeps_case(c) => Kind::Kept,
            Some(c) if chars::is_alnum(c) => Kind::Word,
            _ => Kind::None,
        },
    }
}

/// A word character but no letter that lowercasing leaves as it is (`〇`, `①`).
fn steady(c: u32) -> bool {
    char::from_u32(c).is_some_and(|c| !chars::is_alpha(c) && keeps_case(c))
}

fn keeps_case(c: char) -> bool {
    let mut lower = c.to_lowercase();
    lower.next() == Some(c) && lower.next().is_none()
}

/// Non-empty, with at most MAX_FURNITURE characters but spaces (a long line stops the
/// count early).
pub fn short(line: &[u32]) -> bool {
    !line.is_empty()
        && (line.len() <= MAX_FURNITURE
            || line
                .iter()
                .filter(|&&c| c != SPACE)
                .nth(MAX_FURNITURE)
                .is_none())
}

/// A line that can be furniture: short, and no finished sentence (a cut title may end in
/// an ellipsis).
pub fn eligible(line: &[u32]) -> bool {
    short(line) && (!chars::ends_sentence_codes(line) || ELLIPSES.iter().any(|e| line.ends_with(e)))
}

/// Where the first run of three or more spaces (`\s{3,}`) starts, if three ASCII spaces
/// follow each other somewhere (`"   " in line`).
fn gap(line: &[u32]) -> Option<usize> {
    if !spaced(line) {
        return None;
    }
    line.windows(3)
        .position(|w| w.iter().all(|&c| chars::is_space_code(c)))
}

/// `"   " in line`
fn spaced(line: &[u32]) -> bool {
    let mut run = 0;
    line.iter().any(|&c| {
        run = if c == SPACE { run + 1 } else { 0 };
        run == 3
    })
}

/// The loose key, ASCII letters lowercased: the line up to a layout gap, without what is
/// not a word character (nor `_`), each run of digits one `#`; and whether it is lowercase
/// (no character but kept letters, ASCII, steady numbers and `#`).
fn key_codes(line: &[u32]) -> (Vec<u32>, bool) {
    let line = &line[..gap(line).unwrap_or(line.len())];
    let mut key = Vec::with_capacity(line.len());
    let (mut digits, mut kept) = (false, true);
    for &c in line {
        let kind = kind(c);
        if kind == Kind::Digit && !digits {
            key.push(u32::from('#'));
        }
        if kind == Kind::Kept || kind == Kind::Word {
            let upper = (0x41..=0x5A).contains(&c); // A-Z: `str.lower` gives a-z
            key.push(if upper { c + 0x20 } else { c });
            kept &= kind == Kind::Kept || upper || steady(c);
        }
        if kind != Kind::None {
            digits = kind == Kind::Digit; // a removed character does not end a run
        }
    }
    (key, kept)
}

/// The loose key of a line, lowercased as `str.lower` does (a key holds no surrogate).
pub fn loose_key(line: &[u32]) -> Vec<u32> {
    let (key, kept) = key_codes(line);
    if kept {
        return key;
    }
    let text: String = key.iter().filter_map(|&c| char::from_u32(c)).collect();
    text.to_lowercase().chars().map(u32::from).collect()
}

/// The loose key of a line that can be furniture, empty for one that cannot.
pub fn furniture_key(line: &[u32]) -> Vec<u32> {
    if eligible(line) {
        loose_key(line)
    } else {
        vec![]
    }
}

/// One or two code points as one number, for the sets of key ends.
pub fn pack(s: &[u32]) -> u64 {
    s.iter().fold(s.len() as u64, |n, &c| n << 21 | c as u64)
}

/// The two-character starts and ends that a line's key must share to be found, and
/// their first and last characters.
pub struct Ends {
    starts: Vec<u64>,
    ends: Vec<u64>,
    firsts: Vec<u64>,
    lasts: Vec<u64>,
}

impl Ends {
    pub fn new(starts: &[Vec<u32>], ends: &[Vec<u32>]) -> Self {
        let set = |pieces: &[Vec<u32>], part: fn(&[u32]) -> &[u32]| {
            let mut set: Vec<u64> = pieces.iter().map(|s| pack(part(s))).collect();
            set.sort_unstable();
            set
        };
        Ends {
            starts: set(starts, |s| s),
            ends: set(ends, |s| s),
            firsts: set(starts, |s| &s[..1.min(s.len())]),
            lasts: set(ends, |s| &s[s.len().saturating_sub(1)..]),
        }
    }

    /// Can the key of `line` be found? Past punctuation, a line's first and last letters
    /// are its key's when lowercasing keeps them: where they match no start or end, it
    /// cannot.
    pub fn may_find(&self, line: &[u32]) -> bool {
        if spaced(line) {
            return true; // a layout gap: the key ends where the gap begins
        }
        let out = |piece: &[u32], set: &[u64]| {
            !piece.is_empty()
                && set.binary_search(&pack(piece)).is_err()
                && piece.iter().all(|&c| kind(c) == Kind::Kept)
        };
        let from = line
            .iter()
            .position(|&c| !is_punct(c))
            .unwrap_or(line.len());
        let head = &line[from..(from + 2).min(line.len())];
        let to = line
            .iter()
            .rposition(|&c| !is_punct(c))
            .map_or(0, |k| k + 1);
        let tail = &line[to.saturating_sub(2)..to];
        let head_out = out(head, &self.starts) || out(&head[..head.len().min(1)], &self.firsts);
        let tail_out =
            out(tail, &self.ends) || out(&tail[tail.len().saturating_sub(1)..], &self.lasts);
        !(head_out && tail_out)
    }
}

fn split_lines(codes: &[u32]) -> Vec<&[u32]> {
    codes.split(|&c| c == 0x0A).collect()
}

/// The keys of the lines of `utf32`; with `furniture`, "" for a line that cannot be
/// furniture (for the tests: the rule reads them in native/src/running.rs).
#[pyfunction]
fn furniture_keys(py: Python<'_>, utf32: &[u8], furniture: bool) -> Vec<String> {
    py.allow_threads(|| {
        let codes = codes(utf32);
        let key = |line: &[u32]| match furniture {
            true => furniture_key(line),
            false => loose_key(line),
        };
        let text = |key: Vec<u32>| key.into_iter().filter_map(char::from_u32).collect();
        split_lines(&codes)
            .into_iter()
            .map(|line| text(key(line)))
            .collect()
    })
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(furniture_keys, m)?)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chars::code_points as codes;

    #[test]
    fn keys_drop_spacing_punctuation_and_digits() {
        let key = |line: &[u32]| -> String {
            loose_key(line)
                .into_iter()
                .filter_map(char::from_u32)
                .collect()
        };
        assert_eq!(key(&codes("江城晚报 2021年3月5日")), "江城晚报#年#月#日");
        assert_eq!(key(&codes("丛书名\u{3000}   篇名")), "丛书名");
        let lone = [codes("A_b-3."), vec![0xD800], codes("5")].concat();
        assert_eq!(key(&lone), "ab#");
        assert_eq!(key(&codes("ΣΟΦΙΑΣ 3")), "σοφιας#");
        assert_eq!(key(&codes("ΣΟΦΙΑΣ İ")), "σοφιασi\u{307}"); // no final sigma before a letter
        assert!(eligible(&codes("老街的早晨……")) && !eligible(&codes("他们走了。”")));
    }

    #[test]
    fn the_scan_leaves_out_lines_of_other_ends() {
        let ends = Ends::new(&[codes("江城")], &[codes("晚报")]);
        assert!(ends.may_find(&codes("“江城日报”")));
        assert!(!ends.may_find(&codes("山城日报")));
        assert!(ends.may_find(&codes("山城晚报")));
        assert!(ends.may_find(&codes("Page 3")) && ends.may_find(&codes("，。")));
    }
}
