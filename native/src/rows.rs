//! L003's rows across short columns (rules/layout/rows.py). Where a document is set in
//! narrow columns, OCR's lines that run across the gutters of a page's last block are cut
//! at the gutters nearest the column width, and the block is written column after column.
//!
//! The text comes as UTF-32 code points (lone surrogates are characters that are neither
//! Han, nor whitespace, nor alphanumeric, as in Python); counts are in code points.

use crate::chars::{
    code_is, codes, ends_sentence_codes, is_alnum, is_decimal, is_han_code, is_space_code,
    strip_codes,
};
use pyo3::prelude::*;
use pyo3::types::PyBytes;

const MIN_LINES: usize = 12; // Han lines a document needs before its width is trusted
const MAX_WIDTH: usize = 24; // characters a column line holds at most
const TOLERANCE: usize = 3; // a full column line may fall short of the width by this
                            // (or exceed it by one more: digits and Latin letters are narrower than Han)
const MAX_COLUMNS: usize = 4;
const MAX_FOOT: usize = 8; // characters of a page label under the block

const LF: u32 = 0x0A;
const FF: u32 = 0x0C;
const TAB: u32 = 0x09;
const SPACE: u32 = 0x20;
const PIPE: u32 = 0x7C;
const FULLWIDTH_PIPE: u32 = 0xFF5C;
const BACKTICK: u32 = 0x60;
const TILDE: u32 = 0x7E;
const OPEN_QUOTE: u32 = 0x201C;
const CLOSE_QUOTE: u32 = 0x201D;
/// What the gutter's rule or shadow reads as: |｜”“。"'‘’.
const NOISE: [u32; 9] = [
    PIPE,
    FULLWIDTH_PIPE,
    CLOSE_QUOTE,
    OPEN_QUOTE,
    0x3002,
    0x22,
    0x27,
    0x2018,
    0x2019,
];
/// A closing quote never starts a line (clreq): at a piece's start it is a speck of the
/// gutter, as is a rule's stroke. ”’|｜ and the space.
const NO_LINE_START: [u32; 5] = [CLOSE_QUOTE, 0x2019, PIPE, FULLWIDTH_PIPE, SPACE];

/// Characters other than whitespace (what `str.split` keeps).
fn visible(s: &[u32]) -> usize {
    s.iter().filter(|&&c| !is_space_code(c)).count()
}

fn rstrip(s: &[u32]) -> &[u32] {
    &s[..s
        .iter()
        .rposition(|&c| !is_space_code(c))
        .map_or(0, |k| k + 1)]
}

fn is_pipe(c: u32) -> bool {
    c == PIPE || c == FULLWIDTH_PIPE
}

fn is_quote(c: u32) -> bool {
    c == OPEN_QUOTE || c == CLOSE_QUOTE
}

/// Python's `str.isdigit`: a decimal digit or another digit of Unicode 14 (superscripts,
/// subscripts, circled and parenthesized digits and the like).
fn is_digit(c: char) -> bool {
    is_decimal(c)
        || matches!(
            u32::from(c),
            0xB2..=0xB3
                | 0xB9
                | 0x1369..=0x1371
                | 0x19DA
                | 0x2070
                | 0x2074..=0x2079
                | 0x2080..=0x2089
                | 0x2460..=0x2468
                | 0x2474..=0x247C
                | 0x2488..=0x2490
                | 0x24EA
                | 0x24F5..=0x24FD
                | 0x24FF
                | 0x2776..=0x277E
                | 0x2780..=0x2788
                | 0x278A..=0x2792
                | 0x10A40..=0x10A43
                | 0x10E60..=0x10E68
                | 0x11052..=0x1105A
                | 0x1F100..=0x1F10A
        )
}

/// How many characters a column line holds, when the document is set in narrow columns:
/// the median length of its lines of four Han or more, when most of them are about that
/// long and most of those stop mid-phrase (a column wraps anywhere; verse and lists end
/// their lines).
fn column_width(text: &[u32]) -> Option<usize> {
    let mut lines: Vec<(usize, bool)> = vec![]; // (visible, ends alphanumeric)
    for line in text.split(|&c| c == LF) {
        let core = strip_codes(line);
        if core.iter().filter(|&&c| is_han_code(c)).take(4).count() == 4 {
            let wraps = core.last().is_some_and(|&c| code_is(c, is_alnum));
            lines.push((visible(core), wraps));
        }
    }
    if lines.len() < MIN_LINES {
        return None;
    }
    let mut sizes: Vec<usize> = lines.iter().map(|&(n, _)| n).collect();
    let middle = sizes.len() / 2;
    let width = *sizes.select_nth_unstable(middle).1;
    if width > MAX_WIDTH {
        return None;
    }
    let near: Vec<bool> = lines
        .iter()
        .filter(|&&(n, _)| n + TOLERANCE >= width && n <= width + TOLERANCE + 1)
        .map(|&(_, wraps)| wraps)
        .collect();
    let wrapped = near.iter().filter(|&&w| w).count();
    // At least half the Han lines are near the width, and half of those wrap.
    (2 * near.len() >= lines.len() && 2 * wrapped >= near.len()).then_some(width)
}

/// A gap a gutter may be: `start` and `end` in the row, `before` the visible characters
/// before it.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Gap {
    start: usize,
    end: usize,
    before: usize,
}

impl Gap {
    /// Marked as a gutter: anything but a single space.
    fn marked(&self, row: &[u32]) -> bool {
        self.end - self.start >= 2 || row[self.start] != SPACE
    }

    /// A gutter between two Han or CJK punctuation characters near the width; a single
    /// space next to a digit or a Latin letter is OCR's word spacing. A quote glued to
    /// the text is a gutter only right at the width.
    fn fits(&self, row: &[u32], target: usize) -> bool {
        if is_quote(row[self.start]) {
            return self.before.abs_diff(target) <= 1;
        }
        if self.before + TOLERANCE < target || self.before > target + TOLERANCE + 1 {
            return false;
        }
        let plain = self.end - self.start == 1 && row[self.start] == SPACE;
        !plain || !(row[self.start - 1] < 0x80 || row[self.end] < 0x80)
    }
}

/// Where a gap that starts at `p` ends, if one does: spaces (then perhaps one or two specks
/// of noise and more spaces), a rule and its spaces, or one or two quotes glued to the
/// text on both sides.
fn gap_end(row: &[u32], p: usize) -> Option<usize> {
    let spaces_from = |k: usize| k + row[k..].iter().take_while(|&&c| c == SPACE).count();
    let at = |k: usize| row.get(k).copied();
    let c = row[p];
    if c == SPACE {
        let q = spaces_from(p);
        let noise = |k: usize| at(k).is_some_and(|c| NOISE.contains(&c));
        if noise(q) && noise(q + 1) && at(q + 2) == Some(SPACE) {
            return Some(spaces_from(q + 2));
        }
        if noise(q) && at(q + 1) == Some(SPACE) {
            return Some(spaces_from(q + 1));
        }
        return Some(q);
    }
    if is_pipe(c) {
        return Some(spaces_from(p + 1));
    }
    if !is_quote(c) || (p > 0 && row[p - 1] == SPACE) {
        return None;
    }
    if at(p + 1).is_some_and(is_quote) && at(p + 2) != Some(SPACE) {
        return Some(p + 2);
    }
    (at(p + 1) != Some(SPACE)).then_some(p + 1)
}

/// The row's gaps, leftmost first and not overlapping, but for one at its start or end.
fn gaps(row: &[u32]) -> Vec<Gap> {
    let (mut found, mut seen, mut p) = (vec![], 0, 0);
    while p < row.len() {
        let Some(end) = gap_end(row, p) else {
            seen += usize::from(!is_space_code(row[p]));
            p += 1;
            continue;
        };
        if p != 0 && end != row.len() {
            found.push(Gap {
                start: p,
                end,
                before: seen,
            });
        }
        seen += visible(&row[p..end]);
        p = end;
    }
    found
}

/// The gutter after the row's first piece: the fitting gap nearest the width, or a wide
/// gap after a finished sentence (a paragraph's last line, short); only gaps marked as
/// gutters when `marked`.
fn cut(row: &[u32], width: usize, marked: bool) -> Option<Gap> {
    let candidates: Vec<Gap> = gaps(row)
        .into_iter()
        .filter(|g| !marked || g.marked(row))
        .collect();
    let nearest = candidates
        .iter()
        .filter(|g| g.fits(row, width))
        .min_by_key(|g| (g.before.abs_diff(width), g.start));
    if nearest.is_some() {
        return nearest.copied();
    }
    candidates
        .into_iter()
        .find(|g| g.end - g.start >= 3 && ends_sentence_codes(&row[..g.start]))
}

/// The row's pieces, one per column, or None when it is one column's line (or cannot be
/// cut at gutters near the column width). A row that opens a block must be half again as
/// long as a column line; below it, a row whose later columns have ended may be shorter.
fn split_row(row: &[u32], width: usize, opener: bool) -> Option<Vec<&[u32]>> {
    let mut row = strip_codes(row);
    let least = 3 * width + 2 * TOLERANCE; // twice the length an opening row needs
    if opener && 2 * row.len() < least {
        return None;
    }
    let table = row.contains(&TAB)
        || row.first().is_some_and(|&c| is_pipe(c))
        || row.last().is_some_and(|&c| is_pipe(c));
    if table {
        return None;
    }
    let seen = visible(row);
    if seen > MAX_COLUMNS * (width + TOLERANCE + 1) || (opener && 2 * seen < least) {
        return None;
    }
    let mut pieces = vec![];
    while pieces.len() < MAX_COLUMNS - 1 {
        // A piece of a column line's length is cut again only at a marked gutter.
        let Some(gap) = cut(row, width, visible(row) <= width + 1) else {
            break;
        };
        pieces.push(rstrip(&row[..gap.start]));
        let rest = &row[gap.end..];
        let lead = rest
            .iter()
            .take_while(|c| NO_LINE_START.contains(c))
            .count();
        row = &rest[lead..];
    }
    if pieces.is_empty() || visible(row) > width + TOLERANCE + 1 {
        return None;
    }
    pieces.push(row);
    Some(pieces)
}

/// Rows across the columns, from line `first` to line `last` of the page.
struct Block<'a> {
    first: usize,
    last: usize,
    rows: Vec<Vec<&'a [u32]>>,
}

/// Blocks of rows across the columns that run to the page's end: rows of two pieces or
/// more (a blank line between them is OCR's; a row of the first column alone between two
/// of them), then at most two rows of one column's line, then at most a page label.
fn page_blocks<'a>(lines: &[&'a [u32]], width: usize) -> Vec<Block<'a>> {
    let mut blocks = vec![];
    let mut i = 0;
    while i < lines.len() {
        let Some(pieces) = split_row(lines[i], width, true) else {
            i += 1;
            continue;
        };
        let mut block = Block {
            first: i,
            last: i,
            rows: vec![pieces],
        };
        let mut j = i + 1;
        while j < lines.len() {
            if strip_codes(lines[j]).is_empty() {
                j += 1;
                continue;
            }
            let more = split_row(lines[j], width, false).or_else(|| lone_row(lines, j, width));
            let Some(more) = more else { break };
            block.rows.push(more);
            block.last = j;
            j += 1;
        }
        blocks.extend(tail(block, lines, width));
        i = j;
    }
    blocks
}

/// Line `j` as a row of the first column alone (the others blank there, as where a
/// paragraph ends), when a row across the columns follows it.
fn lone_row<'a>(lines: &[&'a [u32]], j: usize, width: usize) -> Option<Vec<&'a [u32]>> {
    let core = strip_codes(lines[j]);
    if !column_line(core, width) {
        return None;
    }
    let after = lines[j + 1..lines.len().min(j + 3)]
        .iter()
        .find(|line| !strip_codes(line).is_empty())
        .map_or(&[][..], |line| *line);
    split_row(after, width, false).map(|_| vec![core])
}

/// The block with the lone column lines under it, when nothing but a page label follows
/// them on the page; None when the page goes on (a long row in running text).
fn tail<'a>(block: Block<'a>, lines: &[&'a [u32]], width: usize) -> Option<Block<'a>> {
    let mut rest: Vec<(usize, &[u32])> = vec![];
    for (k, line) in lines.iter().enumerate().skip(block.last + 1) {
        let core = strip_codes(line);
        if !core.is_empty() {
            rest.push((k, core));
            if rest.len() > 3 {
                return None; // the page goes on
            }
        }
    }
    if rest.last().is_some_and(|&(_, core)| label(core)) {
        rest.pop();
    }
    if rest.len() > 2 || !rest.iter().all(|&(_, core)| column_line(core, width)) {
        return None;
    }
    let last = rest.last().map_or(block.last, |&(k, _)| k);
    let mut rows = block.rows;
    rows.extend(rest.iter().map(|&(_, core)| vec![core]));
    (rows.len() >= 2).then_some(Block {
        first: block.first,
        last,
        rows,
    })
}

/// A page number or label (`— 3 —`, `第2页`): short, with a digit.
fn label(core: &[u32]) -> bool {
    visible(core) <= MAX_FOOT && core.iter().any(|&c| code_is(c, is_digit))
}

fn column_line(core: &[u32], width: usize) -> bool {
    core.iter().any(|&c| is_han_code(c)) && visible(core) <= width + TOLERANCE + 1
}

/// Markdown keeps its spacing: a code fence (``` or ~~~) anywhere, or a line that starts
/// like a table's delimiter row (`^ *\|? *:?-{3,}:? *\|`).
fn keeps_spacing(text: &[u32]) -> bool {
    let fence = text
        .windows(3)
        .any(|w| w == [BACKTICK; 3] || w == [TILDE; 3]);
    fence || text.split(|&c| c == LF).any(starts_table_rule)
}

fn starts_table_rule(line: &[u32]) -> bool {
    let skip = |k: usize, c: u32| k + line[k..].iter().take_while(|&&d| d == c).count();
    let mut k = skip(0, SPACE);
    if line.get(k) == Some(&PIPE) {
        k = skip(k + 1, SPACE);
    }
    if line.get(k) == Some(&0x3A) {
        k += 1;
    }
    let dashes = skip(k, 0x2D) - k;
    if dashes < 3 {
        return false;
    }
    k += dashes;
    if line.get(k) == Some(&0x3A) {
        k += 1;
    }
    line.get(skip(k, SPACE)) == Some(&PIPE)
}

/// The page's lines with each block's rows read column after column, joined by line feeds.
fn write_page(lines: &[&[u32]], blocks: &[Block<'_>], out: &mut Vec<u32>) {
    let mut kept: Vec<&[u32]> = Vec::with_capacity(lines.len());
    let mut next = 0;
    for block in blocks {
        kept.extend_from_slice(&lines[next..block.first]);
        let columns = block.rows.iter().map(Vec::len).max().unwrap_or(0);
        for j in 0..columns {
            kept.extend(block.rows.iter().filter_map(|row| row.get(j).copied()));
        }
        next = block.last + 1;
    }
    kept.extend_from_slice(&lines[next..]);
    for (k, line) in kept.iter().enumerate() {
        if k > 0 {
            out.push(LF);
        }
        out.extend_from_slice(line);
    }
}

/// The text with every page's rows across the columns written column after column, or
/// None when it stays as it is (Markdown with code or a table, no column width, no block).
pub fn unfold(text: &[u32]) -> Option<Vec<u32>> {
    if keeps_spacing(text) {
        return None;
    }
    let width = column_width(text)?;
    let mut out = Vec::with_capacity(text.len());
    let mut changed = false;
    for (k, page) in text.split(|&c| c == FF).enumerate() {
        if k > 0 {
            out.push(FF);
        }
        let lines: Vec<&[u32]> = page.split(|&c| c == LF).collect();
        let blocks = page_blocks(&lines, width);
        changed |= !blocks.is_empty();
        write_page(&lines, &blocks, &mut out);
    }
    changed.then_some(out)
}

/// `unfold` of a text given as UTF-32-LE bytes, returned the same way (lone surrogates
/// kept), or None when the text stays as it is.
#[pyfunction]
fn unfold_rows<'py>(py: Python<'py>, utf32: &[u8]) -> Option<Bound<'py, PyBytes>> {
    let out = py.allow_threads(|| unfold(&codes(utf32)))?;
    let bytes: Vec<u8> = out.iter().flat_map(|c| c.to_le_bytes()).collect();
    Some(PyBytes::new(py, &bytes))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(unfold_rows, m)?)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chars::code_points;

    fn text(codes: &[u32]) -> String {
        codes.iter().map(|&c| char::from_u32(c).unwrap()).collect()
    }

    /// Fourteen lines of fourteen Han: a document set in columns of width 14.
    fn body() -> String {
        vec!["河面上漂着几只小船船上的渔民"; 14].join("\n")
    }

    #[test]
    fn the_width_is_the_median_of_wrapped_han_lines() {
        assert_eq!(column_width(&code_points(&body())), Some(14));
        let verse = vec!["河面上漂着几只小船船上的渔民。"; 14].join("\n");
        assert_eq!(column_width(&code_points(&verse)), None);
        let few = vec!["河面上漂着几只小船船上的渔民"; 11].join("\n");
        assert_eq!(column_width(&code_points(&few)), None);
    }

    #[test]
    fn gaps_are_found_as_the_gutter_pattern_finds_them() {
        let row = code_points("甲乙  | 丙丁“”戊 ”己 “庚丙“” 戊");
        let spans: Vec<(usize, usize)> = gaps(&row).iter().map(|g| (g.start, g.end)).collect();
        // A quote after a space is no gap; of `“” ` only the first quote is one.
        let found = vec![(2, 6), (8, 10), (11, 12), (14, 15), (18, 19), (20, 21)];
        assert_eq!(spans, found);
        assert_eq!(gaps(&row)[2].before, 8);
    }

    #[test]
    fn table_rules_and_fences_keep_the_spacing() {
        assert!(starts_table_rule(&code_points(" | :---: |")));
        assert!(starts_table_rule(&code_points("---|")));
        assert!(!starts_table_rule(&code_points("-- |")));
        assert!(keeps_spacing(&code_points("a\n~~~\nb")));
    }

    #[test]
    fn a_block_that_ends_the_page_is_read_column_by_column() {
        let left = ["第二天一早渔民们又出发了他们", "说今年的鱼比往年多价钱也好"];
        let right = ["孩子们跟在后面跑到河边看着小", "船慢慢划远才恋恋不舍地回去"];
        let rows = format!("{} | {}\n{} | {}", left[0], right[0], left[1], right[1]);
        let doc = format!("{}\n\n{rows}\n\n— 2 —", body());
        let out = unfold(&code_points(&doc)).map(|c| text(&c));
        let read = [left[0], left[1], right[0], right[1]].join("\n");
        assert_eq!(out, Some(format!("{}\n\n{read}\n\n— 2 —", body())));
        let mid_page = format!("{}\n{rows}\n{}", body(), body());
        assert_eq!(unfold(&code_points(&mid_page)), None);
    }

    #[test]
    fn digits_are_pythons() {
        assert!(is_digit('²') && is_digit('①') && is_digit('٣'));
        assert!(!is_digit('½') && !is_digit('二'));
    }
}
