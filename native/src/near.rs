//! B005's groups of loose keys (rules/boilerplate/clusters.py's `Clusters` before the port):
//! copies of a running header differ by OCR noise, so a key joins the group of a near key,
//! one whose rapidfuzz `fuzz.ratio` is 90 or more. The ratio is the normalized InDel
//! similarity, 100 (1 - d / (len1 + len2)) with d = len1 + len2 - 2 LCS, computed here in
//! the same floating-point steps as rapidfuzz (its `score_cutoff` included), and
//! `process.extractOne`'s choice among representatives (the first of the best scores, the
//! cutoff raised to each best so far, a stop at 100). tests/test_native_furniture.py holds
//! both to rapidfuzz's own output.
//!
//! The LCS is bit-parallel (Hyyrö): one word of 64 bits per 64 code points of the key, so a
//! comparison costs the other key's length times that; a find compares with at most
//! `MAX_REPS` representatives, which keeps the rule linear in the document.

use crate::furniture::{pack, Ends};
use pyo3::prelude::*;
use rustc_hash::FxHashMap;

const MAX_REPS: usize = 64; // representatives for the near comparison
const CUTOFF: f64 = 90.0; // the ratio a near key reaches

/// A key as the pattern of the bit-parallel LCS: for each of its code points, the bits of
/// the places where it stands (`words` words each, the code points sorted).
struct Pattern {
    len: usize,
    words: usize,
    chars: Vec<u32>,
    masks: Vec<u64>,
}

impl Pattern {
    fn new(key: &[u32]) -> Self {
        let words = ((key.len() + 63) / 64).max(1);
        let mut chars = key.to_vec();
        chars.sort_unstable();
        chars.dedup();
        let mut masks = vec![0; chars.len() * words];
        for (k, c) in key.iter().enumerate() {
            let at = chars.binary_search(c).expect("a character of the key");
            masks[at * words + k / 64] |= 1 << (k % 64);
        }
        Pattern {
            len: key.len(),
            words,
            chars,
            masks,
        }
    }

    fn mask(&self, c: &u32) -> Option<&[u64]> {
        let at = self.chars.binary_search(c).ok()?;
        Some(&self.masks[at * self.words..(at + 1) * self.words])
    }

    /// The length of the longest common subsequence with `other`: the zeros among the
    /// pattern's bits, each step `S = (S + (S & M)) | (S - (S & M))` (no match: S stays).
    fn lcs(&self, other: &[u32]) -> usize {
        let low = |w: usize| match self.len - 64 * w {
            bits if bits >= 64 => !0,
            bits => (1u64 << bits) - 1,
        };
        if self.words == 1 {
            let mut s = !0u64;
            for m in other.iter().filter_map(|c| self.mask(c)) {
                let u = s & m[0];
                s = s.wrapping_add(u) | (s - u);
            }
            return (!s & low(0)).count_ones() as usize;
        }
        let mut s = vec![!0u64; self.words];
        for m in other.iter().filter_map(|c| self.mask(c)) {
            let mut carry = false;
            for (x, &m) in s.iter_mut().zip(m) {
                let u = *x & m;
                let (sum, over) = x.overflowing_add(u);
                let (sum, over2) = sum.overflowing_add(u64::from(carry));
                carry = over || over2;
                *x = sum | (*x - u);
            }
        }
        s.iter()
            .enumerate()
            .map(|(w, x)| (!x & low(w)).count_ones() as usize)
            .sum()
    }

    /// `fuzz.ratio(key, other, score_cutoff=cutoff)`: the normalized InDel similarity
    /// times 100, or 0 below the cutoff, in rapidfuzz's floating-point steps.
    fn ratio(&self, other: &[u32], cutoff: f64) -> f64 {
        let lensum = self.len + other.len();
        let dist = lensum - 2 * self.lcs(other);
        let sim_cutoff = cutoff / 100.0;
        let dist_cutoff = (1.0 - sim_cutoff + 0.00001).min(1.0);
        let mut norm_dist = if lensum == 0 {
            0.0
        } else {
            dist as f64 / lensum as f64
        };
        if norm_dist > dist_cutoff {
            norm_dist = 1.0;
        }
        let norm_sim = 1.0 - norm_dist;
        if norm_sim >= sim_cutoff {
            norm_sim * 100.0
        } else {
            0.0
        }
    }
}

/// `process.extractOne(key, choices, scorer=fuzz.ratio, score_cutoff=90)`: the index of the
/// choice it returns.
fn nearest<'a>(key: &[u32], choices: impl IntoIterator<Item = &'a [u32]>) -> Option<usize> {
    let pattern = Pattern::new(key);
    let mut cutoff = CUTOFF;
    let mut best: Option<(usize, f64)> = None;
    for (k, choice) in choices.into_iter().enumerate() {
        let score = pattern.ratio(choice, cutoff);
        if score >= cutoff && best.map_or(true, |(_, b)| score > b) {
            cutoff = score;
            best = Some((k, score));
        }
        if score == 100.0 {
            break;
        }
    }
    best.map(|(k, _)| k)
}

/// Lines grouped by their loose key; near keys (OCR noise) join the same group. A new
/// group is numbered by the count of keys stored, as `Clusters` numbered it.
#[derive(Default)]
pub struct Clusters {
    by_key: FxHashMap<Vec<u32>, usize>,
    by_end: FxHashMap<u64, Vec<(Vec<u32>, usize)>>, // key[:2] and key[-2:]: (key, group)
    ends: Vec<Vec<u32>>,                            // the keys of by_end, as first put
    entries: usize,                                 // in the lists of by_end
}

impl Clusters {
    /// The group of `key`, or of a near key (which then joins it); a new group when there
    /// is none and `add` is true, else None.
    pub fn find(&mut self, key: &[u32], add: bool) -> Option<usize> {
        if let Some(&found) = self.by_key.get(key) {
            return Some(found);
        }
        let mut found = None;
        if key.len() >= 6 && !self.by_end.is_empty() {
            found = self.near(key);
        }
        if found.is_none() && !add {
            return None;
        }
        let found = found.unwrap_or(self.by_key.len());
        Some(self.put(key, found))
    }

    /// The group of the representative nearest `key` with a ratio of 90 or more.
    fn near(&self, key: &[u32]) -> Option<usize> {
        let n = key.len();
        let none = vec![];
        let start = self.by_end.get(&pack(&key[..2])).unwrap_or(&none);
        let end = self.by_end.get(&pack(&key[n - 2..])).unwrap_or(&none);
        // The InDel distance is at least the difference in length: where ten times it
        // exceeds the total length, the ratio is under 90 and the key is not compared.
        let seen: Vec<&(Vec<u32>, usize)> = start
            .iter()
            .chain(end)
            .filter(|(k, _)| 10 * k.len().abs_diff(n) <= k.len() + n)
            .collect();
        if seen.is_empty() {
            return None;
        }
        let best = nearest(key, seen.iter().map(|(k, _)| &k[..]))?;
        Some(seen[best].1)
    }

    /// Put `key` in group `found`; the first keys of six or more characters are
    /// representatives that near keys are compared with.
    pub fn put(&mut self, key: &[u32], found: usize) -> usize {
        self.by_key.insert(key.to_vec(), found);
        let n = key.len();
        if n >= 6 && self.entries < MAX_REPS {
            let (start, end) = (&key[..2], &key[n - 2..]);
            for piece in if start == end {
                vec![start]
            } else {
                vec![start, end]
            } {
                let list = self.by_end.entry(pack(piece)).or_default();
                if list.is_empty() {
                    self.ends.push(piece.to_vec());
                }
                list.push((key.to_vec(), found));
                self.entries += 1;
            }
        }
        found
    }

    pub fn is_empty(&self) -> bool {
        self.by_key.is_empty()
    }

    /// The two-character starts and ends that a line's key must share to be found: the
    /// starts of the keys and the ends of the representatives.
    pub fn ends(&self) -> Ends {
        let mut starts: Vec<Vec<u32>> = self
            .by_key
            .keys()
            .map(|k| k[..k.len().min(2)].to_vec())
            .collect();
        starts.extend(self.ends.iter().cloned());
        Ends::new(&starts, &self.ends)
    }
}

fn points(s: &str) -> Vec<u32> {
    s.chars().map(u32::from).collect()
}

/// `fuzz.ratio(a, b, score_cutoff=cutoff)` (for the tests: the rule compares in
/// `Clusters`).
#[pyfunction]
fn furniture_ratio(a: &str, b: &str, cutoff: f64) -> f64 {
    Pattern::new(&points(a)).ratio(&points(b), cutoff)
}

/// The index `process.extractOne(key, choices, scorer=fuzz.ratio, score_cutoff=90)` gives
/// (for the tests).
#[pyfunction]
fn furniture_nearest(key: &str, choices: Vec<String>) -> Option<usize> {
    let choices: Vec<Vec<u32>> = choices.iter().map(|c| points(c)).collect();
    nearest(&points(key), choices.iter().map(|c| &c[..]))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(furniture_ratio, m)?)?;
    m.add_function(wrap_pyfunction!(furniture_nearest, m)?)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lcs_across_words() {
        let a: Vec<u32> = (0..150).map(|k| k % 7).collect();
        let b: Vec<u32> = (0..140).map(|k| k % 5).collect();
        // The textbook table.
        let mut t = vec![vec![0usize; b.len() + 1]; a.len() + 1];
        for i in 0..a.len() {
            for j in 0..b.len() {
                t[i + 1][j + 1] = if a[i] == b[j] {
                    t[i][j] + 1
                } else {
                    t[i][j + 1].max(t[i + 1][j])
                };
            }
        }
        assert_eq!(Pattern::new(&a).lcs(&b), t[a.len()][b.len()]);
    }

    #[test]
    fn a_near_key_joins_the_group() {
        let mut c = Clusters::default();
        let key = |s: &str| points(s);
        assert_eq!(c.find(&key("江城晚报第二版面内容"), true), Some(0));
        assert_eq!(c.find(&key("江城晚极第二版面内容"), false), Some(0)); // 90: joins
        assert_eq!(c.find(&key("江城晚报第二版面"), false), None); // 88.9
        assert_eq!(c.find(&key("山城日报"), true), Some(2)); // numbered by the keys stored
    }
}
