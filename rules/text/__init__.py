"""Text primitives the rules share: character classes and display width (`chars`), the jieba
lexicon (`lexicon`), a literal-first line scanner (`linescan`), and how the pieces of a
sentence meet across a removed break (`seams`). No rules live here."""
