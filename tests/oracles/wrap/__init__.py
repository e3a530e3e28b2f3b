"""W001 line-wrap as it was in Python before the native core (rules/wrap/ at the port):
the oracle of tests/test_native_wrap.py. Same modules, imports adjusted; the rule's
metadata (examples, options, docs) stays on the real class in rules/wrap/line_wrap.py."""
