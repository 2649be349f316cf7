"""One Spark session (local[2]) for every Spark test, skipped where pyspark or Java is missing."""

from __future__ import annotations

import os
import shutil

import pytest


def missing() -> str | None:
    """Why the Spark tests cannot run here, or None."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "pyspark is not installed (pip install 'newstrace[spark]')"
    if not (os.environ.get("JAVA_HOME") or shutil.which("java")):
        return "no Java on PATH (Spark needs Java 17)"
    return None


@pytest.fixture(scope="session")
def spark():
    from newstrace.batch import session

    spark = session(
        "local[2]",
        app_name="newstrace tests",
        conf={"spark.ui.showConsoleProgress": "false", "spark.default.parallelism": "2"},
    )
    yield spark
    spark.stop()
