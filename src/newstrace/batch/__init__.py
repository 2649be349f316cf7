"""`newstrace batch` on Apache Spark (the optional ``spark`` extra) and `newstrace load`.

``batch`` runs extraction, language identification and the attribution analysis on Spark and
writes Parquet tables; ``load`` saves them into a newstrace database, where ``analyze`` runs the
later stages (relations, stories, fact-check matches) on one machine.
"""

from newstrace.batch.job import BatchReport, LoadReport, check_spark, load, run_batch, session

__all__ = ["BatchReport", "LoadReport", "check_spark", "load", "run_batch", "session"]
