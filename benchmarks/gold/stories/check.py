#!/usr/bin/env python3
"""Validate the newstrace story gold set and print a per-story summary.

Usage:  python benchmarks/gold/stories/check.py [path/to/articles.jsonl]

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
DEFAULT = HERE / "articles.jsonl"

LANGS = {"en", "fr", "ru", "ar", "de", "es"}
KINDS = {"original", "copy", "translation", "rewrite", "denial", "debunk", "follow-up"}
FIELDS = {
    "id": str, "story": str, "narrative": str, "lang": str, "outlet": str,
    "published": (str, type(None)), "title": str, "text": str, "kind": str,
}
ID_RE = re.compile(r"^(s\d{2})-([a-z]{2})-(\d{2})$")
STORY_RE = re.compile(r"^s\d{2}$")
NARR_RE = re.compile(r"^n\d{2}$")
MIN_WORDS, MAX_WORDS = 120, 350
# minimums the set was designed to meet
MIN_ARTICLES, MIN_STORIES, MIN_LANGS = 160, 14, 5
MIN_PER_LANG = {"en": 20, "fr": 20, "ru": 20, "ar": 15}


def load(path: Path):
    errors, rows = [], []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                errors.append(f"line {n}: empty line")
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                errors.append(f"line {n}: invalid JSON ({exc})")
                continue
            if not isinstance(obj, dict):
                errors.append(f"line {n}: not a JSON object")
                continue
            obj["_line"] = n
            rows.append(obj)
    return rows, errors


def parse_date(value):
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def paragraphs(text: str):
    return [p.strip() for p in text.split("\n") if p.strip()]


def check(rows):
    errors, warnings = [], []
    seen = {}
    for r in rows:
        where = f"line {r['_line']} ({r.get('id', '?')})"
        missing = set(FIELDS) - set(r)
        extra = set(r) - set(FIELDS) - {"_line"}
        if missing:
            errors.append(f"{where}: missing fields {sorted(missing)}")
            continue
        if extra:
            warnings.append(f"{where}: unknown fields {sorted(extra)}")
        bad = [k for k, t in FIELDS.items() if not isinstance(r[k], t)]
        if bad:
            errors.append(f"{where}: wrong type for {bad}")
            continue
        m = ID_RE.match(r["id"])
        if not m:
            errors.append(f"{where}: id must look like s03-ru-02")
        else:
            if m.group(1) != r["story"]:
                errors.append(f"{where}: id prefix does not match story {r['story']}")
            if m.group(2) != r["lang"]:
                errors.append(f"{where}: id language does not match lang {r['lang']}")
        if r["id"] in seen:
            errors.append(f"{where}: duplicate id (also line {seen[r['id']]})")
        seen[r["id"]] = r["_line"]
        if not STORY_RE.match(r["story"]):
            errors.append(f"{where}: bad story id {r['story']!r}")
        if not NARR_RE.match(r["narrative"]):
            errors.append(f"{where}: bad narrative id {r['narrative']!r}")
        if r["lang"] not in LANGS:
            errors.append(f"{where}: unexpected lang {r['lang']!r}")
        if r["kind"] not in KINDS:
            errors.append(f"{where}: unexpected kind {r['kind']!r}")
        if r["published"] is not None and parse_date(r["published"]) is None:
            errors.append(f"{where}: published must be YYYY-MM-DD or null")
        if not r["title"].strip():
            errors.append(f"{where}: empty title")
        if not r["outlet"].strip() or " " in r["outlet"]:
            errors.append(f"{where}: outlet must be a domain-like name")
        words = len(r["text"].split())
        if not MIN_WORDS <= words <= MAX_WORDS:
            errors.append(f"{where}: text has {words} words (want {MIN_WORDS}-{MAX_WORDS})")
        if len(paragraphs(r["text"])) < 2:
            errors.append(f"{where}: text should have several paragraphs separated by \\n")

    by_story = collections.defaultdict(list)
    for r in rows:
        if isinstance(r.get("story"), str):
            by_story[r["story"]].append(r)

    for sid, arts in sorted(by_story.items()):
        narrs = {a.get("narrative") for a in arts}
        if len(narrs) != 1:
            errors.append(f"{sid}: articles disagree on narrative {sorted(map(str, narrs))}")
        originals = [a for a in arts if a.get("kind") == "original"]
        if len(originals) != 1:
            errors.append(f"{sid}: expected exactly one 'original', found {len(originals)}")
            continue
        orig = originals[0]
        odate = parse_date(orig.get("published"))
        for a in arts:
            adate = parse_date(a.get("published"))
            if odate and adate and adate < odate:
                errors.append(f"{a['id']}: published {adate} before the original {orig['id']} ({odate})")
            if a.get("kind") == "copy":
                mine = set(paragraphs(a.get("text", "")))
                best = 0.0
                for b in arts:
                    if b is a or b.get("lang") != a.get("lang"):
                        continue
                    theirs = set(paragraphs(b.get("text", "")))
                    if theirs:
                        best = max(best, len(mine & theirs) / len(theirs))
                if best < 0.6:
                    errors.append(f"{a['id']}: kind=copy but shares <60% of paragraphs "
                                  f"with any same-language article in {sid}")

    # one story belongs to one narrative; a narrative may span several stories (waves)
    return errors, warnings, by_story


def summary(rows, by_story):
    print(f"{'story':6} {'narr':5} {'n':>3}  {'languages':29} {'dates':25} kinds")
    for sid, arts in sorted(by_story.items()):
        langs = collections.Counter(a["lang"] for a in arts)
        lang_s = " ".join(f"{k}:{v}" for k, v in sorted(langs.items()))
        dates = sorted(a["published"] for a in arts if a.get("published"))
        nulls = sum(1 for a in arts if not a.get("published"))
        span = f"{dates[0]}..{dates[-1]}" if dates else "-"
        if nulls:
            span += f" +{nulls} undated"
        kinds = collections.Counter(a["kind"] for a in arts)
        kind_s = ",".join(f"{k}:{v}" for k, v in sorted(kinds.items()))
        print(f"{sid:6} {arts[0]['narrative']:5} {len(arts):3}  {lang_s:29} {span:25} {kind_s}")

    waves = collections.defaultdict(set)
    for r in rows:
        waves[r["narrative"]].add(r["story"])
    multi = {n: sorted(s) for n, s in sorted(waves.items()) if len(s) > 1}
    print()
    print("narratives told in several waves:",
          "; ".join(f"{n}={'+'.join(s)}" for n, s in multi.items()) or "none")
    singles = [s for s, a in sorted(by_story.items()) if len(a) == 1]
    print("singleton stories:", ", ".join(singles) or "none")
    langs = collections.Counter(r["lang"] for r in rows)
    print(f"total: {len(rows)} articles, {len(by_story)} stories, {len(waves)} narratives, "
          f"languages: " + " ".join(f"{k}:{v}" for k, v in sorted(langs.items())))
    print("undated articles:", sum(1 for r in rows if r.get("published") is None))


def main(argv):
    path = Path(argv[1]) if len(argv) > 1 else DEFAULT
    rows, errors = load(path)
    more, warnings, by_story = check(rows)
    errors += more
    valid = [r for r in rows if set(FIELDS) <= set(r)]
    langs = collections.Counter(r["lang"] for r in valid)
    if len(valid) < MIN_ARTICLES:
        errors.append(f"only {len(valid)} articles (want >= {MIN_ARTICLES})")
    if len(by_story) < MIN_STORIES:
        errors.append(f"only {len(by_story)} stories (want >= {MIN_STORIES})")
    if len(langs) < MIN_LANGS:
        errors.append(f"only {len(langs)} languages (want >= {MIN_LANGS})")
    for lang, need in MIN_PER_LANG.items():
        if langs[lang] < need:
            errors.append(f"only {langs[lang]} {lang} articles (want >= {need})")
    if not errors:
        summary(valid, by_story)
    for w in warnings:
        print("warning:", w, file=sys.stderr)
    for e in errors:
        print("error:", e, file=sys.stderr)
    print(f"\n{path.name}: {len(errors)} error(s), {len(warnings)} warning(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
