//! L002's choice of column order (rules/layout/deinterleave.py): for each page of a text
//! whose columns an extractor interleaved, the order of its lines that reads on best.
//!
//! A page's lines are its stripped, non-empty lines. The orders scored are the raw one and,
//! for k = 2 and 3, every k-th line from the first, then from the second, ..., with or
//! without the first line kept on top (a title across the columns). An order's score is the
//! number of its mid-sentence breaks whose character pair (the line's last, the next line's
//! first) occurs inside a line somewhere in the text. A page takes the best column order
//! only when that beats the raw order clearly. The text comes as UTF-32 code points (lone
//! surrogates are characters like any other); lengths are in code points, as in Python.

use crate::chars::{codes, ends_sentence_codes, strip_codes};
use pyo3::prelude::*;
use rustc_hash::FxHashMap;

const MIN_LINES: usize = 6; // a page with fewer lines is left alone
const MIN_GAIN: usize = 3; // continued breaks the new order must win over the raw one
const GAIN_RATIO: f64 = 1.5; // ... and by this factor
const LF: u32 = 0x0A;
const FF: u32 = 0x0C;

/// An order of a page's lines: `k` columns (1 is the raw order), the first line on top.
#[derive(Clone, Copy, PartialEq, Debug)]
struct Order {
    k: usize,
    titled: bool,
}

const RAW: Order = Order {
    k: 1,
    titled: false,
};

fn arranged<'a>(lines: &[&'a [u32]], order: Order) -> Vec<&'a [u32]> {
    if order.k == 1 {
        return lines.to_vec();
    }
    let top = usize::from(order.titled);
    let mut out = lines[..top].to_vec();
    for c in 0..order.k {
        out.extend(lines[top..].iter().skip(c).step_by(order.k));
    }
    out
}

/// The raw order first, then the column orders worth scoring; on a tie the earlier wins,
/// so the title's order comes first when the first line is short.
fn orders(lines: &[&[u32]]) -> Vec<Order> {
    if lines.len() < MIN_LINES {
        return vec![RAW];
    }
    let mut lengths: Vec<usize> = lines.iter().map(|l| l.len()).collect();
    let median = *lengths.select_nth_unstable(lines.len() / 2).1; // `sorted(...)[n // 2]`
    let titled = (lines[0].len() as f64) < 0.6 * median as f64;
    let mut out = vec![RAW];
    for k in [2, 3] {
        let (plain, title) = (Order { k, titled: false }, Order { k, titled: true });
        out.extend(if titled {
            [title, plain]
        } else {
            [plain, title]
        });
    }
    out
}

/// The character pair at each mid-sentence break of the lines in this order.
fn breaks(lines: &[&[u32]]) -> Vec<(u32, u32)> {
    lines
        .windows(2)
        .filter(|w| !ends_sentence_codes(w[0]))
        .map(|w| (w[0][w[0].len() - 1], w[1][0]))
        .collect()
}

/// The column order that reads on clearly better than the raw one, if any.
fn best(scores: &[usize], orders: &[Order]) -> Option<Order> {
    let (raw, columns) = scores.split_first()?;
    let top = *columns.iter().max()?;
    let at = columns.iter().position(|&s| s == top)?; // the first, on a tie
    (top >= raw + MIN_GAIN && top as f64 >= GAIN_RATIO * *raw as f64).then(|| orders[1 + at])
}

/// For each page (form feeds separate them) that reads better in a column order, its
/// index, the number of columns and whether its first line stays on top.
pub fn column_orders_codes(text: &[u32]) -> Vec<(usize, usize, bool)> {
    let pages: Vec<Vec<&[u32]>> = text
        .split(|&c| c == FF)
        .map(|page| {
            page.split(|&c| c == LF)
                .map(strip_codes)
                .filter(|l| !l.is_empty())
                .collect()
        })
        .collect();
    // Each order of each page, with the pairs at its breaks (the orders' lines are not kept).
    let scored: Vec<Vec<(Order, Vec<(u32, u32)>)>> = pages
        .iter()
        .map(|lines| {
            orders(lines)
                .into_iter()
                .map(|o| (o, breaks(&arranged(lines, o))))
                .collect()
        })
        .collect();
    // Every pair asked, then counted inside the lines (a line's ends are never spaces, so
    // no pair asked spans two lines).
    let mut pairs: FxHashMap<(u32, u32), usize> = FxHashMap::default();
    for (_, asked) in scored.iter().flatten() {
        for &pair in asked {
            pairs.insert(pair, 0);
        }
    }
    for line in pages.iter().flatten() {
        for w in line.windows(2) {
            if let Some(n) = pairs.get_mut(&(w[0], w[1])) {
                *n += 1;
            }
        }
    }
    let mut chosen = Vec::new();
    for (i, page) in scored.iter().enumerate() {
        let scores: Vec<usize> = page
            .iter()
            .map(|(_, asked)| asked.iter().filter(|p| pairs[p] > 0).count())
            .collect();
        let orders: Vec<Order> = page.iter().map(|(o, _)| *o).collect();
        if let Some(order) = best(&scores, &orders) {
            chosen.push((i, order.k, order.titled));
        }
    }
    chosen
}

/// `column_orders_codes` of a text given as UTF-32.
#[pyfunction]
fn column_orders(py: Python<'_>, utf32: &[u8]) -> Vec<(usize, usize, bool)> {
    py.allow_threads(|| column_orders_codes(&codes(utf32)))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(column_orders, m)?)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chars::code_points;

    const A: [&str; 8] = [
        "村口的老槐树下有一口",
        "古井，井水清凉甘甜，",
        "村里的老人每天早上都",
        "到井边打水，打水的老",
        "人说这口井比村子还老",
        "，井边的石头被绳子磨",
        "出了一道道深沟，孩子",
        "们喜欢趴在井边往下看。",
    ];
    const B: [&str; 8] = [
        "镇上的集市逢五开张，",
        "赶集的人天不亮就挑着",
        "担子上路，集市上卖菜",
        "的卖布的挤满了街道，",
        "赶集的人讨价还价，集",
        "市上的小吃摊冒着热气",
        "，卖布的大嫂说今年的",
        "布好卖，赶集的人买好。",
    ];

    fn across() -> String {
        let rows: Vec<&str> = A.iter().zip(B.iter()).flat_map(|(a, b)| [*a, *b]).collect();
        rows.join("\n")
    }

    #[test]
    fn two_columns_taking_turns_are_read_one_after_the_other() {
        let text = format!("{}\u{c}{}", A.join("\n"), across());
        assert_eq!(
            column_orders_codes(&code_points(&text)),
            vec![(1, 2, false)]
        );
    }

    #[test]
    fn short_pages_and_empty_text_stay() {
        assert!(column_orders_codes(&code_points("")).is_empty());
        assert!(column_orders_codes(&code_points("\u{c}\u{c}")).is_empty());
        assert!(column_orders_codes(&code_points(&A[..5].join("\n"))).is_empty());
    }

    #[test]
    fn a_title_across_the_columns_stays_on_top() {
        let text = format!("乡村见闻\n{}", across());
        assert_eq!(column_orders_codes(&code_points(&text)), vec![(0, 2, true)]);
    }
}
