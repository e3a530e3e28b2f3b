//! T001's line tidying, the output contract's last word: lines trimmed, runs of spaces
//! collapsed, empty lines and lines of separators dropped (Markdown keeps its syntax
//! lines and its indented code).

use crate::chars::{codes, is_space_code, strip_codes};
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use regex::Regex;
use std::sync::OnceLock;
use unicode_general_category::{get_general_category, GeneralCategory as G};

/// A speaker's silence or surprise (`“……”`, `？`, `！！`) is a paragraph even without a word.
const SPEECH_MARKS: &[u32] = &[0x2026, 0xFF1F, 0xFF01, 0x3F, 0x21]; // …？！?!

/// A Markdown table's delimiter row, the whole line.
fn table_rule(line: &[u32]) -> bool {
    static RULE: OnceLock<Regex> = OnceLock::new();
    let rule = RULE.get_or_init(|| {
        Regex::new(r"\A\|? *:?-{3,}:? *(?:\| *:?-{3,}:? *)+\|?\z").expect("a valid pattern")
    });
    // Only ASCII can match: a line with anything else (a lone surrogate too) does not.
    let ascii: Option<String> = line
        .iter()
        .map(|&c| char::from_u32(c).filter(char::is_ascii))
        .collect();
    ascii.is_some_and(|s| rule.is_match(&s))
}

/// Punctuation, symbols and separators only (categories P, S, Z), and no speech mark.
fn only_punct(line: &[u32]) -> bool {
    let debris = |&c: &u32| {
        char::from_u32(c).is_some_and(|c| {
            use G::*;
            matches!(
                get_general_category(c),
                ConnectorPunctuation
                    | DashPunctuation
                    | OpenPunctuation
                    | ClosePunctuation
                    | InitialPunctuation
                    | FinalPunctuation
                    | OtherPunctuation
                    | MathSymbol
                    | CurrencySymbol
                    | ModifierSymbol
                    | OtherSymbol
                    | SpaceSeparator
                    | LineSeparator
                    | ParagraphSeparator
            )
        })
    };
    line.iter().all(debris) && !line.iter().any(|c| SPEECH_MARKS.contains(c))
}

/// `line` with every run of two spaces or more made one space, appended to `out`.
fn push_collapsed(line: &[u32], out: &mut Vec<u32>) {
    for (i, &c) in line.iter().enumerate() {
        if !(c == 0x20 && i > 0 && line[i - 1] == 0x20) {
            out.push(c);
        }
    }
}

/// The kept lines of `text`, joined by line feeds. In a Markdown document a line indented
/// by four spaces or a tab after a blank line or more code is code and keeps its indent.
pub fn tidy(text: &[u32], markdown: bool) -> Vec<u32> {
    let mut out: Vec<u32> = Vec::with_capacity(text.len());
    let (mut code, mut blank) = (false, true);
    for raw in text.split(|&c| c == 0x0A) {
        let line = strip_codes(raw);
        let indented = raw.starts_with(&[0x20; 4]) || raw.first() == Some(&0x09);
        code = markdown && (blank || code) && indented && !line.is_empty();
        blank = line.is_empty();
        let kept = if code {
            let end = raw
                .iter()
                .rposition(|&c| !is_space_code(c))
                .map_or(0, |e| e + 1);
            &raw[..end]
        } else if !line.is_empty() && (markdown || !only_punct(line) || table_rule(line)) {
            line
        } else {
            continue;
        };
        if !out.is_empty() {
            out.push(0x0A);
        }
        if code {
            out.extend_from_slice(kept);
        } else {
            push_collapsed(kept, &mut out);
        }
    }
    out
}

/// `tidy` of a text given as UTF-32-LE bytes, returned the same way (lone surrogates kept).
#[pyfunction]
fn tidy_lines<'py>(py: Python<'py>, utf32: &[u8], markdown: bool) -> Bound<'py, PyBytes> {
    let out = py.allow_threads(|| tidy(&codes(utf32), markdown));
    let bytes: Vec<u8> = out.iter().flat_map(|c| c.to_le_bytes()).collect();
    PyBytes::new(py, &bytes)
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(tidy_lines, m)?)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chars::code_points;

    fn tidied(text: &str, markdown: bool) -> String {
        let out = tidy(&code_points(text), markdown);
        out.iter().map(|&c| char::from_u32(c).unwrap()).collect()
    }

    #[test]
    fn lines_are_trimmed_and_debris_goes() {
        assert_eq!(
            tidied("  第一段。  \n\n第二段  有  空格。\n——\n", false),
            "第一段。\n第二段 有 空格。"
        );
        assert_eq!(
            tidied("“……”\n| --- | --- |\n***", false),
            "“……”\n| --- | --- |"
        );
        assert_eq!(
            tidied("示例：\n\n    x = 1\n完。", true),
            "示例：\n    x = 1\n完。"
        );
    }
}
