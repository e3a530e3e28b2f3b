//! P004's decisions: which half-width `, ; : ? ! ( ) .` stand in Chinese context.
//!
//! The nodes and the six named steps are those of `cleaner_rules.punctuation.halfwidth`
//! (its docstring is the specification): every mark that may convert is a node with its
//! nearest non-space neighbours on its line; the first step with an opinion decides, and
//! a conversion spreads to the nodes beside it. The text comes as code points (UTF-32, lone
//! surrogates included); the answer is each converted position with its step's number.

use crate::chars::{self, code_is, codes, is_han_code as is_han, text_of};
use pyo3::prelude::*;
use regex::Regex;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

const SPREAD: u8 = 6;

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Punct,
    Period,
    Paren,
}

#[derive(PartialEq)]
enum Verdict {
    Keep,
    Convert,
}

/// A node: its kind, its positions (two for a matched pair of parentheses), its
/// neighbours (None: no character), and the positions whose conversion makes it Chinese
/// context (step 6).
struct Mark {
    kind: Kind,
    at: Vec<usize>,
    before: Option<u32>,
    after: Option<u32>,
    sources: Vec<usize>,
}

struct Text<'a> {
    codes: &'a [u32],
    protected: Vec<(usize, usize)>, // URLs, e-mail addresses, inline code (character spans)
}

fn is_cjk(c: Option<u32>) -> bool {
    c.is_some_and(|c| code_is(c, chars::is_cjk))
}

/// Python's `str.isdigit`: decimal digits (general category Nd) and the digits of
/// Numeric_Type=Digit outside it (superscripts, circled and parenthesised digits), as
/// Python 3.11's Unicode 14 lists them.
fn is_digit(c: u32) -> bool {
    const DIGITS: &[(u32, u32)] = &[
        (0xB2, 0xB3),
        (0xB9, 0xB9),
        (0x1369, 0x1371),
        (0x19DA, 0x19DA),
        (0x2070, 0x2070),
        (0x2074, 0x2079),
        (0x2080, 0x2089),
        (0x2460, 0x2468),
        (0x2474, 0x247C),
        (0x2488, 0x2490),
        (0x24EA, 0x24EA),
        (0x24F5, 0x24FD),
        (0x24FF, 0x24FF),
        (0x2776, 0x277E),
        (0x2780, 0x2788),
        (0x278A, 0x2792),
        (0x10A40, 0x10A43),
        (0x10E60, 0x10E68),
        (0x11052, 0x1105A),
        (0x1F100, 0x1F10A),
    ];
    use unicode_general_category::{get_general_category, GeneralCategory};
    DIGITS.iter().any(|&(lo, hi)| (lo..=hi).contains(&c))
        || char::from_u32(c)
            .is_some_and(|c| get_general_category(c) == GeneralCategory::DecimalNumber)
}

/// The first non-space character from `i` towards `step` on its line.
fn neighbour_at(codes: &[u32], i: isize, step: isize) -> Option<usize> {
    let mut i = i;
    while 0 <= i && (i as usize) < codes.len() && codes[i as usize] == 0x20 {
        i += step;
    }
    let inside = 0 <= i && (i as usize) < codes.len();
    (inside && codes[i as usize] != 0x0A).then_some(i as usize)
}

fn urlish() -> &'static Regex {
    static URLISH: OnceLock<Regex> = OnceLock::new();
    URLISH.get_or_init(|| {
        Regex::new(concat!(
            r"[A-Za-z][A-Za-z0-9+.-]*://[!-~]*[A-Za-z0-9/#=&%_~+-]",
            r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\.[A-Za-z0-9.]+|`[^`\n]*`",
        ))
        .expect("a valid pattern")
    })
}

/// The character spans of URLs, e-mail addresses and inline code, when the text can
/// hold one. (A lone surrogate reads as U+FFFD, one character either way, which no
/// class of the pattern but `[^`\n]` matches, as it matches the surrogate.)
fn protected_spans(codes: &[u32]) -> Vec<(usize, usize)> {
    let has = |s: &[u32]| codes.windows(s.len()).any(|w| w == s);
    if !(has(&[0x3A, 0x2F, 0x2F]) || codes.contains(&0x40) || codes.contains(&0x60)) {
        return Vec::new();
    }
    let text = text_of(codes);
    let mut spans = Vec::new();
    let (mut byte, mut chars) = (0, 0); // a position walked forward over the matches
    let mut to_chars = |target: usize| {
        chars += text[byte..target].chars().count();
        byte = target;
        chars
    };
    for m in urlish().find_iter(&text) {
        let start = to_chars(m.start());
        spans.push((start, to_chars(m.end())));
    }
    spans
}

/// Step 1 digit-group: `,` or `:` between digits is a digit group or a time.
fn digit_group(t: &Text, mark: &Mark) -> Option<Verdict> {
    let c = t.codes[mark.at[0]];
    let digits = mark.before.is_some_and(is_digit) && mark.after.is_some_and(is_digit);
    (mark.kind == Kind::Punct && (c == 0x2C || c == 0x3A) && digits).then_some(Verdict::Keep)
}

/// Step 2 protected: a mark inside a URL, an e-mail address or inline code belongs to it.
fn protected(t: &Text, mark: &Mark) -> Option<Verdict> {
    if mark.kind != Kind::Punct {
        return None;
    }
    let s = mark.at[0];
    let i = t.protected.partition_point(|&(start, _)| start <= s);
    (i > 0 && s < t.protected[i - 1].1).then_some(Verdict::Keep)
}

/// Step 3 period-context: a period after Han ends a Chinese sentence before the line's end
/// or Chinese (`\.(?=[ ]*(?:$|\n|[HAN“”（]))`).
fn period_context(t: &Text, mark: &Mark) -> Option<Verdict> {
    if mark.kind != Kind::Period {
        return None;
    }
    let next = t.codes[mark.at[0] + 1..]
        .iter()
        .copied()
        .find(|&c| c != 0x20);
    let ends = next.map_or(true, |c| {
        c == 0x0A || is_han(c) || matches!(c, 0x201C | 0x201D | 0xFF08)
    });
    ends.then_some(Verdict::Convert)
}

/// Step 4 han-inside: parentheses around Han are Chinese parentheses.
fn han_inside(t: &Text, mark: &Mark) -> Option<Verdict> {
    let (s, e) = (mark.at[0], *mark.at.last().unwrap());
    let inside = mark.kind == Kind::Paren && s != e && t.codes[s + 1..e].iter().any(|&c| is_han(c));
    inside.then_some(Verdict::Convert)
}

/// Step 5 cjk-neighbour: a mark beside Han or a CJK mark (not a period: step 3).
fn cjk_neighbour(_t: &Text, mark: &Mark) -> Option<Verdict> {
    let beside = is_cjk(mark.before) || is_cjk(mark.after);
    (mark.kind != Kind::Period && beside).then_some(Verdict::Convert)
}

type Step = fn(&Text, &Mark) -> Option<Verdict>;
const STEPS: [Step; 5] = [
    digit_group,
    protected,
    period_context,
    han_inside,
    cjk_neighbour,
];

/// Positions of `(`/`)`: pairs matched within a line as (open, close), the rest alone.
fn paren_units(codes: &[u32]) -> Vec<Vec<usize>> {
    let (mut stack, mut pairs, mut lone) = (Vec::new(), Vec::new(), Vec::new());
    for (i, &c) in codes.iter().enumerate() {
        match c {
            0x0A => lone.append(&mut stack),
            0x28 => stack.push(i),
            0x29 => match stack.pop() {
                Some(open) => pairs.push(vec![open, i]),
                None => lone.push(i),
            },
            _ => {}
        }
    }
    lone.append(&mut stack);
    pairs.extend(lone.into_iter().map(|i| vec![i]));
    pairs
}

/// Every node: `, ; : ? !`, periods after Han or a Chinese closing mark, parentheses.
fn marks(codes: &[u32]) -> Vec<Mark> {
    let mut units: Vec<(Kind, Vec<usize>)> = Vec::new();
    for (i, &c) in codes.iter().enumerate() {
        if matches!(c, 0x2C | 0x3B | 0x3A | 0x3F | 0x21) {
            units.push((Kind::Punct, vec![i]));
        } else if c == 0x2E {
            // `(?<=[HAN）」』”]) *\.`: the spaces before the period follow such a mark.
            let run = codes[..i].iter().rev().take_while(|&&c| c == 0x20).count();
            let lead = (i - run).checked_sub(1).map(|k| codes[k]);
            if lead.is_some_and(|c| is_han(c) || matches!(c, 0xFF09 | 0x300D | 0x300F | 0x201D)) {
                units.push((Kind::Period, vec![i]));
            }
        }
    }
    if codes.contains(&0x28) || codes.contains(&0x29) {
        units.extend(paren_units(codes).into_iter().map(|at| (Kind::Paren, at)));
    }
    units
        .into_iter()
        .map(|(kind, at)| {
            let b = neighbour_at(codes, at[0] as isize - 1, -1);
            let a = neighbour_at(codes, *at.last().unwrap() as isize + 1, 1);
            let (before, after) = (b.map(|k| codes[k]), a.map(|k| codes[k]));
            let sources = match kind {
                Kind::Period => a.filter(|_| after == Some(0x28)).into_iter().collect(),
                _ => b.into_iter().chain(a).collect(),
            };
            Mark {
                kind,
                at,
                before,
                after,
                sources,
            }
        })
        .collect()
}

/// Each converted position with the number of the step that decided it (6: spread).
pub fn decide(codes: &[u32]) -> Vec<(usize, u8)> {
    let t = Text {
        codes,
        protected: protected_spans(codes),
    };
    let marks = marks(codes);
    let owner: HashMap<usize, usize> = marks
        .iter()
        .enumerate()
        .flat_map(|(k, m)| m.at.iter().map(move |&p| (p, k)))
        .collect();
    let mut decided: HashMap<usize, u8> = HashMap::new();
    let mut links: HashMap<usize, Vec<usize>> = HashMap::new();
    for (k, mark) in marks.iter().enumerate() {
        let opinion = STEPS
            .iter()
            .enumerate()
            .find_map(|(n, step)| step(&t, mark).map(|v| (n, v)));
        match opinion {
            Some((_, Verdict::Keep)) => continue,
            Some((n, Verdict::Convert)) => {
                decided.insert(k, n as u8 + 1);
            }
            None => {}
        }
        for j in &mark.sources {
            if let Some(&o) = owner.get(j) {
                links.entry(o).or_default().push(k);
            }
        }
    }
    // A converted mark is Chinese context for the mark beside it: one pass converts what
    // a second would.
    let mut done: HashSet<usize> = decided.keys().copied().collect();
    let mut todo: Vec<usize> = done.iter().copied().collect();
    while let Some(k) = todo.pop() {
        for &n in links.get(&k).map_or(&[][..], Vec::as_slice) {
            if done.insert(n) {
                decided.insert(n, SPREAD);
                todo.push(n);
            }
        }
    }
    let mut out: Vec<(usize, u8)> = decided
        .iter()
        .flat_map(|(&k, &step)| marks[k].at.iter().map(move |&p| (p, step)))
        .collect();
    out.sort_unstable();
    out
}

/// (position, step number) of every mark P004 converts in the text given as UTF-32-LE.
#[pyfunction]
fn halfwidth_decisions(py: Python<'_>, utf32: &[u8]) -> Vec<(usize, u8)> {
    py.allow_threads(|| decide(&codes(utf32)))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(halfwidth_decisions, m)?)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn steps(text: &str) -> Vec<u8> {
        decide(&chars::code_points(text))
            .into_iter()
            .map(|(_, s)| s)
            .collect()
    }

    #[test]
    fn each_step_decides_its_marks() {
        assert_eq!(steps(":::行"), vec![6, 6, 5]);
        assert_eq!(steps("北京(首都)很大"), vec![4, 4]);
        assert_eq!(steps("他来了.x"), Vec::<u8>::new());
        assert_eq!(steps("第一行\n他来了.我们走吧"), vec![3]);
        assert_eq!(steps("共422,000人:见 http://a.cn/x,y"), vec![5]);
    }
}
