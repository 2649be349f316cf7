"""The generated news collection of ``newstrace.reuse.generated`` (tests and benchmarks share it) as files:
(benchmarks/reuse.py drives the copy path on it, benchmarks/batch.py runs `newstrace run` and
`newstrace batch` on it as JSONL files).

Many outlets, each framing its pages with its own boilerplate (a menu line, a standard intro, a
closing disclaimer and a "follow us" line); the body is 8-16 sentences of words drawn from a
Zipf-like vocabulary (common words repeat as in real text). 5% of the articles are planted
copies of a recent article, published by another outlet in its own frame: exact, edited (10% of
words replaced), truncated (first 60% of the sentences) or wrapped (a new intro and outro).
An article is generated again, deterministically, whenever it is asked for, so a benchmark
need not keep the texts in memory.
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

from newstrace.reuse.generated import COPY_RATE, KINDS, Corpus  # noqa: E402  (one generator: the tests' too)

__all__ = ["COPY_RATE", "KINDS", "Corpus", "write_jsonl"]


def write_jsonl(corpus: Corpus, folder: Path, per_file: int | None = None) -> list[Path]:
    """The corpus as gzipped JSONL exports (url, title, text, published, outlet, lang), ``per_file``
    articles a file (a file is one Spark task; default: 2,000, or fewer so that a small corpus
    still makes 8 files): what `newstrace run` and `batch` both read."""
    folder.mkdir(parents=True, exist_ok=True)
    n = len(corpus.outlet_of)
    per_file = per_file or max(1, min(2000, -(-n // 8)))
    paths = []
    for first in range(0, n, per_file):
        path = folder / f"articles-{first // per_file:05d}.jsonl.gz"
        with gzip.open(path, "wt", encoding="utf-8", compresslevel=1) as fh:
            for i in range(first, min(n, first + per_file)):
                fh.write(json.dumps(corpus.record(i), ensure_ascii=False) + "\n")
        paths.append(path)
    return paths
