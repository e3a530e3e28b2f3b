"""Stage `script` (C): simplified characters left in traditional text and the converse.

`conversion` holds the rule (C001); `evidence` reads which script a text is in, `leftovers`
converts what the minority script left behind, `mixed` handles documents left mixed
throughout, and `tables` wraps OpenCC and the data tables (`python -m
cleaner_rules.script.tables` regenerates rules/data/both_scripts.txt).
"""
