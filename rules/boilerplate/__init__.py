"""Stage `boilerplate` (B): what the capture medium added around the text: site chrome, ads,
page furniture, footnotes, doubled text, lines a site repeats on every page.

Rules: `chrome` (B001 site chrome), `interstitial` (B002 ads cutting a sentence),
`fake_bold` (B003), `truncated` (B004 cut-short copies), `furniture` (B005 page numbers and
running headers), `interleaved` (B006 flag), `footnotes` (B007), `repeated` (B008, learned
from the corpus). Shared: `vocabulary` (rules/data/chrome.txt), `bars` (button bars),
`lines` (removing lines), `steps` (running named line-taking steps and naming them).
B001's steps over a page's zones (where its article starts and ends) are the native
core's (native/src/chrome.rs), as are B005's sheet of lines, running headers and near keys
(native/src/sheet.rs, running.rs, near.rs) and the whole-line patterns of chrome.txt
(native/src/patterns.rs).
"""
