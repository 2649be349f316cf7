"""`newstrace batch` on Apache Spark (the optional ``spark`` extra) and `newstrace load`.

``batch`` runs extraction, language identification, the attribution analysis, relations, stories
and narratives on Spark and writes Parquet tables; ``load`` saves them into a newstrace database.
Fact-check matching still runs on one machine (``newstrace factchecks import`` after ``load``).
"""

from newstrace.batch.job import BatchReport, LoadReport, check_spark, load, run_batch, session

__all__ = ["BatchReport", "LoadReport", "check_spark", "load", "run_batch", "session"]
