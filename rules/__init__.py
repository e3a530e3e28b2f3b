"""The default rule pack. Every module here is scanned for `Rule` subclasses at run time.

Shared character classes live in `cleaner_rules.chars`; pattern lists a contributor can extend
without touching code live in `rules/data/`.
"""
