//! The order in which CPython iterates a `set` of small non-negative ints. B005's step 7
//! (`_Edges.stray_copies` before the port) walked the set of removed lines and the set of
//! their groups, and what it found depends on that order (which keys become the 64
//! representatives of the near comparison, which copies a near copy lets in), so the port
//! builds those sets as CPython does: an int hashes to itself, a table of 8 slots at first,
//! ten slots probed in a row then a perturbed jump, a resize to four times the used count
//! when three fifths fill, and anew after `-=` leaves more than a quarter of it freed;
//! iteration goes through the table's slots in order.
//! tests/test_native_furniture.py checks it against the interpreter's own sets.

use pyo3::prelude::*;

const MIN_SIZE: usize = 8;
const LINEAR_PROBES: usize = 9;
const PERTURB_SHIFT: u32 = 5;

#[derive(Clone, Copy, PartialEq)]
enum Slot {
    Empty,
    Dummy,
    Key(usize),
}

/// A set of ints laid out as CPython lays it out. Keys are added, then taken away: never
/// added after (a freed slot's reuse is not modelled; B005 never needs it).
pub struct PySet {
    table: Vec<Slot>,
    fill: usize,
    used: usize,
}

impl Default for PySet {
    fn default() -> Self {
        PySet {
            table: vec![Slot::Empty; MIN_SIZE],
            fill: 0,
            used: 0,
        }
    }
}

impl PySet {
    fn mask(&self) -> usize {
        self.table.len() - 1
    }

    /// The first slot of a key's search that is empty or where `go_on` says stop.
    fn probe(&self, key: usize, go_on: impl Fn(Slot) -> bool) -> usize {
        let mask = self.mask();
        let mut i = key & mask;
        let mut perturb = key;
        loop {
            let probes = if i + LINEAR_PROBES <= mask {
                LINEAR_PROBES
            } else {
                0
            };
            for j in i..=i + probes {
                let slot = self.table[j];
                if slot == Slot::Empty || !go_on(slot) {
                    return j;
                }
            }
            perturb >>= PERTURB_SHIFT;
            i = (i * 5 + 1 + perturb) & mask;
        }
    }

    pub fn add(&mut self, key: usize) {
        debug_assert_eq!(self.fill, self.used, "no add after a discard");
        let j = self.probe(key, |slot| slot != Slot::Key(key));
        if self.table[j] == Slot::Key(key) {
            return;
        }
        self.table[j] = Slot::Key(key);
        self.fill += 1;
        self.used += 1;
        if self.fill * 5 >= self.mask() * 3 {
            self.resize(if self.used > 50000 {
                self.used * 2
            } else {
                self.used * 4
            });
        }
    }

    fn resize(&mut self, min_used: usize) {
        let mut size = MIN_SIZE;
        while size <= min_used {
            size <<= 1;
        }
        let old = std::mem::replace(&mut self.table, vec![Slot::Empty; size]);
        for slot in old {
            if let Slot::Key(key) = slot {
                let j = self.probe(key, |_| true);
                self.table[j] = slot;
            }
        }
        self.fill = self.used;
    }

    /// `set -= other`: each key's slot turns dummy; where more than a quarter of the
    /// table is dummies then, the table is built anew.
    pub fn difference_update(&mut self, keys: impl IntoIterator<Item = usize>) {
        for key in keys {
            let j = self.probe(key, |slot| slot != Slot::Key(key));
            if self.table[j] == Slot::Key(key) {
                self.table[j] = Slot::Dummy;
                self.used -= 1;
            }
        }
        if self.fill - self.used > self.mask() / 4 {
            self.resize(if self.used > 50000 {
                self.used * 2
            } else {
                self.used * 4
            });
        }
    }

    /// The keys in CPython's order of iteration.
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.table.iter().filter_map(|slot| match slot {
            Slot::Key(key) => Some(*key),
            _ => None,
        })
    }
}

/// The order of `s = set(); s.update(adds); s -= set(discards)` (for the tests).
#[pyfunction]
fn set_order(adds: Vec<usize>, discards: Vec<usize>) -> Vec<usize> {
    let mut set = PySet::default();
    adds.into_iter().for_each(|key| set.add(key));
    set.difference_update(discards);
    set.iter().collect()
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(set_order, m)?)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_ints_iterate_in_slot_order() {
        // In Python 3.11: list({3, 100, 250}) == [250, 3, 100] (slots 2, 3, 4 of 8).
        assert_eq!(set_order(vec![3, 100, 250], vec![]), vec![250, 3, 100]);
        assert_eq!(set_order(vec![5, 1, 3], vec![1]), vec![3, 5]);
        // Two of four freed: the table is built anew, at 16 slots.
        assert_eq!(set_order(vec![1, 2, 8, 0], vec![1, 2]), vec![0, 8]);
    }
}
