//! Visual lines: put back together one visual line an extractor cut in pieces around a
//! number, a Latin word or a quotation mark, so that columns are measured on whole lines
//! (docs/line-wrap.md, "Visual lines").

use super::lines::{columns, excerpt, Line};
use super::Join;
use crate::chars::{among, fdiv, join_fragments, NO_LINE_START, OPENERS};

/// How `decisions` names a piece joined here, before the numbered steps.
pub const STEP: &str = "visual-line";

/// The lines with pieces of one visual line joined (each recorded in `joined`); see
/// rules/wrap/line_wrap.py's docs for when a piece joins. Openers are considered only
/// given `indent`, in text known to be hard-wrapped.
pub fn visual_lines(
    lines: Vec<Line>,
    tolerance: i64,
    max_gap: i64,
    indent: Option<i64>,
    joined: Option<&mut Vec<Join>>,
) -> Vec<Line> {
    let mark: Vec<bool> = lines
        .iter()
        .map(|l| among(l.head(), NO_LINE_START))
        .collect();
    let opener: Vec<bool> = lines
        .iter()
        .map(|l| indent.is_some() && among(l.head(), OPENERS))
        .collect();
    if !mark.iter().any(|&m| m) && !opener.iter().any(|&o| o) {
        return lines;
    }
    let fits = fits(&lines, &mark, &opener, tolerance, max_gap, indent);
    join_pieces(lines, &fits, joined)
}

/// The column from whole lines only, and the document's upper quartile of them for where
/// no whole line is near.
fn whole_columns(lines: &[Line], cut: &[bool], max_gap: i64) -> (Vec<i64>, i64) {
    let n = lines.len();
    let whole: Vec<i64> = (0..n)
        .map(|k| {
            let line = &lines[k];
            if cut[k] || line.end || (k + 1 < n && cut[k + 1]) {
                0
            } else {
                line.size
            }
        })
        .collect();
    let mut sizes: Vec<i64> = whole.iter().copied().filter(|&s| s != 0).collect();
    sizes.sort_unstable();
    let typical = if sizes.is_empty() {
        0
    } else {
        sizes[sizes.len() * 3 / 4]
    };
    (columns(lines, max_gap, Some(&whole)), typical)
}

/// Which lines are pieces that join the line above.
fn fits(
    lines: &[Line],
    mark: &[bool],
    opener: &[bool],
    tolerance: i64,
    max_gap: i64,
    indent: Option<i64>,
) -> Vec<bool> {
    let n = lines.len();
    let cut: Vec<bool> = (0..n).map(|k| mark[k] || opener[k]).collect();
    let (col, typical) = whole_columns(lines, &cut, max_gap);
    let mut fits = vec![false; n];
    let (mut alone, mut inside) = (0, 0);
    for i in 1..n {
        let (a, b) = (&lines[i - 1], &lines[i]);
        if !cut[i] || a.block || b.block || b.gap > max_gap {
            continue;
        }
        let width = match col[i - 1].max(col[i]) {
            0 => typical,
            w => w,
        };
        let tol = tolerance.max(fdiv(width, 8)) + fdiv(a.narrow + b.narrow, 2);
        let both = a.size + b.size;
        let off = (both - width).abs();
        if mark[i] {
            fits[i] = width == 0 || (both <= width + tol && off < (width - b.size).abs());
            if !b.end {
                inside += 1;
                alone += (b.size + 2 + fdiv(b.narrow, 2) >= width) as i64;
            }
        } else if width != 0 && b.open && b.gap == 0 && i + 1 < n && lines[i + 1].gap == 0 {
            let short = width - b.size - if a.end { indent.unwrap_or(0) } else { 0 };
            fits[i] = both <= width + tol && off < short && off < width - a.size;
        }
    }
    if inside == 0 || alone * 2 > inside {
        // No piece inside a paragraph: no evidence.
        for k in 0..n {
            fits[k] = fits[k] && !mark[k];
        }
    }
    fits
}

fn join_pieces(lines: Vec<Line>, fits: &[bool], mut joined: Option<&mut Vec<Join>>) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    for (b, &fit) in lines.into_iter().zip(fits) {
        if !fit {
            out.push(b);
            continue;
        }
        let a = out.last_mut().expect("the first line is never a piece");
        if let Some(joined) = joined.as_deref_mut() {
            joined.push((a.row + 1, STEP.to_string(), excerpt(&a.text, &b.text)));
        }
        if a.soft {
            a.text.push_str(&b.text);
        } else {
            a.text = join_fragments(&a.text, &b.text);
        }
        (a.soft, a.open, a.end, a.row) = (b.soft, b.open, b.end, b.row);
        a.size += b.size;
        a.narrow += b.narrow;
        a.spaced = a.spaced && b.spaced;
    }
    out
}
