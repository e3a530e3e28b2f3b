//! B005's Sheet (rules/boilerplate/furniture.py before the port): in one pass over a
//! document, the lines each step takes. Form feeds bound pages and count as line breaks;
//! steps 1-4 read the stripped lines (page labels, bare numbers that count pages or stand
//! alone, OCR specks), steps 5-7 the running lines (native/src/running.rs) between the page
//! boundaries that steps 1-3 and the form feeds mark.
//!
//! The patterns are the rule's regexes, matched by hand: `\s` is `str.isspace`, `\d`
//! `str.isdecimal` (a number's value is its digits' places in their run of ten, as
//! Unicode lays the decimal digits out), a lone surrogate neither.

use crate::chars::{
    code_is, codes, ends_sentence_codes, is_decimal, is_han, is_space, strip_codes,
};
use crate::running::{running_lines, Lines, MIN_GAP};
use pyo3::prelude::*;
use rustc_hash::FxHashMap;

/// `-‐‑‒–—―−﹣－`: dashes as fonts and extractors write them.
fn dash(c: u32) -> bool {
    matches!(c, 0x2D | 0x2010..=0x2015 | 0x2212 | 0xFE63 | 0xFF0D)
}

const ONE: u32 = 0x4E00; // 一, OCR's dash
const FORM_FEED: u32 = 0x0C;
const LINE_FEED: u32 = 0x0A;

/// The lines each step takes, in line order.
pub struct Steps {
    pub labels: Vec<usize>,
    pub counts: Vec<usize>,
    pub lone: Vec<usize>,
    pub specks: Vec<usize>,
    pub edge: Vec<usize>,
    pub split: Vec<usize>,
    pub stray: Vec<usize>,
}

fn among(c: u32, set: &str) -> bool {
    char::from_u32(c).is_some_and(|c| set.contains(c))
}

fn space(c: u32) -> bool {
    code_is(c, is_space)
}

fn digit(c: u32) -> bool {
    code_is(c, is_decimal)
}

/// A cursor for a full match, greedy: every pattern here is a sequence of classes where
/// the next cannot take what the one before leaves, so no backtracking is needed.
struct Scan<'a> {
    s: &'a [u32],
    k: usize,
}

impl<'a> Scan<'a> {
    fn new(s: &'a [u32]) -> Self {
        Scan { s, k: 0 }
    }

    /// `[test]{min,max}`
    fn many(&mut self, test: impl Fn(u32) -> bool, min: usize, max: usize) -> bool {
        let from = self.k;
        while self.k < self.s.len() && self.k - from < max && test(self.s[self.k]) {
            self.k += 1;
        }
        self.k - from >= min
    }

    fn spaces(&mut self) -> bool {
        self.many(space, 0, usize::MAX)
    }

    /// `\d{1,4}`
    fn number(&mut self) -> bool {
        self.many(digit, 1, 4)
    }

    fn one(&mut self, set: &str) -> bool {
        self.many(|c| among(c, set), 1, 1)
    }

    /// A literal, or nothing taken.
    fn word(&mut self, word: &str) -> bool {
        let from = self.k;
        let found = word.chars().all(|c| self.many(|d| d == u32::from(c), 1, 1));
        if !found {
            self.k = from;
        }
        found
    }

    fn done(&self) -> bool {
        self.k == self.s.len()
    }
}

/// `_PAGE_LABEL.fullmatch(core)`: `— 3 —`, `第 3 页`, `第3页 共9页`, `共9页 第3页`,
/// `3 / 9`, `Page 3 of 9`.
fn page_label(core: &[u32]) -> bool {
    let dashes = |c: u32| dash(c) || c == u32::from('~') || c == ONE;
    let framed = |s: &mut Scan| {
        // [dashes~一]+\s*\d{1,4}\s*[dashes~一]+
        s.many(dashes, 1, usize::MAX)
            && s.spaces()
            && s.number()
            && s.spaces()
            && s.many(dashes, 1, usize::MAX)
    };
    let page = |s: &mut Scan| s.spaces() && s.number() && s.spaces() && s.one("页頁");
    let numbered = |s: &mut Scan| {
        // 第\s*\d{1,4}\s*[页頁](?:\s*[,，/]?\s*共\s*\d{1,4}\s*[页頁])?
        if !(s.one("第") && page(s)) {
            return false;
        }
        s.done() || {
            s.spaces();
            s.many(|c| among(c, ",，/"), 0, 1);
            s.spaces() && s.one("共") && page(s)
        }
    };
    let counted = |s: &mut Scan| {
        // 共\s*\d{1,4}\s*[页頁]\s*[,，]?\s*第\s*\d{1,4}\s*[页頁]
        s.one("共")
            && page(s)
            && s.spaces()
            && s.many(|c| among(c, ",，"), 0, 1)
            && s.spaces()
            && s.one("第")
            && page(s)
    };
    let fraction = |s: &mut Scan| {
        // \d{1,4}\s*/\s*\d{1,4}
        s.number() && s.spaces() && s.one("/") && s.spaces() && s.number()
    };
    let english = |s: &mut Scan| {
        // [Pp](?:age|\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?
        if !(s.one("Pp") && (s.word("age") || s.one(".")) && s.spaces() && s.number()) {
            return false;
        }
        s.done() || {
            s.spaces();
            (s.word("of") || s.one("/")) && s.spaces() && s.number()
        }
    };
    let tries: [&dyn Fn(&mut Scan) -> bool; 5] =
        [&framed, &numbered, &counted, &fraction, &english];
    tries.iter().any(|pattern| {
        let mut s = Scan::new(core);
        pattern(&mut s) && s.done()
    })
}

/// The value of a decimal digit: its place in its run of ten.
fn digit_value(s: &[u32], k: usize) -> usize {
    let c = s[k];
    let mut start = c;
    while start > 0 && digit(start - 1) {
        start -= 1;
    }
    ((c - start) % 10) as usize
}

/// `_BARE_NUMBER.fullmatch(core)`: a number between dashes and spaces, or OCR's `3一`,
/// `一3`; its value.
fn bare_number(core: &[u32]) -> Option<usize> {
    let value = |s: &[u32]| {
        s.iter()
            .enumerate()
            .fold(0, |n, (k, _)| n * 10 + digit_value(s, k))
    };
    let dash_or_space = |c: u32| dash(c) || space(c);
    type Capture<'a> = &'a dyn Fn(&mut Scan) -> Option<(usize, usize)>; // the digits' span
    let tries: [Capture; 3] = [
        // [dashes\s]*(\d{1,4})[dashes\s]*
        &|s| {
            s.many(dash_or_space, 0, usize::MAX);
            let from = s.k;
            let found = s.number().then_some((from, s.k));
            s.many(dash_or_space, 0, usize::MAX);
            found
        },
        // (\d{1,4})\s*一{1,2}
        &|s| {
            let found = s.number().then_some((0, s.k));
            (s.spaces() && s.many(|c| c == ONE, 1, 2)).then_some(found?)
        },
        // 一{1,2}\s*(\d{1,4})
        &|s| {
            let ok = s.many(|c| c == ONE, 1, 2) && s.spaces();
            let from = s.k;
            (ok && s.number()).then_some((from, s.k))
        },
    ];
    tries.iter().find_map(|pattern| {
        let mut s = Scan::new(core);
        let (from, to) = pattern(&mut s)?;
        s.done().then(|| value(&core[from..to]))
    })
}

/// `_SPECK.fullmatch(core)`: a bar with a glyph or two on one side, or a Han glyph between
/// two stray Latin letters.
fn speck(core: &[u32]) -> bool {
    let bar = |c: u32| c == u32::from('|') || c == 0xA6;
    let glyph = |c: &u32| !bar(*c) && !space(*c);
    let latin = |c: u32| char::from_u32(c).is_some_and(|c| c.is_ascii_alphabetic());
    let n = core.len();
    let framed = (3..=4).contains(&n)
        && latin(core[0])
        && latin(core[n - 1])
        && core[1..n - 1].iter().all(|&c| code_is(c, is_han));
    let barred = (1..=3).contains(&n)
        && ((bar(core[n - 1]) && core[..n - 1].iter().all(glyph))
            || (bar(core[0]) && core[1..].iter().all(glyph)));
    framed || barred
}

/// Bare numbers that count pages: N and N+1 stand at least MIN_GAP lines apart.
fn page_sequence(bare: &[(usize, usize)], rank: &[usize]) -> Vec<usize> {
    if bare.len() < 2 {
        return vec![];
    }
    let (mut first, mut last) = (FxHashMap::default(), FxHashMap::default());
    for &(i, v) in bare {
        first.entry(v).or_insert(rank[i]);
        last.insert(v, rank[i]);
    }
    bare.iter()
        .filter(|&&(i, v)| {
            let k = rank[i];
            last.get(&(v + 1)).is_some_and(|&r| r >= k + MIN_GAP)
                || v.checked_sub(1)
                    .and_then(|p| first.get(&p))
                    .is_some_and(|&r| r + MIN_GAP <= k)
        })
        .map(|&(i, _)| i)
        .collect()
}

/// The steps' lines of a document given as code points.
pub fn sheet(text: &[u32]) -> Steps {
    let mut lines: Vec<&[u32]> = vec![];
    let mut breaks = vec![];
    let mut start = 0;
    for (k, &c) in text.iter().enumerate() {
        if c == LINE_FEED || c == FORM_FEED {
            lines.push(&text[start..k]);
            start = k + 1;
            if c == FORM_FEED {
                breaks.push(lines.len());
            }
        }
    }
    lines.push(&text[start..]);
    let cores: Vec<&[u32]> = lines.iter().map(|line| strip_codes(line)).collect();
    let nonblank: Vec<usize> = (0..cores.len()).filter(|&i| !cores[i].is_empty()).collect();
    let mut rank = vec![usize::MAX; cores.len()];
    nonblank.iter().enumerate().for_each(|(k, &i)| rank[i] = k);

    let (mut labels, mut bare) = (vec![], vec![]);
    for &i in &nonblank {
        let core = cores[i];
        let first = core[0];
        let opens = matches!(
            char::from_u32(first),
            Some('~' | '一' | '第' | '共' | 'P' | 'p')
        );
        if !(dash(first) || opens || digit(first)) {
            continue; // what every label and bare number begins with
        }
        if core.len() <= 24 && page_label(core) {
            labels.push(i);
        } else if core.len() <= 12 {
            if let Some(value) = bare_number(core) {
                bare.push((i, value));
            }
        }
    }
    let counts = page_sequence(&bare, &rank);
    // A bare number is a page number unless it continues the sentence of the line above.
    let lone: Vec<usize> = bare
        .iter()
        .map(|&(i, _)| i)
        .filter(|&i| {
            let k = rank[i];
            k == 0
                || ends_sentence_codes(cores[nonblank[k - 1]])
                || cores[i - 1].is_empty()
                || i + 1 >= cores.len()
        })
        .collect();
    let specks: Vec<usize> = nonblank
        .iter()
        .copied()
        .filter(|&i| {
            (i == 0 || cores[i - 1].is_empty())
                && (i + 1 >= cores.len() || cores[i + 1].is_empty())
                && cores[i].len() <= 5
                && speck(cores[i])
        })
        .collect();

    let mut page = vec![false; cores.len()];
    for &i in labels.iter().chain(&counts).chain(&lone) {
        page[i] = true;
    }
    let pages: Vec<usize> = (0..cores.len()).filter(|&i| page[i]).collect();
    let running = running_lines(&Lines {
        cores: &cores,
        nonblank: &nonblank,
        rank: &rank,
        page: &page,
        pages: &pages,
        breaks: &breaks,
    });
    Steps {
        labels,
        counts,
        lone,
        specks,
        edge: running.edge,
        split: running.split,
        stray: running.stray,
    }
}

type StepLines = (
    Vec<usize>,
    Vec<usize>,
    Vec<usize>,
    Vec<usize>,
    Vec<usize>,
    Vec<usize>,
    Vec<usize>,
);

/// The lines steps 1-7 of B005 take in the document `utf32` (its form feeds count as line
/// breaks), each in line order.
#[pyfunction]
fn furniture_sheet(py: Python<'_>, utf32: &[u8]) -> StepLines {
    py.allow_threads(|| {
        let s = sheet(&codes(utf32));
        (
            s.labels, s.counts, s.lone, s.specks, s.edge, s.split, s.stray,
        )
    })
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(furniture_sheet, m)?)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chars::code_points as codes;

    #[test]
    fn labels_and_numbers_are_the_patterns() {
        for (line, label) in [
            ("— 3 —", true),
            ("第 3 页", true),
            ("第3页 共9页", true),
            ("第3页，共9页", true),
            ("共9页 第3页", true),
            ("3 / 9", true),
            ("Page 3 of 9", true),
            ("P. 12", true),
            ("一 3 一", true),
            ("第12345页", false),
            ("Page 3 of", false),
            ("3 /", false),
            ("Pa.3", false),
            ("p.3 o/ 4", false),
        ] {
            assert_eq!(page_label(&codes(line)), label, "{line}");
        }
        assert_eq!(bare_number(&codes("- 12 -")), Some(12));
        assert_eq!(bare_number(&codes("3一")), Some(3));
        assert_eq!(bare_number(&codes("一一 7")), Some(7));
        assert_eq!(bare_number(&codes("٣٤")), Some(34));
        assert_eq!(bare_number(&codes("12345")), None);
        assert!(speck(&codes("枯|")) && speck(&codes("A扑o")) && !speck(&codes("| |")));
    }

    #[test]
    fn page_numbers_and_running_headers_go() {
        let body = "码头上的挑夫沿着石阶往上走。\n他们一天要走上百趟。\n".repeat(5);
        let text = format!("江城晚报 第2版\n{body}\n12\n\n江城晚报 第3版\n{body}\n13\n");
        let s = sheet(&codes(&text));
        assert_eq!((s.counts.len(), s.lone.len()), (2, 2));
        assert_eq!(s.edge, vec![0, 14]);
    }
}
