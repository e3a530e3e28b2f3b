"""Document filters: every drop is counted under the filter's name."""

from __future__ import annotations

import hashlib

from cleaner_rules.text.chars import han_ratio

from cleaner.document import Document
from cleaner.rule import CorpusFilter, Example, Filter, Option


class TooShort(Filter):
    code = "F001"
    name = "too-short"
    summary = "Drop documents shorter than `filter.min_chars` characters after cleaning."
    rationale = "Fragments left after removing chrome carry no usable text."
    references = (
        "docs/policy.md, Documents: filter.min_chars",
    )
    limits = (
        "Counts characters after cleaning: a short poem goes with the fragments",
    )
    options = (Option("min_chars", 20, "minimum characters after cleaning"),)
    examples = (
        Example("太短", dropped=True),
        Example("这是一段足够长的正文内容，至少有二十个字符，所以会被保留下来。"),
    )

    def reject(self, doc: Document) -> bool:
        return len(doc.text) < self.min_chars


class NotChinese(Filter):
    code = "F002"
    name = "not-chinese"
    summary = "Drop documents whose share of Han characters is below `filter.min_han_ratio`."
    rationale = (
        "A Chinese corpus should not silently fill with English pages, code or tables of "
        "numbers; the ratio counts Han characters among all non-space characters."
    )
    references = (
        "docs/policy.md, Documents: filter.min_han_ratio",
    )
    limits = (
        "Han among non-space characters: Chinese quoting much code or English falls below",
    )
    options = (Option("min_han_ratio", 0.3, "minimum share of Han characters"),)
    examples = (
        Example("This page is entirely in English and has no Chinese at all.", dropped=True),
        Example("这是中文文章，其中提到了Python和GPU等英文词。"),
    )

    def reject(self, doc: Document) -> bool:
        return han_ratio(doc.text) < self.min_han_ratio


class ExactDuplicate(CorpusFilter):
    code = "F003"
    name = "exact-duplicate"
    summary = "Drop a document whose cleaned text equals an earlier document's."
    rationale = (
        "Mirrors and reposts repeat whole articles; a model should see each once. The first "
        "occurrence in input order is kept, so the choice is deterministic."
    )
    references = (
        "docs/policy.md, Documents: exact duplicates after cleaning, first kept",
    )
    limits = (
        "Exact only: one changed character makes another document (F004 finds near copies)",
    )
    examples = (Example("只出现一次的文章。"),)

    def __init__(self, **values: object) -> None:
        super().__init__(**values)
        self.seen: dict[bytes, str] = {}  # digest of a kept text: that document's id

    def evidence(self, text: str) -> bytes:
        return _digest(text)

    def reject(self, doc: Document) -> bool:
        return self.judge(doc, _digest(doc.text))

    def judge(self, doc: Document, evidence: bytes | None) -> bool:
        digest = evidence or _digest(doc.text)  # always given by the pipeline
        self.duplicate_of = self.seen.get(digest)
        if self.duplicate_of is not None:
            return True
        self.seen[digest] = doc.id
        return False

    def forget(self, doc: Document, duplicate_of: str | None) -> None:
        """A near-duplicate filter dropped `doc`: its exact copies are copies of what it
        duplicates (or of nothing kept, when the filter does not say)."""
        digest = _digest(doc.text)
        if duplicate_of is None:
            self.seen.pop(digest, None)
        else:
            self.seen[digest] = duplicate_of


def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
