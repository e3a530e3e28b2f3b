"""Stage `wrap` (W): lines hard-wrapped at a column width joined back into paragraphs.

W001 line-wrap (docs/line-wrap.md): the rule class is in `line_wrap`; the algorithm (lines,
visual lines, layout, Markdown structure, the numbered steps) runs in the native core,
native/src/wrap/.
"""
