//! The lines of a document as line-wrap repair measures them (docs/line-wrap.md,
//! "Measurements"): width in display columns, characters whose width varies, sentence end,
//! letter spacing, the blank lines before each, and the column each line sits in.

use super::markdown::{markdown_lines, may_be_markdown};
use crate::chars::{
    display_width, ends_sentence, fdiv, first, is_cjk, is_space, is_word_char, last, len, lstrip,
    rstrip, strip, tail, SOFT_HYPHEN,
};

#[derive(Clone, Debug, Default)]
pub struct Line {
    pub text: String, // stripped, without a break soft hyphen
    pub gap: i64,     // blank lines before this one
    pub indent: bool,
    pub row: usize,    // the input line (0-based) this line ends on
    pub block: bool,   // Markdown structure
    pub soft: bool,    // ended with a break soft hyphen
    pub open: bool,    // stops mid-word: ends in a Han character, letter or digit
    pub spaced: bool,  // letter-spaced, hence justified to the column
    pub size: i64,     // width in the measure that fits the document
    pub narrow: i64,   // characters one column wide: their real width varies most
    pub end: bool,     // ends a sentence
    pub spacing: bool, // a blank line before this one was the extractor's line spacing
}

impl Line {
    pub fn head(&self) -> Option<char> {
        first(&self.text)
    }

    pub fn last(&self) -> Option<char> {
        last(&self.text)
    }
}

/// The text on both sides of a line boundary, as `cleaner explain` shows it.
pub fn excerpt(a: &str, b: &str) -> String {
    const K: usize = 6;
    let head = if len(a) <= K {
        a.to_string()
    } else {
        format!("…{}", tail(a, K))
    };
    let cut: String = b.chars().take(K).collect();
    let tail = if len(b) <= K {
        b.to_string()
    } else {
        cut + "…"
    };
    format!("{head} | {tail}")
}

/// The non-empty lines, stripped, each with the blank lines before it.
pub fn read_lines(text: &str) -> Vec<Line> {
    let raw_lines: Vec<&str> = text.split('\n').collect();
    let marks = if may_be_markdown(text) {
        markdown_lines(&raw_lines)
    } else {
        None
    };
    let mut out = Vec::new();
    let mut gap = 0;
    for (k, raw) in raw_lines.iter().enumerate() {
        let core = strip(raw);
        let word = core.trim_end_matches(SOFT_HYPHEN);
        if word.is_empty() {
            gap += 1;
            continue;
        }
        let mut line = Line {
            text: core.to_string(),
            gap,
            indent: first(raw).is_some_and(is_space),
            row: k,
            ..Line::default()
        };
        if marks.as_ref().is_some_and(|m| m[k]) {
            line.block = true;
            line.text = rstrip(raw).to_string();
        }
        if word.len() < core.len() {
            line.text = word.to_string();
            line.soft = true;
        }
        let end = line.last().unwrap();
        line.open = ('\u{4e00}'..='\u{9fff}').contains(&end) || is_word_char(end);
        out.push(line);
        gap = 0;
    }
    out
}

/// Boundaries of evidence a document of n lines needs to count as hard-wrapped.
pub fn need(n: usize) -> i64 {
    let n = n as i64;
    if n <= 3 {
        1
    } else {
        2.max(-fdiv(-(n - 1), 6))
    }
}

/// Enough lines stop mid-word for the hard-wrapping test to find its evidence?
pub fn may_be_wrapped(lines: &[Line]) -> bool {
    let mut left = need(lines.len());
    for w in lines.windows(2) {
        if w[0].open && !w[0].block && !w[1].block {
            left -= 1;
            if left == 0 {
                return true;
            }
        }
    }
    false
}

/// Spaces between two printable ASCII characters (a space a Latin run needs), spaces
/// between two CJK characters after a CJK one (letter spacing, counted as `re.findall`
/// counts `[CJK] (?=[CJK])`), and single spaces between CJK and a Latin letter or digit.
fn spaces(chars: &[char]) -> (i64, i64, i64) {
    let (mut latin, mut pairs, mut glue) = (0, 0, 0);
    for i in 1..chars.len().saturating_sub(1) {
        if chars[i] != ' ' {
            continue;
        }
        let (p, q) = (chars[i - 1], chars[i + 1]);
        let printable = |c: char| ('!'..='~').contains(&c);
        latin += (printable(p) && printable(q)) as i64;
        pairs += (is_cjk(p) && is_cjk(q)) as i64;
        glue += (is_cjk(p) && q.is_ascii_alphanumeric() || p.is_ascii_alphanumeric() && is_cjk(q))
            as i64;
    }
    (latin, pairs, glue)
}

/// Set each line's width, sentence end and letter spacing; return the other measure
/// (every character two columns).
pub fn measure(lines: &mut [Line]) -> Vec<i64> {
    let mut chars = Vec::with_capacity(lines.len());
    for line in lines.iter_mut() {
        let core = if line.block {
            lstrip(&line.text)
        } else {
            &line.text[..]
        };
        let (size, count, glue);
        if core.contains(' ') {
            let squeezed = core.replace(' ', "");
            let all: Vec<char> = core.chars().collect();
            let (latin, pairs, g) = spaces(&all);
            let n = len(&squeezed) as i64;
            size = display_width(&squeezed) + latin;
            count = n + latin;
            line.spaced = pairs >= 3 && pairs * 2 >= n;
            glue = g;
        } else {
            size = display_width(core);
            count = len(core) as i64;
            glue = 0;
        }
        line.size = size;
        line.narrow = 0.max(2 * count - size) + glue;
        line.end = !line.open && ends_sentence(core);
        chars.push(2 * count);
    }
    chars
}

/// A blank line after (nearly) every line, those stopping mid-word included, is the
/// extractor's line spacing, not a paragraph or page break: take it away.
pub fn single_space(lines: &mut [Line]) {
    if lines.is_empty() {
        return;
    }
    let n = lines.len() as i64 - 1;
    let spaced = lines[1..].iter().filter(|l| l.gap != 0).count() as i64;
    if n < 4 || spaced * 10 < n * 9 {
        return;
    }
    let cut = lines.windows(2).filter(|w| w[0].open).count();
    let cut_spaced = lines
        .windows(2)
        .filter(|w| w[0].open && w[1].gap != 0)
        .count();
    if cut_spaced * 10 >= cut * 9 {
        for line in lines[1..].iter_mut().filter(|l| l.gap != 0) {
            line.gap -= 1;
            line.spacing = true;
        }
    }
}

/// The widest line of each line's neighbourhood: up to two lines either side, not across
/// a sentence end, a long gap or Markdown structure.
pub fn columns(lines: &[Line], max_gap: i64, sizes: Option<&[i64]>) -> Vec<i64> {
    let own: Vec<i64>;
    let sizes = match sizes {
        Some(s) if !s.is_empty() => s,
        _ => {
            own = lines.iter().map(|l| l.size).collect();
            &own
        }
    };
    let n = lines.len();
    let mut link: Vec<bool> = lines
        .windows(2)
        .map(|w| !(w[0].end || w[0].block || w[1].block || w[1].gap > max_gap))
        .collect();
    link.push(false);
    (0..n)
        .map(|i| {
            let mut best = sizes[i];
            if i > 0 && link[i - 1] {
                best = best.max(sizes[i - 1]);
                if i > 1 && link[i - 2] {
                    best = best.max(sizes[i - 2]);
                }
            }
            if link[i] {
                best = best.max(sizes[i + 1]);
                if link[i + 1] {
                    best = best.max(sizes[i + 2]);
                }
            }
            best
        })
        .collect()
}

/// Measure the lines in display width or in characters, whichever fits the document.
pub fn choose_measure(lines: &mut [Line], tolerance: i64, max_gap: i64) {
    let chars = measure(lines);
    let widths: Vec<i64> = lines.iter().map(|l| l.size).collect();
    let narrow: i64 = lines.iter().map(|l| l.narrow).sum();
    if narrow * 10 >= widths.iter().sum::<i64>()
        && fit(lines, &chars, false, tolerance, max_gap)
            > fit(lines, &widths, true, tolerance, max_gap)
    {
        for (line, size) in lines.iter_mut().zip(chars) {
            line.size = size;
            line.narrow = 0;
        }
    }
}

/// Lines that stop mid-word and reach their column under this measure.
fn fit(lines: &[Line], sizes: &[i64], narrow: bool, tolerance: i64, max_gap: i64) -> usize {
    let cols = columns(lines, max_gap, Some(sizes));
    (0..lines.len().saturating_sub(1))
        .filter(|&i| {
            let slack = if narrow { fdiv(lines[i].narrow, 2) } else { 0 };
            lines[i].open && sizes[i] >= cols[i] - tolerance - slack
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_measured_as_in_python() {
        assert_eq!((need(3), need(4), need(13), need(14)), (1, 2, 2, 3));
        assert_eq!(
            excerpt("清晨的集市上已经挤满了人", "老人"),
            "…已经挤满了人 | 老人"
        );
        let mut lines = read_lines("  该 公 司 成 立\n\n\u{ad}\nThe river ran\u{ad}\n好。");
        assert_eq!(lines.len(), 3);
        assert!(lines[0].indent && lines[0].open && lines[1].soft && lines[1].gap == 2);
        let chars = measure(&mut lines);
        assert!(lines[0].spaced && lines[2].end);
        assert_eq!((lines[1].size, lines[1].narrow, chars[1]), (13, 13, 26));
    }
}
