//! B005's running headers and footers (steps 5-7; rules/boilerplate/running.py before the
//! port): short lines that recur at page edges.
//!
//! The page edges are the first and last `EDGE` non-blank lines of the document and both
//! sides of every page label and form feed. Lines at an edge are grouped by their loose key
//! (native/src/near.rs); a group is running when it stands at two edges with a page
//! boundary between them, or, without one, at the very top of the document and page-far
//! elsewhere. Every copy goes, from each edge inward, the first page's included. Step 7
//! walks the removed lines and their groups in document order (what it finds depends on
//! the order: near keys join the groups they are compared with).

use crate::chars::{code_is, ends_sentence_codes, is_alnum, is_decimal, is_han, is_space};
use crate::furniture::{eligible, furniture_key, loose_key, short};
use crate::near::Clusters;
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::{BTreeMap, BTreeSet};

pub const EDGE: usize = 5; // non-blank lines at a page's top or bottom where headers stand
pub const MIN_GAP: usize = 8; // lines between two page numbers, or two copies of one header
const ELLIPSES: [&[u32]; 3] = [&[0x2026], &[0x22EF], &[0x2E, 0x2E, 0x2E]]; // … ⋯ ...

/// The running lines, by the step that finds them, in line order.
#[derive(Default)]
pub struct Running {
    pub edge: Vec<usize>,  // 5: copies at page edges
    pub split: Vec<usize>, // 6: the two halves of a header OCR split in two lines at an edge
    pub stray: Vec<usize>, // 7: copies away from the edges (OCR read them into a column)
}

/// A document's lines as the running lines are found in them.
pub struct Lines<'a> {
    pub cores: &'a [&'a [u32]], // the stripped lines
    pub nonblank: &'a [usize],  // the non-blank lines
    pub rank: &'a [usize],      // of each non-blank line, its place among them
    pub page: &'a [bool],       // of each line, whether it is a page label or number
    pub pages: &'a [usize],     // those lines
    pub breaks: &'a [usize],    // the first line of each page after a form feed
}

/// The running headers and footers of the document.
pub fn running_lines(doc: &Lines) -> Running {
    let keyed = |i: &usize| !furniture_key(doc.cores[*i]).is_empty();
    if doc.pages.is_empty()
        && doc.breaks.is_empty()
        && !(doc.nonblank.first().is_some_and(keyed) || doc.nonblank.last().is_some_and(keyed))
    {
        return Running::default(); // lines go from an edge inward: none can be furniture
    }
    let mut edges = Edges::new(doc);
    if edges.member.is_empty() {
        return Running::default();
    }
    edges.pair_halves();
    edges.find_copies();
    let (running, recurring) = edges.judge();
    if running.is_empty() {
        return Running::default();
    }
    let mut doomed = edges.whole_headers(&edges.walks(&running, &recurring));
    for i in edges.first_heading(&doomed) {
        doomed.remove(&i);
    }
    let mut stray: Vec<usize> = edges.stray_copies(&doomed, &running).into_iter().collect();
    let (mut split, mut edge): (Vec<usize>, Vec<usize>) = doomed
        .iter()
        .copied()
        .partition(|i| edges.halves.contains_key(i) || edges.halved.contains(i));
    for lines in [&mut edge, &mut split, &mut stray] {
        lines.sort_unstable();
    }
    Running { edge, split, stray }
}

/// A walk from a page edge inward: (group, line) in order, and the lines it went over.
type Walk = (Vec<(usize, usize)>, Vec<usize>);

/// The lines at page edges grouped by key, and what the groups say about each other. The
/// methods run in order; each reads what the ones before it found.
struct Edges<'a> {
    doc: &'a Lines<'a>,
    zones: Vec<Vec<usize>>,
    bounds: Vec<usize>, // page boundaries, in half ranks (one up)
    clusters: Clusters,
    places: BTreeMap<usize, Vec<usize>>, // group: ranks of its lines at page edges
    member: FxHashMap<usize, usize>,     // line at an edge: its group
    order: Vec<usize>,                   // those lines, as first keyed
    keys: FxHashMap<usize, Vec<u32>>,
    halves: FxHashMap<usize, usize>, // second half of a split header: its first half
    halved: FxHashSet<usize>,        // the first halves
    copies: FxHashMap<usize, Vec<usize>>, // group: its copies away from the edges
}

impl<'a> Edges<'a> {
    fn new(doc: &'a Lines<'a>) -> Self {
        let zones = zones(doc);
        // In half ranks, one up: a form feed stands half a rank before the next page's
        // first line.
        let mut bounds: Vec<usize> = doc.pages.iter().map(|&i| 2 * doc.rank[i] + 1).collect();
        bounds.extend(
            doc.breaks
                .iter()
                .map(|&b| 2 * doc.nonblank.partition_point(|&i| i < b)),
        );
        bounds.sort_unstable();
        let mut edges = Edges {
            doc,
            zones,
            bounds,
            clusters: Clusters::default(),
            places: BTreeMap::new(),
            member: FxHashMap::default(),
            order: vec![],
            keys: FxHashMap::default(),
            halves: FxHashMap::default(),
            halved: FxHashSet::default(),
            copies: FxHashMap::default(),
        };
        let mut seen = FxHashSet::default();
        for &i in edges.zones.iter().flatten() {
            if !seen.insert(i) {
                continue;
            }
            let key = furniture_key(doc.cores[i]);
            if key.is_empty() {
                continue;
            }
            let c = edges.clusters.find(&key, true).expect("a new group");
            edges.member.insert(i, c);
            edges.order.push(i);
            edges.places.entry(c).or_default().push(doc.rank[i]);
            edges.keys.insert(i, key);
        }
        edges
    }

    /// Is there a page boundary between the ranks `lo` and `hi`?
    fn apart(&self, lo: usize, hi: usize) -> bool {
        let k = self.bounds.partition_point(|&b| b <= 2 * lo + 1);
        k < self.bounds.len() && self.bounds[k] < 2 * hi + 1
    }

    fn spread_apart(&self, ranks: &[usize]) -> bool {
        let (lo, hi) = (ranks.iter().min(), ranks.iter().max());
        ranks.len() >= 2 && self.apart(*lo.unwrap(), *hi.unwrap())
    }

    /// OCR may split a header line in two at its gap on one page and read it whole on
    /// another: two lines at an edge whose keys joined match a copy join its group.
    fn pair_halves(&mut self) {
        let rank = self.doc.rank;
        let mut places: FxHashMap<usize, Ranks> = std::mem::take(&mut self.places)
            .into_iter()
            .map(|(c, ranks)| (c, Ranks::new(ranks)))
            .collect();
        for z in 0..self.zones.len() {
            for p in 1..self.zones[z].len() {
                let (i, j) = (self.zones[z][p - 1], self.zones[z][p]);
                let (Some(&gi), Some(&gj)) = (self.member.get(&i), self.member.get(&j)) else {
                    continue;
                };
                let paired = |k| self.halves.contains_key(&k) || self.halved.contains(&k);
                if paired(i) || paired(j) {
                    continue; // zones of short pages overlap: a line pairs once
                }
                let joined = [&self.keys[&i][..], &self.keys[&j][..]].concat();
                let Some(c) = self.clusters.find(&joined, false) else {
                    continue;
                };
                if c == gi || c == gj {
                    continue;
                }
                for k in [i, j] {
                    let ranks = places.get_mut(&self.member[&k]).expect("a group");
                    ranks.remove(rank[k]);
                    self.member.insert(k, c);
                }
                places.get_mut(&c).expect("a group").join(rank[i]);
                self.halves.insert(j, i);
                self.halved.insert(i);
            }
        }
        self.places = places
            .into_iter()
            .map(|(c, ranks)| (c, ranks.into_vec()))
            .filter(|(_, ranks)| !ranks.is_empty())
            .collect();
    }

    /// Copies anywhere else of the groups that can still be running: at two page edges,
    /// at the document's top, or standing alone between blank lines as OCR leaves a header.
    fn find_copies(&mut self) {
        let doc = self.doc;
        let mut focus = Clusters::default();
        // Whether a group's lines stand on two pages: once a group, not once a line.
        let apart: FxHashMap<usize, bool> = self
            .places
            .iter()
            .map(|(&c, ranks)| (c, self.spread_apart(ranks)))
            .collect();
        for &i in &self.order {
            let c = self.member[&i];
            if self.places[&c][0] < EDGE || apart[&c] || alone(doc.cores, i) {
                focus.put(&self.keys[&i], c);
            }
        }
        if focus.is_empty() {
            return;
        }
        let ends = focus.ends();
        let found: Vec<(usize, Vec<u32>)> = (0..doc.cores.len())
            .filter(|&i| {
                let core = doc.cores[i];
                short(core)
                    && !doc.page[i]
                    && ends.may_find(core)
                    && !self.member.contains_key(&i)
                    && eligible(core)
            })
            .map(|i| (i, loose_key(doc.cores[i])))
            .filter(|(_, key)| !key.is_empty())
            .collect();
        for (i, key) in found {
            if let Some(c) = focus.find(&key, false) {
                self.copies.entry(c).or_default().push(i);
            }
        }
    }

    /// (running groups, recurring groups): see rules/boilerplate/running.py's `judge`
    /// before the port. Without a page boundary between copies, only a line at the very
    /// top of the document that recurs page-far apart counts.
    fn judge(&self) -> (FxHashSet<usize>, FxHashSet<usize>) {
        let doc = self.doc;
        let (mut running, mut recurring) = (FxHashSet::default(), FxHashSet::default());
        let none = vec![];
        for (&c, ranks) in &self.places {
            let others = self.copies.get(&c).unwrap_or(&none);
            if ranks.len() + others.len() < 2 {
                continue; // one line: neither two ranks apart nor two spots
            }
            // Copies at the document's top count once: there the first page's heading
            // stands just below the header that repeats it.
            let mut spots: Vec<usize> = ranks
                .iter()
                .copied()
                .chain(others.iter().map(|&i| doc.rank[i]))
                .collect();
            spots.sort_unstable();
            let first = spots[0];
            spots.retain(|&k| k >= EDGE);
            if first < EDGE {
                spots.insert(0, first);
            }
            let hint = others.iter().any(|&i| hint(doc.cores[i]))
                || ranks[1..].iter().any(|&k| hint(doc.cores[doc.nonblank[k]]));
            let cuts = others.iter().filter(|&&i| cuts(doc, doc.rank[i])).count();
            let cut = 2 * cuts > others.len();
            let spread = spots.windows(2).all(|w| w[1] - w[0] >= MIN_GAP);
            if spots.len() >= 2 && spread && (ranks[0] < EDGE || (spots.len() >= 3 && cut)) {
                recurring.insert(c);
            }
            if self.spread_apart(ranks)
                || (recurring.contains(&c) && (spots.len() >= 3 || hint || cut))
            {
                running.insert(c);
            }
        }
        (running, recurring)
    }

    /// From each page edge inward, the running lines.
    fn walks(&self, running: &FxHashSet<usize>, recurring: &FxHashSet<usize>) -> Vec<Walk> {
        let mut walks = vec![];
        for (n, zone) in self.zones.iter().enumerate() {
            let (walk, pos) = self.walk(zone, n == 0, running, recurring);
            if !walk.is_empty() {
                walks.push((walk, zone[..pos].to_vec()));
            }
        }
        walks
    }

    /// The running lines from the edge of `zone` inward, and where they stop.
    fn walk(
        &self,
        zone: &[usize],
        top: bool,
        running: &FxHashSet<usize>,
        recurring: &FxHashSet<usize>,
    ) -> (Vec<(usize, usize)>, usize) {
        let mut walk: Vec<(usize, usize)> = vec![];
        let line_of = |walk: &[(usize, usize)], c: usize| {
            walk.iter().find(|&&(g, _)| g == c).map(|&(_, i)| i)
        };
        let mut pos = 0;
        while pos < zone.len() {
            let i = zone[pos];
            let c = self.member.get(&i).copied();
            // Below a running line at the document's top, a line that recurs elsewhere
            // page-far is the header's second line.
            let half = self
                .halves
                .get(&i)
                .is_some_and(|&h| c.and_then(|c| line_of(&walk, c)) == Some(h));
            if !half {
                let Some(c) = c else { break };
                let walked = line_of(&walk, c).is_some();
                let on =
                    running.contains(&c) || (top && !walk.is_empty() && recurring.contains(&c));
                if walked || !on {
                    break;
                }
                walk.push((c, i));
            }
            pos += 1;
        }
        if top && walk.len() >= 2 {
            // The first page's heading stays: the last line of the top header when the
            // body follows (no later copy of it, no cut title ending in an ellipsis).
            let (last_c, last) = walk[walk.len() - 1];
            let after = zone.get(pos).and_then(|a| self.member.get(a));
            let cut_title = ELLIPSES.iter().any(|e| self.doc.cores[last].ends_with(e));
            if after != Some(&last_c) && !cut_title {
                walk.pop();
                pos = zone.iter().position(|&k| k == last).expect("in the zone");
            }
        }
        (walk, pos)
    }

    /// A header of several lines comes whole; one line of it alone at a page edge is the
    /// title that the header repeats, and stays.
    fn whole_headers(&self, walks: &[Walk]) -> FxHashSet<usize> {
        let mut groups: FxHashMap<Vec<usize>, usize> = FxHashMap::default();
        for (walk, _) in walks {
            let mut g: Vec<usize> = walk.iter().map(|&(c, _)| c).collect();
            g.sort_unstable();
            *groups.entry(g).or_default() += 1;
        }
        let in_headers: FxHashSet<usize> = groups
            .iter()
            .filter(|(g, &n)| n >= 2 && g.len() > 1)
            .flat_map(|(g, _)| g.iter().copied())
            .collect();
        let mut doomed = FxHashSet::default();
        for (walk, lines) in walks {
            if walk.len() == 1 && in_headers.contains(&walk[0].0) {
                continue;
            }
            doomed.extend(lines.iter().copied());
        }
        doomed
    }

    /// The first page's heading where it repeats a one-line header with only a page label
    /// between them: the later of two such copies at the document's top stays.
    fn first_heading(&self, doomed: &FxHashSet<usize>) -> Vec<usize> {
        let doc = self.doc;
        let mut top: Vec<usize> = doomed
            .iter()
            .copied()
            .filter(|&i| doc.rank[i] < EDGE)
            .collect();
        top.sort_unstable();
        let mut kept = vec![];
        for w in top.windows(2) {
            let (i, j) = (w[0], w[1]);
            let between = &doc.nonblank[doc.rank[i] + 1..doc.rank[j]];
            let same = loose_key(doc.cores[i]) == loose_key(doc.cores[j]);
            if same && between.iter().all(|&k| doc.page[k]) {
                kept.push(j);
            }
        }
        kept
    }

    /// Copies away from the page edges go when they match a removed copy itself and are
    /// not page-near one; or, of a running line of which no copy went, when each cuts a
    /// sentence where it stands.
    fn stray_copies(
        &self,
        doomed: &FxHashSet<usize>,
        running: &FxHashSet<usize>,
    ) -> FxHashSet<usize> {
        let doc = self.doc;
        let none = vec![];
        let mut lines: Vec<usize> = doomed.iter().copied().collect();
        lines.sort_unstable();
        let mut near: FxHashMap<usize, Vec<usize>> = FxHashMap::default();
        for &i in &lines {
            near.entry(self.member[&i]).or_default().push(doc.rank[i]);
        }
        let removed_groups: FxHashSet<usize> = near.keys().copied().collect();
        let mut groups: Vec<usize> = removed_groups.iter().copied().collect();
        groups.sort_unstable();
        let mut stray: FxHashSet<usize> = running
            .iter()
            .filter(|c| !removed_groups.contains(c))
            .flat_map(|c| self.copies.get(c).unwrap_or(&none))
            .copied()
            .filter(|&i| cuts(doc, doc.rank[i]))
            .collect();
        let mut removed = Clusters::default();
        for &i in &lines {
            removed.find(&loose_key(doc.cores[i]), true);
        }
        for c in groups {
            let ranks = near.get_mut(&c).expect("a removed group");
            ranks.sort_unstable();
            let far = |k: usize| {
                let at = ranks.partition_point(|&r| r + MIN_GAP <= k);
                at == ranks.len() || ranks[at] >= k + MIN_GAP
            };
            for &i in self.copies.get(&c).unwrap_or(&none) {
                let key = loose_key(doc.cores[i]);
                if key.len() >= 2 && removed.find(&key, false).is_some() && far(doc.rank[i]) {
                    stray.insert(i);
                }
            }
        }
        stray
    }
}

/// A group's ranks as step 6 edits them: in the order they came, until a half joins the
/// group; then sorted, as `list.sort()` left them, and kept so (a removal or a join costs
/// a lookup, not a pass over the list: a split header on every page stays linear).
enum Ranks {
    Listed {
        ranks: Vec<Option<usize>>,
        at: FxHashMap<usize, usize>,
    },
    Sorted(BTreeSet<usize>),
}

impl Ranks {
    fn new(ranks: Vec<usize>) -> Self {
        let at = ranks.iter().enumerate().map(|(k, &r)| (r, k)).collect();
        Ranks::Listed {
            ranks: ranks.into_iter().map(Some).collect(),
            at,
        }
    }

    /// `list.remove(rank)` (a line's rank stands in one list, once).
    fn remove(&mut self, rank: usize) {
        match self {
            Ranks::Listed { ranks, at } => ranks[at.remove(&rank).expect("its rank")] = None,
            Ranks::Sorted(set) => {
                set.remove(&rank);
            }
        }
    }

    /// `list.append(rank); list.sort()`
    fn join(&mut self, rank: usize) {
        if let Ranks::Listed { ranks, .. } = self {
            *self = Ranks::Sorted(ranks.iter().flatten().copied().collect());
        }
        if let Ranks::Sorted(set) = self {
            set.insert(rank);
        }
    }

    fn into_vec(self) -> Vec<usize> {
        match self {
            Ranks::Listed { ranks, .. } => ranks.into_iter().flatten().collect(),
            Ranks::Sorted(set) => set.into_iter().collect(),
        }
    }
}

/// The lines at each page edge, from the edge inward: the document's top and bottom, both
/// sides of every page label and of every form feed; each zone once.
fn zones(doc: &Lines) -> Vec<Vec<usize>> {
    let body: Vec<usize> = doc
        .nonblank
        .iter()
        .copied()
        .filter(|&i| !doc.page[i])
        .collect();
    let mut zones = vec![
        body[..body.len().min(EDGE)].to_vec(),
        body.iter().rev().take(EDGE).copied().collect(),
    ];
    let mut bounds: Vec<usize> = doc.pages.iter().chain(doc.breaks).copied().collect();
    bounds.sort_unstable();
    for b in bounds {
        let pos = body.partition_point(|&i| i < b);
        zones.push(
            body[pos.saturating_sub(EDGE)..pos]
                .iter()
                .rev()
                .copied()
                .collect(),
        );
        zones.push(body[pos..(pos + EDGE).min(body.len())].to_vec());
    }
    // A label just before a form feed bounds the same pages: their zones count once.
    let mut seen = FxHashSet::default();
    zones.retain(|z| !z.is_empty() && seen.insert(z.clone()));
    zones
}

/// Does line `i` stand between blank lines, as OCR leaves a header?
fn alone(cores: &[&[u32]], i: usize) -> bool {
    0 < i && i + 1 < cores.len() && cores[i - 1].is_empty() && cores[i + 1].is_empty()
}

/// Does the line of rank `k` stand alone (blank lines around it) between two halves of a
/// sentence?
fn cuts(doc: &Lines, k: usize) -> bool {
    if !(0 < k && k + 1 < doc.nonblank.len()) {
        return false;
    }
    let i = doc.nonblank[k];
    if !doc.cores[i - 1].is_empty() || !doc.cores[i + 1].is_empty() {
        return false;
    }
    let (prev, next) = (
        doc.cores[doc.nonblank[k - 1]],
        doc.cores[doc.nonblank[k + 1]],
    );
    prev.len() >= 8 && !ends_sentence_codes(prev) && continues(next)
}

/// `lines.CONTINUES`: a Han character or a mark that cannot open a sentence.
fn continues(line: &[u32]) -> bool {
    line.first()
        .and_then(|&c| char::from_u32(c))
        .is_some_and(|c| is_han(c) || "，。、；：！？”’」』）》".contains(c))
}

fn decimal(c: u32) -> bool {
    code_is(c, is_decimal)
}

fn space(c: u32) -> bool {
    code_is(c, is_space)
}

/// `_FURNITURE_HINT.search(line)`: a year, a date, a page or edition number, `Page`, or a
/// section code (`A12`).
fn hint(line: &[u32]) -> bool {
    let is = |k: usize, c: char| line.get(k) == Some(&u32::from(c));
    let skip = |mut k: usize, test: fn(u32) -> bool| {
        while k < line.len() && test(line[k]) {
            k += 1;
        }
        k
    };
    let back = |mut k: usize, test: fn(u32) -> bool| {
        while k > 0 && test(line[k - 1]) {
            k -= 1;
        }
        k
    };
    (0..line.len()).any(|k| match char::from_u32(line[k]) {
        // \d{4}\s*年
        Some('年') => {
            let end = back(k, space);
            end - back(end, decimal) >= 4
        }
        // \d{1,2}\s*月\s*\d{1,2}\s*日
        Some('月') => {
            let end = back(k, space);
            let from = skip(k + 1, space);
            let to = skip(from, decimal);
            back(end, decimal) < end && (1..=2).contains(&(to - from)) && is(skip(to, space), '日')
        }
        // 第\s*\d+\s*[版页頁期]
        Some('第') => {
            let from = skip(k + 1, space);
            let to = skip(from, decimal);
            let at = skip(to, space);
            to > from && ['版', '页', '頁', '期'].iter().any(|&c| is(at, c))
        }
        // [Pp]age
        Some('P' | 'p') => is(k + 1, 'a') && is(k + 2, 'g') && is(k + 3, 'e'),
        // [A-Z]\d{2}\b
        Some('A'..='Z') => {
            let word = |c: u32| c == 0x5F || code_is(c, is_alnum);
            k + 2 < line.len()
                && decimal(line[k + 1])
                && decimal(line[k + 2])
                && line.get(k + 3).map_or(true, |&c| !word(c))
        }
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chars::code_points as codes;

    #[test]
    fn hints_are_the_pattern() {
        for (line, found) in [
            ("江城晚报 2021 年", true),
            ("江城晚报 21年", false),
            ("3 月 5 日", true),
            ("3月123日", false),
            ("第 12 版", true),
            ("第版", false),
            ("Page", true),
            ("A12", true),
            ("A12b", false),
            ("A12_", false),
            ("A123", false),
            ("A12。", true),
        ] {
            assert_eq!(hint(&codes(line)), found, "{line}");
        }
    }
}
