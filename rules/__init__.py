"""The default rule pack: one package per stage, one module per rule or close group of rules.

Every module under a stage package is scanned for `Rule` subclasses at run time, so a new
rule needs no registering. A bundled rule lives in the package named after its stage
(`rules/wrap/` holds the `wrap` stage), and its options are set under that name
(`wrap.tolerance`). Shared character classes live in `cleaner_rules.text.chars`; pattern
lists a contributor can extend without touching code live in `rules/data/`.
"""
