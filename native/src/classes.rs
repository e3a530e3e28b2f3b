//! Character classes as bitmaps, for gates that ask "does the text hold any of these?".
//!
//! `re` scans a text for a class at 70-150 MB/s; a gate that asks only whether one
//! character of the class occurs is a bitmap probe per character here. The class is
//! written as the body of a regex class with its characters as they are (`a-z` ranges,
//! no escapes), the way the rules already write their classes.

use crate::chars::codes;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

const CODE_POINTS: usize = 0x110000;

#[pyclass(frozen, module = "cleaner._native")]
pub struct CharClass {
    bits: Vec<u64>,
}

impl CharClass {
    /// The class of exactly these code points.
    pub fn of(codes: impl IntoIterator<Item = u32>) -> Self {
        let mut bits = vec![0u64; CODE_POINTS / 64];
        for c in codes {
            bits[c as usize >> 6] |= 1 << (c & 63);
        }
        CharClass { bits }
    }

    pub fn contains(&self, c: u32) -> bool {
        let c = c as usize;
        c < CODE_POINTS && self.bits[c >> 6] >> (c & 63) & 1 == 1
    }
}

/// The (first, last) code points of a class body: characters and `first-last` ranges; a
/// `-` first or last is itself, as in a regex class.
fn ranges(body: &str) -> Result<Vec<(u32, u32)>, String> {
    let cs: Vec<u32> = body.chars().map(|c| c as u32).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < cs.len() {
        if i + 2 < cs.len() && cs[i + 1] == '-' as u32 {
            if cs[i] > cs[i + 2] {
                return Err(format!("bad range {:#x}-{:#x}", cs[i], cs[i + 2]));
            }
            out.push((cs[i], cs[i + 2]));
            i += 3;
        } else {
            out.push((cs[i], cs[i]));
            i += 1;
        }
    }
    Ok(out)
}

#[pymethods]
impl CharClass {
    #[new]
    fn new(body: &str) -> PyResult<Self> {
        let ranges = ranges(body).map_err(PyValueError::new_err)?;
        Ok(CharClass::of(
            ranges.into_iter().flat_map(|(first, last)| first..=last),
        ))
    }

    /// Does the text, given as UTF-32-LE bytes, hold a character of the class?
    fn found_in(&self, py: Python<'_>, utf32: &[u8]) -> bool {
        py.allow_threads(|| codes(utf32).iter().any(|&c| self.contains(c)))
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<CharClass>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_reads_as_a_regex_class_reads_it() {
        assert_eq!(ranges("a-cx").unwrap(), [(0x61, 0x63), (0x78, 0x78)]);
        assert_eq!(
            ranges("-a-").unwrap(),
            [(0x2D, 0x2D), (0x61, 0x61), (0x2D, 0x2D)]
        );
        assert!(ranges("z-a").is_err());
    }
}
