//! jieba's words of 2-4 Han characters, read from dict.txt's bytes, which Python hands
//! over once (`cleaner_rules.text.lexicon.install`): does a word run across a line break?
//! `None` without jieba, as in Python.
//!
//! A word is kept as one 64-bit key, its code points 16 bits each, the first character
//! highest, so a lookup is a multiply and a probe; a set of strings encoded every candidate
//! to UTF-8 and hashed it with SipHash, which was most of the continuity signal's time.

use rustc_hash::FxHashSet;
use std::sync::OnceLock;

static WORDS: OnceLock<Option<FxHashSet<u64>>> = OnceLock::new();

/// The key of a candidate word; None where a character lies outside U+4000-U+9FFF, which
/// no word of the lexicon has. Characters are never zero, so lengths cannot collide.
fn key(chars: impl Iterator<Item = char>) -> Option<u64> {
    chars.into_iter().try_fold(0u64, |k, c| {
        let c = c as u32;
        (0x4000..0xA000).contains(&c).then_some(k << 16 | c as u64)
    })
}

/// The words of jieba's dict.txt, whose lines are `word frequency tag`: 2-4 characters
/// from U+4000-U+9FFF (three bytes of UTF-8 each, lead byte E4-E9) followed by a space, a
/// frequency of at least 30 (two digits from 30 up, or three digits or more) and a space.
/// Rare entries, names and odd compounds, would make chance pairs of characters words.
pub fn dictionary_words(data: &[u8]) -> impl Iterator<Item = &[u8]> {
    data.split(|&b| b == b'\n').filter_map(entry_word)
}

fn entry_word(line: &[u8]) -> Option<&[u8]> {
    let han = |at: usize| {
        line.get(at..at + 3).is_some_and(|c| {
            (0xE4..=0xE9).contains(&c[0]) && c[1..].iter().all(|b| (0x80..=0xBF).contains(b))
        })
    };
    let mut end = 0;
    while end < 12 && han(end) {
        end += 3;
    }
    if end < 6 || line.get(end) != Some(&b' ') {
        return None;
    }
    let number = &line[end + 1..];
    let digits = number.iter().take_while(|b| b.is_ascii_digit()).count();
    let often = digits >= 3 || digits == 2 && number[0] >= b'3';
    (often && number.get(digits) == Some(&b' ')).then_some(&line[..end])
}

/// The key of a word of `dictionary_words` (three bytes a character).
fn key_of_utf8(word: &[u8]) -> u64 {
    word.chunks(3).fold(0u64, |k, c| {
        let code = (c[0] as u64 & 0x0F) << 12 | (c[1] as u64 & 0x3F) << 6 | c[2] as u64 & 0x3F;
        k << 16 | code
    })
}

/// Keep the words of dict.txt's bytes (None: jieba is not installed); only the first
/// call counts.
pub fn install(dictionary: Option<&[u8]>) -> bool {
    let set = dictionary.map(|data| dictionary_words(data).map(key_of_utf8).collect());
    WORDS.set(set).is_ok()
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
/// characters of the right one (`head`), at most 3 of each: this runs on every break of
/// every document.
pub fn spans_chars(tail: &[char], head: &[char]) -> Option<bool> {
    let words = WORDS.get()?.as_ref()?;
    for k in 1..=tail.len().min(3) {
        for m in 1..=(4 - k).min(head.len()) {
            let candidate = tail[..k].iter().rev().chain(&head[..m]).copied();
            if key(candidate).is_some_and(|w| words.contains(&w)) {
                return Some(true);
            }
        }
    }
    Some(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_tell_words_of_every_length_apart_and_refuse_other_characters() {
        let of = |w: &str| key(w.chars());
        assert_ne!(of("图书"), of("一图书"));
        assert_ne!(of("图书馆"), of("书馆"));
        assert_eq!(of("图书"), Some(('图' as u64) << 16 | '书' as u64));
        assert_eq!(of("图a"), None);
        assert_eq!(of("〇书"), None); // U+3007, below U+4000
        assert_eq!(Some(key_of_utf8("图书馆".as_bytes())), of("图书馆"));
    }

    #[test]
    fn dictionary_lines_give_their_word_when_common_enough() {
        let data = "图书馆 30 n\n书店 29 n\n老街深处 100 ns\n街 500 n\n书店 07 n\n五个字的词 90 n";
        let words: Vec<&[u8]> = dictionary_words(data.as_bytes()).collect();
        assert_eq!(words, ["图书馆".as_bytes(), "老街深处".as_bytes()]);
    }
}
