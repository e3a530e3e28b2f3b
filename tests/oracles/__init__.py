"""Python implementations replaced by the native core, kept only as oracles for the
differential tests (tests/test_native*.py). Not installed, and no rule is registered from
here: the rule classes live in rules/ and run the native code."""
