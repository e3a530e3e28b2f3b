//! The decision at one line boundary: an ordered list of named steps (`STEPS`), numbered
//! as in docs/line-wrap.md, "Decisions, in order".
//!
//! Each step looks at the boundary after line i of a `Layout` (lines i and i + 1, called A
//! and B; `first` is the first line of A's paragraph) and says join (`Some(true)`), break
//! (`Some(false)`) or nothing (`None`); the first step with an opinion decides.

use super::layout::{continues, full, Layout};
use super::lexicon;
use crate::chars::{among, fdiv, is_space, len, offset, NO_LINE_START, OPENERS, SPACE_CLASS};
use regex::Regex;
use std::sync::LazyLock;

type Verdict = Option<bool>;
type Check = fn(&Layout, usize, usize) -> Verdict;

/// What opens a numbered list item or section, bar `\d{1,2}[．.、)）](?!\d)` (below).
static NUMBERED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?:[（(][一二三四五六七八九十\d]{1,3}[)）]",
        r"|[一二三四五六七八九十]{1,3}、",
        r"|第[一二三四五六七八九十百\d]{1,4}[章节条部篇回])"
    ))
    .unwrap()
});
static NUMBER_DOT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\d{1,2}[．.、)）]").unwrap());
static DIGIT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\d").unwrap());
/// A byline is a line of its own: the role, then one or more short names.
static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    let s = SPACE_CLASS;
    Regex::new(&format!(
        r"^(?:(?:本报记者|本报通讯员|本报特约记者|记者|通讯员|特约记者|实习生|新华社记者|文|图|摄影?)[{s}/|｜:：]*[\u{{4e00}}-\u{{9fff}}·]{{2,4}}(?:[{s}、,，]+[\u{{4e00}}-\u{{9fff}}·]{{2,4}}){{0,4}}[{s}]*){{1,4}}摄?$"
    ))
    .unwrap()
});
/// A photo credit or source note closes its caption: 本报记者某某摄, 新华社发, （资料图片）.
static CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    let s = SPACE_CLASS;
    Regex::new(&format!(
        r"(?:(?:记者|通讯员|摄影|社|网|报|台)[^，。,]{{0,10}}(?:摄|供图|发|图)|(?:^|[。！？{s}])[\u{{4e00}}-\u{{9fff}}·]{{2,4}}[{s}]?摄|[（(][^（）()]{{0,8}}(?:图片|照片|供图|摄)[)）])$"
    ))
    .unwrap()
});
const CREDIT_LAST: &str = "摄图发)）"; // every credit ends with one of these
const COLON: &str = "：:";
const QUOTE_OPEN: &str = "“「『\"'‘";
/// Function words that cannot end a sentence or a heading: the line runs on.
const FUNCTION_END: &str = "的地得和与及或在对把被将从向于为是让使给跟比";
const SOFT_END: &str = "，、；,;—-";

/// A dateline: 2-7 characters of U+4E00-9FFF, the last not one of 通资快喜简电审死闻音传,
/// then 讯 (`[\u4e00-\u9fff]{2,7}(?<![通资快喜简电审死闻音传])讯`).
fn dateline(s: &str) -> bool {
    let chars: Vec<char> = s.chars().take(8).collect();
    let han = chars
        .iter()
        .take_while(|c| ('\u{4e00}'..='\u{9fff}').contains(*c))
        .count();
    (2..=7.min(han))
        .any(|k| chars.get(k) == Some(&'讯') && !"通资快喜简电审死闻音传".contains(chars[k - 1]))
}

/// `_MARKER.match`: B opens with a bullet, a dash and a space, a list number or a dateline.
fn marker(s: &str) -> bool {
    let mut chars = s.chars();
    let (c0, c1) = (chars.next(), chars.next());
    among(c0, "▲△◀◁▶▷►●○■□◆◇★☆※•·*")
        || among(c0, "-–—") && c1.is_some_and(is_space)
        // `is_numeric` is a superset of `\d`: the regex decides.
        || c0.is_some_and(char::is_numeric)
            && NUMBER_DOT.find(s).is_some_and(|m| !DIGIT.is_match(&s[m.end()..]))
        || among(c0, "（(一二三四五六七八九十第") && NUMBERED.is_match(s)
        || s.starts_with("本报电")
        || s.starts_with("据新华社")
        || dateline(s)
}

/// Is the line a byline (`_BYLINE.fullmatch`)? Every one starts with a role's first letter.
fn byline(s: &str) -> bool {
    among(s.chars().next(), "本记通特实新文图摄") && BYLINE.is_match(s)
}

/// Does B open with A's words (a heading its paragraph restates)?
fn restated(a: &str, b: &str) -> bool {
    let n = len(a);
    let (x, y): (Vec<char>, Vec<char>) = (a.chars().take(4).collect(), b.chars().take(4).collect());
    if n < 4 || x != y {
        return false;
    }
    let k = 4 + a
        .chars()
        .skip(4)
        .zip(b.chars().skip(4))
        .take_while(|(p, q)| p == q)
        .count();
    3 * k >= 2 * n
}

fn structure(l: &Layout, i: usize, _: usize) -> Verdict {
    (l.lines[i].block || l.lines[i + 1].block).then_some(false)
}

fn break_hyphen(l: &Layout, i: usize, _: usize) -> Verdict {
    let (a, b) = (&l.lines[i], &l.lines[i + 1]);
    let hyphen = || {
        let mut end = a.text.chars().rev();
        end.next() == Some('-') && end.next().is_some_and(|c| c.is_ascii_alphabetic())
    };
    (b.gap == 0 && b.head().is_some_and(char::is_lowercase) && (a.soft || hyphen())).then_some(true)
}

fn far(l: &Layout, i: usize, _: usize) -> Verdict {
    (l.lines[i + 1].gap > l.max_gap).then_some(false)
}

fn line_start_mark(l: &Layout, i: usize, _: usize) -> Verdict {
    among(l.lines[i + 1].head(), NO_LINE_START).then_some(true)
}

fn colon(l: &Layout, i: usize, first: usize) -> Verdict {
    let (a, b) = (&l.lines[i], &l.lines[i + 1]);
    if !among(a.last(), COLON) {
        return None;
    }
    if among(b.head(), QUOTE_OPEN) {
        return Some(b.gap > 0 || (l.wrapped && full(l, i, first, false)));
    }
    if !l.wrapped {
        return Some(false);
    }
    Some(b.gap == 0 && i > first && full(l, i, first, true))
}

fn unwrapped(l: &Layout, _: usize, _: usize) -> Verdict {
    (!l.wrapped).then_some(false)
}

fn credit(l: &Layout, i: usize, first: usize) -> bool {
    let a = &l.lines[i].text;
    among(l.lines[i].last(), CREDIT_LAST)
        && CREDIT.is_match_at(a, offset(a, len(a).saturating_sub(24)))
        && !full(l, i, first, true)
}

fn new_block(l: &Layout, i: usize, first: usize) -> Verdict {
    let (a, b) = (&l.lines[i], &l.lines[i + 1]);
    (b.indent
        || restated(&a.text, &b.text)
        || marker(&b.text)
        || byline(&a.text)
        || byline(&b.text)
        || credit(l, i, first))
    .then_some(false)
}

fn sentence_end(l: &Layout, i: usize, first: usize) -> Verdict {
    let lines = &l.lines;
    if !lines[i].end {
        return None;
    }
    let b = &lines[i + 1];
    if b.gap != 0 || b.spacing {
        return Some(false);
    }
    if l.uses_indent {
        return Some(true);
    }
    if !full(l, i, first, true) {
        return Some(false);
    }
    // B short by an indent while its sentence runs on to the next line: a new paragraph.
    let opens = l.indent != 0
        && i + 2 < lines.len()
        && lines[i + 2].gap == 0
        && !b.end
        && b.size + fdiv(l.tolerance, 2) + fdiv(b.narrow, 2) < l.col[i + 1];
    Some(!opens)
}

fn run_on(l: &Layout, i: usize, first: usize) -> Verdict {
    (l.lines[i + 1].gap == 0 && full(l, i, first, false)).then_some(true)
}

fn word_split(l: &Layout, i: usize, first: usize) -> Verdict {
    let (a, b) = (&l.lines[i], &l.lines[i + 1]);
    let col = l.col[i];
    let slack = (2 * l.tolerance).max(fdiv(col, 4)) + fdiv(a.narrow, 2);
    if a.size < col - slack || (b.gap != 0 && !full(l, i, first, false)) {
        return None;
    }
    (lexicon::spans(&a.text, &b.text) == Some(true)).then_some(true)
}

fn function_word(l: &Layout, i: usize, _: usize) -> Verdict {
    (among(l.lines[i].last(), FUNCTION_END) && l.lines[i + 1].gap == 0).then_some(true)
}

fn soft_end(l: &Layout, i: usize, first: usize) -> Verdict {
    let end = l.lines[i].last();
    if !among(end, SOFT_END) && !among(end, OPENERS) {
        return None;
    }
    Some(full(l, i, first, false))
}

fn full_line(l: &Layout, i: usize, first: usize) -> Verdict {
    if !full(l, i, first, false) {
        return Some(false);
    }
    Some(l.lines[i + 1].gap == 0 || continues(l, i, first))
}

/// The steps in the order, and with the names, docs/line-wrap.md numbers them.
pub const STEPS: [(&str, Check); 13] = [
    ("structure", structure),
    ("break-hyphen", break_hyphen),
    ("far", far),
    ("line-start-mark", line_start_mark),
    ("colon", colon),
    ("unwrapped", unwrapped),
    ("new-block", new_block),
    ("sentence-end", sentence_end),
    ("run-on", run_on),
    ("word-split", word_split),
    ("function-word", function_word),
    ("soft-end", soft_end),
    ("full-line", full_line),
];

/// The first step with an opinion on the boundary after line i: (its number, join?).
pub fn decide(layout: &Layout, i: usize, first: usize) -> (usize, bool) {
    for (k, (_, check)) in STEPS.iter().enumerate() {
        if let Some(join) = check(layout, i, first) {
            return (k, join);
        }
    }
    (STEPS.len() - 1, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_as_python_matches_them() {
        assert!(marker("江城晚报讯记者") && !marker("江城传讯记者") && !marker("讯记者"));
        assert!(marker("1．第一条") && marker("12、") && !marker("1.5 米") && !marker("123.4"));
        assert!(marker("（二）") && marker("第三章") && marker("- 项目") && !marker("-项目"));
        assert!(BYLINE.is_match("本报记者 王小明") && BYLINE.is_match("通讯员 李华、张强"));
        assert!(!BYLINE.is_match("记者说今天下雨"));
        let credit = |s: &str| CREDIT.is_match_at(s, offset(s, len(s).saturating_sub(24)));
        assert!(credit("会场一角。王某摄") && credit("（资料图片）") && credit("新华社发"));
        // `^` matches at the real start only, not where the search starts.
        assert!(credit("好王某摄") && !credit(&("好".repeat(26) + "王某摄")));
        assert!(!credit("记者走进了这座占地很广的大型工厂摄"));
        assert!(restated("城南旧书市集", "城南旧书市集设") && !restated("城南旧书", "城南新"));
    }
}
