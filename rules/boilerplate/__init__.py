"""Stage `boilerplate` (B): what the capture medium added around the text: site chrome, ads,
page furniture, footnotes, doubled text, lines a site repeats on every page.

Rules: `chrome` (B001 site chrome), `interstitial` (B002 ads cutting a sentence),
`fake_bold` (B003), `truncated` (B004 cut-short copies), `furniture` (B005 page numbers and
running headers), `interleaved` (B006 flag), `footnotes` (B007), `repeated` (B008, learned
from the corpus). Shared: `vocabulary` (rules/data/chrome.txt), `bars` (button bars),
`zones` (where an article starts and ends), `lines` (removing lines), `steps` (running
named line-taking steps and naming them). B005's sheet of lines, running headers and near
keys are the native core's (native/src/sheet.rs, running.rs, near.rs), and so are the
whole-line patterns of chrome.txt (native/src/patterns.rs).
"""
