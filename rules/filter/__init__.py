"""Stage `filter` (F): whole documents dropped (too short, not Chinese, duplicates), by name."""
