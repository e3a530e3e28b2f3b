//! B004's cut copies (rules/boilerplate/truncated.py): a short line that repeats the start
//! of an earlier line and stops where it did not, the way a running header or a table of
//! contents cuts a long title.
//!
//! Lines are compared stripped of what Python's `str.strip` strips, lengths are in code
//! points (a lone surrogate is one, and neither Han nor space), as the Python was.

use crate::chars::{code_is, codes, ends_sentence_codes, is_han_code, is_space, strip_codes};
use pyo3::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

const OPENERS: [u32; 10] = [
    0x201C, 0x2018, 0x300C, 0x300E, 0xFF08, 0x28, 0x300A, 0x3008, 0x3010, 0x3014,
]; // “‘「『（(《〈【〔
const CLOSERS: [u32; 10] = [
    0x201D, 0x2019, 0x300D, 0x300F, 0xFF09, 0x29, 0x300B, 0x3009, 0x3011, 0x3015,
]; // ”’」』）)》〉】〕
const QUOTE: u32 = 0x22; // a straight quote: width rules pair them later
const NOTHING: u32 = u32::MAX; // the follower of a line with no text after it

/// Stripped lines of 5 to `max_copy` characters whose first five characters begin an
/// earlier line (stripped, five characters or more), by line number from 0. Most
/// documents have none, which spares them every other test of the rule.
pub fn repeated_starts(text: &[u32], max_copy: usize) -> Vec<usize> {
    let mut seen: FxHashSet<[u32; 5]> = FxHashSet::default();
    let mut out = Vec::new();
    for (i, line) in text.split(|&c| c == 0x0A).enumerate() {
        let core = strip_codes(line);
        if core.len() < 5 {
            continue;
        }
        let start: [u32; 5] = core[..5].try_into().expect("five code points");
        if !seen.insert(start) && core.len() <= max_copy {
            out.push(i);
        }
    }
    out
}

/// A line that could be a truncated echo: 5 to `max_copy` characters, no finished
/// sentence, five Han characters or more.
fn copy_candidate(core: &[u32], max_copy: usize) -> bool {
    (5..=max_copy).contains(&core.len())
        && !ends_sentence_codes(core)
        && core.iter().filter(|&&c| is_han_code(c)).nth(4).is_some()
}

/// `\s*(?:…+|\.{3,}|⋯+)\s*` matches the whole of `rest`: what a running header that
/// shortened a long title put where it cut.
fn is_ellipsis(rest: &[u32]) -> bool {
    let space = |c: &u32| code_is(*c, is_space);
    let core = &rest[rest.iter().take_while(|c| space(c)).count()..];
    let core = &core[..core.len() - core.iter().rev().take_while(|c| space(c)).count()];
    match core.first() {
        Some(&c @ (0x2026 | 0x22EF)) => core.iter().all(|&d| d == c),
        Some(&0x2E) => core.len() >= 3 && core.iter().all(|&d| d == 0x2E),
        _ => false,
    }
}

/// An open quote or bracket: more openers than closers, or an odd number of `"`.
fn unclosed(core: &[u32]) -> bool {
    let count = |set: &[u32]| core.iter().filter(|c| set.contains(c)).count();
    let (openers, quotes) = (count(&OPENERS), count(&[QUOTE]));
    if openers == 0 && quotes == 0 {
        return false;
    }
    openers > count(&CLOSERS) || quotes % 2 == 1
}

/// The lines (by number from 0, in order) that are cut copies of an earlier line's start.
/// An earlier line that goes on only with an ellipsis is itself the cut one and proves
/// nothing; a copy goes unless the text after it goes on as the text after the earlier
/// line did (its first character, over blank lines). Only lines sharing a candidate's
/// first five characters are indexed, at most `max_copy` prefixes each: linear.
pub fn cut_copies(text: &[u32], max_copy: usize) -> Vec<usize> {
    let starts = repeated_starts(text, max_copy);
    if starts.is_empty() {
        return vec![];
    }
    let cores: Vec<&[u32]> = text.split(|&c| c == 0x0A).map(strip_codes).collect();
    let copies: FxHashSet<usize> = starts
        .into_iter()
        .filter(|&i| copy_candidate(cores[i], max_copy))
        .collect();
    if copies.is_empty() {
        return vec![];
    }
    let mut wanted: FxHashMap<&[u32], Vec<usize>> = FxHashMap::default();
    for &i in &copies {
        let lengths = wanted.entry(&cores[i][..5]).or_default();
        if !lengths.contains(&cores[i].len()) {
            lengths.push(cores[i].len());
        }
    }
    // The first character of the text after each line, over blank lines.
    let mut after = vec![NOTHING; cores.len()];
    let mut next = NOTHING;
    for i in (0..cores.len()).rev() {
        after[i] = next;
        if let Some(&c) = cores[i].first() {
            next = c;
        }
    }
    let mut followers: FxHashMap<&[u32], FxHashSet<u32>> = FxHashMap::default();
    let mut doomed = vec![];
    for (i, &core) in cores.iter().enumerate() {
        if copies.contains(&i) && followers.get(core).is_some_and(|f| !f.contains(&after[i])) {
            doomed.push(i);
            continue;
        }
        let Some(lengths) = wanted.get(&core[..core.len().min(5)]) else {
            continue;
        };
        for &n in lengths {
            if n < core.len() && !is_ellipsis(&core[n..]) {
                let first = core[n..].iter().find(|&&c| !code_is(c, is_space));
                followers
                    .entry(&core[..n])
                    .or_default()
                    .insert(*first.unwrap_or(&NOTHING));
            } else if n == core.len() && unclosed(core) {
                // Cut from a longer text: an equal later line is a cut copy too (a heading
                // repeated stays).
                followers.entry(core).or_default().insert(after[i]);
            }
        }
    }
    doomed
}

/// `cut_copies` of a text given as UTF-32-LE bytes.
#[pyfunction]
#[pyo3(name = "cut_copies")]
fn cut_copies_of(py: Python<'_>, utf32: &[u8], max_copy: usize) -> Vec<usize> {
    py.allow_threads(|| cut_copies(&codes(utf32), max_copy))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(cut_copies_of, m)?)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chars::code_points;

    #[test]
    fn a_later_line_sharing_five_first_characters_is_found() {
        let text = code_points(
            "城市轨道交通十八号线\n 城市轨道交通\n城市轨道\n城市轨道交通十八号线，编号八",
        );
        assert_eq!(repeated_starts(&text, 40), [1, 3]);
        assert_eq!(repeated_starts(&text, 12), [1]); // the last has 14 characters
        assert_eq!(repeated_starts(&text, 14), [1, 3]);
    }

    #[test]
    fn a_cut_copy_goes_and_a_repeated_heading_stays() {
        let cut =
            code_points("“第三届青年摄影大赛”获奖\n作品展开幕。\n\n“第三届青年摄影\n下一段正文。");
        assert_eq!(cut_copies(&cut, 40), [3]);
        let heading = code_points("第一章总则\n第二章附则\n第一章总则\n正文。");
        assert!(cut_copies(&heading, 40).is_empty());
        let ellipsis =
            code_points("城市轨道交通十八号……\n城市轨道交通十八号线开通\n城市轨道交通十八号\n下文");
        assert_eq!(cut_copies(&ellipsis, 40), [2]);
    }
}
