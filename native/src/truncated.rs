//! B004's first pass: the lines that could be a cut copy of an earlier line's start.

use crate::chars::{codes, strip_codes};
use pyo3::prelude::*;
use rustc_hash::FxHashSet;

/// Stripped lines of 5 to `max_copy` characters whose first five characters begin an
/// earlier line (stripped, five characters or more), by line number from 0. Most
/// documents have none, which spares them every other test of the rule.
pub fn repeated_starts(text: &[u32], max_copy: usize) -> Vec<usize> {
    let mut seen: FxHashSet<[u32; 5]> = FxHashSet::default();
    let mut out = Vec::new();
    for (i, line) in text.split(|&c| c == 0x0A).enumerate() {
        let core = strip_codes(line);
        if core.len() < 5 {
            continue;
        }
        let start: [u32; 5] = core[..5].try_into().expect("five code points");
        if !seen.insert(start) && core.len() <= max_copy {
            out.push(i);
        }
    }
    out
}

/// `repeated_starts` of a text given as UTF-32-LE bytes.
#[pyfunction]
#[pyo3(name = "repeated_starts")]
fn repeated_starts_of(py: Python<'_>, utf32: &[u8], max_copy: usize) -> Vec<usize> {
    py.allow_threads(|| repeated_starts(&codes(utf32), max_copy))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(repeated_starts_of, m)?)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chars::code_points;

    #[test]
    fn a_later_line_sharing_five_first_characters_is_found() {
        let text = code_points(
            "城市轨道交通十八号线\n 城市轨道交通\n城市轨道\n城市轨道交通十八号线，编号八",
        );
        assert_eq!(repeated_starts(&text, 40), [1, 3]);
        assert_eq!(repeated_starts(&text, 12), [1]); // the last has 14 characters
        assert_eq!(repeated_starts(&text, 14), [1, 3]);
    }
}
