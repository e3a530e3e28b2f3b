"""What page layout did to the reading order: columns that an extractor interleaved.

Where the pages are still there, L002 puts line-by-line interleaving back in order before this
stage; what is left (columns side by side on one line, pages it could not mend) shows in the
text itself, so the document is flagged in its metadata for users to filter.
"""

from __future__ import annotations

from cleaner_rules.text.continuity import FLAG, MIN_VOTES, interleaved

from cleaner.document import Document
from cleaner.rule import Example, Rule, Stage


class ColumnsInterleaved(Rule):
    code = "B006"
    name = "columns-interleaved"
    stage = Stage.BOILERPLATE
    summary = "Flag a document whose page columns the extractor interleaved (meta only)."
    rationale = (
        "Some PDF extractors read a multi-column page across the columns: lines alternate "
        "between two texts, or two columns stand side by side on one line where L001 could "
        "not read them (a one-space gutter). Nothing can undo that, but it shows: in "
        "hard-wrapped text a word (jieba's lexicon) runs across a line break into the next "
        "line, and a line's last character forms a pair seen elsewhere in the document "
        "with the first character of the next line; in interleaved text they do so with "
        "the line after next. A pair votes only where it is seen at least twice more with "
        "one line than the other: a short text's pairs of common characters are chance. "
        "The document gets `columns_interleaved: true` in its metadata; its text is left "
        "as it is (L002 repairs what it can earlier, in the layout stage)."
    )
    references = ("docs/policy.md (Interleaved columns)",)
    limits = (
        "It only flags: the interleaved text stays as it is (L002 reorders what it can).",
        "A text with fewer than six mid-sentence breaks at the column width is not judged.",
        "Columns joined by one space are found only where most lines split at one column.",
    )
    examples = (
        Example(
            "河边的柳树抽出了新芽，孩子\n山上的茶园也忙了起来，采茶\n们在柳树下放风筝，孩子们的\n的姑娘背着竹篓一早就上山去\n"
            "笑声传到河对岸的田里。田里\n了。茶叶要趁露水采，采茶的\n的农民忙着翻地播种，农民们\n姑娘说这样炒出来的茶叶才香\n"
            "说今年的雨水好，田里的庄稼\n。茶园的主人站在山下等着，\n一定长得好。孩子们放完风筝\n茶园的主人说今年茶叶的收成\n"
            "，又跑到河边看农民们翻地，\n会很好。采茶的姑娘们唱着歌\n河边的柳树下坐满了歇脚的农\n下山，竹篓里装满了新茶，茶\n"
            "民。天黑以后，孩子们和农民\n园的主人把新茶倒进锅里，山\n们一起回家，河边的柳树在风\n上山下都是茶叶的香气。",
            meta={FLAG: True},
        ),
        Example(
            "河边的柳树抽出了新芽，孩子\n们在柳树下放风筝，孩子们的\n笑声传到河对岸的田里。田里\n的农民忙着翻地播种，农民们\n"
            "说今年的雨水好，田里的庄稼\n一定长得好。孩子们放完风筝\n，又跑到河边看农民们翻地，\n河边的柳树下坐满了歇脚的农\n"
            "民。天黑以后，孩子们和农民\n们一起回家，河边的柳树在风\n里轻轻摇着。",
            meta={FLAG: None},
        ),
        Example(
            "河边的柳树抽出了新芽，孩子     山上的茶园也忙了起来，采茶\n"
            "们在柳树下放风筝，孩子们的     的姑娘背着竹篓一早就上山去\n"
            "笑声传到河对岸的田里。田里     了。茶叶要趁露水采，采茶的\n"
            "的农民忙着翻地播种，农民们     姑娘说这样炒出来的茶叶才香",
            meta={FLAG: True},
        ),
    )

    def gate(self, text: str) -> bool:
        # Interleaving shows only over many wrapped lines (MIN_VOTES breaks at least), and
        # side-by-side columns only with the spaces of a gutter.
        return text.count("\n") >= MIN_VOTES or ("  " in text and "\n" in text)

    def apply(self, doc: Document) -> str:
        if not doc.extra.get(FLAG) and interleaved(doc.text):  # L002 may have judged it
            doc.extra[FLAG] = True
        return doc.text
