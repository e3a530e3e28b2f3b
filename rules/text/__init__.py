"""Text primitives the rules share: character classes and display width (`chars`), the jieba
lexicon (`lexicon`), the literals that rule lines out for a whole-line pattern
(`linescan`), Python patterns in the `regex` crate's syntax for the native core
(`regex_syntax`), and how the pieces of a sentence meet across a removed break (`seams`).
No rules live here."""
