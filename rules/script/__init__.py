"""Stage `script` (C): simplified characters left in traditional text and the converse."""
