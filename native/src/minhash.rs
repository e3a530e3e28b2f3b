//! F004's MinHash signature and LSH band keys (rules/filter/near_duplicate.py).
//!
//! The same arithmetic as the numpy definition it replaced (tests/oracles/minhash.py):
//! wrapping 64-bit polynomial hashes of the word characters' n-grams, the splitmix64
//! finaliser, one-permutation binning with optimal densification, and band keys. numpy
//! paid a dozen array calls per document; here it is one pass, so the workers can work
//! out every kept document's signature for the merge.

use crate::chars::{code_is, codes, is_alnum};
use pyo3::exceptions::PyIndexError;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes};
use rustc_hash::FxHashMap;
use std::sync::OnceLock;

const MULT: u64 = 0x100000001B3;
const SEED: u64 = 0x9E3779B97F4A7C15;
const CODE_POINTS: usize = 0x110000;

/// splitmix64's finaliser: every output bit depends on every input bit.
fn mix(mut h: u64) -> u64 {
    h ^= h >> 30;
    h = h.wrapping_mul(0xBF58476D1CE4E5B9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94D049BB133111EB);
    h ^ (h >> 31)
}

/// One bit per code point: `str.isalnum` (letters and numbers of any script).
fn word_chars() -> &'static [u64] {
    static TABLE: OnceLock<Vec<u64>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut bits = vec![0u64; CODE_POINTS / 64];
        for cp in 0..CODE_POINTS as u32 {
            if code_is(cp, is_alnum) {
                bits[cp as usize / 64] |= 1 << (cp % 64);
            }
        }
        bits
    })
}

fn is_word(table: &[u64], cp: u32) -> bool {
    (cp as usize) < CODE_POINTS && table[cp as usize / 64] >> (cp % 64) & 1 == 1
}

/// The donor of an empty bin: of the filled bins, the first in the bin's fixed
/// pseudo-random order of all bins (the stable sort of `mix((bin * n + j) ^ SEED)`).
fn donor(bin: usize, filled: &[bool]) -> usize {
    let n = filled.len() as u64;
    (0..filled.len())
        .filter(|&j| filled[j])
        .min_by_key(|&j| (mix((bin as u64 * n + j as u64) ^ SEED), j))
        .expect("a signature has a filled bin")
}

/// The signature (32-bit values, `num_perm` of them) of a text's code points, or None
/// when it has no word character.
pub fn signature(text: &[u32], ngram: usize, num_perm: usize) -> Option<Vec<u32>> {
    let table = word_chars();
    let cp: Vec<u64> = text
        .iter()
        .filter(|&&c| is_word(table, c))
        .map(|&c| c as u64)
        .collect();
    if cp.is_empty() {
        return None;
    }
    let width = ngram.min(cp.len());
    let mut sig = vec![u32::MAX; num_perm];
    let mut filled = vec![false; num_perm];
    for window in cp.windows(width) {
        let h = window[1..]
            .iter()
            .fold(window[0], |h, &c| h.wrapping_mul(MULT).wrapping_add(c));
        let h = mix(h ^ SEED);
        let bin = ((h >> 32) % num_perm as u64) as usize;
        sig[bin] = sig[bin].min(h as u32);
        filled[bin] = true;
    }
    for bin in 0..num_perm {
        if !filled[bin] {
            sig[bin] = sig[donor(bin, &filled)];
        }
    }
    Some(sig)
}

/// One nonzero 64-bit key per band: a hash of the band's values and its number.
pub fn band_keys(sig: &[u32], bands: usize, rows: usize) -> Vec<u64> {
    let powers: Vec<u64> = (0..rows)
        .scan(1u64, |p, _| {
            *p = p.wrapping_mul(MULT);
            Some(*p)
        })
        .collect();
    (0..bands)
        .map(|b| {
            let salt = mix((b as u64 + 1).wrapping_mul(SEED));
            let dot = sig[b * rows..(b + 1) * rows]
                .iter()
                .zip(&powers)
                .fold(0u64, |acc, (&v, &p)| {
                    acc.wrapping_add((v as u64).wrapping_mul(p))
                });
            mix(dot.wrapping_add(salt)) | 1
        })
        .collect()
}

/// `signature` of a text given as UTF-32-LE bytes, as the bytes of its 32-bit values
/// (little-endian), or None.
#[pyfunction]
fn minhash_signature<'py>(
    py: Python<'py>,
    utf32: &[u8],
    ngram: usize,
    num_perm: usize,
) -> Option<Bound<'py, PyBytes>> {
    let sig = py.allow_threads(|| signature(&codes(utf32), ngram.max(1), num_perm))?;
    let bytes: Vec<u8> = sig.iter().flat_map(|v| v.to_le_bytes()).collect();
    Some(PyBytes::new(py, &bytes))
}

/// `band_keys` of a signature given as the bytes `minhash_signature` returned.
#[pyfunction]
fn minhash_band_keys(signature: &[u8], bands: usize, rows: usize) -> Vec<u64> {
    // The signature's 32-bit little-endian values read as UTF-32-LE code units are.
    band_keys(&codes(signature), bands, rows)
}

/// F004's check of a document's signature (the bytes `minhash_signature` gave) against the
/// candidates its band keys found among the kept signatures (`kept`: a row of 16-bit
/// little-endian values per kept document): (the index in `candidates` of the first row
/// with at least `min_equal` values equal to the signature's low 16 bits, or None; those
/// low 16 bits, as the signature is kept).
#[pyfunction]
fn minhash_first_near<'py>(
    py: Python<'py>,
    signature: &[u8],
    kept: &Bound<'py, PyByteArray>,
    candidates: Vec<usize>,
    min_equal: usize,
) -> PyResult<(Option<usize>, Bound<'py, PyBytes>)> {
    let short: Vec<u16> = codes(signature).iter().map(|&v| v as u16).collect();
    let width = 2 * short.len();
    // SAFETY: no Python code runs while the bytearray's buffer is borrowed here.
    let bytes = unsafe { kept.as_bytes() };
    if candidates.iter().any(|&c| (c + 1) * width > bytes.len()) {
        return Err(PyIndexError::new_err(
            "a candidate past the kept signatures",
        ));
    }
    let hit = candidates.iter().position(|&c| {
        let row = bytes[c * width..(c + 1) * width].chunks_exact(2);
        let equal = row
            .zip(&short)
            .filter(|(b, &v)| u16::from_le_bytes([b[0], b[1]]) == v);
        equal.count() >= min_equal
    });
    let out: Vec<u8> = short.iter().flat_map(|v| v.to_le_bytes()).collect();
    Ok((hit, PyBytes::new(py, &out)))
}

/// F004's band keys of the kept documents: each key with the first kept document that had
/// it (a later one with the same key adds nothing), so a lookup yields at most one document
/// per key and the work per document is bounded by its bands.
#[pyclass]
#[derive(Default)]
pub struct BandTable {
    first: FxHashMap<u64, u32>,
}

#[pymethods]
impl BandTable {
    #[new]
    fn new() -> Self {
        Self::default()
    }

    /// The kept documents any of `keys` names, in order, each once.
    fn candidates(&self, keys: Vec<u64>) -> Vec<u32> {
        let mut found: Vec<u32> = keys
            .iter()
            .filter_map(|k| self.first.get(k).copied())
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    }

    /// Store each of `keys` not present yet, with kept document `value`.
    fn add(&mut self, keys: Vec<u64>, value: u32) {
        for key in keys {
            self.first.entry(key).or_insert(value);
        }
    }

    /// The table's memory: its buckets (a key, a value and a control byte each; at most
    /// seven eighths of them in use).
    #[getter]
    fn nbytes(&self) -> usize {
        let cap = self.first.capacity();
        let buckets = if cap == 0 {
            0
        } else {
            (cap * 8 / 7).next_power_of_two()
        };
        buckets * (std::mem::size_of::<(u64, u32)>() + 1)
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<BandTable>()?;
    m.add_function(wrap_pyfunction!(minhash_signature, m)?)?;
    m.add_function(wrap_pyfunction!(minhash_band_keys, m)?)?;
    m.add_function(wrap_pyfunction!(minhash_first_near, m)?)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_word_character_no_signature() {
        assert!(signature(&[0x3002, 0x20, 0xFF0C], 5, 16).is_none());
    }

    #[test]
    fn a_short_text_fills_every_bin_from_its_one_n_gram() {
        let sig = signature(&[0x4E00, 0x4E8C], 5, 16).unwrap();
        assert!(sig.iter().all(|&v| v == sig[0]));
    }

    #[test]
    fn band_keys_are_odd() {
        let sig = signature(
            &"一二三四五六七八九十"
                .chars()
                .map(u32::from)
                .collect::<Vec<_>>(),
            5,
            32,
        )
        .unwrap();
        assert!(band_keys(&sig, 4, 8).iter().all(|k| k & 1 == 1));
    }
}
