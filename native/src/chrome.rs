//! B001's per-line work (rules/boilerplate/chrome.py): which lines of a page may be body
//! text, and around the body which lines are button bars, interface labels, menus,
//! breadcrumbs and navigation lists.
//!
//! The interface words are the `[ui-words]` of rules/data/chrome.txt and the navigation
//! words derived from them, handed over once; the section patterns of that file come as
//! `LinePatterns` (native/src/patterns.rs), asked of the page's zones and of its body
//! candidates here, the page decoded once for them. Every test is the one the Python
//! of the rule made before it moved here (tests/oracles/chrome.py): `str.strip`, the
//! regexes' classes (`\s` is `str.isspace`, `\d` a decimal digit), lengths in code points,
//! the same float thresholds.

use crate::chars::{
    char_of, codes, ends_sentence_codes, is_decimal, is_han_code, is_space, strip_codes,
};
use crate::patterns::LinePatterns;
use pyo3::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use std::ops::Range;
use std::sync::{Arc, OnceLock};

/// The longest line a chrome pattern takes (vocabulary.py's `MAX_CHROME_CHARS`).
const MAX_CHROME_CHARS: usize = 60;
/// The longest line a button bar or a zone shape can be.
const MAX_UI_CHARS: usize = 40;
/// The longest line a link label can be.
const MAX_LABEL_CHARS: usize = 20;
/// The fewest label lines a navigation list has.
const MIN_LINK_RUN: usize = 4;
/// The longest label of a menu bar, and of a label kept between two navigation links.
const MAX_MENU_LABEL: usize = 6;
/// A body line has at least this many characters and this many Han characters.
const MIN_BODY_CHARS: usize = 12;

/// The separators between the labels of a bar (bars.py's `_UI_SEP` adds all whitespace,
/// its bar scan only the space, the tab and the ideographic space).
const SEP_MARKS: &str =
    "|｜/／·•・[]【】()（）<>〈〉《》:：,，、;；?？!！»›«‹←→↑↓-–—_*★☆■□●○◆◇▶►▼▲~～";
/// A counter's characters besides the digits (`1.2万`, `3k`, `10w+`).
const COUNTER_MARKS: &str = ",.万千kKwW+";
/// What may follow a counter (`5条`), and a UI word's counter in a bar (`评论5次`).
const COUNT_SUFFIXES: &str = "次条人楼";
const WORD_COUNT_SUFFIXES: &str = "次条人";
/// A bar with one of these quotes a UI word rather than offering it.
const QUOTES: &str = "“”\"「」";
/// The separators of a menu bar, and the marks of which a menu or breadcrumb has two.
const MENU_SEPS: &str = "|｜·•・/／";
const TWO_SEP_MARKS: &str = "|｜·•・/／>»›→";
/// The characters every breadcrumb arrow (`>`, `>>`, `->`, `——>`, `»`, `›`, `→`) holds one of.
const ARROW_HEADS: &str = ">»›→";

/// Bits of `classes()`: the character sets above, whitespace and decimal digits.
type Class = u16;
const SEP: Class = 1;
const SPACE: Class = 1 << 1;
const DIGIT: Class = 1 << 2;
const COUNTER: Class = 1 << 3;
const COUNT_SUFFIX: Class = 1 << 4;
const WORD_COUNT_SUFFIX: Class = 1 << 5;
const QUOTE: Class = 1 << 6;
const MENU_SEP: Class = 1 << 7;
const TWO_SEP: Class = 1 << 8;
const ARROW: Class = 1 << 9;

/// For each BMP code point, the sets it is in: one load per test instead of a search of
/// the set. Every set but the digits lies in the BMP, and no whitespace lies beyond it.
fn classes() -> &'static [Class] {
    static TABLE: OnceLock<Vec<Class>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = vec![0; 0x10000];
        let sets = [
            (SEP_MARKS, SEP),
            (COUNTER_MARKS, COUNTER),
            (COUNT_SUFFIXES, COUNT_SUFFIX),
            (WORD_COUNT_SUFFIXES, WORD_COUNT_SUFFIX),
            (QUOTES, QUOTE),
            (MENU_SEPS, MENU_SEP),
            (TWO_SEP_MARKS, TWO_SEP),
            (ARROW_HEADS, ARROW),
        ];
        for (set, class) in sets {
            set.chars().for_each(|c| table[c as usize] |= class);
        }
        for (code, entry) in table.iter_mut().enumerate() {
            let c = char::from_u32(code as u32);
            *entry |= if c.is_some_and(is_space) { SPACE } else { 0 };
            *entry |= if c.is_some_and(is_decimal) { DIGIT } else { 0 };
        }
        table
    })
}

/// Is `c` in one of the sets of `class`?
fn is(c: u32, class: Class) -> bool {
    match classes().get(c as usize) {
        Some(&entry) => entry & class != 0,
        None => class & DIGIT != 0 && char::from_u32(c).is_some_and(is_decimal),
    }
}

fn eq(c: u32, ch: char) -> bool {
    c == u32::from(ch)
}

/// `_UI_SEP`: whitespace or a separator mark.
fn ui_sep(c: u32) -> bool {
    is(c, SEP | SPACE)
}

/// A separator of the bar scan: a mark, a space, a tab or an ideographic space.
fn bar_sep(c: u32) -> bool {
    c == 0x20 || c == 0x09 || c == 0x3000 || is(c, SEP)
}

/// `[\d,.万千kKwW+]`: a counter's character.
fn counter(c: u32) -> bool {
    is(c, DIGIT | COUNTER)
}

/// `[\d,.]`: a number's character inside a token.
fn number(c: u32) -> bool {
    eq(c, ',') || eq(c, '.') || is(c, DIGIT)
}

/// `[\d.]`: a number's character across a line (a comma separates tokens there).
fn number_in_line(c: u32) -> bool {
    eq(c, '.') || is(c, DIGIT)
}

/// `s` with every run of `run` characters taken out, each with one `COUNT_SUFFIX` after it
/// (`re.sub(r"[run]+[次条人楼]?", "", s)`).
fn without_counts(s: &[u32], run: fn(u32) -> bool) -> Vec<u32> {
    let mut out = Vec::with_capacity(s.len());
    let mut p = 0;
    while p < s.len() {
        if !run(s[p]) {
            out.push(s[p]);
            p += 1;
            continue;
        }
        while p < s.len() && run(s[p]) {
            p += 1;
        }
        if p < s.len() && is(s[p], COUNT_SUFFIX) {
            p += 1;
        }
    }
    out
}

/// `_COUNT.fullmatch(token)`: counter characters, the last of them possibly a suffix.
fn is_count(token: &[u32]) -> bool {
    let Some((&last, init)) = token.split_last() else {
        return false;
    };
    init.iter().all(|&c| counter(c))
        && (counter(last) || (!init.is_empty() && is(last, COUNT_SUFFIX)))
}

/// How many breadcrumb arrows `_BREADCRUMB.findall` finds: leftmost, non-overlapping,
/// `>>` before `>`.
fn arrows(line: &[u32]) -> usize {
    let at = |k: usize, ch: char| line.get(k).is_some_and(|&c| eq(c, ch));
    let (mut found, mut p) = (0, 0);
    while p < line.len() {
        let width = match char::from_u32(line[p]) {
            Some('>') => 1 + usize::from(at(p + 1, '>')),
            Some('-') if at(p + 1, '>') => 2,
            Some('—') if at(p + 1, '—') && at(p + 2, '>') => 3,
            Some('»' | '›' | '→') => 1,
            _ => 0,
        };
        found += usize::from(width > 0);
        p += width.max(1);
    }
    found
}

/// A label that could be a link: short, without clause or sentence punctuation.
fn is_label(line: &[u32]) -> bool {
    (1..=MAX_LABEL_CHARS).contains(&line.len())
        && !line
            .iter()
            .any(|&c| eq(c, '，') || eq(c, '。') || eq(c, '；'))
        && !ends_sentence_codes(line)
}

/// The non-empty pieces of a stripped line between menu separators, the whitespace
/// around each separator going with it (`_MENU_SEP.split`).
fn menu_labels(line: &[u32]) -> Vec<&[u32]> {
    let mut labels = vec![];
    let mut piece = 0;
    let mut p = 0;
    while p < line.len() {
        if !is(line[p], MENU_SEP) {
            p += 1;
            continue;
        }
        let spaces = line[piece..p]
            .iter()
            .rev()
            .take_while(|&&c| is(c, SPACE))
            .count();
        labels.push(&line[piece..p - spaces]);
        p += 1;
        while p < line.len() && is(line[p], SPACE) {
            p += 1;
        }
        piece = p;
    }
    labels.push(&line[piece..]);
    labels.retain(|t| !t.is_empty());
    labels
}

/// Bit masks of how many tokens a bar has read so far: 0, 1, or 2 and more.
type Counts = u8;
const TWO_OR_MORE: Counts = 0b100;

/// One token more.
fn bump(counts: Counts) -> Counts {
    ((counts << 1) & 0b110) | (counts & TWO_OR_MORE)
}

/// Words found by where they begin: grouped by first code point, with a bit per BMP code
/// point that begins one, so that most positions cost one load.
struct WordStarts {
    from: FxHashMap<u32, Vec<Vec<u32>>>,
    bmp: Vec<u64>,
}

impl WordStarts {
    fn new(words: &[Vec<u32>]) -> Self {
        let mut from: FxHashMap<u32, Vec<Vec<u32>>> = FxHashMap::default();
        let mut bmp = vec![0u64; 0x10000 / 64];
        for w in words.iter().filter(|w| !w.is_empty()) {
            from.entry(w[0]).or_default().push(w.clone());
            if let Some(bits) = bmp.get_mut(w[0] as usize / 64) {
                *bits |= 1 << (w[0] % 64);
            }
        }
        WordStarts { from, bmp }
    }

    /// The lengths of the words beginning at `s[p]`.
    fn at<'a>(&'a self, s: &'a [u32], p: usize) -> impl Iterator<Item = usize> + 'a {
        let c = s[p];
        let maybe = self
            .bmp
            .get(c as usize / 64)
            .map_or(true, |bits| bits & (1 << (c % 64)) != 0);
        maybe
            .then(|| self.from.get(&c))
            .flatten()
            .into_iter()
            .flatten()
            .filter(move |w| s[p..].starts_with(w))
            .map(Vec::len)
    }
}

/// The interface words, as the rule looks them up.
struct Words {
    ui: FxHashSet<Vec<u32>>,
    ui_starts: WordStarts,
    /// The navigation words: UI words of two characters or more, and section nouns.
    nav_starts: WordStarts,
}

impl Words {
    fn new(ui: &[String], nav: &[String]) -> Self {
        let points = |ws: &[String]| -> Vec<Vec<u32>> {
            ws.iter()
                .map(|w| w.chars().map(u32::from).collect())
                .collect()
        };
        let (ui, nav) = (points(ui), points(nav));
        Words {
            ui_starts: WordStarts::new(&ui),
            nav_starts: WordStarts::new(&nav),
            ui: ui.into_iter().collect(),
        }
    }

    fn is_ui(&self, token: &[u32]) -> bool {
        self.ui.contains(token)
    }

    /// `nav_word().search(s)`: a navigation word anywhere in `s`.
    fn has_nav(&self, s: &[u32]) -> bool {
        (0..s.len()).any(|p| self.nav_starts.at(s, p).next().is_some())
    }

    /// Does a UI word end a token of `s` (followed by a separator or the end)?
    fn ends_token(&self, s: &[u32]) -> bool {
        (0..s.len()).any(|p| {
            self.ui_starts
                .at(s, p)
                .any(|n| s.get(p + n).map_or(true, |&c| ui_sep(c)))
        })
    }

    /// Could a token of the stripped line be a UI word, alone or with counters? Counters
    /// never span a separator, so taking them out of the line takes them out of every token.
    fn has_ui_token(&self, core: &[u32]) -> bool {
        if self.ends_token(core) {
            return true;
        }
        let bare = without_counts(core, number_in_line);
        bare.len() != core.len() && self.ends_token(&bare)
    }

    /// (tokens, interface tokens, distinct interface words) of a stripped line: a token is
    /// an interface token when it is a UI word, a counter, or a UI word with its counter.
    fn ui_tokens(&self, core: &[u32]) -> (usize, usize, usize) {
        let (mut tokens, mut ui) = (0, 0);
        let mut seen: Vec<Vec<u32>> = vec![];
        for token in core.split(|&c| ui_sep(c)).filter(|t| !t.is_empty()) {
            tokens += 1;
            if self.is_ui(token) {
                ui += 1;
                seen.push(token.to_vec());
            } else if is_count(token) {
                ui += 1;
            } else {
                let bare = without_counts(token, number);
                if bare.len() != token.len() && self.is_ui(&bare) {
                    ui += 1;
                    seen.push(bare);
                }
            }
        }
        seen.sort_unstable();
        seen.dedup();
        (tokens, ui, seen.len())
    }

    /// A short line made of interface labels: at least `share` of its tokens are interface
    /// tokens (with a share of 1, two distinct UI words among labels only, or four among
    /// mostly labels, and no quotation). A clause or a sentence is never a bar.
    fn is_ui_bar(&self, line: &[u32], share: f64) -> bool {
        let core = strip_codes(line);
        let clause = core.iter().any(|&c| eq(c, '。') || eq(c, '，'));
        if core.is_empty() || core.len() > MAX_UI_CHARS || clause || !self.has_ui_token(core) {
            return false;
        }
        if !core.iter().any(|&c| ui_sep(c)) {
            return share < 1.0 && (self.is_ui(core) || self.is_ui(&without_counts(core, number)));
        }
        let (tokens, ui, distinct) = self.ui_tokens(core);
        if share >= 1.0 {
            let full = tokens >= 2 && ui == tokens && distinct >= 2;
            let most = distinct >= 4 && ui as f64 >= 0.6 * tokens as f64;
            return (full || most) && !core.iter().any(|&c| is(c, QUOTE));
        }
        distinct >= 1 && ui as f64 >= share * tokens as f64
    }

    /// The bar scan's shape of a whole line: 3 to 40 characters, separators around two
    /// tokens or more, each a UI word with an optional counter (`评论12`) or a counter
    /// (`1.2万`), every token followed by separators or the end. Read by one pass over the
    /// line that carries, per position, how many tokens may have been read.
    fn bar_shaped(&self, line: &[u32]) -> bool {
        let n = line.len();
        if !(3..=MAX_UI_CHARS).contains(&n) {
            return false;
        }
        // Per position: a token may begin; after a UI word and its digits so far; inside a
        // counter; a token ended; inside the separators after a token.
        let blank = vec![0 as Counts; n + 1];
        let (mut start, mut word, mut count) = (blank.clone(), blank.clone(), blank.clone());
        let (mut ended, mut gap) = (blank.clone(), blank);
        let lead = line.iter().take_while(|&&c| bar_sep(c)).count();
        start[..=lead].fill(1);
        for (p, &c) in line.iter().enumerate() {
            ended[p] |= word[p] | count[p];
            if bar_sep(c) {
                gap[p + 1] |= ended[p] | gap[p];
            }
            start[p] |= gap[p];
            if start[p] != 0 {
                let next = bump(start[p]);
                for len in self.ui_starts.at(line, p) {
                    word[p + len] |= next;
                }
                if counter(c) {
                    count[p + 1] |= next;
                }
            }
            if number(c) {
                word[p + 1] |= word[p];
            }
            if is(c, WORD_COUNT_SUFFIX) {
                ended[p + 1] |= word[p];
            }
            if counter(c) {
                count[p + 1] |= count[p];
            }
            if is(c, COUNT_SUFFIX) {
                ended[p + 1] |= count[p];
            }
        }
        (ended[n] | word[n] | count[n] | gap[n]) & TWO_OR_MORE != 0
    }

    /// A menu bar: three or more labels of up to six characters between menu separators,
    /// one of them naming a part of the site or the interface.
    fn is_menu(&self, line: &[u32]) -> bool {
        let labels = menu_labels(line);
        labels.len() >= 3
            && labels.iter().all(|t| t.len() <= MAX_MENU_LABEL)
            && labels.iter().any(|t| self.is_ui(t) || self.has_nav(t))
    }

    /// A label that names a part of the site or the interface.
    fn is_nav(&self, line: &[u32]) -> bool {
        self.is_ui_bar(line, 0.5) || self.has_nav(line) || arrows(line) >= 2
    }
}

/// What the zone steps find: label lines, menus, breadcrumbs, navigation lists.
#[derive(Default)]
struct Shapes {
    labels: Vec<usize>,
    menus: Vec<usize>,
    breadcrumbs: Vec<usize>,
    nav_lists: Vec<usize>,
}

/// B001's interface vocabulary, built once per process.
#[pyclass(frozen)]
pub struct ChromeWords {
    words: Arc<Words>,
}

/// One page's lines, for the questions B001 asks of them.
#[pyclass(frozen)]
pub struct ChromeLines {
    words: Arc<Words>,
    text: Vec<u32>,
    /// Each line's range in `text`, as `str.split("\n")` cuts it.
    lines: Vec<Range<usize>>,
    /// The text as UTF-8 for the patterns, a lone surrogate as U+FFFD (`patterns.rs`).
    utf8: String,
    /// Each line's range in `utf8`.
    spans: Vec<Range<usize>>,
}

impl ChromeLines {
    fn build(words: Arc<Words>, text: Vec<u32>) -> Self {
        let (mut lines, mut spans) = (vec![], vec![]);
        let mut utf8 = String::with_capacity(text.len() * 3);
        let (mut start, mut byte) = (0, 0);
        for (p, &c) in text.iter().enumerate() {
            if c == 0x0A {
                lines.push(start..p);
                spans.push(byte..utf8.len());
                start = p + 1;
                byte = utf8.len() + 1;
            }
            utf8.push(char_of(c));
        }
        lines.push(start..text.len());
        spans.push(byte..utf8.len());
        ChromeLines {
            words,
            text,
            lines,
            utf8,
            spans,
        }
    }

    /// Is line `i` chrome by a pattern of `kinds` or as a button bar? (Then it is no body.)
    fn is_chrome(&self, i: usize, kinds: &[&LinePatterns]) -> bool {
        let core = strip_codes(self.line(i));
        // Both tests strip the line and take none longer than the patterns' limit.
        if core.is_empty() || core.len() > MAX_CHROME_CHARS {
            return false;
        }
        let line = &self.utf8[self.spans[i].clone()];
        kinds.iter().any(|k| k.fullmatch(line)) || self.words.is_ui_bar(core, 1.0)
    }

    /// The first and the last body line, or `(len, -1)`: the sentences no chrome test takes,
    /// the first looked for from the start, the last back from the end down to it.
    fn body_span(&self, kinds: &[&LinePatterns]) -> (usize, i64) {
        let sentences = self.sentences();
        for (k, &first) in sentences.iter().enumerate() {
            if !self.is_chrome(first, kinds) {
                let last = sentences[k + 1..]
                    .iter()
                    .rev()
                    .find(|&&i| !self.is_chrome(i, kinds))
                    .map_or(first, |&i| i);
                return (first, last as i64);
            }
        }
        (self.lines.len(), -1)
    }

    /// `matching_lines` of lines `zone` joined, numbered as in the page.
    fn matching(&self, patterns: &LinePatterns, zone: Range<usize>) -> Vec<usize> {
        if zone.is_empty() {
            return vec![];
        }
        let text = &self.utf8[self.spans[zone.start].start..self.spans[zone.end - 1].end];
        let codes = &self.text[self.lines[zone.start].start..self.lines[zone.end - 1].end];
        patterns.lines_of(text, Some(codes), zone.start)
    }

    fn line(&self, i: usize) -> &[u32] {
        &self.text[self.lines[i].clone()]
    }

    /// Lines that end a sentence and have 12 characters and 12 Han characters or more: the
    /// body lines, unless a chrome test takes them.
    fn sentences(&self) -> Vec<usize> {
        (0..self.lines.len())
            .filter(|&i| {
                let line = self.line(i);
                line.len() >= MIN_BODY_CHARS
                    && ends_sentence_codes(line)
                    && line
                        .iter()
                        .filter(|&&c| is_han_code(c))
                        .take(MIN_BODY_CHARS)
                        .count()
                        == MIN_BODY_CHARS
            })
            .collect()
    }

    /// Lines `first + 1 ..= last` in the bar scan's shape that are button bars.
    fn button_bars(&self, first: usize, last: usize) -> Vec<usize> {
        (first + 1..=last)
            .filter(|&i| {
                let line = self.line(i);
                self.words.bar_shaped(line) && self.words.is_ui_bar(line, 1.0)
            })
            .collect()
    }

    /// The zone steps on one zone, in one pass: a line goes to the first of labels, menu
    /// and breadcrumb that takes it, and runs of label lines are measured as they pass.
    fn zone_shapes(&self, zone: Range<usize>, found: &mut Shapes) {
        // Every shape needs a navigation word or an arrow somewhere in the zone.
        let words = &self.words;
        let marked = zone.clone().any(|i| {
            let line = self.line(i);
            line.iter().any(|&c| is(c, ARROW)) || words.has_nav(line)
        });
        if !marked {
            return;
        }
        let mut run: Vec<usize> = vec![];
        for i in zone {
            let line = strip_codes(self.line(i));
            if line.is_empty() {
                continue;
            }
            if line.len() > MAX_UI_CHARS {
                self.close_run(&mut run, &mut found.nav_lists);
                continue;
            }
            let clause = line.iter().any(|&c| eq(c, '，') || eq(c, '。'));
            if !clause && words.is_ui_bar(line, 0.6) {
                found.labels.push(i);
            } else if line.iter().filter(|&&c| is(c, TWO_SEP)).nth(1).is_some() {
                if words.is_menu(line) {
                    found.menus.push(i);
                } else if arrows(line) >= 2 && !ends_sentence_codes(line) {
                    found.breadcrumbs.push(i);
                }
            }
            if !clause && is_label(line) {
                run.push(i);
            } else {
                self.close_run(&mut run, &mut found.nav_lists);
            }
        }
        self.close_run(&mut run, &mut found.nav_lists);
    }

    /// A run of label lines ends: when most of them name parts of the site it is a
    /// navigation list, and those lines go, with a short label between two of them.
    fn close_run(&self, run: &mut Vec<usize>, found: &mut Vec<usize>) {
        if run.len() >= MIN_LINK_RUN {
            let nav: Vec<bool> = run
                .iter()
                .map(|&i| self.words.is_nav(strip_codes(self.line(i))))
                .collect();
            let navs = nav.iter().filter(|&&n| n).count();
            if navs as f64 >= 0.6 * run.len() as f64 {
                for (k, &i) in run.iter().enumerate() {
                    let sandwiched = 0 < k && k + 1 < run.len() && nav[k - 1] && nav[k + 1];
                    let short = strip_codes(self.line(i)).len() <= MAX_MENU_LABEL;
                    if nav[k] || (sandwiched && short) {
                        found.push(i);
                    }
                }
            }
        }
        run.clear();
    }

    /// Button bars between the body's first and last line, and the zone shapes before and
    /// after them.
    fn shapes(&self, first: usize, last: usize) -> (Vec<usize>, Shapes) {
        let mut found = Shapes::default();
        self.zone_shapes(0..first, &mut found);
        self.zone_shapes(last + 1..self.lines.len(), &mut found);
        (self.button_bars(first, last), found)
    }

    /// The lines each of B001's eight steps takes, in the steps' order (rules/boilerplate/
    /// chrome.py): 1 `anywhere` patterns on the whole page; 2 button bars between the
    /// zones; 3 `edge` patterns in the zones; 4 `list-header` patterns in the zones, and in
    /// the bottom one every line from the first header on; 5-8 the zone shapes (labels,
    /// menus, breadcrumbs, navigation lists). A page without a body line has a top zone
    /// only (every line), and steps 2 and 5-8 find nothing there.
    fn steps(&self, patterns: &Sections) -> [Vec<usize>; 8] {
        let n = self.lines.len();
        let (first, last) = self.body_span(&[patterns.anywhere, patterns.edge, patterns.header]);
        let top = 0..first;
        let bottom = if last >= 0 {
            last as usize + 1..n
        } else {
            0..0
        };
        let mut edge = self.matching(patterns.edge, top.clone());
        edge.extend(self.matching(patterns.edge, bottom.clone()));
        let mut header = self.matching(patterns.header, top);
        if let Some(&start) = self.matching(patterns.header, bottom).iter().min() {
            header.extend(start..n); // a related-articles list runs to the end of the page
        }
        let (bars, shapes) = if last >= first as i64 {
            self.shapes(first, last as usize)
        } else {
            (vec![], Shapes::default())
        };
        let anywhere = self.matching(patterns.anywhere, 0..n);
        [
            anywhere,
            bars,
            edge,
            header,
            shapes.labels,
            shapes.menus,
            shapes.breadcrumbs,
            shapes.nav_lists,
        ]
    }
}

/// The pattern sections of rules/data/chrome.txt that B001's steps match.
struct Sections<'a> {
    anywhere: &'a LinePatterns,
    edge: &'a LinePatterns,
    header: &'a LinePatterns,
}

#[pymethods]
impl ChromeWords {
    #[new]
    fn new(ui_words: Vec<String>, nav_words: Vec<String>) -> Self {
        ChromeWords {
            words: Arc::new(Words::new(&ui_words, &nav_words)),
        }
    }

    /// `is_ui_bar` of a line given as UTF-32-LE bytes.
    fn is_ui_bar(&self, utf32: &[u8], share: f64) -> bool {
        self.words.is_ui_bar(&codes(utf32), share)
    }

    /// The lines of a text given as UTF-32-LE bytes.
    fn lines(&self, py: Python<'_>, utf32: &[u8]) -> ChromeLines {
        let words = Arc::clone(&self.words);
        py.allow_threads(|| ChromeLines::build(words, codes(utf32)))
    }
}

#[pymethods]
impl ChromeLines {
    /// The first and the last body line, or `(len(lines), -1)`, where `kinds` are the
    /// patterns that take a line out of the body.
    #[pyo3(name = "body_span")]
    fn py_body_span(&self, py: Python<'_>, kinds: Vec<PyRef<'_, LinePatterns>>) -> (usize, i64) {
        let kinds: Vec<&LinePatterns> = kinds.iter().map(|k| &**k).collect();
        py.allow_threads(|| self.body_span(&kinds))
    }

    /// For each of B001's steps, in their order, the lines it takes (`steps`), given the
    /// `[anywhere]`, `[edge]` and `[list-header]` patterns.
    #[pyo3(name = "steps")]
    fn py_steps(
        &self,
        py: Python<'_>,
        anywhere: PyRef<'_, LinePatterns>,
        edge: PyRef<'_, LinePatterns>,
        header: PyRef<'_, LinePatterns>,
    ) -> [Vec<usize>; 8] {
        let patterns = Sections {
            anywhere: &anywhere,
            edge: &edge,
            header: &header,
        };
        py.allow_threads(|| self.steps(&patterns))
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<ChromeWords>()?;
    m.add_class::<ChromeLines>()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chars::code_points;

    fn words() -> Words {
        let ui = [
            "分享", "收藏", "举报", "评论", "点赞", "首页", "赞", "大", "中", "小",
        ];
        let nav = ["分享", "收藏", "举报", "评论", "点赞", "首页", "频道"];
        let own = |ws: &[&str]| ws.iter().map(|w| w.to_string()).collect::<Vec<_>>();
        Words::new(&own(&ui), &own(&nav))
    }

    fn bar(line: &str) -> bool {
        words().is_ui_bar(&code_points(line), 1.0)
    }

    fn shaped(line: &str) -> bool {
        words().bar_shaped(&code_points(line))
    }

    #[test]
    fn bars_of_labels_and_counters() {
        assert!(bar("分享 | 收藏 | 举报"));
        assert!(bar("评论(12) 点赞 30"));
        assert!(!bar("“分享 收藏”两个按钮"));
        assert!(!bar("分享，收藏"));
        assert!(!bar("分享收藏"));
        assert!(words().is_ui_bar(&code_points("评论12"), 0.6));
    }

    #[test]
    fn the_bar_scan_wants_two_tokens_between_separators() {
        assert!(shaped("分享 收藏"));
        assert!(shaped(" 评论12次 | 1.2万 "));
        assert!(shaped("5条 赞"));
        assert!(!shaped("分享收藏"));
        assert!(!shaped("分享"));
        assert!(!shaped("分享 收藏\r"));
        assert!(!shaped("条 赞"));
    }

    #[test]
    fn arrows_are_counted_as_findall_counts_them() {
        assert_eq!(arrows(&code_points(">>>")), 2);
        assert_eq!(arrows(&code_points("首页 -> 新闻 ——> 正文")), 2);
        assert_eq!(arrows(&code_points("a - b —> c")), 1);
    }

    #[test]
    fn menu_labels_take_the_spaces_around_separators() {
        let line = code_points("新闻 中心 | | 体育 ·财经");
        let labels: Vec<String> = menu_labels(&line)
            .iter()
            .map(|t| t.iter().map(|&c| char::from_u32(c).unwrap()).collect())
            .collect();
        assert_eq!(labels, ["新闻 中心", "体育", "财经"]);
    }

    #[test]
    fn counters_leave_tokens_as_sub_leaves_them() {
        let bare = without_counts(&code_points("评论12条x3.5"), number);
        assert_eq!(bare, code_points("评论x"));
        assert!(is_count(&code_points("1.2万")));
        assert!(is_count(&code_points("5条")));
        assert!(!is_count(&code_points("条")));
    }
}
