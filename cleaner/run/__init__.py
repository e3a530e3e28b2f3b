"""Running a pipeline over a corpus: plan the batches, clean them, merge, resume.

`run` is the whole of `cleaner run`: it reads the inputs in fixed batches, has an executor
clean them (worker processes here, or Ray Data across a cluster), merges the batch results
in input order into the output shards, and writes the report. Every engine produces the
same bytes.
"""

from cleaner.run.runner import RunError, RunResult, run

__all__ = ["RunError", "RunResult", "run"]
