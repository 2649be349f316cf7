#!/usr/bin/env python3
"""Validate the attribution gold set and print its coverage table.

Usage:  python benchmarks/gold/attribution/check.py [--markdown] [DIR]

Loads every ``*.jsonl`` file in DIR (default: this file's directory), checks every
record against the format documented in README.md, prints per-language counts, and
exits with status 1 if anything is wrong. Standard library only.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

LANGS = ("fr", "en", "ru", "ar", "de", "es", "it", "pt")
MIN_ATTRIBUTIONS = {"fr": 90, "en": 90, "ru": 35, "ar": 35, "de": 15, "es": 15, "it": 12, "pt": 12}
MIN_HARD_NEGATIVE_SHARE = 0.15
TEST_SHARE = (0.20, 0.40)  # allowed range for the share of test documents per language

SOURCE_TYPES = ("person", "official", "outlet", "anonymous", "social-media", "document")
STANCES = ("asserts", "denies", "disputes")
SPLITS = ("dev", "test")
DOC_KEYS = ("id", "lang", "split", "text", "attributions", "unattributed", "hard_negatives", "notes")
ATTR_KEYS = (
    "source", "source_occurrence", "cue", "cue_occurrence", "content", "content_occurrence",
    "source_type", "role", "outlet", "direct", "stance", "hedged", "overclaim", "refers_to", "answers",
)
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def occurrences(text: str, sub: str) -> list[int]:
    """Start offsets of every occurrence of ``sub`` (overlapping matches count)."""
    found, i = [], text.find(sub)
    while i != -1:
        found.append(i)
        i = text.find(sub, i + 1)
    return found


def span(text: str, sub: str, occ: object, where: str, errors: list[str]) -> tuple[int, int] | None:
    if not isinstance(sub, str) or not sub:
        errors.append(f"{where}: must be a non-empty string")
        return None
    if not isinstance(occ, int) or isinstance(occ, bool) or occ < 0:
        errors.append(f"{where}: occurrence must be an integer >= 0, got {occ!r}")
        return None
    found = occurrences(text, sub)
    if not found:
        errors.append(f"{where}: {sub!r} is not a substring of text")
        return None
    if occ >= len(found):
        errors.append(f"{where}: occurrence {occ} of {sub!r} requested, only {len(found)} in text")
        return None
    return found[occ], found[occ] + len(sub)


def check_attribution(doc_id: str, text: str, i: int, a: object, errors: list[str]) -> tuple | None:
    where = f"{doc_id} attribution[{i}]"
    if not isinstance(a, dict):
        errors.append(f"{where}: not an object")
        return None
    missing = [k for k in ATTR_KEYS if k not in a]
    extra = [k for k in a if k not in ATTR_KEYS]
    if missing:
        errors.append(f"{where}: missing keys {missing}")
        return None
    if extra:
        errors.append(f"{where}: unknown keys {extra}")
    spans = {}
    if a["source"] is None:
        if a["source_occurrence"] is not None:
            errors.append(f"{where}: source is null, source_occurrence must be null")
        if a["source_type"] != "anonymous":
            errors.append(f"{where}: agentless attribution (source null) must have source_type 'anonymous'")
    else:
        spans["source"] = span(text, a["source"], a["source_occurrence"], f"{where}.source", errors)
    spans["cue"] = span(text, a["cue"], a["cue_occurrence"], f"{where}.cue", errors)
    spans["content"] = span(text, a["content"], a["content_occurrence"], f"{where}.content", errors)

    if a["source_type"] not in SOURCE_TYPES:
        errors.append(f"{where}: source_type {a['source_type']!r} not in {SOURCE_TYPES}")
    if a["stance"] not in STANCES:
        errors.append(f"{where}: stance {a['stance']!r} not in {STANCES}")
    for key in ("direct", "hedged", "overclaim"):
        if not isinstance(a[key], bool):
            errors.append(f"{where}: {key} must be true/false")
    for key in ("role", "outlet", "refers_to", "answers"):
        if a[key] is not None and (not isinstance(a[key], str) or not a[key].strip()):
            errors.append(f"{where}: {key} must be null or a non-empty string")
    if isinstance(a["outlet"], str) and not SLUG.match(a["outlet"]):
        errors.append(f"{where}: outlet {a['outlet']!r} is not a lowercase slug")
    if a["source_type"] == "outlet" and a["outlet"] is None:
        errors.append(f"{where}: source_type 'outlet' needs an outlet slug")
    if isinstance(a["refers_to"], str):
        if a["refers_to"] not in text:
            errors.append(f"{where}: refers_to {a['refers_to']!r} is not a substring of text")
        if a["source"] is None:
            errors.append(f"{where}: refers_to set on an agentless attribution")
    if a["answers"] is not None and a["stance"] != "denies":
        errors.append(f"{where}: answers is only for denials (stance 'denies')")
    return spans.get("cue")


def check_doc(path: Path, lineno: int, doc: object, lang: str, seen: set[str], errors: list[str]) -> dict | None:
    where = f"{path.name}:{lineno}"
    if not isinstance(doc, dict):
        errors.append(f"{where}: not a JSON object")
        return None
    missing = [k for k in DOC_KEYS if k not in doc]
    if missing:
        errors.append(f"{where}: missing keys {missing}")
        return None
    extra = [k for k in doc if k not in DOC_KEYS]
    if extra:
        errors.append(f"{where}: unknown keys {extra}")
    doc_id = doc["id"]
    if not isinstance(doc_id, str) or not re.fullmatch(rf"{lang}-\d{{3}}", doc_id):
        errors.append(f"{where}: id {doc_id!r} should look like '{lang}-001'")
        doc_id = f"{where}"
    if doc_id in seen:
        errors.append(f"{where}: duplicate id {doc_id!r}")
    seen.add(doc_id)
    if doc["lang"] != lang:
        errors.append(f"{doc_id}: lang {doc['lang']!r} does not match file {path.name}")
    if doc["split"] not in SPLITS:
        errors.append(f"{doc_id}: split {doc['split']!r} not in {SPLITS}")
    text = doc["text"]
    if not isinstance(text, str) or not text.strip():
        errors.append(f"{doc_id}: text must be a non-empty string")
        return None
    if text != text.strip():
        errors.append(f"{doc_id}: text has leading/trailing whitespace")
    if not isinstance(doc["notes"], str):
        errors.append(f"{doc_id}: notes must be a string")
    attrs = doc["attributions"]
    if not isinstance(attrs, list):
        errors.append(f"{doc_id}: attributions must be a list")
        return None
    cue_spans = []
    for i, a in enumerate(attrs):
        cue_span = check_attribution(doc_id, text, i, a, errors)
        if cue_span:
            cue_spans.append(cue_span)
    contents = {a.get("content") for a in attrs if isinstance(a, dict)}
    for i, a in enumerate(attrs):
        if isinstance(a, dict) and a.get("answers") is not None and a["answers"] not in contents:
            errors.append(f"{doc_id} attribution[{i}]: answers {a['answers']!r} is not the content of an attribution in this document")
    keys = [json.dumps(a, sort_keys=True) for a in attrs]
    if len(keys) != len(set(keys)):
        errors.append(f"{doc_id}: duplicate attribution")
    for key in ("unattributed", "hard_negatives"):
        items = doc[key]
        if not isinstance(items, list) or not all(isinstance(s, str) and s for s in items):
            errors.append(f"{doc_id}: {key} must be a list of non-empty strings")
            continue
        for s in items:
            if s not in text:
                errors.append(f"{doc_id}: {key} item {s!r} is not a substring of text")
    if isinstance(doc["hard_negatives"], list):
        for s in doc["hard_negatives"]:
            if not isinstance(s, str):
                continue
            for start in occurrences(text, s):
                end = start + len(s)
                for c0, c1 in cue_spans:
                    if start <= c0 and c1 <= end:
                        errors.append(f"{doc_id}: hard negative {s!r} contains an annotated cue")
    return doc


def stats(docs: list[dict]) -> dict:
    attrs = [a for d in docs for a in d["attributions"]]
    st = Counter(a["source_type"] for a in attrs)
    stance = Counter(a["stance"] for a in attrs)
    return {
        "docs": len(docs),
        "attrs": len(attrs),
        "dev": sum(d["split"] == "dev" for d in docs),
        "test": sum(d["split"] == "test" for d in docs),
        "test_attrs": sum(len(d["attributions"]) for d in docs if d["split"] == "test"),
        **{t: st[t] for t in SOURCE_TYPES},
        **{s: stance[s] for s in STANCES},
        "direct": sum(a["direct"] for a in attrs),
        "indirect": sum(not a["direct"] for a in attrs),
        "hedged": sum(a["hedged"] for a in attrs),
        "overclaim": sum(a["overclaim"] for a in attrs),
        "null_src": sum(a["source"] is None for a in attrs),
        "coref": sum(a["refers_to"] is not None for a in attrs),
        "answers": sum(a["answers"] is not None for a in attrs),
        "outlet_f": sum(a["outlet"] is not None for a in attrs),
        "hn_docs": sum(bool(d["hard_negatives"]) for d in docs),
        "no_attr_docs": sum(not d["attributions"] for d in docs),
        "unattr": sum(len(d["unattributed"]) for d in docs),
    }


TABLES = [
    ("Documents and splits", [("docs", "docs"), ("attrs", "attributions"), ("dev", "dev docs"), ("test", "test docs"),
                              ("test_attrs", "test attrs"), ("hn_docs", "hard-neg docs"), ("no_attr_docs", "docs w/o attr"),
                              ("unattr", "unattributed")]),
    ("Attributions by source_type", [(t, t) for t in SOURCE_TYPES] + [("null_src", "null source")]),
    ("Attributions by stance and flags", [("asserts", "asserts"), ("denies", "denies"), ("disputes", "disputes"),
                                          ("direct", "direct"), ("indirect", "indirect"), ("hedged", "hedged"),
                                          ("overclaim", "overclaim"), ("coref", "refers_to"), ("answers", "answers"),
                                          ("outlet_f", "outlet set")]),
]


def render(rows: dict[str, dict], markdown: bool) -> str:
    out = []
    for title, cols in TABLES:
        header = ["lang"] + [label for _, label in cols]
        body = [[lang] + [str(s[key]) for key, _ in cols] for lang, s in rows.items()]
        if markdown:
            out.append(f"**{title}**\n")
            out.append("| " + " | ".join(header) + " |")
            out.append("|" + "|".join("---" if i == 0 else "---:" for i in range(len(header))) + "|")
            out += ["| " + " | ".join(r) + " |" for r in body]
        else:
            widths = [max(len(r[i]) for r in [header] + body) for i in range(len(header))]
            out.append(title)
            out.append("  ".join(h.ljust(w) if i == 0 else h.rjust(w) for i, (h, w) in enumerate(zip(header, widths))))
            for r in body:
                out.append("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))))
        out.append("")
    return "\n".join(out)


def main(argv: list[str]) -> int:
    markdown = "--markdown" in argv
    args = [a for a in argv if not a.startswith("--")]
    root = Path(args[0]) if args else Path(__file__).resolve().parent
    errors: list[str] = []
    seen: set[str] = set()
    per_lang: dict[str, list[dict]] = {}
    files = sorted(root.glob("*.jsonl"))
    for lang in LANGS:
        if not (root / f"{lang}.jsonl").exists():
            errors.append(f"missing file {lang}.jsonl")
    for path in files:
        lang = path.stem
        if lang not in LANGS:
            errors.append(f"{path.name}: unexpected language file")
            continue
        docs = []
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                errors.append(f"{path.name}:{lineno}: blank line")
                continue
            try:
                raw = json.loads(line)
            except json.JSONDecodeError as exc:
                errors.append(f"{path.name}:{lineno}: invalid JSON ({exc})")
                continue
            doc = check_doc(path, lineno, raw, lang, seen, errors)
            if doc is not None:
                docs.append(doc)
        per_lang[lang] = docs

    rows = {lang: stats(per_lang[lang]) for lang in LANGS if lang in per_lang}
    for lang, s in rows.items():
        if s["attrs"] < MIN_ATTRIBUTIONS[lang]:
            errors.append(f"{lang}: {s['attrs']} attributions, minimum is {MIN_ATTRIBUTIONS[lang]}")
        if s["docs"] and s["hn_docs"] / s["docs"] < MIN_HARD_NEGATIVE_SHARE:
            errors.append(f"{lang}: only {s['hn_docs']}/{s['docs']} documents carry hard negatives")
        if s["docs"] and not TEST_SHARE[0] <= s["test"] / s["docs"] <= TEST_SHARE[1]:
            errors.append(f"{lang}: test share {s['test']}/{s['docs']} outside {TEST_SHARE}")
        for key in SOURCE_TYPES + ("denies", "disputes", "direct", "indirect", "hedged", "overclaim", "coref"):
            if s[key] == 0:
                errors.append(f"{lang}: no attribution with {key}")
    if rows:
        all_docs = [d for docs in per_lang.values() for d in docs]
        rows["total"] = stats(all_docs)

    print(render(rows, markdown))
    if errors:
        print(f"{len(errors)} error(s):", file=sys.stderr)
        for e in errors:
            print("  " + e, file=sys.stderr)
        return 1
    print("OK: all files valid")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
