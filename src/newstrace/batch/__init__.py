"""`newstrace batch` on Apache Spark (the optional ``spark`` extra) and `newstrace load`.

``batch`` runs extraction, language identification, the attribution analysis, relations, stories,
narratives and fact-check matching on Spark and writes Parquet tables; ``load`` saves them into a
newstrace database.
"""

from newstrace.batch.job import BatchReport, LoadReport, check_spark, load, run_batch, session

__all__ = ["BatchReport", "LoadReport", "check_spark", "load", "run_batch", "session"]
