"""Text primitives the rules share: character classes and display width (`chars`), the jieba
lexicon (`lexicon`), and a literal-first line scanner (`linescan`). No rules live here."""
