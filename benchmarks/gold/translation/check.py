#!/usr/bin/env python3
"""Validate the newstrace translation gold set (pairs.jsonl) and print coverage.

Usage:  python check.py [path/to/pairs.jsonl] [--strict]

Errors (exit status 1): malformed JSON, missing or unknown fields, duplicate
ids, id prefix not matching the language pair, same language on both sides,
language pair outside the supported list, bad label/kind/split values, bad
dates, empty titles/paragraphs, invalid or duplicated `aligned` entries,
`aligned` non-empty on negatives or empty on positives, original articles
outside 150-450 words or 4-9 paragraphs, text not in the expected script.

Warnings (errors with --strict): a `full` translation that leaves a paragraph
on either side unaligned, a `partial` translation whose aligned source
paragraphs cover less than 35% or more than 85% of the source words, an
`added` translation with no unaligned target paragraph, or a target
published before its source.

Standard library only.
"""
import collections
import datetime
import json
import os
import re
import sys
import unicodedata

LANG_PAIRS = ["fr-en", "en-ru", "fr-ru", "en-ar", "fr-de", "en-es", "ru-ar", "it-en", "pt-en",
              "de-en", "es-fr", "ru-de", "ar-fr", "it-fr", "pt-es"]
LANGS = {"fr", "en", "ru", "ar", "de", "es", "it", "pt"}
LABELS = {"translation", "independent", "unrelated"}
KINDS = {"full", "partial", "added", "loose"}
SPLITS = {"dev", "test"}
TOP_KEYS = {"id", "label", "kind", "source", "target", "aligned", "notes", "split"}
SIDE_KEYS = {"lang", "title", "published", "text"}
ID_RE = re.compile(r"^([a-z]{2}-[a-z]{2})-(\d{3})$")

# Expected script per language: share of alphabetic characters that must
# belong to it (names and acronyms in other scripts are tolerated).
SCRIPT = {"ru": ("CYRILLIC", 0.9), "ar": ("ARABIC", 0.9)}
LATIN_LANGS = {"fr", "en", "de", "es", "it", "pt"}


def pair_key(a, b):
    for key in LANG_PAIRS:
        x, y = key.split("-")
        if {a, b} == {x, y}:
            return key
    return None


def words(text):
    return len(text.split())


def script_share(text, script):
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    hits = sum(1 for c in letters if unicodedata.name(c, "").startswith(script))
    return hits / len(letters)


def check_side(rid, name, side, errors):
    if not isinstance(side, dict):
        errors.append(f"{rid}: {name} is not an object")
        return None
    missing = SIDE_KEYS - side.keys()
    extra = side.keys() - SIDE_KEYS
    if missing:
        errors.append(f"{rid}: {name} missing {sorted(missing)}")
        return None
    if extra:
        errors.append(f"{rid}: {name} has unknown keys {sorted(extra)}")
    if side["lang"] not in LANGS:
        errors.append(f"{rid}: {name}.lang {side['lang']!r} not supported")
    for key in ("title", "text"):
        if not isinstance(side[key], str) or not side[key].strip():
            errors.append(f"{rid}: {name}.{key} empty")
            return None
    try:
        datetime.date.fromisoformat(side["published"])
    except (TypeError, ValueError):
        errors.append(f"{rid}: {name}.published {side['published']!r} is not YYYY-MM-DD")
    paras = side["text"].split("\n")
    for i, p in enumerate(paras):
        if not p.strip():
            errors.append(f"{rid}: {name} paragraph {i} is empty")
        elif p != p.strip():
            errors.append(f"{rid}: {name} paragraph {i} has leading/trailing whitespace")
    full_text = side["title"] + " " + side["text"]
    lang = side["lang"]
    if lang in SCRIPT:
        script, minimum = SCRIPT[lang]
        share = script_share(full_text, script)
        if share < minimum:
            errors.append(f"{rid}: {name} ({lang}) only {share:.0%} {script.lower()} letters")
    elif lang in LATIN_LANGS:
        share = script_share(full_text, "LATIN")
        if share < 0.97:
            errors.append(f"{rid}: {name} ({lang}) only {share:.0%} latin letters")
    return paras


def check_original(rid, name, paras, errors):
    n_words = sum(words(p) for p in paras)
    if not 150 <= n_words <= 450:
        errors.append(f"{rid}: {name} has {n_words} words (originals need 150-450)")
    if not 4 <= len(paras) <= 9:
        errors.append(f"{rid}: {name} has {len(paras)} paragraphs (originals need 4-9)")


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    strict = "--strict" in argv
    path = args[0] if args else os.path.join(os.path.dirname(os.path.abspath(__file__)), "pairs.jsonl")
    errors, warnings = [], []
    seen = set()
    rows = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                errors.append(f"line {lineno}: blank line")
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                errors.append(f"line {lineno}: invalid JSON ({exc})")
                continue
            if not isinstance(rec, dict):
                errors.append(f"line {lineno}: not an object")
                continue
            rid = rec.get("id", f"line {lineno}")
            missing = TOP_KEYS - rec.keys()
            extra = rec.keys() - TOP_KEYS
            if missing:
                errors.append(f"{rid}: missing keys {sorted(missing)}")
                continue
            if extra:
                errors.append(f"{rid}: unknown keys {sorted(extra)}")
            if rid in seen:
                errors.append(f"{rid}: duplicate id")
            seen.add(rid)
            m = ID_RE.match(str(rid))
            if not m:
                errors.append(f"{rid}: id must look like 'fr-en-007'")

            label, kind, split = rec["label"], rec["kind"], rec["split"]
            if label not in LABELS:
                errors.append(f"{rid}: label {label!r} not in {sorted(LABELS)}")
            if label == "translation":
                if kind not in KINDS:
                    errors.append(f"{rid}: kind {kind!r} not in {sorted(KINDS)}")
            elif kind is not None:
                errors.append(f"{rid}: kind must be null for label {label!r}")
            if split not in SPLITS:
                errors.append(f"{rid}: split {split!r} not in {sorted(SPLITS)}")
            if not isinstance(rec["notes"], str):
                errors.append(f"{rid}: notes must be a string")

            src_paras = check_side(rid, "source", rec["source"], errors)
            tgt_paras = check_side(rid, "target", rec["target"], errors)
            if src_paras is None or tgt_paras is None:
                continue
            sl, tl = rec["source"]["lang"], rec["target"]["lang"]
            key = pair_key(sl, tl)
            if sl == tl:
                errors.append(f"{rid}: source and target are both {sl!r}")
            elif key is None:
                errors.append(f"{rid}: language pair {sl}-{tl} not in the supported list")
            elif m and m.group(1) != key:
                errors.append(f"{rid}: id prefix {m.group(1)!r} does not match pair {key!r}")

            aligned = rec["aligned"]
            ok_aligned = isinstance(aligned, list)
            if ok_aligned:
                for a in aligned:
                    if not (isinstance(a, list) and len(a) == 2 and all(isinstance(i, int) and not isinstance(i, bool) for i in a)):
                        errors.append(f"{rid}: aligned entry {a!r} is not [int, int]")
                        ok_aligned = False
                        break
            else:
                errors.append(f"{rid}: aligned must be a list")
            if ok_aligned:
                for s, t in aligned:
                    if not (0 <= s < len(src_paras)):
                        errors.append(f"{rid}: aligned source index {s} out of range (0-{len(src_paras) - 1})")
                    if not (0 <= t < len(tgt_paras)):
                        errors.append(f"{rid}: aligned target index {t} out of range (0-{len(tgt_paras) - 1})")
                if len({tuple(a) for a in aligned}) != len(aligned):
                    errors.append(f"{rid}: duplicate aligned entries")
                if label == "translation" and not aligned:
                    errors.append(f"{rid}: translation pair needs aligned paragraphs")
                if label != "translation" and aligned:
                    errors.append(f"{rid}: aligned must be [] for label {label!r}")

            if label == "translation":
                check_original(rid, "source", src_paras, errors)
                try:
                    if rec["target"]["published"] < rec["source"]["published"]:
                        warnings.append(f"{rid}: target published before source")
                except TypeError:
                    pass
                if ok_aligned and aligned:
                    a_src = {s for s, _ in aligned}
                    a_tgt = {t for _, t in aligned}
                    if kind == "full":
                        if len(a_src) != len(src_paras) or len(a_tgt) != len(tgt_paras):
                            warnings.append(f"{rid}: full translation leaves paragraphs unaligned")
                    if kind == "partial":
                        total = sum(words(p) for p in src_paras)
                        covered = sum(words(src_paras[s]) for s in a_src if s < len(src_paras))
                        share = covered / total if total else 0
                        if not 0.35 <= share <= 0.85:
                            warnings.append(f"{rid}: partial translation covers {share:.0%} of source words")
                    if kind == "added" and len(a_tgt) >= len(tgt_paras):
                        warnings.append(f"{rid}: 'added' translation has no unaligned target paragraph")
            else:
                check_original(rid, "source", src_paras, errors)
                check_original(rid, "target", tgt_paras, errors)

            rows.append((key or f"{sl}-{tl}", label, kind, split))

    # ---- report ----
    counts = collections.Counter((k, l, kd or "-", s) for k, l, kd, s in rows)
    cells = sorted({(k, l, kd) for k, l, kd, _ in counts},
                   key=lambda c: (LANG_PAIRS.index(c[0]) if c[0] in LANG_PAIRS else 99, c[1] != "translation", c[1], c[2]))
    print(f"{'pair':<7}{'label':<13}{'kind':<9}{'dev':>5}{'test':>6}{'total':>7}")
    print("-" * 47)
    for k, l, kd in cells:
        d, t = counts[(k, l, kd, "dev")], counts[(k, l, kd, "test")]
        print(f"{k:<7}{l:<13}{kd:<9}{d:>5}{t:>6}{d + t:>7}")
    print("-" * 47)

    def summary(title, keyfn, order=None):
        c = collections.Counter()
        for r in rows:
            c[(keyfn(r), r[3])] += 1
        keys = order or sorted({k for k, _ in c})
        print(f"\nBy {title}:")
        for k in keys:
            d, t = c[(k, "dev")], c[(k, "test")]
            if d + t:
                print(f"  {k:<22}{d:>5} dev {t:>4} test {d + t:>5} total")

    summary("language pair", lambda r: r[0], [p for p in LANG_PAIRS] + sorted({r[0] for r in rows} - set(LANG_PAIRS)))
    summary("label/kind", lambda r: r[1] if r[1] != "translation" else f"translation/{r[2]}",
            ["translation/full", "translation/partial", "translation/added", "translation/loose", "independent", "unrelated"])
    n = len(rows)
    n_test = sum(1 for r in rows if r[3] == "test")
    print(f"\nTotal: {n} pairs, {n_test} test ({(n_test / n if n else 0):.0%})")

    if strict:
        errors.extend(warnings)
        warnings = []
    for w in warnings:
        print(f"WARNING: {w}", file=sys.stderr)
    for e in errors:
        print(f"ERROR: {e}", file=sys.stderr)
    if errors:
        print(f"\n{len(errors)} error(s)", file=sys.stderr)
        return 1
    print("OK" + (f" ({len(warnings)} warning(s))" if warnings else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
