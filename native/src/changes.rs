//! Change accounting: how many characters a rewrite added and removed.
//!
//! The count is the multiset difference of characters: `added` is how many characters the
//! new text has beyond the old one, character by character, and `removed` the converse; a
//! pure reordering counts as zero. A rewrite that keeps the number of lines is compared
//! line by line (so a character moved to another line counts); otherwise whole lines found
//! on both sides cancel first, and each line break added or removed counts as one.

use pyo3::prelude::*;
use rustc_hash::FxHashMap;
use std::collections::HashMap;

/// Length in bytes of the common prefix of `a` and `b`, on a character boundary.
fn common_prefix(a: &str, b: &str) -> usize {
    let mut n = a
        .as_bytes()
        .iter()
        .zip(b.as_bytes())
        .take_while(|(x, y)| x == y)
        .count();
    while !a.is_char_boundary(n) {
        n -= 1;
    }
    n
}

/// Length in bytes of the common suffix of `a` and `b`, at most `limit`, on a boundary.
fn common_suffix(a: &str, b: &str, limit: usize) -> usize {
    let mut n = a
        .as_bytes()
        .iter()
        .rev()
        .zip(b.as_bytes().iter().rev())
        .take(limit)
        .take_while(|(x, y)| x == y)
        .count();
    while !a.is_char_boundary(a.len() - n) {
        n -= 1;
    }
    n
}

/// Add the characters of `text` to `counts` with `sign` (+1 for the new side, -1 for old).
fn tally<'a>(counts: &mut HashMap<char, i64>, pieces: impl Iterator<Item = &'a str>, sign: i64) {
    for piece in pieces {
        for ch in piece.chars() {
            *counts.entry(ch).or_insert(0) += sign;
        }
    }
}

/// (added, removed) from a tally of new minus old counts.
fn surplus(counts: &HashMap<char, i64>) -> (u64, u64) {
    counts.values().fold((0, 0), |(added, removed), &n| {
        if n > 0 {
            (added + n as u64, removed)
        } else {
            (added, removed + (-n) as u64)
        }
    })
}

/// The multiset difference of the characters of two strings: (added, removed).
pub fn char_diff(before: &str, after: &str) -> (u64, u64) {
    if before == after {
        return (0, 0);
    }
    // The common prefix and suffix contribute the same characters to both sides.
    let p = common_prefix(before, after);
    let (b, a) = (&before[p..], &after[p..]);
    let s = common_suffix(b, a, b.len().min(a.len()));
    let (old, new) = (&b[..b.len() - s], &a[..a.len() - s]);
    if old.is_empty() || new.is_empty() {
        return (new.chars().count() as u64, old.chars().count() as u64);
    }
    let mut counts = HashMap::new();
    tally(&mut counts, std::iter::once(new), 1);
    tally(&mut counts, std::iter::once(old), -1);
    surplus(&counts)
}

/// Characters added and removed by one rule on one document (see the module docs).
pub fn change(before: &str, after: &str) -> (u64, u64) {
    if before == after {
        return (0, 0);
    }
    let lines_b: Vec<&str> = before.split('\n').collect();
    let lines_a: Vec<&str> = after.split('\n').collect();
    if lines_b.len() == 1 || lines_a.len() == 1 {
        return char_diff(before, after);
    }
    if lines_b.len() == lines_a.len() {
        return lines_b
            .iter()
            .zip(&lines_a)
            .filter(|(b, a)| b != a)
            .map(|(b, a)| char_diff(b, a))
            .fold((0, 0), |(x, y), (p, q)| (x + p, y + q));
    }
    // Lines kept whole cancel out; the characters of what is left are compared, and line
    // breaks are counted apart.
    let mut kept: HashMap<&str, i64> = HashMap::new();
    for line in &lines_a {
        *kept.entry(line).or_insert(0) += 1;
    }
    for line in &lines_b {
        *kept.entry(line).or_insert(0) -= 1;
    }
    let mut counts = HashMap::new();
    for (line, &n) in &kept {
        let sign = if n > 0 { 1 } else { -1 };
        tally(
            &mut counts,
            std::iter::repeat(*line).take(n.unsigned_abs() as usize),
            sign,
        );
    }
    let (added, removed) = surplus(&counts);
    let breaks = lines_a.len() as i64 - lines_b.len() as i64;
    (
        added + breaks.max(0) as u64,
        removed + (-breaks).max(0) as u64,
    )
}

/// (characters added, removed) by one rewrite of a document.
#[pyfunction]
fn change_counts(before: &str, after: &str) -> (u64, u64) {
    change(before, after)
}

/// (characters added, removed): the multiset difference of the two strings' characters.
#[pyfunction]
fn char_diff_counts(before: &str, after: &str) -> (u64, u64) {
    char_diff(before, after)
}

/// The characters a rule says it touches (`Rule.touches`): its change is counted as the
/// difference in count of each of them, in one pass over each text. A character listed
/// k times counts k times, as a loop over the string of them counts it.
#[pyclass(frozen)]
pub struct Touches {
    /// Slot of each ASCII character, plus one (0: not touched).
    ascii: [u8; 128],
    other: FxHashMap<u32, usize>,
    /// How often each slot's character is listed.
    times: Vec<u64>,
}

impl Touches {
    pub fn new(chars: impl IntoIterator<Item = u32>) -> Self {
        let mut touches = Touches {
            ascii: [0; 128],
            other: FxHashMap::default(),
            times: vec![],
        };
        for c in chars {
            match touches.slot(c) {
                Some(k) => touches.times[k] += 1,
                None => {
                    let k = touches.times.len();
                    touches.times.push(1);
                    if c < 128 {
                        touches.ascii[c as usize] = u8::try_from(k + 1).expect("few ASCII");
                    } else {
                        touches.other.insert(c, k);
                    }
                }
            }
        }
        touches
    }

    fn slot(&self, c: u32) -> Option<usize> {
        if c < 128 {
            (self.ascii[c as usize] as usize).checked_sub(1)
        } else {
            self.other.get(&c).copied()
        }
    }

    /// (added, removed) between two texts given as code points.
    pub fn counts(
        &self,
        before: impl Iterator<Item = u32>,
        after: impl Iterator<Item = u32>,
    ) -> (u64, u64) {
        let mut delta = vec![0i64; self.times.len()];
        for c in before {
            if let Some(k) = self.slot(c) {
                delta[k] -= 1;
            }
        }
        for c in after {
            if let Some(k) = self.slot(c) {
                delta[k] += 1;
            }
        }
        delta
            .iter()
            .zip(&self.times)
            .fold((0, 0), |(added, removed), (&n, &times)| {
                (
                    added + n.max(0) as u64 * times,
                    removed + (-n).max(0) as u64 * times,
                )
            })
    }
}

fn code_points(utf32: &[u8]) -> impl Iterator<Item = u32> + '_ {
    utf32
        .chunks_exact(4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

#[pymethods]
impl Touches {
    /// The touched characters, as UTF-32-LE bytes.
    #[new]
    fn py_new(utf32: &[u8]) -> Self {
        Touches::new(code_points(utf32))
    }

    /// (added, removed) between two texts given as UTF-32-LE bytes.
    #[pyo3(name = "counts")]
    fn py_counts(&self, py: Python<'_>, before: &[u8], after: &[u8]) -> (u64, u64) {
        py.allow_threads(|| self.counts(code_points(before), code_points(after)))
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(change_counts, m)?)?;
    m.add_function(wrap_pyfunction!(char_diff_counts, m)?)?;
    m.add_class::<Touches>()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multiset_difference() {
        assert_eq!(char_diff("", "新增"), (2, 0));
        assert_eq!(char_diff("删除", ""), (0, 2));
        assert_eq!(char_diff("甲乙", "乙甲"), (0, 0));
        assert_eq!(char_diff("aaa", "aaaa"), (1, 0));
        assert_eq!(char_diff("他说,好", "他说，好"), (1, 1));
    }

    #[test]
    fn touched_characters_counted_as_often_as_listed() {
        let touches = Touches::new(" ,，,".chars().map(u32::from));
        let count =
            |b: &str, a: &str| touches.counts(b.chars().map(u32::from), a.chars().map(u32::from));
        assert_eq!(count("他说,好", "他说，好"), (1, 2)); // `,` is listed twice
        assert_eq!(count("甲 乙", "甲乙"), (0, 1));
        assert_eq!(count("甲乙", "乙甲"), (0, 0));
    }

    #[test]
    fn lines_kept_whole_cancel() {
        assert_eq!(change("甲\n乙\n丙", "甲\n丙"), (0, 2));
        assert_eq!(change("甲\n乙", "甲乙"), (0, 1));
    }
}
