//! The continuity signal: do a text's lines read on from one to the next, or from each
//! line to the one after next (columns an extractor interleaved), or stand side by side?
//!
//! B006 flags and L002 repairs on this verdict. The text comes as the code points of the
//! sample the caller took (UTF-32, lone surrogates included), and every test is the one
//! of `cleaner_rules.text.continuity` before it moved here: Python's `str.strip`,
//! `str.isspace` and the regexes' classes, character lengths, float thresholds.

use crate::chars::{
    self, char_of, code_is, codes, is_han_code as is_han, is_space_code as is_space, strip_codes,
};
use crate::wrap::lexicon;
use pyo3::prelude::*;
use rustc_hash::FxHashMap;

const MIN_VOTES: usize = 6;
const PAIR_MARGIN: i64 = 2;
const SENTENCE_END: &[u32] = &[0x3002, 0xFF01, 0xFF1F, 0x21, 0x3F, 0x2026]; // 。！？!?…
const CLOSING: &[u32] = &[
    0x201D, 0x2019, 0x300D, 0x300F, 0xFF09, 0x29, 0x300B, 0x3009, 0x3011, 0x3015, 0x20,
]; // ”’」』）)》〉】〕 and space
const HAN_PUNCT: &[u32] = &[0xFF0C, 0x3002, 0x3001, 0xFF1B, 0xFF1A]; // ，。、；：
const GAP: &[u32] = &[0x20, 0x09, 0x3000]; // space, tab, ideographic space

/// The regex class `\w`: `str.isalnum` or the underscore.
fn is_word(c: u32) -> bool {
    c == 0x5F || code_is(c, chars::is_alnum)
}

fn ends_sentence(line: &[u32]) -> bool {
    let end = line.iter().rposition(|c| !CLOSING.contains(c));
    end.is_some_and(|i| SENTENCE_END.contains(&line[i]))
}

/// `[ \t\u3000](?:[ \t\u3000]{2}|(?<=[HAN，。、；：][ \t])[ \t]*[HAN])` somewhere.
fn spaced(text: &[u32]) -> bool {
    (0..text.len()).any(|i| {
        let c = text[i];
        if !GAP.contains(&c) {
            return false;
        }
        if text.len() > i + 2 && GAP.contains(&text[i + 1]) && GAP.contains(&text[i + 2]) {
            return true;
        }
        let after_han = i > 0 && (is_han(text[i - 1]) || HAN_PUNCT.contains(&text[i - 1]));
        if !after_han || c == 0x3000 {
            return false;
        }
        let rest = text[i + 1..].iter().position(|&c| c != 0x20 && c != 0x09);
        rest.is_some_and(|k| is_han(text[i + 1 + k]))
    })
}

/// `\S{2}[ \t\u3000]{3,}[HAN\w]` somewhere in the line.
fn gutter(line: &[u32]) -> bool {
    let mut i = 0;
    while i < line.len() {
        if !GAP.contains(&line[i]) {
            i += 1;
            continue;
        }
        let run = line[i..].iter().take_while(|c| GAP.contains(c)).count();
        let before = i >= 2 && !is_space(line[i - 1]) && !is_space(line[i - 2]);
        let next = line.get(i + run).copied();
        if run >= 3 && before && next.is_some_and(|c| is_han(c) || is_word(c)) {
            return true;
        }
        i += run;
    }
    false
}

/// The start of `(?<=[HAN，。、；：])[ \t]+(?=[HAN])` in the line.
fn han_space_han(line: &[u32]) -> Option<usize> {
    (1..line.len()).find(|&p| {
        let c = line[p - 1];
        if !(is_han(c) || HAN_PUNCT.contains(&c)) || !matches!(line[p], 0x20 | 0x09) {
            return false;
        }
        let run = line[p..]
            .iter()
            .take_while(|&&c| c == 0x20 || c == 0x09)
            .count();
        line.get(p + run).copied().is_some_and(is_han)
    })
}

/// Columns joined by one space (`pdftotext -raw`): most lines split at the same column.
fn one_gutter(wide: &[&[u32]]) -> bool {
    let mut at: Vec<(usize, usize)> = Vec::new(); // (start, count) in first-seen order
    for line in wide {
        let Some(p) = han_space_han(line) else {
            continue;
        };
        let share = p as f64 / line.len() as f64;
        if 0.25 < share && share < 0.75 {
            match at.iter_mut().find(|(s, _)| *s == p) {
                Some((_, n)) => *n += 1,
                None => at.push((p, 1)),
            }
        }
    }
    // The first of the most common starts, as `Counter.most_common(1)` picks it.
    let Some(&(col, _)) = at
        .iter()
        .fold(None, |best: Option<&(usize, usize)>, e| match best {
            Some(b) if b.1 >= e.1 => Some(b),
            _ => Some(e),
        })
    else {
        return false;
    };
    let count = |s: usize| at.iter().find(|(p, _)| *p == s).map_or(0, |(_, n)| *n);
    let near = count(col.wrapping_sub(1)) + count(col) + count(col + 1);
    near as f64 >= 0.6 * wide.len() as f64
}

fn side_by_side(lines: &[&[u32]]) -> bool {
    let wide: Vec<&[u32]> = lines
        .iter()
        .copied()
        .filter(|l| l.len() >= 10 && l.iter().filter(|&&c| is_han(c)).count() >= 8)
        .collect();
    if wide.len() < 3 {
        return false;
    }
    let gutters = wide.iter().filter(|l| gutter(l)).count();
    gutters as f64 >= 0.3 * wide.len() as f64 || one_gutter(&wide)
}

/// A word of jieba's lexicon across the break from `left` to `right` (None without it); a
/// lone surrogate stands as U+FFFD, in no word, as it is in none in Python.
fn word_across(left: &[u32], right: &[u32]) -> Option<bool> {
    let mut tail = ['\0'; 3];
    let mut head = ['\0'; 3];
    let n = left
        .iter()
        .rev()
        .take(3)
        .zip(&mut tail)
        .map(|(c, t)| *t = char_of(*c))
        .count();
    let m = right
        .iter()
        .take(3)
        .zip(&mut head)
        .map(|(c, h)| *h = char_of(*c))
        .count();
    lexicon::spans_chars(&tail[..n], &head[..m])
}

/// Votes of the breaks inside a sentence: (for the next line, for the line `columns`
/// later, where columns taking turns continue). A
/// word of the lexicon across the break to one line and not to the other votes (the
/// evidence W001 joins on); else the character pair across it, counted in the lines read
/// as one run with its own break counted out, when it occurs at least `PAIR_MARGIN` times
/// more with one line than with the other: a pair of common characters seen once is
/// chance, and alone it flagged short one-column pages.
fn votes(
    lines: &[&[u32]],
    breaks: &[usize],
    words: &[[Option<bool>; 3]],
    counts: &FxHashMap<u64, i64>,
    columns: usize,
) -> (usize, usize) {
    let (mut after_one, mut after_next) = (0, 0);
    for (&k, words) in breaks.iter().zip(words) {
        if k + columns >= lines.len() {
            continue;
        }
        let (next, later) = (lines[k + 1], lines[k + columns]);
        if let (Some(one), Some(two)) = (words[0], words[columns - 1]) {
            if one != two {
                after_one += one as usize;
                after_next += two as usize;
                continue;
            }
        }
        let last = *lines[k].last().unwrap();
        let one = counts[&pair(last, next[0])] - 1;
        let two = counts[&pair(last, later[0])];
        after_one += (one >= two + PAIR_MARGIN) as usize;
        after_next += (two >= one + PAIR_MARGIN) as usize;
    }
    (after_one, after_next)
}

/// A pair of characters as one key.
fn pair(a: u32, b: u32) -> u64 {
    (a as u64) << 32 | b as u64
}

/// How often the pair across each break to the next three lines occurs in the lines
/// read as one run. Only a window whose first character ends a break can be such a pair:
/// a bitmap of those characters (by their low 16 bits) spares most windows the lookup.
fn pair_counts(lines: &[&[u32]], breaks: &[usize]) -> FxHashMap<u64, i64> {
    let mut counts: FxHashMap<u64, i64> = FxHashMap::default();
    let mut ends = vec![0u64; 1 << 10];
    for &k in breaks {
        let last = *lines[k].last().unwrap();
        ends[(last as usize & 0xFFFF) >> 6] |= 1 << (last & 63);
        for line in lines.iter().skip(k + 1).take(3) {
            counts.insert(pair(last, line[0]), 0);
        }
    }
    let mut run = lines.iter().flat_map(|l| l.iter().copied());
    let Some(mut prev) = run.next() else {
        return counts;
    };
    for c in run {
        if ends[(prev as usize & 0xFFFF) >> 6] >> (prev & 63) & 1 == 1 {
            if let Some(n) = counts.get_mut(&pair(prev, c)) {
                *n += 1;
            }
        }
        prev = c;
    }
    counts
}

pub fn interleaved_codes(text: &[u32]) -> bool {
    let lines: Vec<&[u32]> = text
        .split(|&c| c == 0x0A)
        .map(strip_codes)
        .filter(|l| !l.is_empty())
        .collect();
    if lines.len() < 3 {
        return false;
    }
    let ended: Vec<bool> = lines.iter().map(|l| ends_sentence(l)).collect();
    let cut = lines.len() - ended.iter().filter(|&&e| e).count();
    if cut < 3 || (cut as f64) < 0.5 * lines.len() as f64 {
        return false;
    }
    if spaced(text) && side_by_side(&lines) {
        return true;
    }
    if cut < MIN_VOTES {
        return false;
    }
    let mut lengths: Vec<usize> = lines.iter().map(|l| l.len()).collect();
    lengths.sort_unstable();
    let median = lengths[lines.len() / 2] as f64;
    let breaks: Vec<usize> = (0..lines.len() - 2)
        .filter(|&k| !ended[k] && lines[k].len() as f64 >= 0.7 * median)
        .collect();
    if breaks.len() < MIN_VOTES {
        return false;
    }
    let counts = pair_counts(&lines, &breaks);
    // Whether a word runs across each break into each of the next three lines.
    let words: Vec<[Option<bool>; 3]> = breaks
        .iter()
        .map(|&k| {
            let across = |d: usize| lines.get(k + d).and_then(|l| word_across(lines[k], l));
            [across(1), across(2), across(3)]
        })
        .collect();
    // Two columns taking turns continue on the line after next, three on the third line;
    // they must win more than a third of the votes.
    (2..=3).any(|columns| {
        let (after_one, after_next) = votes(&lines, &breaks, &words, &counts, columns);
        after_one + after_next >= MIN_VOTES && after_next as f64 > 0.5 * after_one as f64
    })
}

/// Do the lines of the (sampled) text, given as UTF-32-LE bytes, read as two texts taking
/// turns or standing side by side?
#[pyfunction]
fn interleaved(py: Python<'_>, utf32: &[u8]) -> bool {
    py.allow_threads(|| interleaved_codes(&codes(utf32)))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(interleaved, m)?)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chars::code_points as codes;

    #[test]
    fn columns_taking_turns_are_interleaved_and_one_column_is_not() {
        let a = [
            "村口的老槐树下有一口",
            "古井，井水清凉甘甜，",
            "村里的老人每天早上都",
            "到井边打水，打水的老",
            "人说这口井比村子还老",
            "，井边的石头被绳子磨",
            "出了一道道深沟，孩子",
            "们喜欢趴在井边往下看",
        ];
        let b = [
            "镇上的集市逢五开张，",
            "赶集的人天不亮就挑着",
            "担子上路，集市上卖菜",
            "的卖布的挤满了街道，",
            "赶集的人讨价还价，集",
            "市上的小吃摊冒着热气",
            "，卖布的大嫂说今年的",
            "布好卖，赶集的人买好",
        ];
        let column = [a.join("\n"), b.join("\n")].join("\n");
        let turns: Vec<&str> = a.iter().zip(&b).flat_map(|(x, y)| [*x, *y]).collect();
        let source = [a.concat(), b.concat(), a.concat()].concat();
        assert!(!interleaved_codes(&codes(&format!("{source}\n{column}"))));
        assert!(interleaved_codes(&codes(&format!(
            "{source}\n{}",
            turns.join("\n")
        ))));
    }

    #[test]
    fn python_whitespace_includes_the_information_separators() {
        assert_eq!(strip_codes(&codes("\u{1c} 文 \u{3000}")), &codes("文")[..]);
        assert!(!is_space(0x200B));
        assert!(is_word('名' as u32) && is_word('7' as u32) && is_word('_' as u32));
        assert!(!is_word('Ⓐ' as u32)); // a symbol, though Unicode calls it alphabetic
    }
}
