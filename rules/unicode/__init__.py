"""Stage `unicode` (U): line endings, control, invisible and exotic spaces, NFC, radicals."""
