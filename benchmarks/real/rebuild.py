"""Rebuild the texts of the real-news corpora from saved search answers.

    .venv/bin/python benchmarks/real/rebuild.py [CORPUS...]

For each corpus (default: every folder with a manifest.tsv), reads the search tool's saved JSON
answers in `<corpus>/data/search/*.json` and writes `<corpus>/data/articles.jsonl` (one record per
manifest row: id, url, lang, title, published, text) and `<corpus>/data/factchecks.csv` (the
fact-checks in the CSV form `newstrace factchecks import` reads). Rows whose URL is in no saved
answer are listed; the script exits 1 when any is missing. See README.md here for the recipe.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

# The search store prefixes some excerpts with the month it dated the page (" date 2022-04 ").
# It is the store's note, not the page's text, and not a publication date.
STORE_DATE = re.compile(r"^\s*date \d{4}(?:-\d{2}){0,2}\s+")
# A first line longer than this is a paragraph, not a headline.
MAX_TITLE = 220


def read_tsv(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with open(path, encoding="utf-8", newline="") as fh:
        return [
            {k.strip(): (v or "").strip() for k, v in row.items() if k}
            for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        ]


def saved_pages(folder: Path) -> dict[str, dict]:
    """url -> the search result that holds it, over every saved answer of the corpus."""
    pages: dict[str, dict] = {}
    for path in sorted((folder / "data" / "search").glob("*.json")):
        try:
            answer = json.loads(path.read_text("utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            print(f"{path}: unreadable search answer ({exc})", file=sys.stderr)
            continue
        results = answer.get("results", []) if isinstance(answer, dict) else answer
        for result in results:
            url = result.get("url")
            if url and url not in pages:
                pages[url] = result
    return pages


def split_title(result: dict) -> tuple[str, str]:
    """The page's title and body: the result's title when the store knows it, else the first line."""
    excerpt = STORE_DATE.sub("", result.get("excerpt") or "", count=1).strip()
    title = (result.get("title") or "").strip()
    if title:
        return title, excerpt
    first, _, rest = excerpt.partition("\n")
    if first.strip() and len(first) <= MAX_TITLE and rest.strip():
        return first.strip(), rest.strip()
    return "", excerpt


def published(value: str) -> str | None:
    return value if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value or "") else None


def rebuild(folder: Path) -> list[str]:
    pages = saved_pages(folder)
    missing: list[str] = []
    out = folder / "data" / "articles.jsonl"
    out.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with open(out, "w", encoding="utf-8") as fh:
        for row in read_tsv(folder / "manifest.tsv"):
            result = pages.get(row["url"])
            if result is None:
                missing.append(f"{row['id']} {row['url']}")
                continue
            title, text = split_title(result)
            record = {
                "id": row["id"],
                "url": row["url"],
                "lang": row["lang"],
                "title": title,
                "published": published(row.get("published", "")),
                "text": text,
            }
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            written += 1
    checks = read_tsv(folder / "factchecks.tsv")
    with open(folder / "data" / "factchecks.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["claim", "verdict", "url", "date", "language"])
        for row in checks:
            writer.writerow(
                [
                    row["claim"],
                    row["verdict"],
                    row["url"],
                    published(row.get("published", "")) or "",
                    row["lang"],
                ]
            )
    print(f"{folder.name}: {written} articles, {len(checks)} fact-checks; {len(missing)} rows not found")
    for line in missing:
        print(f"  not in any saved answer: {line}")
    return missing


def main(argv: list[str]) -> int:
    names = argv or sorted(p.parent.name for p in HERE.glob("*/manifest.tsv"))
    missing = [m for name in names for m in rebuild(HERE / name)]
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
