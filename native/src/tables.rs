//! Per-code-point tables that Python built with a loop over a million characters, about a
//! third of a CPU-second per process: which characters are letters or numbers (`\w` less
//! the underscore, `str.isalnum`), and the character classes of the quality signals.
//!
//! Both are general-category tests, read off the same Unicode data as `continuity`'s `\w`:
//! exact for every character Python 3.11's Unicode 14 knows (tests/test_native_tables.py
//! compares every code point).

use crate::chars::{code_is, is_alnum};
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use unicode_general_category::{get_general_category, GeneralCategory as G};

fn category(cp: u32) -> Option<G> {
    char::from_u32(cp).map(get_general_category)
}

pub const HAN: u8 = 1;
pub const DIGIT: u8 = 2;
pub const SYMBOL: u8 = 3;

/// Han (an ideograph, Lo or Nl, in the CJK blocks or 〇), digit (Nd), symbol (Sm Sc Sk So)
/// or other.
pub fn signal_class(cp: u32) -> u8 {
    let cat = category(cp);
    let ideograph_block = matches!(
        cp,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF | 0x3007
    );
    match cat {
        Some(G::OtherLetter | G::LetterNumber) if ideograph_block => HAN,
        Some(G::DecimalNumber) => DIGIT,
        Some(G::MathSymbol | G::CurrencySymbol | G::ModifierSymbol | G::OtherSymbol) => SYMBOL,
        _ => 0,
    }
}

/// One byte per code point below `size`: 1 where `str.isalnum` holds.
#[pyfunction]
fn alnum_table(py: Python<'_>, size: u32) -> Bound<'_, PyBytes> {
    let table: Vec<u8> =
        py.allow_threads(|| (0..size).map(|cp| code_is(cp, is_alnum) as u8).collect());
    PyBytes::new(py, &table)
}

/// One byte per code point below `size`: the signal class (0 other, 1 Han, 2 digit,
/// 3 symbol).
#[pyfunction]
fn signal_class_table(py: Python<'_>, size: u32) -> Bound<'_, PyBytes> {
    let table: Vec<u8> = py.allow_threads(|| (0..size).map(signal_class).collect());
    PyBytes::new(py, &table)
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(alnum_table, m)?)?;
    m.add_function(wrap_pyfunction!(signal_class_table, m)?)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_of_a_few_characters() {
        assert!(is_alnum('中') && is_alnum('7') && !is_alnum('，'));
        assert_eq!(signal_class('中' as u32), HAN);
        assert_eq!(signal_class('〇' as u32), HAN);
        assert_eq!(signal_class('٣' as u32), DIGIT);
        assert_eq!(signal_class('€' as u32), SYMBOL);
        assert_eq!(signal_class('a' as u32), 0);
        assert_eq!(signal_class(0xD800), 0); // a surrogate: Cs, other
    }
}
