"""Stage `wrap` (W): lines hard-wrapped at a column width joined back into paragraphs.

W001 line-wrap (docs/line-wrap.md): the rule class is in `line_wrap`; the algorithm (Markdown
structure never joined, each line measured, pieces of one visual line put together, the
layout's columns, indents and full lines, the numbered decision at each line boundary) runs
in the native core, native/src/wrap/.
"""
