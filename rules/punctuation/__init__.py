"""Stage `punctuation` (P): full-width letters and digits, half-width punctuation in Chinese,
ellipses, dashes and quotes.

`fullwidth` holds P001 and P002, `ellipsis_dash` P003, `halfwidth` P004 and `quotes` P005
(both as numbered steps, reported by `decisions`); `context` what they share: is a
character Chinese, which is its neighbour, how a conversion spreads.
"""
