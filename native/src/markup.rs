//! M002's depth scan (rules/markup/html_to_text.py): how deep a page's tags nest, counted
//! from the tags the pattern `<(/?)([A-Za-z][A-Za-z0-9]*)\b[^<>]*?(/?)>` finds, as `re`
//! finds them one after the other. Void elements and self-closed tags do not nest.
//!
//! The text comes as UTF-32 code points; `\b` after the name is Python's: the next
//! character is no word character (`str.isalnum` or `_`), or there is none.

use crate::chars::{code_is, codes, is_alnum};
use pyo3::prelude::*;

const VOID: [&[u8]; 14] = [
    b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link", b"meta", b"param",
    b"source", b"track", b"wbr",
];
const LT: u32 = 0x3C;
const GT: u32 = 0x3E;
const SLASH: u32 = 0x2F;

fn is_ascii_alnum(c: u32) -> bool {
    char::from_u32(c).is_some_and(|c| c.is_ascii_alphanumeric())
}

/// Is `name` (ASCII letters and digits) a void element's, in any case?
fn is_void(name: &[u32]) -> bool {
    VOID.iter()
        .any(|v| v.len() == name.len() && v.iter().zip(name).all(|(&a, &c)| c as u8 | 0x20 == a))
}

/// The tag starting at `text[p]` (a `<`): (closing, nests not (void or self-closed), the
/// position after its `>`), or None where the pattern does not match there.
fn tag_at(text: &[u32], p: usize) -> Option<(bool, bool, usize)> {
    let mut q = p + 1;
    let closing = text.get(q) == Some(&SLASH);
    q += usize::from(closing);
    let start = q;
    if !text
        .get(q)
        .is_some_and(|&c| char::from_u32(c).is_some_and(|c| c.is_ascii_alphabetic()))
    {
        return None;
    }
    while text.get(q).is_some_and(|&c| is_ascii_alnum(c)) {
        q += 1;
    }
    if text
        .get(q)
        .is_some_and(|&c| c == 0x5F || code_is(c, is_alnum))
    {
        return None; // no word boundary after the name
    }
    let end = q + text[q..].iter().position(|&c| c == LT || c == GT)?;
    if text[end] != GT {
        return None;
    }
    let empty = end > q && text[end - 1] == SLASH;
    Some((closing, !empty && !is_void(&text[start..q]), end + 1))
}

/// The deepest nesting of the tags of `text`, counted up to one past `limit`.
pub fn tag_depth_codes(text: &[u32], limit: usize) -> usize {
    let (mut depth, mut deepest, mut p) = (0i64, 0usize, 0);
    while let Some(k) = text[p..].iter().position(|&c| c == LT) {
        let at = p + k;
        let Some((closing, nests, after)) = tag_at(text, at) else {
            p = at + 1;
            continue;
        };
        p = after;
        if !nests {
            continue;
        }
        depth += if closing { -1 } else { 1 };
        if depth > deepest as i64 {
            deepest = depth as usize;
            if deepest > limit {
                break;
            }
        }
    }
    deepest
}

/// `tag_depth_codes` of a text given as UTF-32-LE bytes.
#[pyfunction]
fn tag_depth(py: Python<'_>, utf32: &[u8], limit: usize) -> usize {
    py.allow_threads(|| tag_depth_codes(&codes(utf32), limit))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(tag_depth, m)?)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chars::code_points;

    #[test]
    fn tags_nest_and_void_self_closed_and_broken_ones_do_not() {
        let depth = |s: &str| tag_depth_codes(&code_points(s), 1000);
        assert_eq!(depth("<div><p>a<br><img/></p></div>"), 2);
        assert_eq!(depth("<div_x><div中><a <b>"), 1); // no boundary twice, then `<` inside
        assert_eq!(depth("<DIV class='a/'><span/><a / >"), 2);
        assert_eq!(depth("</div></div><p>"), 0);
        assert_eq!(depth(&"<div>".repeat(2000)), 1001);
    }
}
