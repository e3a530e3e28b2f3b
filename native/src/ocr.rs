//! OCR digits (O001): where can a digit look-alike be repaired? Only next to a digit
//! (`2O2O年`) or, for `O`/`o`, next to a Han numeral (`二O二一年`). Almost every text has
//! an `o` or an `l` in some Latin word, which let each one through O001's old gate to
//! two regex passes over the whole text for nothing.

use crate::chars::codes;
use pyo3::prelude::*;

const LOOKALIKES: &[u32] = &[0x4F, 0x6F, 0x49, 0x6C, 0x3007]; // O o I l 〇
const ROUND: &[u32] = &[0x4F, 0x6F]; // O o
const HAN_NUMERALS: &[u32] = &[
    0x3007, 0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D, 0x4E03, 0x516B, 0x4E5D, 0x96F6,
]; // 〇一二三四五六七八九零

fn is_digit(c: u32) -> bool {
    (0x30..=0x39).contains(&c) // `[0-9]` of the rule's pattern
}

/// Is the pair of neighbours one O001 may change?
fn candidate(a: u32, b: u32) -> bool {
    (is_digit(a) && LOOKALIKES.contains(&b))
        || (LOOKALIKES.contains(&a) && is_digit(b))
        || (HAN_NUMERALS.contains(&a) && ROUND.contains(&b))
        || (ROUND.contains(&a) && HAN_NUMERALS.contains(&b))
}

pub fn has_candidates(text: &[u32]) -> bool {
    text.windows(2).any(|w| candidate(w[0], w[1]))
}

/// Does the text (UTF-32-LE bytes) hold a pair of neighbours O001 may change?
#[pyfunction]
fn ocr_digit_candidates(py: Python<'_>, utf32: &[u8]) -> bool {
    py.allow_threads(|| has_candidates(&codes(utf32)))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(ocr_digit_candidates, m)?)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chars::code_points as codes;

    #[test]
    fn only_look_alikes_next_to_digits_or_han_numerals_are_candidates() {
        assert!(has_candidates(&codes("2O2O年")));
        assert!(has_candidates(&codes("l0月")));
        assert!(has_candidates(&codes("二O二一年")));
        assert!(!has_candidates(&codes("Hello world 2020年 二〇二一年")));
        assert!(!has_candidates(&codes("一I")));
    }
}
