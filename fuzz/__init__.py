"""Fuzz targets and strategies for the readers; run them with `python fuzz/run.py`."""
