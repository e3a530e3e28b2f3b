"""Stage `markup` (M): HTML, front matter and field formats made plain text and metadata.

`front_matter` holds M001, `html_to_text` M002 (with `html_main`, the main content of a
whole page), `date_field` M003 and `iso_date`, which all three use.
"""
