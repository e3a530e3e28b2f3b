"""Stage `spacing` (S): spaces between Chinese characters, and between Chinese and Latin text."""
