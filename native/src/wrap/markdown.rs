//! Markdown structure: the lines line-wrap repair keeps as written and never joins.
//!
//! A document counts as Markdown only when it shows a heading, table, block quote, fence
//! or front matter; there, list items, rules and indented code are structure too.

use crate::chars::{lstrip, strip};
use regex::Regex;
use std::sync::LazyLock;

static HINT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^(?: {0,3}(?:```|~~~|#{1,6}(?: |$)|>)|[ \t]*\|)|\A---[ \t]*\n").unwrap()
});
static BLOCK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?: {0,3}(?:#{1,6}(?: |$)|>)|[ \t]*\|.*\|[ \t]*$)").unwrap());
static LIST_ITEM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^ {0,3}(?:[-*+]|\d{1,3}[.)])(?: |$)").unwrap());

/// Does the text show a Markdown hint (a heading, table, quote, fence, front matter)?
pub fn may_be_markdown(text: &str) -> bool {
    (text.contains(['`', '~', '#', '>', '|']) || text.starts_with("---")) && HINT.is_match(text)
}

/// Up to three spaces, then the rest of the line (` {0,3}` before a non-space).
fn after_indent(line: &str) -> Option<&str> {
    let rest = line.trim_start_matches(' ');
    (line.len() - rest.len() <= 3).then_some(rest)
}

/// The fence a line opens (` {0,3}(```|~~~)`), if any.
fn fence(line: &str) -> Option<&'static str> {
    let rest = after_indent(line)?;
    ["```", "~~~"].into_iter().find(|f| rest.starts_with(f))
}

/// A thematic break or setext underline: ` {0,3}([-*_=])(?: *\1){2,} *$`.
fn rule_line(line: &str) -> bool {
    let Some(rest) = after_indent(line) else {
        return false;
    };
    let mut chars = rest.chars();
    let Some(mark) = chars.next().filter(|c| "-*_=".contains(*c)) else {
        return false;
    };
    let rest = chars.as_str();
    rest.chars().all(|c| c == ' ' || c == mark) && rest.matches(mark).count() >= 2
}

/// Which lines are Markdown structure; None when the text shows no Markdown.
pub fn markdown_lines(lines: &[&str]) -> Option<Vec<bool>> {
    let mut marks = vec![false; lines.len()];
    let start = front_matter(lines, &mut marks);
    let mut found = start > 0;
    let mut open: Option<&str> = None;
    for j in start..lines.len() {
        let line = lines[j];
        if let Some(f) = open {
            marks[j] = true;
            if lstrip(line).starts_with(f) {
                open = None;
            }
        } else if let Some(f) = fence(line) {
            open = Some(f);
            marks[j] = true;
            found = true;
        } else if BLOCK.is_match(line) {
            marks[j] = true;
            found = true;
        }
    }
    if !found {
        return None;
    }
    mark_lists_and_code(lines, &mut marks);
    Some(marks)
}

/// Mark front matter (`---`, then `---` or `...` within 200 lines); return the first line
/// after it, 0 when there is none.
fn front_matter(lines: &[&str], marks: &mut [bool]) -> usize {
    if lines.is_empty() || strip(lines[0]) != "---" {
        return 0;
    }
    let end = (1..lines.len().min(200))
        .find(|&j| matches!(strip(lines[j]), "---" | "..."))
        .unwrap_or(0);
    if end == 0 {
        return 0;
    }
    marks[..=end].fill(true);
    end + 1
}

/// List items, rules and indented code (after a blank line or more structure).
fn mark_lists_and_code(lines: &[&str], marks: &mut [bool]) {
    let mut blank = true;
    for (j, line) in lines.iter().enumerate() {
        let indented = line.starts_with("    ") || line.starts_with('\t');
        if !marks[j]
            && (LIST_ITEM.is_match(line)
                || rule_line(line)
                || indented && (blank || j > 0 && marks[j - 1]))
        {
            marks[j] = true;
        }
        blank = strip(line).is_empty();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn structure_only_in_markdown() {
        assert!(!may_be_markdown("一行\n二行"));
        assert!(may_be_markdown("正文\n## 标题"));
        assert_eq!(markdown_lines(&["- 甲", "乙"]), None);
        let lines = [
            "# 标题",
            "- 甲",
            "* * *",
            "   ```",
            "代码",
            "```",
            "    缩进",
        ];
        let marks = markdown_lines(&lines).unwrap();
        assert_eq!(marks, vec![true; 7]);
        assert!(!rule_line("    ---") && !rule_line("--") && rule_line(" - - -  "));
        assert_eq!(
            markdown_lines(&["---", "a: 1", "...", "正文"]).unwrap(),
            [true, true, true, false]
        );
    }
}
