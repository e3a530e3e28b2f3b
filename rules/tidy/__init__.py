"""Stage `tidy` (T): blank lines, stray punctuation-only lines and doubled paragraphs."""
