"""Near-duplicate documents: MinHash signatures of character n-grams with LSH banding.

Memory holds statistics, never texts: per kept document a 16-bit MinHash signature (256
bytes), its band keys in a native hash table of 64-bit keys (21 at the defaults: about 400
to 800 bytes), and its id (16 bytes). Signatures, band keys and the table are the native
core's (native/src/minhash.rs), with fixed seeds, so results do not depend on the process
(no salted `hash()`), and time is linear in the text.
"""

from __future__ import annotations

import math

from cleaner import _native
from cleaner.codepoints import utf32
from cleaner.document import Document
from cleaner.rule import CorpusFilter, Example, Option, OptionError

_ID_BYTES = 16


def choose_bands(threshold: float, num_perm: int, recall: float = 0.995) -> tuple[int, int]:
    """(bands, rows): the fewest bands whose S-curve finds `recall` of pairs at the threshold.

    A pair of Jaccard similarity J becomes a candidate with probability 1 - (1 - J^r)^b;
    candidates are then verified against the threshold, so erring towards more candidates
    costs a comparison, while a missed candidate is a duplicate kept.
    """
    for rows in range(num_perm, 0, -1):
        bands = num_perm // rows
        if 1 - (1 - threshold**rows) ** bands >= recall:
            return bands, rows
    return num_perm, 1


def signature(text: str, ngram: int, num_perm: int) -> bytes | None:
    """One-permutation MinHash of the text's character n-grams (its 32-bit values as
    little-endian bytes), or None when it has no letter or number.

    Whitespace, punctuation and symbols are dropped first: Chinese has no word spaces, and
    wrapping, spacing and punctuation style must not make two copies differ. Each n-gram is
    hashed once; the hash picks a bin and the minimum per bin is kept; empty bins copy a
    non-empty bin chosen by a fixed order per bin (Shrivastava's optimal densification), so
    equal bins estimate Jaccard similarity as k independent permutations would, at the cost
    of one hash per n-gram instead of k. One native pass (native/src/minhash.rs), so the
    workers can work it out for every kept document.
    """
    return _native.minhash_signature(utf32(text), ngram, num_perm)


class NearDuplicate(CorpusFilter):
    code = "F004"
    name = "near-duplicate"
    summary = (
        "Drop a document whose character n-grams overlap an earlier kept document's by at "
        "least `filter.near_threshold` (Jaccard, estimated by MinHash)."
    )
    rationale = (
        "Reposts, mirrors and scraped copies differ by a changed sentence, a byline, leftover "
        "chrome or line wrapping, so exact hashing misses them, and a model trained on many "
        "copies memorises them. Character 5-grams work for Chinese, which has no spaces to "
        "split words on; whitespace and punctuation are ignored. LSH bands find candidates, "
        "the signatures verify them, and the first document in input order is kept. Memory "
        "is about a kilobyte per kept document, never its text."
    )
    references = (
        "Broder, On the resemblance and containment of documents (1997): MinHash",
        "Leskovec, Rajaraman, Ullman, Mining of Massive Datasets, ch. 3: LSH banding",
    )
    limits = (
        "Probabilistic: a pair just above the threshold can be missed, one just below caught",
    )
    options = (
        Option("near_threshold", 0.8, "Jaccard similarity of n-gram sets at which a document is "
               "a near duplicate"),
        Option("near_ngram", 5, "characters per n-gram (whitespace and punctuation dropped first)"),
        Option("near_perm", 128, "MinHash signature length (bins); bands and rows follow from "
               "it and the threshold"),
    )
    examples = (
        Example("只出现一次的文章，没有任何相似的文档在它之前出现过。"),
        Example("一篇文章的全文。", options={"near_threshold": 0.9, "near_ngram": 3}),
    )

    def __init__(self, **values: object) -> None:
        super().__init__(**values)
        if not 0 < self.near_threshold <= 1:
            raise OptionError(
                f"option filter.near_threshold: {self.near_threshold} is not in (0, 1]")
        if self.near_ngram < 1:
            raise OptionError(f"option filter.near_ngram: {self.near_ngram} is below 1")
        if not 16 <= self.near_perm <= 1024:
            raise OptionError(f"option filter.near_perm: {self.near_perm} is not in 16..1024")
        self.bands, self.rows = choose_bands(self.near_threshold, self.near_perm)
        # Equal 16-bit values count as equal bins: a chance match (2^-16) barely moves the
        # estimate, and it halves the memory of the signatures kept.
        self.min_equal = math.ceil(self.near_threshold * self.near_perm - 1e-9)
        self.kept = 0
        self._signatures = bytearray()
        self._ids = bytearray()
        self._odd_ids: dict[int, str] = {}
        self._table = _native.BandTable()

    @property
    def nbytes(self) -> int:
        """Memory held for the kept documents (allocated arrays and buffers)."""
        return len(self._signatures) + len(self._ids) + self._table.nbytes

    def evidence(self, text: str) -> bytes | None:
        """The signature, or None for a text without one."""
        return signature(text, self.near_ngram, self.near_perm)

    def reject(self, doc: Document) -> bool:
        return self.judge(doc, self.evidence(doc.text))

    def judge(self, doc: Document, evidence: bytes | None) -> bool:
        self.duplicate_of = None
        if evidence is None:
            return False
        keys = _native.minhash_band_keys(evidence, self.bands, self.rows)
        candidates = self._table.candidates(keys)
        hit, short = _native.minhash_first_near(
            evidence, self._signatures, candidates, self.min_equal
        )
        if hit is not None:
            self.duplicate_of = self._id(candidates[hit])
            return True
        self._signatures += short
        self._remember(doc.id)
        self._table.add(keys, self.kept)
        self.kept += 1
        return False

    def _remember(self, doc_id: str) -> None:
        """Ids are 32 hex digits (cleaner.document.document_id): keep 16 bytes of each."""
        try:
            packed = bytes.fromhex(doc_id)
        except ValueError:
            packed = b""
        if len(packed) != _ID_BYTES or packed.hex() != doc_id:
            self._odd_ids[self.kept] = doc_id
            packed = bytes(_ID_BYTES)
        self._ids += packed

    def _id(self, index: int) -> str:
        odd = self._odd_ids.get(index)
        start = index * _ID_BYTES
        return odd if odd is not None else self._ids[start : start + _ID_BYTES].hex()
