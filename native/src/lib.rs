//! The native core of `cleaner`: the per-character and per-line work of the default rules.
//!
//! Each Python rule keeps its class (code, name, options, examples, docs); what runs per
//! character lives here, one module per concern, each exported to Python by `_native`.
//! Every function computes exactly what the Python implementation it replaced computed:
//! the test suite checks it against the definitions (tests/test_native.py).

use pyo3::prelude::*;

pub mod bait;
pub mod changes;
pub mod chars;
pub mod chrome;
pub mod classes;
pub mod continuity;
pub mod deinterleave;
pub mod fake_bold;
pub mod furniture;
pub mod halfwidth;
pub mod linescan;
pub mod markup;
pub mod minhash;
pub mod mojibake;
pub mod near;
pub mod ocr;
pub mod patterns;
pub mod rows;
pub mod running;
pub mod script;
pub mod sheet;
pub mod signals;
pub mod tables;
pub mod tidy;
pub mod truncated;
pub mod wrap;

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    bait::register(m)?;
    changes::register(m)?;
    chrome::register(m)?;
    classes::register(m)?;
    continuity::register(m)?;
    deinterleave::register(m)?;
    fake_bold::register(m)?;
    furniture::register(m)?;
    halfwidth::register(m)?;
    markup::register(m)?;
    minhash::register(m)?;
    mojibake::register(m)?;
    near::register(m)?;
    ocr::register(m)?;
    patterns::register(m)?;
    rows::register(m)?;
    script::register(m)?;
    sheet::register(m)?;
    signals::register(m)?;
    tables::register(m)?;
    tidy::register(m)?;
    truncated::register(m)?;
    wrap::register(m)
}
