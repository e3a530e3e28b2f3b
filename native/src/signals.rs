//! Repetition signals: how much of a document repeats itself in character n-grams.
//!
//! `repeated_chars` returns the characters covered by 5-grams and by 10-grams that
//! occurred earlier in the text (whitespace already removed by the caller). An n-gram is
//! known by the 64-bit FNV-1a hash of its code points with its low `bits` bits dropped,
//! `bits` being the bit length of the number of n-grams hashed: the grouping the Python
//! implementation got from sorting the hashes with the positions in those low bits. A
//! collision of the remaining bits (about 0.003 expected in a megabyte of Chinese) can
//! raise a value by one n-gram, exactly as before.

use crate::chars::{codes, is_han_code, is_space_code as is_space, strip_codes};
use crate::tables::{signal_class, DIGIT, HAN, SYMBOL};
use pyo3::prelude::*;
use rustc_hash::FxHashSet;
use std::sync::OnceLock;

const FNV_PRIME: u64 = 0x100000001B3;
const FNV_BASIS: u64 = 0xCBF29CE484222325;

fn fnv(codes: &[u32]) -> u64 {
    codes
        .iter()
        .fold(FNV_BASIS, |h, &c| (h ^ c as u64).wrapping_mul(FNV_PRIME))
}

fn bit_length(n: usize) -> u32 {
    usize::BITS - n.leading_zeros()
}

/// For each hash in order: (occurred earlier, occurs more than once).
///
/// The hashes are sorted with their positions in the dropped low bits, so equal keys sit
/// together, first occurrence first: 8 bytes an n-gram, where a hash map of key to first
/// position took up to 34 (its table rounds up to a power of two), 850 MB for one 50 MB
/// document.
fn repeats(mut hashes: Vec<u64>) -> (Vec<bool>, Vec<bool>) {
    let bits = bit_length(hashes.len());
    let low = 1u64.checked_shl(bits).map_or(u64::MAX, |b| b - 1);
    for (i, h) in hashes.iter_mut().enumerate() {
        *h = (*h & !low) | i as u64;
    }
    hashes.sort_unstable();
    let mut earlier = vec![false; hashes.len()];
    let mut shared = vec![false; hashes.len()];
    for group in hashes.chunk_by(|a, b| a & !low == b & !low) {
        if let [first, rest @ ..] = group {
            if !rest.is_empty() {
                shared[(first & low) as usize] = true;
            }
            for &h in rest {
                earlier[(h & low) as usize] = true;
                shared[(h & low) as usize] = true;
            }
        }
    }
    (earlier, shared)
}

/// Characters covered by the n-grams starting where `starts` says.
fn coverage(starts: impl Iterator<Item = usize>, n: usize, length: usize) -> u64 {
    let mut covered = vec![false; length];
    for i in starts {
        covered[i..i + n].iter_mut().for_each(|c| *c = true);
    }
    covered.iter().filter(|&&c| c).count() as u64
}

pub fn repeated(codes: &[u32]) -> (u64, u64) {
    let length = codes.len();
    if length <= 5 {
        return (0, 0);
    }
    let hashes5: Vec<u64> = codes.windows(5).map(fnv).collect();
    let (earlier5, shared5) = repeats(hashes5);
    let five = coverage((0..earlier5.len()).filter(|&i| earlier5[i]), 5, length);
    // A 10-gram that occurs twice is made of two 5-grams that do.
    let candidates: Vec<usize> = (0..shared5.len().saturating_sub(5))
        .filter(|&i| shared5[i] && shared5[i + 5])
        .collect();
    if candidates.len() < 2 {
        return (five, 0);
    }
    let hashes10: Vec<u64> = candidates.iter().map(|&i| fnv(&codes[i..i + 10])).collect();
    let (earlier10, _) = repeats(hashes10);
    let starts = candidates
        .iter()
        .zip(&earlier10)
        .filter(|(_, &e)| e)
        .map(|(&i, _)| i);
    (five, coverage(starts, 10, length))
}

/// (characters covered by repeated 5-grams, by repeated 10-grams) of whitespace-free text
/// given as UTF-32-LE bytes: the form the caller already made to count character classes.
#[pyfunction]
fn repeated_chars(py: Python<'_>, utf32: &[u8]) -> (u64, u64) {
    py.allow_threads(|| repeated(&codes(utf32)))
}

/// Code points below this have a class of their own in the table; above it are only tags,
/// selectors and private use, counted as the table's last entry (unassigned: other).
const TABLE_SIZE: u32 = 0x40000;

/// The class of every code point below `TABLE_SIZE`, built once per process.
fn class_table() -> &'static [u8] {
    static TABLE: OnceLock<Vec<u8>> = OnceLock::new();
    TABLE.get_or_init(|| (0..TABLE_SIZE).map(signal_class).collect())
}

const SENTENCE_MARKS: &[u32] = &[0x3002, 0xFF01, 0xFF1F, 0xFF1B, 0x2026, 0x21, 0x3F, 0x3B]; // 。！？；…!?;

/// `^[^\n]*?(?:[。！？；…!?;]|\.(?!\S))` matches the line: a sentence mark, or a full stop
/// before whitespace or the end (the line's end is a newline or the text's).
fn has_sentence(line: &[u32]) -> bool {
    (0..line.len()).any(|i| {
        SENTENCE_MARKS.contains(&line[i])
            || (line[i] == 0x2E && line.get(i + 1).map_or(true, |&c| is_space(c)))
    })
}

/// The counts behind a document's signals (cleaner/signals.py), in one pass over its code
/// points: non-empty lines and their characters, those of lines repeating an earlier
/// line, lines without a sentence mark, non-whitespace characters, those covered by
/// repeated 5- and 10-grams, and Han, digit and symbol characters.
pub fn signal_counts(text: &[u32]) -> [u64; 11] {
    let (mut n_lines, mut line_chars, mut distinct_chars, mut sentences) = (0, 0, 0, 0);
    let mut seen: FxHashSet<&[u32]> = FxHashSet::default();
    for raw in text.split(|&c| c == 0x0A) {
        sentences += has_sentence(raw) as u64;
        let line = strip_codes(raw);
        if line.is_empty() {
            continue;
        }
        n_lines += 1;
        line_chars += line.len() as u64;
        if seen.insert(line) {
            distinct_chars += line.len() as u64;
        }
    }
    let dup_lines = n_lines - seen.len() as u64;
    drop(seen);
    let visible: Vec<u32> = text.iter().copied().filter(|&c| !is_space(c)).collect();
    let (table, mut classes) = (class_table(), [0u64; 4]);
    visible
        .iter()
        .for_each(|&c| classes[table[c.min(TABLE_SIZE - 1) as usize] as usize] += 1);
    let (five, ten) = repeated(&visible);
    [
        n_lines,
        line_chars,
        dup_lines,
        line_chars - distinct_chars,
        n_lines - sentences,
        visible.len() as u64,
        five,
        ten,
        classes[HAN as usize],
        classes[DIGIT as usize],
        classes[SYMBOL as usize],
    ]
}

/// `signal_counts` of a document's text given as UTF-32-LE bytes.
#[pyfunction]
fn signal_counts_of(py: Python<'_>, utf32: &[u8]) -> [u64; 11] {
    py.allow_threads(|| signal_counts(&codes(utf32)))
}

/// (Han characters, characters other than whitespace) of the text: F002's share, which
/// the regexes `[HAN]+` and `\s+` took two substitutions over the text to count.
pub fn han_visible(text: &[u32]) -> (usize, usize) {
    text.iter().fold((0, 0), |(han, visible), &c| {
        (
            han + is_han_code(c) as usize,
            visible + !is_space(c) as usize,
        )
    })
}

#[pyfunction]
fn han_counts(py: Python<'_>, utf32: &[u8]) -> (usize, usize) {
    py.allow_threads(|| han_visible(&codes(utf32)))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(repeated_chars, m)?)?;
    m.add_function(wrap_pyfunction!(han_counts, m)?)?;
    m.add_function(wrap_pyfunction!(signal_counts_of, m)?)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chars::code_points as codes;

    #[test]
    fn a_repeated_sentence_is_covered_once() {
        assert_eq!(repeated(&codes("短")), (0, 0));
        assert_eq!(repeated(&codes("今天天气很好。今天天气很好。")), (7, 0));
        let twice = "今天天气很好，明天也会很好。".repeat(2);
        assert_eq!(repeated(&codes(&twice)), (14, 14));
    }
}
