"""newstrace on the real-news corpora, scored against labels written before it ran.

    .venv/bin/python benchmarks/real.py [--split dev|test|all] [--show] [CORPUS...]

For each corpus of benchmarks/real/ (its texts rebuilt first: benchmarks/real/README.md), runs
`newstrace run` on `data/articles.jsonl` with its fact-checks and prints, per corpus and per split:
- stories: pairwise precision/recall and adjusted Rand index against the labelled waves;
- narratives: ARI against the labelled narratives;
- origin: share of articles whose first origin outside their own outlet is the labelled actor (no origin
  outside it matches a label naming the outlet itself: its own reporting)
  (an agency credited, the official speaking, `anon-<outlet>` for an outlet's anonymous source,
  nothing for `-`);
- independent sources: per labelled wave, the count of the story holding most of it against the
  labelled count (waves.tsv `sources` when given, else the distinct labelled origins), and the
  share of waves within ±25 %;
- denials: recall and precision of "the article reports a denial or dispute";
- fact-checks: precision and recall of the (article, fact-check) pairs the report shows — an
  article matched itself or through its story — against the articles of the waves each fact-check
  covers;
- relations: recall of the labelled copies and translations (any relation between the pair), the
  relations found, and how many of those join two labelled waves without a label saying so (a
  proxy for false relations).
Test corpora (benchmarks/real/splits.tsv) are read once per round, at its end.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL = Path(os.environ.get("NEWSTRACE_REAL", ROOT / "benchmarks" / "real"))
# PYTHONPATH=other/src runs another checkout's code on these corpora (it comes before ROOT/src)
sys.path.insert(
    1 + len([p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]), str(ROOT / "src")
)
sys.path.insert(0, str(ROOT / "benchmarks" / "real"))

from rebuild import read_tsv  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

import newstrace  # noqa: E402
from newstrace.cli import app  # noqa: E402


def adjusted_rand(a: list, b: list) -> float:
    def pairs(x: int) -> float:
        return x * (x - 1) / 2

    n = len(a)
    if n < 2:
        return 1.0
    both = sum(pairs(v) for v in Counter(zip(a, b, strict=True)).values())
    sa = sum(pairs(v) for v in Counter(a).values())
    sb = sum(pairs(v) for v in Counter(b).values())
    expected = sa * sb / pairs(n)
    top = (sa + sb) / 2 - expected
    return 1.0 if top == 0 else (both - expected) / top


def pairwise(gold: list, found: list) -> tuple[int, int, int]:
    """(true positive, predicted, gold) same-group pairs."""
    tp = pred = true = 0
    for i in range(len(gold)):
        for j in range(i + 1, len(gold)):
            same_gold, same_found = gold[i] == gold[j], found[i] == found[j]
            tp += same_gold and same_found
            pred += same_found
            true += same_gold
    return tp, pred, true


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}" if b else "  - "


def origin_id(origin: dict, quoted_by: str | None) -> str:
    """The label-comparable id of one element of an origin chain; an anonymous source is named by
    the outlet that quotes it (the article's own outlet when the chain says no other)."""
    if origin.get("actor"):
        return origin["actor"]
    if origin.get("source_type") == "anonymous":
        return f"anon-{origin.get('outlet') or origin.get('via') or quoted_by}"
    if origin.get("source_type") == "outlet" and origin.get("outlet"):
        return origin["outlet"]
    return (origin.get("source") or "?").strip().lower()


def predicted_origin(article: dict) -> str:
    """The first origin outside the article's own outlet: what it credits, else who speaks."""
    for origin in article.get("origins") or []:
        oid = origin_id(origin, article.get("outlet"))
        if oid != article.get("outlet"):
            return oid
    return "-"


def origin_right(article: dict, labelled: str) -> bool:
    """An article that credits no one outside itself makes the claim in its own name: a label naming
    its own outlet (an outlet's own reporting) and `-` (credits nothing, quotes no one) say the same."""
    found = predicted_origin(article)
    return found == labelled or (found == "-" and labelled == article.get("outlet"))


def reports_denial(article: dict) -> bool:
    """The export's own judgement (`reports_denial`: "yes", "disputed" or null) when it has one;
    older exports: any attribution that denies or disputes."""
    if "reports_denial" in article:
        return article["reports_denial"] in ("yes", "disputed")
    return any(a.get("stance") in ("denies", "disputes") for a in article.get("attributions") or [])


def dev_corpora() -> list[str]:
    return [r["corpus"] for r in read_tsv(REAL / "splits.tsv") if r["split"] == "dev"]


def run_newstrace(folder: Path, out: Path, *, factchecks: bool = True) -> float:
    """`newstrace run` on a corpus's rebuilt texts (``folder``: benchmarks/real/<corpus>) into
    ``out``, with its fact-checks when asked and rebuilt; the seconds it took."""
    records = folder / "data" / "articles.jsonl"
    if not records.exists():
        raise SystemExit(f"{records} is missing: rebuild the texts first (benchmarks/real/README.md)")
    args = ["run", str(records), "--out", str(out), "--quiet"]
    factcheck_csv = folder / "data" / "factchecks.csv"
    if factchecks and factcheck_csv.exists():
        args += ["--factchecks", str(factcheck_csv)]
    started = time.perf_counter()
    result = CliRunner().invoke(app, args)
    if result.exit_code not in (0, 1):
        raise SystemExit(f"newstrace run failed on {folder.name} ({result.exit_code}): {result.output}")
    return time.perf_counter() - started


def run_corpus(folder: Path) -> dict:
    manifest = {row["url"]: row for row in read_tsv(folder / "manifest.tsv")}
    waves = {row["wave"]: row for row in read_tsv(folder / "waves.tsv")}
    checks = read_tsv(folder / "factchecks.tsv")
    out = Path(tempfile.mkdtemp(prefix=f"newstrace-real-{folder.name}-"))
    elapsed = run_newstrace(folder, out / "run", factchecks=bool(checks))
    export = json.loads((out / "run" / "export.json").read_text("utf-8"))
    m = score(folder.name, manifest, waves, checks, export, elapsed)
    m["run"] = str(out / "run")
    return m


def score(name: str, manifest: dict, waves: dict, checks: list, export: dict, elapsed: float) -> dict:
    articles = [a for a in export["articles"] if a.get("url") in manifest]
    label = {a["id"]: manifest[a["url"]] for a in articles}
    by_label_id = {manifest[a["url"]]["id"]: a for a in articles}
    stories = {s["id"]: s for s in export["stories"]}
    ids = sorted(label)
    gold_wave = [label[i]["wave"] for i in ids]
    found_story = [by_id_story(export, i) for i in ids]
    narrative_of = {s["id"]: s.get("narrative_id") or s["id"] for s in export["stories"]}
    found_narrative = [narrative_of.get(s, s) for s in found_story]
    # a wave belongs to one narrative; the manifest's own column may tell competing sides of one event
    gold_narrative = [(waves.get(label[i]["wave"]) or label[i]).get("narrative") for i in ids]
    tp, pred, true = pairwise(gold_wave, found_story)
    m: dict = {
        "corpus": name,
        "articles": len(ids),
        "seconds": elapsed,
        "stories_found": len(set(found_story)),
        "waves": len(set(gold_wave)),
        "story_ari": adjusted_rand(gold_wave, found_story),
        "pair_tp": tp,
        "pair_pred": pred,
        "pair_true": true,
        "narrative_ari": adjusted_rand(gold_narrative, found_narrative),
    }
    article_of = {a["id"]: a for a in articles}
    # origins
    m["origin_right"] = sum(origin_right(article_of[i], label[i]["origin"]) for i in ids)
    m["origin_misses"] = [
        (label[i]["id"], label[i]["origin"], predicted_origin(article_of[i]))
        for i in ids
        if not origin_right(article_of[i], label[i]["origin"])
    ]
    # independent sources per labelled wave
    members: dict[str, list[int]] = defaultdict(list)
    for i in ids:
        members[label[i]["wave"]].append(i)
    within = 0
    counted = labelled = 0
    rows = []
    for wave, wave_ids in sorted(members.items()):
        story_id = Counter(by_id_story(export, i) for i in wave_ids).most_common(1)[0][0]
        story = stories.get(story_id)
        n_found = len(story["independent_sources"]) if story else 1
        given = (waves.get(wave) or {}).get("sources", "")
        if given and given != "-":
            n_gold = len([s for s in given.split(",") if s.strip()])
        else:
            n_gold = len({label[i]["origin"] for i in wave_ids} - {"-"})
        counted += n_found
        labelled += n_gold
        within += abs(n_found - n_gold) <= 0.25 * max(n_gold, 1)
        rows.append((wave, n_gold, n_found))
    m.update(sources_counted=counted, sources_labelled=labelled, sources_within=within, source_rows=rows)
    # denials
    gold_den = {i for i in ids if label[i]["reports_denial"] in ("yes", "disputed")}
    found_den = {i for i in ids if reports_denial(article_of[i])}
    m.update(denial_tp=len(gold_den & found_den), denial_pred=len(found_den), denial_true=len(gold_den))
    m["denial_errors"] = [
        (
            "miss" if i in gold_den else "false alarm",
            label[i]["id"],
            label[i]["lang"],
            label[i]["reports_denial"],
            (article_of[i].get("title") or "")[:90],
        )
        for i in ids
        if (i in gold_den) != (i in found_den)
    ]
    # fact-checks: (article, fact-check url) pairs
    fc_url = {f["id"]: f["url"] for f in export.get("factchecks", [])}
    shown: set[tuple[int, str]] = set()
    for match in export.get("matches", []):
        url = fc_url.get(match["factcheck_id"])
        if match.get("article_id") in article_of:
            shown.add((match["article_id"], url))
        story = stories.get(match.get("story_id"))
        if story and not match.get("article_id"):
            shown.update((i, url) for i in story["article_ids"] if i in article_of)
    gold_fc = {
        (i, row["url"])
        for row in checks
        for i in ids
        if label[i]["wave"] in {w.strip() for w in row.get("covers_waves", "").split(",")}
    }
    m.update(fc_tp=len(shown & gold_fc), fc_pred=len(shown), fc_true=len(gold_fc))
    # relations
    pairs_found = {frozenset((r["source_id"], r["target_id"])) for r in export["relations"]}
    gold_rel = set()
    for i in ids:
        for rel in label[i]["relations"].split(","):
            kind, _, other = rel.strip().partition(":")
            if other in by_label_id:
                gold_rel.add(frozenset((i, by_label_id[other]["id"])))
    # a proxy for false relations: found pairs joining two labelled waves that no label joins
    cross = {p for p in pairs_found - gold_rel if len({label[i]["wave"] for i in p if i in label}) > 1}
    m.update(
        rel_found=len(gold_rel & pairs_found),
        rel_true=len(gold_rel),
        rel_pred=len(pairs_found),
        rel_cross=len(cross),
    )
    return m


def by_id_story(export: dict, article_id: int):
    """The story of an article; an article no story holds is a story of its own."""
    if "_story_of" not in export:
        export["_story_of"] = {a["id"]: a.get("story_id") for a in export["articles"]}
    return export["_story_of"].get(article_id) or f"alone-{article_id}"


def print_table(results: list[dict], split: str) -> None:
    print(
        f"\n{split}: corpus | articles | waves/stories | story ARI | pair P/R | narrative ARI | origin | "
        "sources counted/labelled (waves within ±25%) | denial R/P | fact-check P/R | relations R "
        "(found/labelled; found, of which across waves unlabelled)"
    )
    for m in results + ([total(results)] if len(results) > 1 else []):
        print(
            f"{m['corpus']:<13} {m['articles']:>4} {m['waves']:>3}/{m['stories_found']:<3} "
            f"{m['story_ari']:>6.2f} {ratio(m['pair_tp'], m['pair_pred'])}/{ratio(m['pair_tp'], m['pair_true'])} "
            f"{m['narrative_ari']:>6.2f} {ratio(m['origin_right'], m['articles'])} "
            f"{m['sources_counted']:>4}/{m['sources_labelled']:<4}({m['sources_within']}/{m['waves']}) "
            f"{ratio(m['denial_tp'], m['denial_true'])}/{ratio(m['denial_tp'], m['denial_pred'])} "
            f"{ratio(m['fc_tp'], m['fc_pred'])}/{ratio(m['fc_tp'], m['fc_true'])} "
            f"{ratio(m['rel_found'], m['rel_true'])} ({m['rel_found']}/{m['rel_true']}; "
            f"{m['rel_pred']}, {m['rel_cross']} cross-wave)"
        )


def total(results: list[dict]) -> dict:
    t: dict = {"corpus": "all (ARI: mean)"}
    for key in results[0]:
        if isinstance(results[0][key], (int, float)) and key not in ("story_ari", "narrative_ari"):
            t[key] = sum(r[key] for r in results)
    t["story_ari"] = sum(r["story_ari"] for r in results) / len(results)
    t["narrative_ari"] = sum(r["narrative_ari"] for r in results) / len(results)
    return t


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", nargs="*")
    parser.add_argument("--split", default="dev", choices=["dev", "test", "all"])
    parser.add_argument(
        "--show",
        action="store_true",
        help="print origin misses, per-wave sources, denial misses and false alarms",
    )
    opts = parser.parse_args()
    with open(REAL / "splits.tsv", encoding="utf-8") as fh:
        split_of = {row["corpus"]: row["split"] for row in csv.DictReader(fh, delimiter="\t")}
    names = opts.corpora or sorted(p.parent.name for p in REAL.glob("*/manifest.tsv"))
    by_split: dict[str, list[dict]] = defaultdict(list)
    for name in names:
        split = split_of.get(name, "dev")
        if opts.split != "all" and split != opts.split and not opts.corpora:
            continue
        m = run_corpus(REAL / name)
        m["code"] = str(Path(newstrace.__file__).parent)
        by_split[split].append(m)
        if opts.show:
            print(f"\n{name}: run saved in {m['run']}")
            print(f"{name}: origin misses (id, labelled, found)")
            for miss in m["origin_misses"]:
                print("   ", *miss)
            print(f"{name}: independent sources per wave (wave, labelled, found):", m["source_rows"])
            print(f"{name}: denial misses and false alarms (kind, id, lang, labelled, title)")
            for error in m["denial_errors"]:
                print("   ", *error)
    print(f"code: {newstrace.__file__}")
    for split, results in sorted(by_split.items()):
        print_table(results, split)


if __name__ == "__main__":
    main()
