"""Measuring cleaning: scores against gold text (`metrics`), `cleaner eval` on gold pairs and
on synthetic damage (`scoring`), and the damage generator itself (`synthetic`)."""

from cleaner.evaluate.scoring import gold_eval, print_result, synthetic_eval

__all__ = ["gold_eval", "print_result", "synthetic_eval"]
