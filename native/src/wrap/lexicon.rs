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
    let words = WORDS.get()?.as_ref()?;
    let head: Vec<char> = right.chars().take(3).collect();
    let tail: Vec<char> = left.chars().rev().take(3).collect();
    let mut word = String::new();
    for k in 1..=3 {
        if tail.len() < k {
            break;
        }
        for m in 1..=(4 - k) {
            if head.len() < m {
                continue;
            }
            word.clear();
            word.extend(tail[..k].iter().rev());
            word.extend(&head[..m]);
            if words.contains(&word) {
                return Some(true);
            }
        }
    }
    Some(false)
}
