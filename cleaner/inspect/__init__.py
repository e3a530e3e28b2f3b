"""Looking inside a run: `cleaner explain` (one document, rule by rule) and `cleaner report`
(an HTML page of what a run changed, with examples per rule)."""
