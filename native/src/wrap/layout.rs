//! What a document's lines say about its layout (docs/line-wrap.md, "Measurements"): the
//! column of each line, first-line indents, whether the text is hard-wrapped at all, and
//! whether a given line is full, i.e. whether layout rather than the author ended it.

use super::lexicon;
use super::lines::{choose_measure, columns, may_be_wrapped, need, read_lines, single_space, Line};
use super::visual::visual_lines;
use super::Join;
use crate::chars::{among, fdiv, is_cjk_punct, is_word_char, NO_LINE_START, OPENERS};

/// The lines of one document and what they say about its layout.
pub struct Layout {
    pub lines: Vec<Line>,
    pub col: Vec<i64>,     // the column each line sits in (unwrapped: empty)
    pub uses_indent: bool, // paragraphs start with indented lines
    pub indent: i64,       // columns a paragraph's first line falls short by
    pub wrapped: bool,     // hard-wrapped: lines end where the column ends
    pub tolerance: i64,    // the rule's options, which the steps measure with
    pub max_gap: i64,
    pub pieces: Vec<Join>, // visual lines put back together (when recorded)
}

/// The layout of `text`; `record` keeps the pieces of visual lines joined.
pub fn build_layout(text: &str, tolerance: i64, max_gap: i64, record: bool) -> Layout {
    let mut lines = read_lines(text);
    let mut layout = Layout {
        lines: Vec::new(),
        col: Vec::new(),
        uses_indent: false,
        indent: 0,
        wrapped: false,
        tolerance,
        max_gap,
        pieces: Vec::new(),
    };
    if !may_be_wrapped(&lines) {
        // Most documents end here: the steps that run without hard wrapping need no widths.
        layout.lines = lines;
        return layout;
    }
    let mut joined = Vec::new();
    choose_measure(&mut lines, tolerance, max_gap);
    single_space(&mut lines);
    let mut lines = visual_lines(
        lines,
        tolerance,
        max_gap,
        None,
        record.then_some(&mut joined),
    );
    // Indentation only marks paragraphs when some lines have it and others do not.
    let indented = lines.iter().filter(|l| l.indent && !l.block).count();
    if indented * 2 > lines.len() {
        lines.iter_mut().for_each(|l| l.indent = false);
    }
    let n = lines.len();
    layout.uses_indent = indented >= 2 && indented * 20 >= n && indented * 2 <= n;
    layout.col = columns(&lines, max_gap, None);
    layout.lines = lines;
    layout.indent = first_line_indent(&layout);
    layout.wrapped = hard_wrapped(&layout);
    if layout.wrapped && layout.lines.iter().any(|l| among(l.head(), OPENERS)) {
        let n = layout.lines.len();
        let lines = std::mem::take(&mut layout.lines);
        let indent = Some(layout.indent);
        layout.lines = visual_lines(
            lines,
            tolerance,
            max_gap,
            indent,
            record.then_some(&mut joined),
        );
        if layout.lines.len() < n {
            layout.col = columns(&layout.lines, max_gap, None);
            layout.indent = first_line_indent(&layout);
        }
    }
    layout.pieces = joined;
    layout
}

/// Columns a paragraph's first line may be short: 4 when first lines show an indent.
fn first_line_indent(layout: &Layout) -> i64 {
    let (lines, col) = (&layout.lines, &layout.col);
    let (mut short, mut seen) = (0, 0);
    for i in 0..lines.len().saturating_sub(1) {
        if (i == 0 || lines[i - 1].end) && !lines[i].end && lines[i + 1].gap == 0 && !lines[i].block
        {
            seen += 1;
            let by = col[i] - lines[i].size;
            short += (3 <= by && by <= 6 + fdiv(lines[i].narrow, 2)) as i64;
        }
    }
    if seen == 0 || short * 2 >= seen {
        4
    } else {
        0
    }
}

/// Does the text show hard wrapping: lines stopping mid-word at a shared width, with the
/// sentence running on (punctuation nearby, or a word cut by the break)?
fn hard_wrapped(layout: &Layout) -> bool {
    let mut left = need(layout.lines.len());
    for i in 0..layout.lines.len().saturating_sub(1) {
        if evidence(layout, i) {
            left -= 1;
            if left == 0 {
                return true;
            }
        }
    }
    false
}

/// `[CJK_PUNCT,;:.!?]`: punctuation a running sentence shows.
fn has_punct(s: &str) -> bool {
    s.chars()
        .any(|c| matches!(c, ',' | ';' | ':' | '.' | '!' | '?') || is_cjk_punct(c))
}

/// Is the boundary after line i evidence of hard wrapping?
fn evidence(layout: &Layout, i: usize) -> bool {
    let lines = &layout.lines;
    let n = lines.len();
    let (a, b) = (&lines[i], &lines[i + 1]);
    if a.block || b.block || !a.open {
        return false;
    }
    if a.spaced || a.soft {
        return true;
    }
    let tol = layout.tolerance + fdiv(a.narrow, 2);
    if a.size < layout.col[i] - tol {
        return false;
    }
    let near = (i.saturating_sub(3)..n.min(i + 4))
        .any(|j| j != i && !lines[j].block && (lines[j].size - a.size).abs() <= tol);
    if n > 2 && !near {
        return false;
    }
    has_punct(&a.text) || has_punct(&b.text) || lexicon::spans(&a.text, &b.text) == Some(true)
}

/// Does the line open with a character and a mark no line may start with (`线，`)?
fn pushed_down(line: &str) -> bool {
    let mut chars = line.chars();
    let (c0, c1) = (chars.next(), chars.next());
    among(c1, NO_LINE_START) && c0.is_some_and(is_word_char)
}

/// `[A-Za-z0-9][A-Za-z0-9.,%]*` at the start: a number or Latin word a typesetter will
/// not break at a line end; its length in characters.
fn unbreakable(s: &str) -> usize {
    let mut chars = s.chars();
    if !chars.next().is_some_and(|c| c.is_ascii_alphanumeric()) {
        return 0;
    }
    1 + chars
        .take_while(|c| c.is_ascii_alphanumeric() || ".,%".contains(*c))
        .count()
}

/// Is line i as wide as its column, i.e. did layout rather than the author end it?
/// `strict` (a line ending a sentence) allows 1 column.
pub fn full(layout: &Layout, i: usize, first: usize, strict: bool) -> bool {
    let a = &layout.lines[i];
    if a.spaced {
        return true;
    }
    let col = layout.col[i];
    let mut tol = if strict {
        1 + fdiv(a.narrow, 3)
    } else {
        layout.tolerance.max(fdiv(col, 8)) + fdiv(a.narrow, 2)
    };
    if i == first {
        tol += layout.indent;
    }
    if let Some(b) = layout.lines.get(i + 1) {
        if !strict && pushed_down(&b.text) {
            tol += 2;
        }
        let run = unbreakable(&b.text) as i64;
        if run > 0 {
            // A number or Latin word too wide for the rest of A moved down whole.
            tol += run.min(fdiv(col, 3));
        }
    }
    a.size >= col - tol
}

/// Across blank lines: does the text on both sides look like one column?
pub fn continues(layout: &Layout, i: usize, first: usize) -> bool {
    let lines = &layout.lines;
    let a = &lines[i];
    if a.spaced {
        return true;
    }
    let tol = layout.tolerance.max(fdiv(a.size, 20)) + fdiv(a.narrow, 2);
    if i > first {
        let prev = lines[i - 1].size;
        return (a.size - prev).abs() <= tol
            || (i - 1 == first && (a.size - prev - 4).abs() <= tol);
    }
    // A one-line block short of the column, before a paragraph of several lines, is a
    // heading; it joins across a blank line only where every line stands alone.
    let col = (i + 1..lines.len().min(i + 3))
        .map(|j| lines[j].size)
        .max()
        .unwrap_or(0);
    let b = &lines[i + 1];
    if a.size < col - 2 && !b.end && lines.get(i + 2).is_some_and(|l| l.gap == 0) {
        return false;
    }
    a.size + 4 >= col - tol && a.size <= col + tol
}
