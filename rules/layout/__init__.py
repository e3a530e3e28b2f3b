"""Stage `layout` (L): page layouts printed as text (columns side by side), read in order."""
