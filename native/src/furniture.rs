//! B005's per-line work (rules/boilerplate/clusters.py): the loose keys of the lines that
//! can be page furniture, the scan of a document's lines for those that may be copies of
//! the lines at its page edges, and, for text without page boundaries, the verdict of
//! `running._unrepeated` (is every group of edge lines one line?) where it takes neither
//! `str.lower` beyond ASCII nor a near comparison of keys (rapidfuzz).
//!
//! A document comes as its stripped lines joined by line feeds, in UTF-32 (lone surrogates
//! included: no letter, digit, space or punctuation). The tests are Python's: `str.isalnum`
//! and `str.isdecimal` for the regex classes `[\W_]` and `\d`, `str.isspace` for `\s`, and
//! "a letter lowercasing leaves as it is" (`isalpha`, `lower`) for the scan;
//! tests/test_native_furniture.py checks them on every code point. Keys are returned with
//! only ASCII letters lowercased: the caller lowercases the rest with `str.lower`, and
//! `unrepeated` leaves a document whose keys need it to the caller.

use crate::chars::{self, codes};
use pyo3::prelude::*;
use std::collections::HashMap;

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

/// A line that can be furniture: short, and no finished sentence (a cut title may end in
/// an ellipsis).
fn eligible(line: &[u32]) -> bool {
    let spaces = line.iter().filter(|&&c| c == SPACE).count();
    !line.is_empty()
        && line.len() - spaces <= MAX_FURNITURE
        && (!chars::ends_sentence_codes(line) || ELLIPSES.iter().any(|e| line.ends_with(e)))
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

fn loose_key(line: &[u32]) -> String {
    key_codes(line)
        .0
        .iter()
        .filter_map(|&c| char::from_u32(c))
        .collect()
}

/// One or two code points as one number, for the sets of key ends.
fn pack(s: &[u32]) -> u64 {
    s.iter().fold(s.len() as u64, |n, &c| n << 21 | c as u64)
}

/// The two-character starts and ends that a line's key must share to be found, and
/// their first and last characters.
struct Ends {
    starts: Vec<u64>,
    ends: Vec<u64>,
    firsts: Vec<u64>,
    lasts: Vec<u64>,
}

impl Ends {
    fn new(starts: &[Vec<u32>], ends: &[Vec<u32>]) -> Self {
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
    fn may_find(&self, line: &[u32]) -> bool {
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
/// furniture.
#[pyfunction]
fn furniture_keys(py: Python<'_>, utf32: &[u8], furniture: bool) -> Vec<String> {
    py.allow_threads(|| {
        let codes = codes(utf32);
        let key = |line: &[u32]| match !furniture || eligible(line) {
            true => loose_key(line),
            false => String::new(),
        };
        split_lines(&codes).into_iter().map(key).collect()
    })
}

/// The non-blank lines but `skip` whose key may share a start in `starts` or an end in
/// `ends` and that can be furniture, with their keys, in order.
#[pyfunction]
fn furniture_copies(
    py: Python<'_>,
    utf32: &[u8],
    skip: Vec<usize>,
    starts: Vec<String>,
    ends: Vec<String>,
) -> Vec<(usize, String)> {
    py.allow_threads(|| {
        let codes = codes(utf32);
        let lines = split_lines(&codes);
        let points = |s: &[String]| -> Vec<Vec<u32>> {
            s.iter()
                .map(|s| s.chars().map(u32::from).collect())
                .collect()
        };
        let ends = Ends::new(&points(&starts), &points(&ends));
        let mut skipped = vec![false; lines.len()];
        skip.iter().for_each(|&i| skipped[i] = true);
        lines
            .iter()
            .enumerate()
            .filter(|&(i, line)| {
                !line.is_empty() && !skipped[i] && ends.may_find(line) && eligible(line)
            })
            .map(|(i, line)| (i, loose_key(line)))
            .filter(|(_, key)| !key.is_empty())
            .collect()
    })
}

const EDGE: usize = 5; // running.EDGE
const MAX_REPS: usize = 64; // clusters._MAX_REPS

/// `clusters.Clusters` for the keys that need no near comparison: where one might find a
/// near key (a representative of a close length shares an end), `find` gives up.
#[derive(Default)]
struct Groups {
    by_key: HashMap<Vec<u32>, usize>,
    by_end: HashMap<u64, Vec<usize>>, // the representatives' lengths
    entries: usize,
}

impl Groups {
    /// `Clusters.find`, or None where it would compare near keys.
    fn find(&mut self, key: &[u32], add: bool) -> Option<Option<usize>> {
        if let Some(&group) = self.by_key.get(key) {
            return Some(Some(group));
        }
        let n = key.len();
        if n >= 6 {
            let ends = [pack(&key[..2]), pack(&key[n - 2..])];
            let lengths = ends.iter().filter_map(|end| self.by_end.get(end)).flatten();
            if lengths.copied().any(|m| 10 * m.abs_diff(n) <= m + n) {
                return None;
            }
        }
        if !add {
            return Some(None);
        }
        let group = self.by_key.len();
        self.put(key, group);
        Some(Some(group))
    }

    fn put(&mut self, key: &[u32], group: usize) {
        self.by_key.insert(key.to_vec(), group);
        let n = key.len();
        if n >= 6 && self.entries < MAX_REPS {
            let (start, end) = (pack(&key[..2]), pack(&key[n - 2..]));
            for end in if start == end {
                vec![start]
            } else {
                vec![start, end]
            } {
                self.by_end.entry(end).or_default().push(n);
                self.entries += 1;
            }
        }
    }

    fn ends(&self) -> Ends {
        let (mut starts, mut ends): (Vec<u64>, Vec<u64>) =
            (vec![], self.by_end.keys().copied().collect());
        starts.extend(self.by_key.keys().map(|k| pack(&k[..k.len().min(2)])));
        starts.extend(&ends);
        let first = |p: u64| {
            if p >> 42 == 2 {
                (1 << 21) | (p >> 21 & 0x1F_FFFF)
            } else {
                p
            }
        };
        let last = |p: u64| (1 << 21) | (p & 0x1F_FFFF);
        let sorted = |mut v: Vec<u64>| {
            v.sort_unstable();
            v
        };
        let firsts = sorted(starts.iter().map(|&p| first(p)).collect());
        let lasts = sorted(ends.iter().map(|&p| last(p)).collect());
        ends.sort_unstable();
        Ends {
            starts: sorted(starts),
            ends,
            firsts,
            lasts,
        }
    }
}

/// The key of a line that can be furniture: None where it has none, Some(None) where
/// lowercasing might change it (the caller decides).
fn furniture_key(line: &[u32]) -> Option<Option<Vec<u32>>> {
    if !eligible(line) {
        return None;
    }
    let (key, kept) = key_codes(line);
    (!key.is_empty()).then_some(kept.then_some(key))
}

/// `running._unrepeated` on the stripped lines, or None where it takes `str.lower` or a
/// near comparison of keys (rapidfuzz) to decide.
fn unrepeated(lines: &[&[u32]]) -> Option<bool> {
    let nonblank: Vec<usize> = (0..lines.len()).filter(|&i| !lines[i].is_empty()).collect();
    let (Some(&top), Some(&bottom)) = (nonblank.first(), nonblank.last()) else {
        return Some(true);
    };
    let mut zones = vec![nonblank[..nonblank.len().min(EDGE)].to_vec()];
    let last: Vec<usize> = nonblank.iter().rev().take(EDGE).copied().collect();
    if last != zones[0] {
        zones.push(last);
    }
    let mut member: Vec<(usize, Vec<u32>)> = vec![];
    for &i in zones.iter().flatten() {
        if !member.iter().any(|(m, _)| *m == i) {
            if let Some(key) = furniture_key(lines[i]) {
                member.push((i, key?));
            }
        }
    }
    let group = |i: usize| member.iter().position(|(m, _)| *m == i);
    if group(top).is_none() && group(bottom).is_none() {
        return Some(true); // lines go from an edge inward: none can be furniture
    }
    let mut clusters = Groups::default();
    for (n, (_, key)) in member.iter().enumerate() {
        if clusters.find(key, true)? != Some(n) {
            return Some(false);
        }
    }
    for pair in zones.iter().flat_map(|zone| zone.windows(2)) {
        if let (Some(gi), Some(gj)) = (group(pair[0]), group(pair[1])) {
            let joined = [&member[gi].1[..], &member[gj].1[..]].concat();
            if clusters
                .find(&joined, false)?
                .is_some_and(|c| c != gi && c != gj)
            {
                return Some(false); // two halves of a header
            }
        }
    }
    let mut focus = Groups::default();
    for (g, (i, key)) in member.iter().enumerate() {
        let alone =
            0 < *i && *i + 1 < lines.len() && lines[i - 1].is_empty() && lines[i + 1].is_empty();
        if nonblank.partition_point(|&k| k < *i) < EDGE || alone {
            focus.put(key, g);
        }
    }
    if focus.by_key.is_empty() {
        return Some(true);
    }
    let ends = focus.ends();
    for (i, line) in lines.iter().enumerate() {
        if line.is_empty() || group(i).is_some() || !ends.may_find(line) {
            continue;
        }
        if let Some(key) = furniture_key(line) {
            if focus.find(&key?, false)?.is_some() {
                return Some(false); // a copy
            }
        }
    }
    Some(true)
}

/// `running._unrepeated` of the document `utf32` (its stripped lines), or None where the
/// caller decides.
#[pyfunction]
fn furniture_unrepeated(py: Python<'_>, utf32: &[u8]) -> Option<bool> {
    py.allow_threads(|| unrepeated(&split_lines(&codes(utf32))))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(furniture_keys, m)?)?;
    m.add_function(wrap_pyfunction!(furniture_copies, m)?)?;
    m.add_function(wrap_pyfunction!(furniture_unrepeated, m)?)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chars::code_points as codes;

    #[test]
    fn keys_drop_spacing_punctuation_and_digits() {
        assert_eq!(
            loose_key(&codes("江城晚报 2021年3月5日")),
            "江城晚报#年#月#日"
        );
        assert_eq!(loose_key(&codes("丛书名\u{3000}   篇名")), "丛书名");
        let lone = [codes("A_b-3."), vec![0xD800], codes("5")].concat();
        assert_eq!(loose_key(&lone), "ab#");
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

    #[test]
    fn a_header_repeated_far_below_is_decided_here_or_left_to_python() {
        let doc = |text: &str| unrepeated(&split_lines(&codes(text)));
        let body = "码头上的挑夫沿着石阶往上走。\n".repeat(10);
        assert_eq!(
            doc(&format!("江城晚报\n{body}\n江城晚报\n\n{body}")),
            Some(false)
        );
        assert_eq!(doc(&format!("江城晚报\n{body}老街的早晨")), Some(true));
        assert_eq!(doc(&format!("ΣΟΦΙΑ\n{body}")), None); // str.lower decides
        assert_eq!(
            doc(&format!("江城晚报第二版面\n{body}\n江城晚报第三版面\n")),
            None
        ); // near
        assert_eq!(doc(""), Some(true));
    }
}
