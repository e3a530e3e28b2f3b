//! jieba's words of 2-4 Han characters, handed over once by Python
//! (`cleaner_rules.text.lexicon.words`, which reads dict.txt): does a word run across a
//! line break? `None` without jieba, as in Python.

use std::collections::HashSet;
use std::sync::OnceLock;

static WORDS: OnceLock<Option<HashSet<String>>> = OnceLock::new();

/// Keep the word set (None: jieba is not installed); only the first call counts.
pub fn install(words: Option<HashSet<String>>) -> bool {
    WORDS.set(words).is_ok()
}

pub fn installed() -> bool {
    WORDS.get().is_some()
}

/// Does a word start in the last 1-3 characters of `left` and end in the first of `right`?
pub fn spans(left: &str, right: &str) -> Option<bool> {
    let head: Vec<char> = right.chars().take(3).collect();
    let tail: Vec<char> = left.chars().rev().take(3).collect();
    spans_chars(&tail, &head)
}

/// `spans` on the last characters of the left line, last first (`tail`), and the first
/// characters of the right one (`head`), at most 3 of each. The candidate words are put
/// together on the stack: this runs on every break of every document.
pub fn spans_chars(tail: &[char], head: &[char]) -> Option<bool> {
    let words = WORDS.get()?.as_ref()?;
    let mut buf = [0u8; 16]; // four characters of at most four bytes
    for k in 1..=tail.len().min(3) {
        for m in 1..=(4 - k).min(head.len()) {
            let mut len = 0;
            for c in tail[..k].iter().rev().chain(&head[..m]) {
                len += c.encode_utf8(&mut buf[len..]).len();
            }
            let word = std::str::from_utf8(&buf[..len]).expect("chars encode as UTF-8");
            if words.contains(word) {
                return Some(true);
            }
        }
    }
    Some(false)
}
