"""Stage `punctuation` (P): full-width letters and digits, half-width punctuation in Chinese,
ellipses, dashes and quotes."""
