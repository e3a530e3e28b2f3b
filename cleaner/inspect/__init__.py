"""Looking inside a run: `cleaner explain` (one document, rule by rule, with the named steps
behind a rule's changes) and `cleaner report` (an HTML page of what a run changed, with
examples per rule); `diff` is the character diff both show."""
