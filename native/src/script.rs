//! C001's per-character work (rules/script): which script's own characters a text holds,
//! where its segments and leftovers are, and the position-by-position decisions that
//! compare OpenCC's conversions of a text with the text.
//!
//! OpenCC runs in Python (its conversions define the rule); this module only reads the
//! texts it made. The character sets come from Python once, as a table by code point.
//! Texts come as UTF-32 code points (lone surrogates included, in no set); positions are
//! code points, as in Python. Segment starts and leftovers travel as 64-bit integers in
//! the machine's order (Python's `array("q")`), 8 bytes each, so that a text cut into
//! millions of segments stays small.

use crate::chars::codes;
use crate::classes::CharClass;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyBytes;

const SIMPLIFIED: u8 = 1; // of simplified script alone
const TRADITIONAL: u8 = 2; // of traditional script alone
const CONVERTS_S2T: u8 = 4; // OpenCC's s2t changes it as a character
const CONVERTS_T2S: u8 = 8;
const KEEP_HANT: u8 = 16; // standard traditional although OpenCC calls it simplified
const NAME: u8 = 32; // in a transliterated name

/// Characters a phrase through a leftover reaches on either side.
const REACH: usize = 6;

/// Which classes play which part when converting one way: s2t converts simplified
/// leftovers in a traditional text, t2s the converse.
#[derive(Clone, Copy)]
struct Roles {
    minority: u8,
    dominant: u8,
    converts: u8,
}

impl Roles {
    fn of(direction: &str) -> Option<Self> {
        match direction {
            "s2t" => Some(Roles {
                minority: SIMPLIFIED,
                dominant: TRADITIONAL,
                converts: CONVERTS_S2T,
            }),
            "t2s" => Some(Roles {
                minority: TRADITIONAL,
                dominant: SIMPLIFIED,
                converts: CONVERTS_T2S,
            }),
            _ => None,
        }
    }
}

fn roles(direction: &str) -> PyResult<Roles> {
    Roles::of(direction).ok_or_else(|| PyValueError::new_err(format!("no direction {direction:?}")))
}

/// A text as Python's UTF-32-LE bytes, read in place: the conversions `decide` compares
/// are as long as the piece, eight of them, and a copy of each would double their size.
#[derive(Clone, Copy)]
struct Utf32<'a>(&'a [u8]);

impl Utf32<'_> {
    fn len(self) -> usize {
        self.0.len() / 4
    }

    fn at(self, k: usize) -> u32 {
        let b = &self.0[4 * k..4 * k + 4];
        u32::from_le_bytes([b[0], b[1], b[2], b[3]])
    }
}

/// OpenCC's conversions of a piece that `decide` compares with it, in this order.
struct Passes<'a> {
    forward: Utf32<'a>,
    unbacked: Utf32<'a>,
    mixed: Utf32<'a>,
    mixed_unbacked: Utf32<'a>,
    direct: Utf32<'a>,
    roundtrip: Utf32<'a>,
    back_phrase: Utf32<'a>,
    back_unbacked: Utf32<'a>,
}

/// A decision of steps 1 and 3-5: position, new character, step number.
type Edit = (usize, u32, u8);
/// Segment starts, leftovers (both as 64-bit integers), segments with a leftover, and
/// segments to probe.
type Cut = (Py<PyBytes>, Py<PyBytes>, Vec<usize>, Vec<usize>);
/// Decisions, positions left to step 6, (segment, position) reached outside.
type Decided = (Vec<Edit>, Vec<usize>, Vec<(usize, usize)>);

/// The character sets of script conversion, a class byte by code point.
#[pyclass(frozen)]
pub struct ScriptTable {
    classes: Vec<u8>,
}

impl ScriptTable {
    pub fn build(sets: [(&str, u8); 6]) -> Self {
        let top = sets
            .iter()
            .flat_map(|(chars, _)| chars.chars())
            .map(|c| c as usize + 1)
            .max()
            .unwrap_or(0);
        let mut classes = vec![0u8; top];
        for (chars, bit) in sets {
            for c in chars.chars() {
                classes[c as usize] |= bit;
            }
        }
        ScriptTable { classes }
    }

    fn class(&self, c: u32) -> u8 {
        self.classes.get(c as usize).copied().unwrap_or(0)
    }

    fn minority(&self, c: u32, r: Roles) -> bool {
        self.class(c) & r.minority != 0
    }

    fn dominant(&self, c: u32, r: Roles) -> bool {
        self.class(c) & r.dominant != 0
    }

    /// What the rule may change: minority-only characters, and those OpenCC converts
    /// either way that are not of the dominant script alone.
    fn candidate(&self, c: u32, r: Roles) -> bool {
        let class = self.class(c);
        class & r.minority != 0
            || class & (CONVERTS_S2T | CONVERTS_T2S) != 0 && class & r.dominant == 0
    }

    /// Converted by OpenCC itself this way (云 -> 雲), not only inside phrases.
    fn first(&self, c: u32, r: Roles) -> bool {
        let class = self.class(c);
        class & r.converts != 0 && class & KEEP_HANT == 0
    }

    fn name(&self, c: u32) -> bool {
        self.class(c) & NAME != 0
    }

    /// Is a neighbour of `k` in `text` a character of a transliterated name?
    fn next_to_name(&self, text: &[u32], k: usize) -> bool {
        k > 0 && self.name(text[k - 1]) || text.get(k + 1).is_some_and(|&c| self.name(c))
    }

    /// (has simplified-only, has traditional-only).
    pub fn evidence_of(&self, text: &[u8]) -> (bool, bool) {
        let mut seen = 0;
        for c in code_iter(text) {
            seen |= self.class(c) & (SIMPLIFIED | TRADITIONAL);
            if seen == SIMPLIFIED | TRADITIONAL {
                break;
            }
        }
        (seen & SIMPLIFIED != 0, seen & TRADITIONAL != 0)
    }

    /// (simplified-only, traditional-only) characters.
    pub fn counts_of(&self, text: &[u8]) -> (usize, usize) {
        code_iter(text).fold((0, 0), |(s, t), c| {
            let class = self.class(c);
            (
                s + (class & SIMPLIFIED != 0) as usize,
                t + (class & TRADITIONAL != 0) as usize,
            )
        })
    }

    /// Segment starts (one past each barrier, and one past the end after the last),
    /// leftover positions, the segments holding a leftover, and the other segments with
    /// both a character a round-trip phrase can show to be a leftover and a dominant-only
    /// one. `whole`: the text is one segment and none is probed.
    fn cut_of(
        &self,
        text: &[u32],
        barriers: &CharClass,
        r: Roles,
        whole: bool,
    ) -> (Vec<usize>, Vec<usize>, Vec<usize>, Vec<usize>) {
        let mut starts = vec![0];
        if !whole {
            let ends = text
                .iter()
                .enumerate()
                .filter(|&(_, &c)| barriers.contains(c));
            starts.extend(ends.map(|(k, _)| k + 1));
        }
        starts.push(text.len() + 1);
        let (mut leftovers, mut with_leftovers, mut probe) = (vec![], vec![], vec![]);
        for i in 0..starts.len() - 1 {
            let (start, end) = (starts[i], starts[i + 1] - 1);
            let mut evidence = false;
            let mut dominant = false;
            let before = leftovers.len();
            // The barrier ending segment `i` is of segment `i` (Python's `bisect_right`),
            // though never of the segment's text.
            let span = start..(end + 1).min(text.len());
            for (k, &c) in span.clone().zip(&text[span]) {
                if self.minority(c, r) {
                    leftovers.push(k);
                }
                evidence |= self.first(c, r) && !self.dominant(c, r);
                dominant |= k < end && self.dominant(c, r);
            }
            if leftovers.len() > before {
                with_leftovers.push(i);
            } else if evidence && dominant && !whole {
                probe.push(i);
            }
        }
        (starts, leftovers, with_leftovers, probe)
    }

    /// The segments among `probe` (joined by one character into `sub`) where OpenCC's
    /// phrases of the round trip (`mixed`) change a character that a round-trip phrase can
    /// show to be a leftover.
    fn changed_segments(
        &self,
        sub: &[u32],
        mixed: &[u32],
        starts: &[usize],
        probe: &[usize],
        r: Roles,
    ) -> Vec<usize> {
        let mut at = 0;
        let mut found = vec![];
        for &i in probe {
            let len = starts[i + 1] - starts[i] - 1;
            if (at..at + len).any(|k| {
                let c = sub[k];
                c != mixed[k] && self.first(c, r) && !self.dominant(c, r)
            }) {
                found.push(i);
            }
            at += len + 1;
        }
        found
    }

    /// The positions of `sub` (the `selected` segments joined) to decide: its candidates,
    /// and every position a leftover reaches; and, by segment outside `selected`, the
    /// positions a leftover reaches there, as (segment, position in it).
    fn positions(
        &self,
        text_len: usize,
        sub: &[u32],
        starts: &[usize],
        leftovers: &[usize],
        selected: &[usize],
        r: Roles,
    ) -> (Vec<usize>, Vec<(usize, usize)>) {
        let offsets = offsets(starts, selected);
        let mut marked: Vec<bool> = sub.iter().map(|&c| self.candidate(c, r)).collect();
        marked.push(false); // one past the last segment's end, which a leftover reaches
        let mut reached = vec![];
        for &k in leftovers {
            for g in k.saturating_sub(REACH)..(k + REACH + 1).min(text_len) {
                let i = segment_of(starts, g);
                match selected.binary_search(&i) {
                    Ok(s) => marked[offsets[s] + g - starts[i]] = true,
                    Err(_) if g + 1 < starts[i + 1] => reached.push((i, g - starts[i])),
                    Err(_) => {}
                }
            }
        }
        reached.sort_unstable();
        reached.dedup();
        let positions = (0..marked.len()).filter(|&k| marked[k]).collect();
        (positions, reached)
    }

    /// Steps 1-5 at `positions` of `sub`: the decisions (those of steps 3-5 still subject
    /// to the regional forms, which Python reads off OpenCC), and the positions left to
    /// step 6.
    fn decide_at(
        &self,
        sub: &[u32],
        positions: &[usize],
        p: &Passes,
        r: Roles,
    ) -> (Vec<Edit>, Vec<usize>) {
        let (mut edits, mut undecided) = (vec![], vec![]);
        for &k in positions {
            let Some(&c) = sub.get(k) else { continue };
            if self.dominant(c, r) {
                continue;
            }
            let (fw, fu, m, mu, d) = (
                p.forward.at(k),
                p.unbacked.at(k),
                p.mixed.at(k),
                p.mixed_unbacked.at(k),
                p.direct.at(k),
            );
            let (trip, back, back_u) = (
                p.roundtrip.at(k),
                p.back_phrase.at(k),
                p.back_unbacked.at(k),
            );
            let leftover_phrase = c != fw && fw != fu;
            let back_phrase = d != c && c == back;
            let round_trip_phrase = self.first(c, r) && c != m && m != mu;
            if self.minority(c, r) {
                edits.push((k, if fw != c { d } else { trip }, 1));
            } else if trip == c || self.next_to_name(sub, k) {
                // 2 no-evidence
            } else if leftover_phrase || back_phrase && back != back_u || round_trip_phrase {
                // The character comes from the first conversion with evidence, but a back
                // phrase gives it even where it is not the evidence (Python's `_decide`).
                let new = if leftover_phrase {
                    fw
                } else if back_phrase {
                    d
                } else {
                    m
                };
                let step = match (leftover_phrase, back_phrase && back != back_u) {
                    (true, _) => 3,
                    (false, true) => 4,
                    (false, false) => 5,
                };
                edits.push((k, new, step));
            } else {
                undecided.push(k);
            }
        }
        (edits, undecided)
    }

    /// By segment outside `selected`, the positions where a character shown to be a
    /// leftover (`backed`) may take the round trip's form: those a leftover reaches, and
    /// every occurrence of such a character that the rule may change.
    fn elsewhere_of(
        &self,
        text: &[u32],
        starts: &[usize],
        selected: &[usize],
        reached: &[(usize, usize)],
        backed: &[u32],
        r: Roles,
    ) -> Vec<(usize, Vec<usize>)> {
        let is_backed = |c: u32| backed.binary_search(&c).is_ok();
        let mut todo: Vec<(usize, usize)> = reached.to_vec();
        let mut i = 0;
        for (k, &c) in text.iter().enumerate() {
            while starts[i + 1] <= k {
                i += 1;
            }
            if self.candidate(c, r) && is_backed(c) {
                todo.push((i, k - starts[i]));
            }
        }
        todo.sort_unstable();
        todo.dedup();
        let mut found: Vec<(usize, Vec<usize>)> = vec![];
        for (i, col) in todo {
            let c = text[starts[i] + col];
            if selected.binary_search(&i).is_ok() || !is_backed(c) || self.dominant(c, r) {
                continue;
            }
            match found.last_mut() {
                Some((last, cols)) if *last == i => cols.push(col),
                _ => found.push((i, vec![col])),
            }
        }
        found
    }

    /// Are there minority-only characters in `at_least` clauses (between `ends`)?
    fn mixed_of(&self, text: &[u32], ends: &CharClass, r: Roles, at_least: usize) -> bool {
        let (mut clause, mut counted, mut n) = (0, None, 0);
        for &c in text {
            clause += ends.contains(c) as usize; // the clause of `c` follows every end up to it
            if self.minority(c, r) && counted != Some(clause) {
                counted = Some(clause);
                n += 1;
                if n >= at_least {
                    return true;
                }
            }
        }
        false
    }

    /// A character a mixed document converts wherever the round trip changes it: OpenCC
    /// converts it this way, it is not dominant-only, and not one of `keep`.
    fn mixed_candidate(&self, c: u32, r: Roles, keep: &[u32]) -> bool {
        self.first(c, r) && !self.dominant(c, r) && !keep.contains(&c)
    }

    /// (start, length) of the segments of `text` with a mixed-document candidate; None
    /// when the text holds a lone surrogate (OpenCC's wrapper refuses it: Python converts
    /// such a text whole, so that it fails as it always did).
    fn mixed_spans_of(
        &self,
        text: &[u32],
        barriers: &CharClass,
        r: Roles,
        keep: &[u32],
    ) -> Option<Vec<(usize, usize)>> {
        if text.iter().any(|&c| (0xD800..0xE000).contains(&c)) {
            return None;
        }
        let mut spans = vec![];
        let mut start = 0;
        let mut wanted = false;
        for (k, &c) in text.iter().enumerate() {
            if barriers.contains(c) {
                if wanted {
                    spans.push((start, k - start));
                }
                (start, wanted) = (k + 1, false);
            } else {
                wanted |= self.mixed_candidate(c, r, keep);
            }
        }
        if wanted {
            spans.push((start, text.len() - start));
        }
        Some(spans)
    }

    /// Step 7 in the `spans` of `text`, whose round trip `full` holds them joined by one
    /// character: (position, the round trip's character), before the regional forms.
    fn mixed_edits_of(
        &self,
        text: &[u32],
        full: &[u32],
        spans: &[(usize, usize)],
        r: Roles,
        keep: &[u32],
    ) -> Vec<(usize, u32)> {
        let mut edits = vec![];
        let mut at = 0;
        for &(start, len) in spans {
            for col in 0..len {
                let (k, new) = (start + col, full[at + col]);
                let c = text[k];
                if c != new && self.mixed_candidate(c, r, keep) && !self.next_to_name(text, k) {
                    edits.push((k, new));
                }
            }
            at += len + 1;
        }
        edits
    }
}

fn code_iter(utf32: &[u8]) -> impl Iterator<Item = u32> + '_ {
    utf32
        .chunks_exact(4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// The segment holding position `p` (Python's `bisect_right(starts, p) - 1`).
fn segment_of(starts: &[usize], p: usize) -> usize {
    starts.partition_point(|&s| s <= p) - 1
}

/// Where each of the `selected` segments starts once they are joined by one character.
fn offsets(starts: &[usize], selected: &[usize]) -> Vec<usize> {
    let mut at = 0;
    selected
        .iter()
        .map(|&i| {
            let here = at;
            at += starts[i + 1] - starts[i];
            here
        })
        .collect()
}

fn positions_bytes(py: Python<'_>, values: &[usize]) -> Py<PyBytes> {
    let raw: Vec<u8> = values
        .iter()
        .flat_map(|&v| (v as u64).to_ne_bytes())
        .collect();
    PyBytes::new(py, &raw).unbind()
}

fn positions_of(raw: &[u8]) -> Vec<usize> {
    raw.chunks_exact(8)
        .map(|b| u64::from_ne_bytes(b.try_into().expect("8 bytes")) as usize)
        .collect()
}

fn sorted_codes(chars: &str) -> Vec<u32> {
    let mut codes: Vec<u32> = chars.chars().map(u32::from).collect();
    codes.sort_unstable();
    codes
}

#[pymethods]
impl ScriptTable {
    #[new]
    fn new(
        simplified: &str,
        traditional: &str,
        converts_s2t: &str,
        converts_t2s: &str,
        keep_hant: &str,
        names: &str,
    ) -> Self {
        ScriptTable::build([
            (simplified, SIMPLIFIED),
            (traditional, TRADITIONAL),
            (converts_s2t, CONVERTS_S2T),
            (converts_t2s, CONVERTS_T2S),
            (keep_hant, KEEP_HANT),
            (names, NAME),
        ])
    }

    /// (has a simplified-only character, has a traditional-only one).
    fn evidence(&self, py: Python<'_>, utf32: &[u8]) -> (bool, bool) {
        py.allow_threads(|| self.evidence_of(utf32))
    }

    /// (simplified-only characters, traditional-only characters).
    fn counts(&self, py: Python<'_>, utf32: &[u8]) -> (usize, usize) {
        py.allow_threads(|| self.counts_of(utf32))
    }

    /// (starts, leftovers) as 64-bit integers, the segments with a leftover, the segments
    /// to probe with the round trip's phrases.
    fn cut(
        &self,
        py: Python<'_>,
        utf32: &[u8],
        barriers: &CharClass,
        direction: &str,
        whole: bool,
    ) -> PyResult<Cut> {
        let r = roles(direction)?;
        let (starts, leftovers, with_leftovers, probe) =
            py.allow_threads(|| self.cut_of(&codes(utf32), barriers, r, whole));
        Ok((
            positions_bytes(py, &starts),
            positions_bytes(py, &leftovers),
            with_leftovers,
            probe,
        ))
    }

    /// The probed segments whose round-trip phrases show a leftover.
    fn round_trip_evidence(
        &self,
        py: Python<'_>,
        sub: &[u8],
        mixed: &[u8],
        starts: &[u8],
        probe: Vec<usize>,
        direction: &str,
    ) -> PyResult<Vec<usize>> {
        let r = roles(direction)?;
        let (sub, mixed, starts) = (codes(sub), codes(mixed), positions_of(starts));
        if sub.len() != mixed.len() {
            return Err(PyValueError::new_err("a conversion of another length"));
        }
        Ok(py.allow_threads(|| self.changed_segments(&sub, &mixed, &starts, &probe, r)))
    }

    /// Steps 1-5 on `sub`, the `selected` segments of a text `text_len` long joined: the
    /// decisions (position, character, step), the positions left to step 6, and the
    /// positions leftovers reach outside `selected` as (segment, position in it).
    /// `passes`: forward, unbacked, mixed, mixed_unbacked, direct, roundtrip, back_phrase,
    /// back_unbacked.
    #[allow(clippy::too_many_arguments)]
    fn decide<'py>(
        &self,
        py: Python<'py>,
        text_len: usize,
        sub: &[u8],
        starts: &[u8],
        leftovers: &[u8],
        selected: Vec<usize>,
        passes: Vec<Bound<'py, PyBytes>>,
        direction: &str,
    ) -> PyResult<Decided> {
        let r = roles(direction)?;
        let sub = codes(sub);
        let mut passes = passes.iter().map(|b| Utf32(b.as_bytes()));
        let mut next = || passes.next().filter(|p| p.len() == sub.len());
        let wrong = || PyValueError::new_err("eight conversions of the piece's length");
        let p = Passes {
            forward: next().ok_or_else(wrong)?,
            unbacked: next().ok_or_else(wrong)?,
            mixed: next().ok_or_else(wrong)?,
            mixed_unbacked: next().ok_or_else(wrong)?,
            direct: next().ok_or_else(wrong)?,
            roundtrip: next().ok_or_else(wrong)?,
            back_phrase: next().ok_or_else(wrong)?,
            back_unbacked: next().ok_or_else(wrong)?,
        };
        let (starts, leftovers) = (positions_of(starts), positions_of(leftovers));
        Ok(py.allow_threads(|| {
            let (positions, reached) =
                self.positions(text_len, &sub, &starts, &leftovers, &selected, r);
            let (edits, undecided) = self.decide_at(&sub, &positions, &p, r);
            (edits, undecided, reached)
        }))
    }

    /// Step 6 outside the segments decided: by segment, the positions to compare with the
    /// round trip.
    #[allow(clippy::too_many_arguments)]
    fn elsewhere(
        &self,
        py: Python<'_>,
        text: &[u8],
        starts: &[u8],
        selected: Vec<usize>,
        reached: Vec<(usize, usize)>,
        backed: &str,
        direction: &str,
    ) -> PyResult<Vec<(usize, Vec<usize>)>> {
        let r = roles(direction)?;
        let (text, starts, backed) = (codes(text), positions_of(starts), sorted_codes(backed));
        Ok(py.allow_threads(|| self.elsewhere_of(&text, &starts, &selected, &reached, &backed, r)))
    }

    /// Are minority-only characters in `at_least` or more clauses?
    fn mixed(
        &self,
        py: Python<'_>,
        utf32: &[u8],
        ends: &CharClass,
        direction: &str,
        at_least: usize,
    ) -> PyResult<bool> {
        let r = roles(direction)?;
        Ok(py.allow_threads(|| self.mixed_of(&codes(utf32), ends, r, at_least)))
    }

    /// The segments a mixed document's round trip needs (None: all of it).
    fn mixed_spans(
        &self,
        py: Python<'_>,
        utf32: &[u8],
        barriers: &CharClass,
        direction: &str,
        keep: &str,
    ) -> PyResult<Option<Vec<(usize, usize)>>> {
        let r = roles(direction)?;
        let keep: Vec<u32> = keep.chars().map(u32::from).collect();
        Ok(py.allow_threads(|| self.mixed_spans_of(&codes(utf32), barriers, r, &keep)))
    }

    /// Step 7's conversions in `spans` of the text, read off their round trip `full`.
    fn mixed_edits(
        &self,
        py: Python<'_>,
        utf32: &[u8],
        full: &[u8],
        spans: Vec<(usize, usize)>,
        direction: &str,
        keep: &str,
    ) -> PyResult<Vec<(usize, u32)>> {
        let r = roles(direction)?;
        let keep: Vec<u32> = keep.chars().map(u32::from).collect();
        let (text, full) = (codes(utf32), codes(full));
        let fits = spans.iter().all(|&(s, l)| s + l <= text.len())
            && spans.iter().map(|&(_, l)| l + 1).sum::<usize>() <= full.len() + 1;
        if !fits {
            return Err(PyValueError::new_err(
                "spans outside the text or its round trip",
            ));
        }
        Ok(py.allow_threads(|| self.mixed_edits_of(&text, &full, &spans, r, &keep)))
    }

    /// `text` with `break_char` for each minority-only (`minority`) or dominant-only
    /// character, as UTF-32-LE.
    fn blank(
        &self,
        py: Python<'_>,
        utf32: &[u8],
        direction: &str,
        minority: bool,
        break_char: char,
    ) -> PyResult<Py<PyBytes>> {
        let r = roles(direction)?;
        let bit = if minority { r.minority } else { r.dominant };
        let raw: Vec<u8> = code_iter(utf32)
            .map(|c| {
                if self.class(c) & bit != 0 {
                    u32::from(break_char)
                } else {
                    c
                }
            })
            .flat_map(u32::to_le_bytes)
            .collect();
        Ok(PyBytes::new(py, &raw).unbind())
    }
}

/// Strings a text may hold (C001's mojibake), found with a bit test per character.
#[pyclass(frozen)]
pub struct Literals {
    literals: Vec<Vec<u32>>,
    firsts: CharClass,
}

impl Literals {
    /// None if a literal is empty.
    pub fn build(literals: &[&str]) -> Option<Self> {
        let literals: Vec<Vec<u32>> = literals
            .iter()
            .map(|lit| lit.chars().map(u32::from).collect())
            .collect();
        let firsts = literals.iter().map(|lit| lit.first().copied());
        let firsts = CharClass::of(firsts.collect::<Option<Vec<u32>>>()?);
        Some(Literals { literals, firsts })
    }

    /// Does `text` (UTF-32-LE) hold one of the literals?
    pub fn in_codes(&self, text: &[u8]) -> bool {
        let at = |k: usize, lit: &Vec<u32>| {
            code_iter(&text[4 * k..])
                .take(lit.len())
                .eq(lit.iter().copied())
        };
        code_iter(text)
            .enumerate()
            .any(|(k, c)| self.firsts.contains(c) && self.literals.iter().any(|lit| at(k, lit)))
    }
}

#[pymethods]
impl Literals {
    #[new]
    fn new(literals: Vec<String>) -> PyResult<Self> {
        let literals: Vec<&str> = literals.iter().map(String::as_str).collect();
        Literals::build(&literals).ok_or_else(|| PyValueError::new_err("an empty literal"))
    }

    /// Does the text (UTF-32-LE) hold one of the literals?
    fn found_in(&self, py: Python<'_>, utf32: &[u8]) -> bool {
        py.allow_threads(|| self.in_codes(utf32))
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Literals>()?;
    m.add_class::<ScriptTable>()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chars::code_points as codes;

    fn table() -> ScriptTable {
        ScriptTable::build([
            ("这们说并余", SIMPLIFIED),
            ("這們說並來", TRADITIONAL),
            ("这们说并余后云里了", CONVERTS_S2T),
            ("這們說並來後雲", CONVERTS_T2S),
            ("", KEEP_HANT),
            ("埃特", NAME),
        ])
    }

    fn chars(chars: &str) -> CharClass {
        CharClass::of(chars.chars().map(u32::from))
    }

    fn s2t() -> Roles {
        Roles::of("s2t").unwrap()
    }

    fn utf32(text: &str) -> Vec<u8> {
        text.chars()
            .flat_map(|c| u32::from(c).to_le_bytes())
            .collect()
    }

    #[test]
    fn evidence_and_counts() {
        let t = table();
        assert_eq!(t.evidence_of(&utf32("這是并")), (true, true));
        assert_eq!(t.evidence_of(&utf32("后里了")), (false, false));
        assert_eq!(t.counts_of(&utf32("這們并")), (1, 2));
        let surrogate = 0xD800u32.to_le_bytes();
        assert_eq!(t.evidence_of(&surrogate), (false, false));
    }

    #[test]
    fn segments_leftovers_and_probes() {
        let t = table();
        let text = codes("這里，并且。云");
        let (starts, leftovers, with, probe) = t.cut_of(&text, &chars("，。"), s2t(), false);
        assert_eq!(starts, [0, 3, 6, 8]);
        assert_eq!((leftovers, with), (vec![3], vec![1]));
        // 這里 has a dominant-only character and one a round trip may convert; 云 alone has
        // no dominant-only neighbour.
        assert_eq!(probe, [0]);
        let (starts, _, _, probe) = t.cut_of(&text, &chars("，。"), s2t(), true);
        assert_eq!((starts, probe), (vec![0, 8], vec![]));
    }

    #[test]
    fn a_leftover_reaches_across_barriers() {
        let t = table();
        let starts = [0, 3, 6, 8]; // 這里，并且。云
        let (positions, reached) = t.positions(7, &codes("并且"), &starts, &[3], &[1], s2t());
        // 并 is a candidate; the reach covers 并且 and the barrier after it (one past the
        // piece), and outside it 這里 and 云 (not the barrier before 并).
        assert_eq!(positions, [0, 1, 2]);
        assert_eq!(reached, [(0, 0), (0, 1), (2, 0)]);
    }

    #[test]
    fn decisions_follow_the_steps() {
        let t = table();
        let sub = codes("并后里了");
        let same = utf32("并后里了");
        let texts = [
            "並後里了",
            "並后里了",
            "並后裡了",
            "並后里了",
            "並後裏了",
            "並後裏瞭",
        ]
        .map(utf32);
        let p = Passes {
            forward: Utf32(&texts[0]),
            unbacked: Utf32(&texts[1]),
            mixed: Utf32(&texts[2]),
            mixed_unbacked: Utf32(&texts[3]),
            direct: Utf32(&texts[4]),
            roundtrip: Utf32(&texts[5]),
            back_phrase: Utf32(&same),
            back_unbacked: Utf32(&same),
        };
        let (edits, undecided) = t.decide_at(&sub, &[0, 1, 2, 3, 4], &p, s2t());
        // 里: the round trip's phrase is the evidence (step 5), the back phrase, which
        // gives 里 back without being evidence, the form written.
        let (bing, hou, li) = ('並' as u32, '後' as u32, '裏' as u32);
        assert_eq!(edits, [(0, bing, 1), (1, hou, 3), (2, li, 5)]);
        assert_eq!(undecided, [3]);
    }

    #[test]
    fn elsewhere_takes_reached_and_backed_positions() {
        let t = table();
        let text = codes("云，這云，里云");
        let starts = [0, 2, 5, 8];
        let found = t.elsewhere_of(&text, &starts, &[1], &[(2, 0)], &sorted_codes("云"), s2t());
        // 云 in segment 1 is decided already; 里 was reached but is not backed.
        assert_eq!(found, [(0, vec![0]), (2, vec![1])]);
    }

    #[test]
    fn mixed_documents() {
        let t = table();
        let ends = chars("，。");
        assert!(t.mixed_of(&codes("并，并。并"), &ends, s2t(), 3));
        assert!(!t.mixed_of(&codes("并并，并"), &ends, s2t(), 3));
        let keep = codes("了");
        let text = codes("這是盈余，了。埃里");
        let spans = t.mixed_spans_of(&text, &ends, s2t(), &keep).unwrap();
        assert_eq!(spans, [(0, 4), (7, 2)]);
        let mut lone = text.clone();
        lone.push(0xDC00);
        assert_eq!(t.mixed_spans_of(&lone, &ends, s2t(), &keep), None);
        // 余 converts; 里 stands next to a name's character.
        let edits = t.mixed_edits_of(&text, &codes("這是盈餘\n埃裡"), &spans, s2t(), &keep);
        assert_eq!(edits, [(3, '餘' as u32)]);
    }

    #[test]
    fn literals() {
        let garbage = Literals::build(&["锟斤拷", "锘锘"]).unwrap();
        assert!(garbage.in_codes(&utf32("文字锟斤拷")));
        assert!(garbage.in_codes(&utf32("锘锘")));
        assert!(!garbage.in_codes(&utf32("锟斤锘")));
        assert!(Literals::build(&["锟", ""]).is_none());
    }
}
