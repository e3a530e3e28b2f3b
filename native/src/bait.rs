//! B002's candidate lines: short questions and exclamations, and lines that may open with
//! a link prefix (推荐：), found in one pass instead of a strip and two regexes a line.

use crate::chars::{codes, strip_codes};
use pyo3::prelude::*;

/// For the text given as UTF-32-LE bytes, by line number from 0: (the lines whose stripped
/// form has 2 to `max_chars` characters and ends with one of `ends` followed only by
/// `closers`; the other lines whose stripped form begins with one of `starts`, which the
/// caller's prefix pattern decides).
#[pyfunction]
fn bait_lines(
    py: Python<'_>,
    utf32: &[u8],
    max_chars: usize,
    ends: &str,
    closers: &str,
    starts: &str,
) -> (Vec<usize>, Vec<usize>) {
    let set = |s: &str| s.chars().map(|c| c as u32).collect::<Vec<u32>>();
    let (ends, closers, starts) = (set(ends), set(closers), set(starts));
    py.allow_threads(|| {
        let (mut ending, mut starting) = (Vec::new(), Vec::new());
        for (i, line) in codes(utf32).split(|&c| c == 0x0A).enumerate() {
            let core = strip_codes(line);
            let open = core.iter().rposition(|c| !closers.contains(c));
            let bait_end = open.is_some_and(|p| ends.contains(&core[p]));
            if (2..=max_chars).contains(&core.len()) && bait_end {
                ending.push(i);
            } else if core.first().is_some_and(|c| starts.contains(c)) {
                starting.push(i);
            }
        }
        (ending, starting)
    })
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(bait_lines, m)?)?;
    Ok(())
}
