"""Stage `wrap` (W): lines hard-wrapped at a column width joined back into paragraphs."""
