"""The whole pipeline on the story gold set: `newstrace run` over its 168 articles (as a JSONL
export), then the stories it found against the gold stories, and the copy/translation relations
it found against the gold stories they should stay inside.

    .venv/bin/python benchmarks/pipeline.py

Unlike benchmarks/stories.py, which scores the grouping alone, this goes through ingestion,
attributions, the reuse index and the story grouping with its reuse relations, as a user runs it.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from typer.testing import CliRunner  # noqa: E402

from newstrace.cli import app  # noqa: E402

GOLD = ROOT / "benchmarks" / "gold" / "stories" / "articles.jsonl"


def adjusted_rand(a: list, b: list) -> float:
    def pairs(x: int) -> float:
        return x * (x - 1) / 2

    both = sum(pairs(v) for v in Counter(zip(a, b, strict=True)).values())
    sa = sum(pairs(v) for v in Counter(a).values())
    sb = sum(pairs(v) for v in Counter(b).values())
    expected = sa * sb / pairs(len(a))
    return (both - expected) / ((sa + sb) / 2 - expected)


def main() -> None:
    gold = [json.loads(line) for line in GOLD.read_text("utf-8").splitlines()]
    work = Path(tempfile.mkdtemp(prefix="newstrace-pipeline-"))
    records = work / "gold.jsonl"
    with open(records, "w", encoding="utf-8") as fh:
        for r in gold:
            fields = {k: r[k] for k in ("title", "text", "published", "lang", "outlet")}
            fh.write(
                json.dumps({"url": f"https://{r['outlet']}/{r['id']}", **fields}, ensure_ascii=False) + "\n"
            )
    started = time.perf_counter()
    result = CliRunner().invoke(app, ["run", str(records), "--out", str(work / "out"), "--quiet"])
    elapsed = time.perf_counter() - started
    if result.exit_code != 0:
        sys.exit(f"newstrace run failed ({result.exit_code}): {result.output}")
    export = json.loads((work / "out" / "export.json").read_text("utf-8"))
    story_of = {f"https://{r['outlet']}/{r['id']}": r["story"] for r in gold}
    found = {a["url"]: a["story_id"] for a in export["articles"]}
    urls = sorted(story_of)
    url_of = {a["id"]: a["url"] for a in export["articles"]}
    crossing = [
        r for r in export["relations"] if story_of[url_of[r["source_id"]]] != story_of[url_of[r["target_id"]]]
    ]
    kinds = Counter(r["kind"] for r in export["relations"])
    print(
        f"{len(gold)} articles, {len(set(story_of.values()))} gold stories; newstrace run in {elapsed:.1f} s"
    )
    print(
        f"stories found: {len(export['stories'])}; ARI {adjusted_rand([story_of[u] for u in urls], [found[u] for u in urls]):.3f}"
    )
    print(
        f"relations: {sum(kinds.values())} ({', '.join(f'{k} {n}' for k, n in sorted(kinds.items()))}); "
        f"{len(crossing)} cross two gold stories"
    )


if __name__ == "__main__":
    main()
