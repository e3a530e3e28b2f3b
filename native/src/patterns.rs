//! The whole-line patterns of rules/data/chrome.txt, matched by the `regex` crate.
//!
//! A section's alternatives come translated from Python's syntax by
//! rules/text/regex_syntax.py (chrome.txt refuses a pattern it cannot translate). What is
//! found is exactly what rules/boilerplate/vocabulary.py found with `re` before:
//! `finditer` of `^[ \t]*(?=[^\n]{1,max}$)(?:alternatives)[ \t]*$` under `re.M`, a match
//! that runs across lines judged line by line as its stripped parts. Leftmost-first is the
//! order in which Python's backtracking tries the alternatives, so the `regex` crate's match
//! at a line start ends where `re`'s does. Lengths are in code points; a lone surrogate
//! reads as U+FFFD, which the translation allows in no class or literal, so every class
//! treats the two alike.

use crate::chars::{codes, strip, text_of};
use crate::linescan::LiteralLines;
use pyo3::prelude::*;
use regex::{Regex, RegexBuilder};
use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::hybrid::LazyStateID;
use regex_automata::nfa::thompson;
use regex_automata::{Anchored, Input, MatchKind};
use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

/// A section's alternatives as one anchored pattern, and what rules lines out for it.
#[pyclass(frozen)]
pub struct LinePatterns {
    /// `\A(?:alternatives)[ \t]*(?m:$)`: a match from where the alternatives start.
    regex: Automaton,
    /// The lines near a literal that an alternative needs (`linescan.required_literals`),
    /// if some alternative needs one: only those and the lines `free` takes may match.
    literals: Option<LiteralLines>,
    /// The alternatives that need no literal within a bounded distance, if any.
    free: Option<Automaton>,
    /// Literals of which every match of a free alternative holds one: in a text with none
    /// of them, no line is tried for `free`.
    free_needs: Option<Regex>,
    max_chars: usize,
}

fn anchored(alternatives: &str) -> Result<Automaton, String> {
    // The DFA searches the whole text, anchored where it starts (`\A` would hold only at
    // the text's start); the `Regex` searches the text from there on.
    let pattern = format!(r"(?:{alternatives})[ \t]*(?m:$)");
    let regex = RegexBuilder::new(&format!(r"\A{pattern}"))
        .size_limit(1 << 26)
        .dfa_size_limit(1 << 24)
        .build()
        .map_err(|e| e.to_string())?;
    let dfa = DFA::builder()
        .configure(
            DFA::config()
                .match_kind(MatchKind::LeftmostFirst)
                .cache_capacity(1 << 24),
        )
        .thompson(thompson::Config::new().nfa_size_limit(Some(1 << 26)))
        .build(&pattern)
        .map_err(|e| e.to_string())?;
    let cache = Mutex::new(dfa.create_cache());
    Ok(Automaton { regex, dfa, cache })
}

/// A pattern both as a `Regex` and as its lazy DFA, which `lines` walks by hand: a search
/// that reaches a line start in the state an earlier search of the same text was in there
/// ends as that one did, so a run of lines that a leading `\s*` reads across is read once,
/// not once from each of its lines.
struct Automaton {
    regex: Regex,
    dfa: DFA,
    cache: Mutex<Cache>,
}

/// What the searches of one text found at its line starts: the state a search was in
/// there and the end of the last match it found from there on, while the DFA's cache
/// (whose clearing renumbers its states) has been cleared `clears` times.
struct Memo {
    clears: usize,
    at: HashMap<usize, (LazyStateID, Option<usize>)>,
}

impl Automaton {
    /// The end of the leftmost-first match anchored at `at`, if there is one.
    fn find(&self, cache: &mut Cache, memo: &mut Memo, text: &str, at: usize) -> Option<usize> {
        self.walk(cache, memo, text.as_bytes(), at)
            .unwrap_or_else(|| self.regex.find(&text[at..]).map(|m| at + m.end()))
    }

    /// `find` by the DFA; None when the DFA gave up (then the `Regex` answers).
    fn walk(
        &self,
        cache: &mut Cache,
        memo: &mut Memo,
        hay: &[u8],
        at: usize,
    ) -> Option<Option<usize>> {
        if memo.clears != cache.clear_count() {
            memo.at.clear();
            memo.clears = cache.clear_count();
        }
        let input = Input::new(hay).range(at..).anchored(Anchored::Yes);
        let mut sid = self.dfa.start_state_forward(cache, &input).ok()?;
        let mut found = None; // the end of the last match seen
        let mut passed: Vec<(usize, LazyStateID)> = vec![];
        let mut pos = at;
        let last = loop {
            if pos == hay.len() {
                sid = self.dfa.next_eoi_state(cache, sid).ok()?;
                if sid.is_match() {
                    found = Some(pos);
                }
                break found;
            }
            if pos > at && hay[pos - 1] == b'\n' {
                if let Some(&(seen, after)) = memo.at.get(&pos) {
                    if seen == sid {
                        break after.or(found);
                    }
                }
                passed.push((pos, sid));
            }
            sid = self.dfa.next_state(cache, sid, hay[pos]).ok()?;
            if sid.is_tagged() {
                if sid.is_match() {
                    found = Some(pos); // matches show one byte late
                } else if sid.is_dead() {
                    break found;
                } else if sid.is_quit() {
                    return None;
                }
            }
            pos += 1;
        };
        if memo.clears != cache.clear_count() {
            return Some(last); // states renumbered during this search: remember nothing
        }
        for (p, state) in passed {
            memo.at.insert(p, (state, last.filter(|&end| end >= p)));
        }
        Some(last)
    }
}

impl LinePatterns {
    pub fn build(
        alternatives: &str,
        free: Option<&str>,
        free_needs: Option<&str>,
        literals: &HashMap<String, usize>,
        max_chars: usize,
    ) -> Result<Self, String> {
        Ok(LinePatterns {
            regex: anchored(alternatives)?,
            literals: (!literals.is_empty()).then(|| LiteralLines::build(literals, max_chars)),
            free: free.map(anchored).transpose()?,
            free_needs: free_needs
                .map(Regex::new)
                .transpose()
                .map_err(|e| e.to_string())?,
            max_chars,
        })
    }

    /// `matches`: is the line, stripped, 1 to `max_chars` code points that an alternative
    /// matches whole? (Up to its first newline, as `re.M` reads `$`: callers pass lines.)
    pub fn fullmatch(&self, line: &str) -> bool {
        let core = strip(line);
        let n = core.chars().count();
        0 < n && n <= self.max_chars && self.regex.regex.is_match(core)
    }

    /// `matching_lines`: the indices (plus `offset`) of the lines of `text` that are
    /// chrome, in order. (Python hands over code points: `py_lines`.)
    #[cfg(test)]
    pub fn lines(&self, text: &str, offset: usize) -> Vec<usize> {
        let codes = self.literals.as_ref().map(|_| {
            let mut codes = Vec::with_capacity(text.len());
            codes.extend(text.chars().map(u32::from));
            codes
        });
        self.lines_of(text, codes.as_deref(), offset)
    }

    /// `matching_lines` of a text whose code points the caller has (`codes`; needed when
    /// the section has literals; a lone surrogate may stand as itself there, as no literal
    /// holds one).
    pub fn lines_of(&self, text: &str, codes: Option<&[u32]>, offset: usize) -> Vec<usize> {
        let mut found = vec![];
        let near = self
            .literals
            .as_ref()
            .map(|l| l.candidate_lines(codes.expect("the text's code points")));
        // Neither literals nor free alternatives (an empty section): every line is tried.
        let every_line = near.is_none() && self.free.is_none();
        let needed = self.free_needs.as_ref().map_or(true, |n| n.is_match(text));
        let mut free = self.free.as_ref().filter(|_| needed).map(Search::of);
        if !every_line && near.is_none() && free.is_none() {
            return found; // only free alternatives, and none of what they need
        }
        let mut whole = Search::of(&self.regex);
        let (mut start, mut index) = (0, offset); // a line's first byte and its index
        while start <= text.len() {
            let end = text[start..].find('\n').map_or(text.len(), |k| start + k);
            let candidate = every_line
                || near.as_ref().is_some_and(|m| m[index - offset])
                || free
                    .as_mut()
                    .is_some_and(|f| self.match_at(f, text, start, end).is_some());
            let stop = if candidate {
                self.match_at(&mut whole, text, start, end)
            } else {
                None
            };
            match stop {
                Some(stop) if text[start..stop].contains('\n') => {
                    // Judge each line of a match that ran on alone, as `re` split it.
                    for (k, part) in text[start..stop].split('\n').enumerate() {
                        if self.fullmatch(part) {
                            found.push(index + k);
                        }
                    }
                    // `stop` ends a line: `re` goes on at the line after it.
                    index += text[start..stop].matches('\n').count() + 1;
                    start = stop + 1;
                    continue;
                }
                Some(_) => {
                    let n = strip(&text[start..end]).chars().count();
                    if 0 < n && n <= self.max_chars {
                        found.push(index);
                    }
                }
                None => {}
            }
            start = end + 1;
            index += 1;
        }
        found
    }

    /// Where the whole-line pattern's match at the line `start..end` ends, if it matches:
    /// the leading spaces and tabs are given back one by one, as `[ \t]*` backtracks, while
    /// the look-ahead holds (1 to `max_chars` code points from there to the line's end).
    fn match_at(
        &self,
        search: &mut Search<'_>,
        text: &str,
        start: usize,
        end: usize,
    ) -> Option<usize> {
        let max_chars = self.max_chars;
        let line = &text[start..end];
        let lead = line.len() - line.trim_start_matches([' ', '\t']).len();
        if line.len() - lead > 4 * max_chars {
            return None; // too long, however the leading spaces are counted
        }
        let mut rest = line[lead..].chars().count();
        for k in (0..=lead).rev() {
            if rest > max_chars {
                return None; // fewer spaces left out only lengthen it
            }
            if rest >= 1 {
                if let Some(stop) = search.find(text, start + k) {
                    return Some(stop);
                }
            }
            rest += 1;
        }
        None
    }
}

/// One text's searches of one automaton: its cache, held for the text, and their memo.
struct Search<'a> {
    automaton: &'a Automaton,
    cache: MutexGuard<'a, Cache>,
    memo: Memo,
}

impl<'a> Search<'a> {
    fn of(automaton: &'a Automaton) -> Self {
        let cache = automaton.cache.lock().unwrap_or_else(|e| e.into_inner());
        let memo = Memo {
            clears: cache.clear_count(),
            at: HashMap::new(),
        };
        Search {
            automaton,
            cache,
            memo,
        }
    }

    fn find(&mut self, text: &str, at: usize) -> Option<usize> {
        self.automaton
            .find(&mut self.cache, &mut self.memo, text, at)
    }
}

#[pymethods]
impl LinePatterns {
    /// `alternatives`: the section's alternatives in the `regex` crate's syntax, joined
    /// by `|`, each in a group; `free` those of them without required literals, the same
    /// way; `free_needs` a pattern of literals one of which every match of a free
    /// alternative holds, if there is such a set; `literals` the other alternatives'
    /// required literals, each with its largest offset.
    #[new]
    #[pyo3(signature = (alternatives, free, free_needs, literals, max_chars))]
    fn py_new(
        alternatives: &str,
        free: Option<&str>,
        free_needs: Option<&str>,
        literals: HashMap<String, usize>,
        max_chars: usize,
    ) -> PyResult<Self> {
        Self::build(alternatives, free, free_needs, &literals, max_chars)
            .map_err(pyo3::exceptions::PyValueError::new_err)
    }

    /// `lines` of a text given as UTF-32-LE bytes (`cleaner.codepoints.utf32`): decoded
    /// here for the search, not cached as UTF-8 in the Python string for as long as it lives.
    #[pyo3(name = "lines")]
    fn py_lines(&self, py: Python<'_>, utf32: &[u8], offset: usize) -> Vec<usize> {
        py.allow_threads(|| {
            let codes = codes(utf32);
            self.lines_of(&text_of(&codes), Some(&codes), offset)
        })
    }

    /// `fullmatch` of a line given as UTF-32-LE bytes (B001 asks it in the core; the
    /// tests ask it here).
    #[pyo3(name = "fullmatch")]
    fn py_fullmatch(&self, utf32: &[u8]) -> bool {
        self.fullmatch(&text_of(&codes(utf32)))
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<LinePatterns>()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every alternative free: each line is tried.
    fn patterns(alternatives: &str) -> LinePatterns {
        LinePatterns::build(alternatives, Some(alternatives), None, &HashMap::new(), 10).unwrap()
    }

    #[test]
    fn free_alternatives_only_where_what_they_need_is() {
        let p = LinePatterns::build(
            r"(?:\s*相关)",
            Some(r"(?:\s*相关)"),
            Some("相关"),
            &HashMap::new(),
            10,
        );
        let p = p.unwrap();
        assert_eq!(p.lines(" \n \n相关\n x", 0), vec![2]);
        assert_eq!(p.lines(" \n \n相\n x", 0), Vec::<usize>::new());
    }

    #[test]
    fn literals_rule_lines_out() {
        let literals = HashMap::from([("登录".to_string(), 2)]);
        let p = LinePatterns::build("(?:.{0,2}登录)", None, None, &literals, 10).unwrap();
        assert_eq!(
            p.lines(
                "请登录
请先登录再说
登录
一二三登录",
                0
            ),
            vec![0, 2]
        );
    }

    #[test]
    fn whole_short_lines_only() {
        let p = patterns("(?:登录)");
        assert_eq!(
            p.lines("登录\n请先登录再说\n  登录 \t\n登录", 0),
            vec![0, 2, 3]
        );
        assert_eq!(p.lines("登录\n", 5), vec![5]);
        assert!(p.lines(&format!("{}登录", " ".repeat(12)), 0) == vec![0]); // lead left out
    }

    #[test]
    fn too_long_after_the_lead() {
        let p = patterns("(?:.{0,20}登录)");
        assert_eq!(p.lines("一二三四五六七八九登录", 0), Vec::<usize>::new()); // 11 > 10
        assert_eq!(p.lines("一二三四五六七八登录", 0), vec![0]);
    }

    #[test]
    fn a_match_across_lines_is_judged_line_by_line() {
        let p = patterns(r"(?:[^。]{0,6}登录)");
        // "甲\n登录" matches from line 0 on; line 0 alone is no chrome, line 1 is.
        assert_eq!(p.lines("甲\n登录\n登录", 0), vec![1, 2]);
    }

    #[test]
    fn fullmatch_strips_as_python() {
        let p = patterns("(?:登录)");
        assert!(p.fullmatch("\u{3000}登录\u{1c}"));
        assert!(!p.fullmatch("登录了"));
        assert!(!p.fullmatch(""));
    }
}
