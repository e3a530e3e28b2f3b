//! D001's repair of UTF-8 read as GBK (rules/decode/mojibake.py), span by span: a span is
//! a run of non-ASCII characters and `?`; each of its pieces (between runs of U+FFFD, `?`
//! and 锟斤拷) is encoded back as GB18030 and read as UTF-8, and the result is kept where it
//! reads as common Chinese and the piece did not.
//!
//! Every step is the Python's before the port (tests/oracles/mojibake.py): GB18030 as
//! Python's codec encodes it (the BMP from a table the codec fills, the planes above by the
//! standard's linear mapping), UTF-8 read as Python's strict decoder reads it (only an
//! incomplete last sequence is "unexpected end of data"), shares as Python's floats. The
//! text comes as UTF-32 code points; a lone surrogate has no GB18030 form, so no piece
//! holding one is repaired.

use crate::chars::codes;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use std::borrow::Cow;

const FFFD: u32 = 0xFFFD; // a decoder's mark for bytes it could not read
const EURO: u32 = 0x20AC; // cp936's reading of a lone 0x80 (GB18030 has € at 0xA2E3)
const QUESTION: u32 = 0x3F; // what tools write for a byte they cannot decode
const RESIDUE: [u32; 3] = [0x951F, 0x65A4, 0x62F7]; // 锟斤拷: U+FFFD's UTF-8 read as GBK
                                                    // A repair must read as common Chinese and be much more so than the piece it replaces:
                                                    // correct text is >= 99% common characters in 19 runs of 20, mojibake about 20%.
const MIN_REPAIRED_COMMON: f64 = 0.8;
const MIN_GAIN: f64 = 0.25;
// GBK's user-defined areas, which GB18030 and cp936 (unlike Python's "gbk") decode to
// U+E000-U+E765. Mojibake holding them was made by such a decoder, whose only error
// between two UTF-8 bytes is a lone 0x80: there U+FFFD stands for 0x80 and nothing else.
const GB18030_PUA: std::ops::RangeInclusive<u32> = 0xE000..=0xE765;
const BMP: usize = 0x10000;

/// A repaired piece: its text, and whether bytes were cut at its head and at its tail.
type Found = (Vec<u32>, bool, bool);

/// The tables of the repair, built once per process from Python's codecs.
#[pyclass(frozen)]
pub struct GbkRepair {
    /// GB18030 bytes of each BMP code point, four per code point, `lengths` of them used
    /// (0: no GB18030 form, the surrogates).
    bytes: Vec<u8>,
    lengths: Vec<u8>,
    /// `charsets.common_chars()` by code point.
    common: Vec<bool>,
}

impl GbkRepair {
    /// The GB18030 bytes of `c` appended to `out`; false when it has none.
    fn encode(&self, c: u32, out: &mut Vec<u8>) -> bool {
        let c = c as usize;
        if c < BMP {
            let n = self.lengths[c] as usize;
            out.extend_from_slice(&self.bytes[4 * c..4 * c + n]);
            return n > 0;
        }
        // Four bytes from 0x90308130 on, counted in a mixed radix (10, 126, 10, ...).
        let linear = c - BMP;
        out.extend_from_slice(&[
            (0x90 + linear / 12600) as u8,
            (0x30 + linear / 1260 % 10) as u8,
            (0x81 + linear / 10 % 126) as u8,
            (0x30 + linear % 10) as u8,
        ]);
        true
    }

    fn is_common(&self, c: u32) -> bool {
        self.common.get(c as usize).copied().unwrap_or(false)
    }

    /// Share of non-ASCII characters that are common, and their count.
    fn common_share(&self, text: &[u32]) -> (f64, usize) {
        let (mut n, mut hits) = (0usize, 0usize);
        for &c in text.iter().filter(|&&c| c >= 0x80) {
            n += 1;
            hits += usize::from(self.is_common(c));
        }
        (if n > 0 { hits as f64 / n as f64 } else { 0.0 }, n)
    }

    /// The UTF-8 text behind a GBK reading of `piece` (`lost`, if any, stands for a lone
    /// 0x80 byte), and whether its head and tail were cut; None when there is none that
    /// reads as Chinese (`_undo_bytes`).
    fn undo_bytes(
        &self,
        piece: &[u32],
        cut_head: bool,
        cut_tail: bool,
        min_chars: usize,
        lost: Option<u32>,
    ) -> Option<Found> {
        let mut data = Vec::with_capacity(2 * piece.len());
        for &c in piece {
            if Some(c) == lost {
                data.push(0x80);
            } else if !self.encode(c, &mut data) {
                return None;
            }
        }
        let mut skip = 0;
        if cut_head {
            while skip < data.len().min(3) && (0x80..0xC0).contains(&data[skip]) {
                skip += 1;
            }
        }
        let (text, cut) = match std::str::from_utf8(&data[skip..]) {
            Ok(text) => (text, false),
            // Only an incomplete last sequence may be a character cut short.
            Err(e) if cut_tail && e.error_len().is_none() => {
                let valid = &data[skip..skip + e.valid_up_to()];
                (std::str::from_utf8(valid).expect("valid up to here"), true)
            }
            Err(_) => return None,
        };
        let text: Vec<u32> = text.chars().map(u32::from).collect();
        if text.is_empty() {
            let leftovers = skip > 0 || cut;
            return (min_chars == 0 && leftovers).then(|| (text, skip > 0, cut));
        }
        let (share, n) = self.common_share(&text);
        if n < min_chars || share < MIN_REPAIRED_COMMON {
            return None;
        }
        if share - self.common_share(piece).0 < MIN_GAIN {
            return None;
        }
        Some((text, skip > 0, cut))
    }

    /// `undo_bytes`, with `€` read first as GB18030 encodes it and, only where that repairs
    /// nothing, as the lone 0x80 cp936 also decodes to `€` (`_undo_piece`).
    fn undo_piece(
        &self,
        piece: &[u32],
        cut_head: bool,
        cut_tail: bool,
        min_chars: usize,
        lost: Option<u32>,
    ) -> Option<Found> {
        if lost.is_some() {
            return self.undo_bytes(piece, cut_head, cut_tail, min_chars, lost);
        }
        self.undo_bytes(piece, cut_head, cut_tail, min_chars, None)
            .or_else(|| {
                piece
                    .contains(&EURO)
                    .then(|| self.undo_bytes(piece, cut_head, cut_tail, min_chars, Some(EURO)))
                    .flatten()
            })
    }

    /// A span repaired whole, else piece by piece (`_repair_span`); None when no piece was
    /// repaired (then the span stays as it is, and is never copied).
    fn repair_span(&self, span: &[u32], fffd_is_0x80: bool) -> Option<Vec<u32>> {
        if fffd_is_0x80 && !span.windows(3).any(|w| w == RESIDUE) {
            let end = span
                .iter()
                .rposition(|&c| c != FFFD && c != QUESTION)
                .map_or(0, |k| k + 1);
            if let Some((mut text, _, cut)) =
                self.undo_piece(&span[..end], false, true, 2, Some(FFFD))
            {
                if cut {
                    text.push(FFFD);
                } else {
                    text.extend_from_slice(&span[end..]);
                }
                return Some(text);
            }
        }
        let mut parts = split(span);
        let mut repaired = vec![false; parts.len()];
        for min_chars in [2, 0] {
            for i in (0..parts.len()).step_by(2) {
                if parts[i].is_empty() || repaired[i] {
                    continue;
                }
                let before_marker = i > 0 && is_marker(&parts[i - 1]);
                let after = parts.get(i + 1);
                let cut_tail = after.map_or(true, |a| is_marker(a));
                let Some((text, head_cut, tail_cut)) =
                    self.undo_piece(&parts[i], before_marker, cut_tail, min_chars, None)
                else {
                    continue;
                };
                parts[i] = Cow::Owned(text);
                repaired[i] = true;
                if head_cut {
                    parts[i - 1] = Cow::Owned(vec![FFFD]);
                }
                if tail_cut {
                    if i + 1 < parts.len() {
                        parts[i + 1] = Cow::Owned(vec![FFFD]);
                    } else {
                        parts[i].to_mut().push(FFFD);
                    }
                }
            }
            if !repaired.iter().any(|&r| r) {
                return None;
            }
        }
        Some(parts.concat())
    }
}

/// `re.split("(\ufffd+|\\?|锟斤拷)", span)`: pieces at even places, separators at odd ones,
/// each borrowed from the span.
fn split(span: &[u32]) -> Vec<Cow<'_, [u32]>> {
    let mut parts = vec![];
    let (mut piece, mut p) = (0, 0);
    while p < span.len() {
        let len = if span[p] == FFFD {
            span[p..].iter().take_while(|&&c| c == FFFD).count()
        } else if span[p] == QUESTION {
            1
        } else if span[p..].starts_with(&RESIDUE) {
            3
        } else {
            p += 1;
            continue;
        };
        parts.push(Cow::Borrowed(&span[piece..p]));
        parts.push(Cow::Borrowed(&span[p..p + len]));
        p += len;
        piece = p;
    }
    parts.push(Cow::Borrowed(&span[piece..]));
    parts
}

/// A separator that marks a character cut: `?` or a run of U+FFFD.
fn is_marker(separator: &[u32]) -> bool {
    separator == [QUESTION] || separator.first() == Some(&FFFD)
}

/// The spans of `[^\x00-\x7f](?:[^\x00-\x7f]|\?)*` in `text`, as (start, end).
fn spans(text: &[u32]) -> Vec<(usize, usize)> {
    let mut out = vec![];
    let mut p = 0;
    while p < text.len() {
        if text[p] < 0x80 {
            p += 1;
            continue;
        }
        let start = p;
        while p < text.len() && (text[p] >= 0x80 || text[p] == QUESTION) {
            p += 1;
        }
        out.push((start, p));
    }
    out
}

#[pymethods]
impl GbkRepair {
    /// `bytes`: four bytes per BMP code point, its GB18030 form's first `lengths[c]`;
    /// `common`: the common characters.
    #[new]
    fn new(bytes: Vec<u8>, lengths: Vec<u8>, common: &str) -> PyResult<Self> {
        if lengths.len() != BMP || bytes.len() != 4 * BMP || lengths.iter().any(|&n| n > 4) {
            return Err(PyValueError::new_err(
                "a GB18030 table of the BMP is expected",
            ));
        }
        let mut table = vec![false; BMP];
        for c in common.chars().map(|c| c as usize).filter(|&c| c < BMP) {
            table[c] = true;
        }
        Ok(GbkRepair {
            bytes,
            lengths,
            common: table,
        })
    }

    /// The spans of a text (UTF-32-LE) that the repair changes: (start, end, the new text
    /// as UTF-32-LE), in order.
    fn repair<'py>(
        &self,
        py: Python<'py>,
        utf32: &[u8],
    ) -> Vec<(usize, usize, Bound<'py, PyBytes>)> {
        let changed = py.allow_threads(|| {
            let text = codes(utf32);
            let fffd_is_0x80 = text.iter().any(|c| GB18030_PUA.contains(c));
            spans(&text)
                .into_iter()
                .filter_map(|(start, end)| {
                    let new = self.repair_span(&text[start..end], fffd_is_0x80)?;
                    (new != text[start..end]).then_some((start, end, new))
                })
                .collect::<Vec<_>>()
        });
        changed
            .into_iter()
            .map(|(start, end, new)| {
                let bytes: Vec<u8> = new.iter().flat_map(|c| c.to_le_bytes()).collect();
                (start, end, PyBytes::new(py, &bytes))
            })
            .collect()
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<GbkRepair>()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_planes_above_the_bmp_are_gb18030s_four_byte_run() {
        // Python's gb18030 codec for these (and, checked once, for every code point from
        // U+10000 to U+10FFFF: the formula and the codec agree).
        let repair = GbkRepair {
            bytes: vec![],
            lengths: vec![],
            common: vec![],
        };
        for (c, want) in [
            (0x10000, [0x90, 0x30, 0x81, 0x30]),
            (0x1000A, [0x90, 0x30, 0x82, 0x30]),
            (0x20000, [0x95, 0x32, 0x82, 0x36]),
            (0x2A6D6, [0x98, 0x35, 0xF3, 0x36]),
            (0x10FFFF, [0xE3, 0x32, 0x9A, 0x35]),
        ] {
            let mut out = vec![];
            assert!(repair.encode(c, &mut out));
            assert_eq!(out, want, "{c:x}");
        }
    }

    #[test]
    fn split_keeps_empty_pieces_between_separators() {
        let span: Vec<u32> = "甲??乙\u{fffd}\u{fffd}锟斤拷"
            .chars()
            .map(u32::from)
            .collect();
        let parts: Vec<String> = split(&span)
            .iter()
            .map(|p| p.iter().map(|&c| char::from_u32(c).unwrap()).collect())
            .collect();
        assert_eq!(
            parts,
            [
                "甲",
                "?",
                "",
                "?",
                "乙",
                "\u{fffd}\u{fffd}",
                "",
                "锟斤拷",
                ""
            ]
        );
    }

    #[test]
    fn spans_start_at_non_ascii_and_take_question_marks() {
        let text: Vec<u32> = "ab中文?x?文".chars().map(u32::from).collect();
        assert_eq!(spans(&text), vec![(2, 5), (7, 8)]);
    }
}
