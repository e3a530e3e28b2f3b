//! W001 line-wrap: join lines broken by page layout back into paragraphs (docs/line-wrap.md).
//!
//! The document as a whole must show hard wrapping (`layout`); then every boundary between
//! two non-empty lines goes through the numbered steps (`steps`), each saying join, break
//! or nothing. Markdown structure (`markdown`) is never entered; pieces of one visual line
//! are put together first (`visual`). One pass gives both the new text and, on request,
//! the step behind every join (`cleaner explain`): the two cannot disagree.

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;

pub mod layout;
pub mod lexicon;
pub mod lines;
pub mod markdown;
pub mod steps;
pub mod visual;

use crate::chars::{among, seam, NO_LINE_START};
use layout::{build_layout, Layout};
use lines::excerpt;
use steps::{decide, STEPS};

/// A line break joined: (1-based input line it ends, step as the docs number it, excerpt).
pub type Join = (usize, String, String);

/// (i, step index, join?) for the boundary after each line i but the last.
fn verdicts(layout: &Layout) -> Vec<(usize, usize, bool)> {
    const UNWRAPPED: usize = 5;
    let lines = &layout.lines;
    let mut first = 0; // the current paragraph's first line
    let mut out = Vec::with_capacity(lines.len());
    for i in 1..lines.len() {
        let a = &lines[i - 1];
        // Without hard wrapping only steps 2, 4 and 5 can join: skip the rest quickly.
        let (step, join) = if !layout.wrapped
            && !(among(lines[i].head(), NO_LINE_START) || a.soft || among(a.last(), "-：:"))
        {
            (UNWRAPPED, false)
        } else {
            decide(layout, i - 1, first)
        };
        if !join {
            first = i;
        }
        out.push((i - 1, step, join));
    }
    out
}

/// The text with the line breaks layout made joined, and (when `record`) every join.
pub fn line_wrap(text: &str, tolerance: i64, max_gap: i64, record: bool) -> (String, Vec<Join>) {
    let layout = build_layout(text, tolerance, max_gap, record);
    let lines = &layout.lines;
    let mut joins = layout.pieces.clone();
    let Some(head) = lines.first() else {
        return (String::new(), joins);
    };
    let mut out = String::with_capacity(text.len());
    out.push_str(&head.text);
    for (i, step, join) in verdicts(&layout) {
        let (a, b) = (&lines[i].text, &lines[i + 1].text);
        if !join {
            out.push('\n');
        } else {
            if record {
                let (name, _) = STEPS[step];
                joins.push((
                    lines[i].row + 1,
                    format!("{} {name}", step + 1),
                    excerpt(a, b),
                ));
            }
            if !lines[i].soft {
                let (drop, sep) = seam(a, b);
                if drop {
                    out.pop();
                }
                out.push_str(sep);
            }
        }
        out.push_str(b);
    }
    joins.sort_by_key(|j| j.0); // stable: pieces before the steps on one line
    (out, joins)
}

/// W001 on one text: (the new text, the joins when `decisions`, else empty).
#[pyfunction]
#[pyo3(signature = (text, tolerance, max_gap, decisions=false))]
fn wrap_lines(
    py: Python<'_>,
    text: &str,
    tolerance: i64,
    max_gap: i64,
    decisions: bool,
) -> PyResult<(String, Vec<Join>)> {
    if !lexicon::installed() {
        return Err(PyRuntimeError::new_err(
            "wrap_lexicon must be called before wrap_lines",
        ));
    }
    Ok(py.allow_threads(|| line_wrap(text, tolerance, max_gap, decisions)))
}

/// Hand over jieba's dict.txt once per process, as its bytes (None without jieba); later
/// calls are ignored. Returns whether this call installed it.
#[pyfunction]
#[pyo3(signature = (dictionary))]
fn wrap_lexicon(dictionary: Option<&[u8]>) -> bool {
    lexicon::install(dictionary)
}

/// The words the lexicon keeps of dict.txt's bytes (for the tests' oracle).
#[pyfunction]
fn dictionary_words(data: &[u8]) -> Vec<String> {
    let words = lexicon::dictionary_words(data);
    words
        .map(|w| String::from_utf8_lossy(w).into_owned())
        .collect()
}

/// The step names in docs/line-wrap.md's order (step k is `STEPS[k - 1]`).
#[pyfunction]
fn wrap_steps() -> Vec<&'static str> {
    STEPS.iter().map(|(name, _)| *name).collect()
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(wrap_lines, m)?)?;
    m.add_function(wrap_pyfunction!(wrap_lexicon, m)?)?;
    m.add_function(wrap_pyfunction!(dictionary_words, m)?)?;
    m.add_function(wrap_pyfunction!(wrap_steps, m)?)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_a_hard_wrapped_paragraph_and_names_the_steps() {
        let text = "清晨的集市上已经挤满了人，卖菜的\n老人把刚摘下的豆角摆成整齐的一排，\n等着第一位客人。";
        let (out, joins) = line_wrap(text, 4, 2, true);
        assert_eq!(out, text.replace('\n', ""));
        let steps: Vec<(usize, &str)> = joins.iter().map(|j| (j.0, j.1.as_str())).collect();
        assert_eq!(steps, [(1, "9 run-on"), (2, "9 run-on")]);
        let verse = "春风吹过山岗\n细雨落在心上\n我在窗前等你";
        assert_eq!(line_wrap(verse, 4, 2, true), (verse.to_string(), vec![]));
        assert_eq!(line_wrap("\n \n", 4, 2, false).0, "");
    }
}
