"""Stage `boilerplate` (B): what the capture medium added around the text: site chrome, ads,
page furniture, footnotes, doubled text, lines a site repeats on every page."""
