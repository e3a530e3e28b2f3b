"""Stage `markup` (M): HTML, front matter and field formats made plain text and metadata."""
