#!/usr/bin/env python3
"""Validate the newstrace fact-check gold set and print counts.

Usage:  python benchmarks/gold/factchecks/check.py [DIR]

Reads DIR/factchecks.jsonl and DIR/claims.jsonl (DIR defaults to this file's folder).
If ../stories/articles.jsonl exists, story references are checked against it too.
Standard library only. Exits 1 if any error is found (warnings do not fail).
"""
from __future__ import annotations

import collections
import datetime as dt
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

VERDICTS = {"False", "Mostly false", "Misleading", "Missing context", "Misattributed",
            "Unproven", "Mostly true", "True"}
SPLITS = {"dev", "test"}
LANG_RE = re.compile(r"^[a-z]{2}$")
FC_ID = re.compile(r"^fc-\d{3}$")
C_ID = re.compile(r"^c-\d{3}$")
STORY_RE = re.compile(r"^s\d{2}$")

FC_FIELDS = {"id": str, "lang": str, "claim": str, "verdict": str, "title": str,
             "summary": str, "url": str, "date": str, "publisher": str}
FC_OPTIONAL = {"stories": list}
C_FIELDS = {"id": str, "lang": str, "text": str, "factcheck": (str, type(None)), "split": str}
C_OPTIONAL = {"story": (str, type(None))}

MIN_FC, MIN_FC_LANGS = 50, 4
MIN_CLAIMS, MIN_MATCHED, MIN_NULL, MIN_CLAIM_LANGS = 110, 100, 20, 4
TEST_SHARE = (0.25, 0.35)


def load(path: Path, errors: list):
    rows = []
    if not path.exists():
        errors.append(f"{path.name}: file not found")
        return rows
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                errors.append(f"{path.name}:{n}: empty line")
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                errors.append(f"{path.name}:{n}: invalid JSON ({exc})")
                continue
            if not isinstance(obj, dict):
                errors.append(f"{path.name}:{n}: not a JSON object")
                continue
            obj["_where"] = f"{path.name}:{n} ({obj.get('id', '?')})"
            rows.append(obj)
    return rows


def check_shape(rows, required, optional, errors, warnings):
    ok = []
    for r in rows:
        where = r["_where"]
        missing = set(required) - set(r)
        if missing:
            errors.append(f"{where}: missing fields {sorted(missing)}")
            continue
        unknown = set(r) - set(required) - set(optional) - {"_where"}
        if unknown:
            warnings.append(f"{where}: unknown fields {sorted(unknown)}")
        types = {**required, **optional}
        bad = [k for k in r if k in types and not isinstance(r[k], types[k])]
        if bad:
            errors.append(f"{where}: wrong type for {bad}")
            continue
        ok.append(r)
    return ok


def sentences(text: str) -> int:
    return len([s for s in re.split(r"(?<=[.!?؟])\s+", text.strip()) if s])


def load_stories(errors):
    path = HERE.parent / "stories" / "articles.jsonl"
    if not path.exists():
        return None
    first = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            try:
                a = json.loads(line)
            except json.JSONDecodeError:
                errors.append("stories/articles.jsonl is not valid JSONL; run its check.py")
                return None
            sid, date = a.get("story"), a.get("published")
            first.setdefault(sid, {"narrative": a.get("narrative"), "first": None})
            if date and (first[sid]["first"] is None or date < first[sid]["first"]):
                first[sid]["first"] = date
    return first


def main(argv):
    folder = Path(argv[1]) if len(argv) > 1 else HERE
    errors, warnings = [], []
    fcs = check_shape(load(folder / "factchecks.jsonl", errors), FC_FIELDS, FC_OPTIONAL, errors, warnings)
    claims = check_shape(load(folder / "claims.jsonl", errors), C_FIELDS, C_OPTIONAL, errors, warnings)
    stories = load_stories(errors)

    # ---- fact-checks
    fc_by_id = {}
    for f in fcs:
        w = f["_where"]
        if not FC_ID.match(f["id"]):
            errors.append(f"{w}: id must look like fc-012")
        if f["id"] in fc_by_id:
            errors.append(f"{w}: duplicate id")
        fc_by_id[f["id"]] = f
        if not LANG_RE.match(f["lang"]):
            errors.append(f"{w}: lang must be a two-letter ISO 639-1 code")
        if f["verdict"] not in VERDICTS:
            errors.append(f"{w}: verdict {f['verdict']!r} not in {sorted(VERDICTS)}")
        for key in ("claim", "title", "summary", "publisher"):
            if not f[key].strip():
                errors.append(f"{w}: empty {key}")
        if not f["url"].startswith("https://") or " " in f["url"]:
            errors.append(f"{w}: url must be an https URL")
        try:
            fdate = dt.date.fromisoformat(f["date"])
        except ValueError:
            errors.append(f"{w}: date must be YYYY-MM-DD")
            fdate = None
        n = sentences(f["summary"])
        if not 2 <= n <= 4:
            warnings.append(f"{w}: summary has {n} sentences (want 2-4)")
        for sid in f.get("stories", []):
            if not isinstance(sid, str) or not STORY_RE.match(sid):
                errors.append(f"{w}: bad story id {sid!r}")
            elif stories is not None:
                if sid not in stories:
                    errors.append(f"{w}: story {sid} not in stories/articles.jsonl")
                elif fdate and stories[sid]["first"] and f["date"] < stories[sid]["first"]:
                    errors.append(f"{w}: dated {f['date']}, before story {sid} first appeared "
                                  f"({stories[sid]['first']})")
    urls = collections.Counter(f["url"] for f in fcs)
    for u, k in urls.items():
        if k > 1:
            errors.append(f"url used by {k} fact-checks: {u}")

    # ---- claims
    seen = set()
    for c in claims:
        w = c["_where"]
        if not C_ID.match(c["id"]):
            errors.append(f"{w}: id must look like c-031")
        if c["id"] in seen:
            errors.append(f"{w}: duplicate id")
        seen.add(c["id"])
        if not LANG_RE.match(c["lang"]):
            errors.append(f"{w}: lang must be a two-letter ISO 639-1 code")
        if c["split"] not in SPLITS:
            errors.append(f"{w}: split must be dev or test")
        if not c["text"].strip():
            errors.append(f"{w}: empty text")
        if c["factcheck"] is not None and c["factcheck"] not in fc_by_id:
            errors.append(f"{w}: unknown factcheck {c['factcheck']}")
        sid = c.get("story")
        if sid is not None:
            if not STORY_RE.match(sid):
                errors.append(f"{w}: bad story id {sid!r}")
            elif stories is not None and sid not in stories:
                errors.append(f"{w}: story {sid} not in stories/articles.jsonl")
    texts = collections.Counter(c["text"] for c in claims)
    for t, k in texts.items():
        if k > 1:
            errors.append(f"claim text repeated {k} times: {t[:60]}…")

    # ---- totals and design requirements
    matched = [c for c in claims if c["factcheck"]]
    nulls = [c for c in claims if not c["factcheck"]]
    fc_langs = collections.Counter(f["lang"] for f in fcs)
    c_langs = collections.Counter(c["lang"] for c in claims)
    if len(fcs) < MIN_FC:
        errors.append(f"only {len(fcs)} fact-checks (want >= {MIN_FC})")
    if len(fc_langs) < MIN_FC_LANGS:
        errors.append(f"fact-checks in {len(fc_langs)} languages (want >= {MIN_FC_LANGS})")
    if len(claims) < MIN_CLAIMS:
        errors.append(f"only {len(claims)} claims (want >= {MIN_CLAIMS})")
    if len(matched) < MIN_MATCHED:
        errors.append(f"only {len(matched)} claims with a fact-check (want >= {MIN_MATCHED})")
    if len(nulls) < MIN_NULL:
        errors.append(f"only {len(nulls)} claims without a fact-check (want >= {MIN_NULL})")
    if len(c_langs) < MIN_CLAIM_LANGS:
        errors.append(f"claims in {len(c_langs)} languages (want >= {MIN_CLAIM_LANGS})")
    test_share = sum(c["split"] == "test" for c in claims) / max(len(claims), 1)
    if not TEST_SHARE[0] <= test_share <= TEST_SHARE[1]:
        errors.append(f"test share {test_share:.0%} outside {TEST_SHARE[0]:.0%}-{TEST_SHARE[1]:.0%}")
    used = collections.Counter(c["factcheck"] for c in matched)
    for f in fcs:
        if f["id"] not in used:
            warnings.append(f"{f['id']}: no claim points to this fact-check")

    # ---- report
    def fmt(counter):
        return " ".join(f"{k}:{v}" for k, v in sorted(counter.items()))

    print(f"fact-checks: {len(fcs)}  by language: {fmt(fc_langs)}")
    print(f"  by verdict: {fmt(collections.Counter(f['verdict'] for f in fcs))}")
    print(f"  by publisher: {fmt(collections.Counter(f['publisher'] for f in fcs))}")
    print(f"  linked to story waves: {sum(1 for f in fcs if f.get('stories'))}")
    if stories is not None:
        narr = collections.defaultdict(set)
        for f in fcs:
            for sid in f.get("stories", []):
                if sid in stories:
                    narr[stories[sid]["narrative"]].add(f["id"])
        print("  look-alikes (fact-checks per narrative across waves): "
              + " ".join(f"{n}:{len(v)}" for n, v in sorted(narr.items())))
    print(f"claims: {len(claims)}  matched: {len(matched)}  no fact-check: {len(nulls)}")
    print(f"  by language: {fmt(c_langs)}")
    print(f"  by split: {fmt(collections.Counter(c['split'] for c in claims))} (test {test_share:.0%})")
    rows = collections.Counter((c["lang"], c["split"]) for c in claims)
    for lang in sorted(c_langs):
        print(f"    {lang}: dev {rows[(lang, 'dev')]:3}  test {rows[(lang, 'test')]:3}")
    cross = sum(1 for c in matched if fc_by_id.get(c["factcheck"], {}).get("lang") != c["lang"])
    print(f"  matched claims in a different language from their fact-check: "
          f"{cross}/{len(matched)} ({cross / max(len(matched), 1):.0%})")
    print(f"  no-fact-check claims by split: {fmt(collections.Counter(c['split'] for c in nulls))}; "
          f"tied to a story: {sum(1 for c in nulls if c.get('story'))}")
    for w in warnings:
        print("warning:", w, file=sys.stderr)
    for e in errors:
        print("error:", e, file=sys.stderr)
    print(f"\n{len(errors)} error(s), {len(warnings)} warning(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
