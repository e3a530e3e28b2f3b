"""Stage `wrap` (W): lines hard-wrapped at a column width joined back into paragraphs.

W001 line-wrap (docs/line-wrap.md), bottom to top: `markdown` (structure never joined),
`lines` (each line measured), `visual` (pieces of one visual line put together), `layout`
(columns, indents, hard wrapping, full lines), `steps` (the numbered decision at one line
boundary) and `line_wrap` (the rule: apply, and decisions for `cleaner explain`).
"""
