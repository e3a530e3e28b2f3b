//! Where a whole-line pattern of rules/data/chrome.txt may match: the lines near a literal
//! that the pattern's alternative needs (`cleaner_rules.text.linescan`), for
//! native/src/patterns.rs.
//!
//! An alternative of `whole_line` starts after at most the line's leading spaces and tabs
//! and needs one of its required literals at most its offset after that start; the line
//! holds 1 to `max_chars` characters once some of those spaces are left out (the pattern's
//! look-ahead). So a line start `s` can begin a match only when the line is that short
//! and some literal begins at `p` with `s <= p <= lead_end(s) + offset`. The text comes
//! as UTF-32 code points; positions are code points, as in Python.

use std::collections::HashMap;

/// The literals of a section's alternatives, by first code point, with their offsets.
pub struct LiteralLines {
    /// The literals grouped by first code point.
    groups: Vec<Vec<(Vec<u32>, usize)>>,
    /// For each BMP code point, 1 + the index of its group, or 0: one load per character.
    bmp: Vec<u16>,
    astral: HashMap<u32, usize>,
    max_chars: usize,
}

impl LiteralLines {
    pub fn build(literals: &HashMap<String, usize>, max_chars: usize) -> Self {
        let mut index: HashMap<u32, usize> = HashMap::new();
        let mut groups: Vec<Vec<(Vec<u32>, usize)>> = vec![];
        for (lit, &at) in literals {
            let code: Vec<u32> = lit.chars().map(u32::from).collect();
            let Some(&c) = code.first() else { continue };
            let k = *index.entry(c).or_insert_with(|| {
                groups.push(vec![]);
                groups.len() - 1
            });
            groups[k].push((code, at));
        }
        let mut bmp = vec![0u16; 0x10000];
        let mut astral = HashMap::new();
        for (&c, &k) in &index {
            if c < 0x10000 {
                bmp[c as usize] = u16::try_from(k + 1).expect("fewer than 65535 first characters");
            } else {
                astral.insert(c, k);
            }
        }
        LiteralLines {
            groups,
            bmp,
            astral,
            max_chars,
        }
    }

    fn group(&self, c: u32) -> Option<&Vec<(Vec<u32>, usize)>> {
        let k = if c < 0x10000 {
            usize::from(self.bmp[c as usize]).checked_sub(1)?
        } else {
            *self.astral.get(&c)?
        };
        Some(&self.groups[k])
    }

    /// The largest offset of a literal beginning at `p`, if one does.
    fn offset_at(&self, text: &[u32], p: usize) -> Option<usize> {
        self.group(text[p])?
            .iter()
            .filter(|(lit, _)| text[p..].starts_with(lit))
            .map(|&(_, at)| at)
            .max()
    }

    /// For each line of `text` (split at every newline), may it begin a match?
    pub fn candidate_lines(&self, text: &[u32]) -> Vec<bool> {
        self.marked(text, &Lines::of(text))
    }

    fn marked(&self, text: &[u32], lines: &Lines) -> Vec<bool> {
        let mut marked = vec![false; lines.starts.len()];
        let mut line = 0;
        for p in 0..text.len() {
            while line + 1 < lines.starts.len() && lines.starts[line + 1] <= p {
                line += 1;
            }
            let Some(at) = self.offset_at(text, p) else {
                continue;
            };
            // Earlier lines end before this one's start: once a line's lead end is too
            // far back, every earlier one's is too.
            let mut i = line;
            while p <= lines.lead_ends[i] + at {
                marked[i] = true;
                if i == 0 {
                    break;
                }
                i -= 1;
            }
        }
        for (i, m) in marked.iter_mut().enumerate() {
            *m = *m && lines.short(i, self.max_chars);
        }
        marked
    }
}

/// Each line's start, end (its line break or the end) and lead end (after spaces, tabs).
struct Lines {
    starts: Vec<usize>,
    ends: Vec<usize>,
    lead_ends: Vec<usize>,
}

impl Lines {
    fn of(text: &[u32]) -> Self {
        let (mut starts, mut ends, mut lead_ends) = (vec![], vec![], vec![]);
        let mut start = 0;
        loop {
            let end = text[start..]
                .iter()
                .position(|&c| c == 0x0A)
                .map_or(text.len(), |k| start + k);
            let lead = text[start..end]
                .iter()
                .take_while(|&&c| c == 0x20 || c == 0x09)
                .count();
            starts.push(start);
            ends.push(end);
            lead_ends.push(start + lead);
            if end == text.len() {
                break;
            }
            start = end + 1;
        }
        Lines {
            starts,
            ends,
            lead_ends,
        }
    }

    /// `[ \t]*(?=[^\n]{1,max}$)` matches at the line's start: leaving out some of its
    /// leading spaces and tabs, 1 to `max` characters remain.
    fn short(&self, i: usize, max: usize) -> bool {
        self.ends[i] > self.starts[i] && self.ends[i] - self.lead_ends[i] <= max
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chars::code_points;

    fn scan(literals: &[(&str, usize)], text: &str) -> Vec<usize> {
        let map = literals.iter().map(|&(l, a)| (l.to_string(), a)).collect();
        let marked = LiteralLines::build(&map, 60).candidate_lines(&code_points(text));
        let mut starts = vec![];
        let mut start = 0;
        for (line, m) in text.split('\n').zip(marked) {
            if m {
                starts.push(start);
            }
            start += line.chars().count() + 1;
        }
        starts
    }

    #[test]
    fn a_literal_within_its_offset_of_the_lead_marks_the_line() {
        assert_eq!(scan(&[("登录", 0)], "  登录\n正文登录"), vec![0]);
        assert_eq!(scan(&[("登录", 2)], "正文登录\nxx"), vec![0]);
        assert_eq!(scan(&[("登录", 1)], "正文登录"), Vec::<usize>::new());
    }

    #[test]
    fn a_literal_on_a_later_line_marks_the_short_lines_before_it() {
        // 登录 at 3 is 3 after line 0's start and 0 after line 1's.
        assert_eq!(scan(&[("登录", 3)], "ab\n登录"), vec![0, 3]);
    }

    #[test]
    fn long_and_empty_lines_are_no_candidates() {
        let long = format!("登录{}", "字".repeat(60));
        assert_eq!(scan(&[("登录", 0)], &long), Vec::<usize>::new());
        let spaced = format!("   登录{}", "字".repeat(58));
        assert_eq!(scan(&[("登录", 0)], &spaced), vec![0]);
        assert_eq!(scan(&[("登录", 5)], "\n登录"), vec![1]);
    }
}
