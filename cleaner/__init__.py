"""cleaner: rule-based cleaning of Chinese text corpora into versioned datasets."""

__version__ = "0.1.0"
