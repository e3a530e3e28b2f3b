//! B003 fake bold: a line that is one string twice (ABCABC). PDF producers draw bold text
//! twice at a tiny offset, and extraction yields every such heading doubled.

use crate::chars::{codes, is_han_code, is_space_code};
use pyo3::prelude::*;

/// `str.strip`'s bounds within `line`.
fn stripped(line: &[u32], start: usize, end: usize) -> (usize, usize) {
    let first = line[start..end].iter().position(|&c| !is_space_code(c));
    let Some(first) = first else {
        return (start, start);
    };
    let last = line[start..end].iter().rposition(|&c| !is_space_code(c));
    (start + first, start + last.map_or(first, |l| l + 1))
}

/// At least three distinct characters (early out: a line can be a whole document).
fn varied(text: &[u32]) -> bool {
    let mut seen: Vec<u32> = Vec::with_capacity(3);
    for &c in text {
        if !seen.contains(&c) {
            seen.push(c);
            if seen.len() == 3 {
                return true;
            }
        }
    }
    false
}

/// Where the copy that stays lies in the line, when the stripped line is six characters
/// or more and its halves (the middle character left out of an odd length), stripped,
/// are one string of three distinct characters or more, two of them Han.
fn undouble(line: &[u32]) -> Option<(usize, usize)> {
    let (start, end) = stripped(line, 0, line.len());
    let n = end - start;
    if n < 6 {
        return None;
    }
    let half = n / 2;
    let a = stripped(line, start, start + half);
    let b = stripped(line, end - half, end);
    let copy = &line[a.0..a.1];
    let doubled = copy == &line[b.0..b.1] && varied(copy);
    (doubled && copy.iter().filter(|&&c| is_han_code(c)).nth(1).is_some()).then_some(a)
}

/// (line number from 0, start, end) of every doubled line of the text, the bounds in code
/// points of the line, for the text given as UTF-32-LE bytes.
#[pyfunction]
fn doubled_lines(py: Python<'_>, utf32: &[u8]) -> Vec<(usize, usize, usize)> {
    py.allow_threads(|| {
        let text = codes(utf32);
        let lines = text.split(|&c| c == 0x0A).enumerate();
        let found = lines.filter_map(|(i, line)| undouble(line).map(|(s, e)| (i, s, e)));
        found.collect()
    })
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(doubled_lines, m)?)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chars::code_points;

    fn copy(line: &str) -> Option<String> {
        let line = code_points(line);
        undouble(&line).map(|(s, e)| {
            line[s..e]
                .iter()
                .map(|&c| char::from_u32(c).unwrap())
                .collect()
        })
    }

    #[test]
    fn a_line_drawn_twice_is_kept_once() {
        assert_eq!(copy("本版主编本版主编").as_deref(), Some("本版主编"));
        assert_eq!(copy(" 城市更新 城市更新 ").as_deref(), Some("城市更新"));
        assert_eq!(copy("哈哈哈哈哈哈"), None); // one character
        assert_eq!(copy("ab本ab本"), None); // one Han character
        assert_eq!(copy("本版本版"), None); // under six
    }
}
