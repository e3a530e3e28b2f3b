"""Stage `decode` (D): text decoded with the wrong codec, repaired before anything reads it."""
