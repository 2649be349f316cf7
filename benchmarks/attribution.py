"""Attribution accuracy on the gold set (benchmarks/gold/attribution), per language and split.

    .venv/bin/python benchmarks/attribution.py [--split dev|test|all] [--lang fr] [--errors]

Matching is one-to-one and greedy. A predicted attribution matches a gold one on
"source+cue" when both spans match (an agentless gold source matches a predicted None);
"exact" means identical character spans, "overlap" means the spans share a character.
Among source+cue matches (overlap) it reports how often type, stance and direct agree, and
for mentions the gold links to an earlier fuller mention (`refers_to`: "le sénateur", "he",
"the source"), how many the engine linked to it (coref).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newstrace.attribution import analyze  # noqa: E402
from newstrace.model import Article, Source  # noqa: E402
from newstrace.outlets import default_registry  # noqa: E402

GOLD = ROOT / "benchmarks" / "gold" / "attribution"
LANGS = ["fr", "en", "ru", "ar", "de", "es", "it", "pt"]


def nth(text: str, sub: str | None, n: int | None) -> tuple[int, int] | None:
    if sub is None:
        return None
    pos = -1
    for _ in range((n or 0) + 1):
        pos = text.find(sub, pos + 1)
        if pos < 0:
            raise ValueError(f"{sub!r} not found")
    return pos, pos + len(sub)


def gold_spans(doc):
    text = doc["text"]
    out = []
    for a in doc["attributions"]:
        out.append(
            {
                "source": nth(text, a["source"], a["source_occurrence"]),
                "cue": nth(text, a["cue"], a["cue_occurrence"]),
                "content": nth(text, a["content"], a["content_occurrence"]),
                "type": a["source_type"],
                "stance": a["stance"],
                "direct": a["direct"],
                "raw": a,
            }
        )
    return out


def overlap(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return a[0] < b[1] and b[0] < a[1]


def exact(a, b) -> bool:
    return a == b


def match(golds, preds, keys, same):
    used, hits = set(), []
    for gi, g in enumerate(golds):
        for pi, p in enumerate(preds):
            if pi in used:
                continue
            if all(same(g[k], p[k]) for k in keys):
                used.add(pi)
                hits.append((gi, pi))
                break
    return hits


def prf(tp, n_pred, n_gold):
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def run(split: str, langs: list[str], show_errors: bool) -> None:
    registry = default_registry()
    rows = []
    totals = defaultdict(lambda: defaultdict(float))
    for lang in langs:
        counts = defaultdict(float)
        for line in (GOLD / f"{lang}.jsonl").read_text("utf-8").splitlines():
            doc = json.loads(line)
            if split != "all" and doc["split"] != split:
                continue
            article = Article(
                id=None,
                key=doc["id"],
                source=Source("file", doc["id"]),
                content_hash="",
                title="",
                text=doc["text"],
                lang=lang,
            )
            analysis = analyze(article, registry)
            preds = [
                {
                    "source": (a.source_start, a.source_end) if a.source_start is not None else None,
                    "cue": (a.cue_start, a.cue_end),
                    "content": (a.start, a.end),
                    "type": a.source_type,
                    "stance": a.stance,
                    "direct": a.direct,
                    "obj": a,
                }
                for a in analysis.attributions
            ]
            golds = gold_spans(doc)
            counts["gold"] += len(golds)
            counts["pred"] += len(preds)
            for name, keys in (
                ("sc", ("source", "cue")),
                ("source", ("source",)),
                ("cue", ("cue",)),
                ("content", ("content",)),
            ):
                counts[f"{name}_exact"] += len(match(golds, preds, keys, exact))
                hits = match(golds, preds, keys, overlap)
                counts[f"{name}_overlap"] += len(hits)
                if name == "sc":
                    for gi, pi in hits:
                        for attr in ("type", "stance", "direct"):
                            counts[f"{attr}_ok"] += golds[gi][attr] == preds[pi][attr]
                        antecedent = golds[gi]["raw"]["refers_to"]
                        if antecedent:  # coreference: the mention linked to its fuller mention
                            counts["coref_gold"] += 1
                            said = (preds[pi]["obj"].refers_to or "").casefold()
                            linked = bool(said) and (
                                said in antecedent.casefold() or antecedent.casefold() in said
                            )
                            counts["coref_ok"] += linked
                            if show_errors and not linked:
                                print(
                                    f"COREF {doc['id']}: {golds[gi]['raw']['source']!r} -> gold {antecedent!r}, "
                                    f"said {preds[pi]['obj'].refers_to!r}"
                                )
                    if show_errors:
                        matched_g = {g for g, _ in hits}
                        matched_p = {p for _, p in hits}
                        text = doc["text"]
                        for gi, g in enumerate(golds):
                            if gi not in matched_g:
                                print(f"MISS {doc['id']}: src={g['raw']['source']!r} cue={g['raw']['cue']!r}")
                        for pi, p in enumerate(preds):
                            if pi not in matched_p:
                                a = p["obj"]
                                print(
                                    f"FALSE {doc['id']}: src={a.source!r} cue={a.cue!r} content={text[a.start : a.end][:60]!r}"
                                )
                        for gi, pi in hits:
                            if golds[gi]["type"] != preds[pi]["type"]:
                                print(
                                    f"TYPE {doc['id']}: {golds[gi]['raw']['source']!r} gold={golds[gi]['type']} pred={preds[pi]['type']}"
                                )
        rows.append((lang, counts))
        for k, v in counts.items():
            totals["all"][k] += v
    rows.append(("all", totals["all"]))
    header = f"{'lang':5} {'gold':>5} {'pred':>5} | {'src+cue F1 exact':>16} {'overlap':>8} | {'source F1':>9} {'cue F1':>7} | {'content F1 ex/ov':>16} | {'type':>5} {'stance':>6} {'direct':>6} {'coref':>7}"
    print(f"split: {split}")
    print(header)
    print("-" * len(header))
    for lang, c in rows:
        f = lambda k, c=c: prf(c[k], c["pred"], c["gold"])[2]  # noqa: E731
        n = c["sc_overlap"] or 1
        print(
            f"{lang:5} {int(c['gold']):5d} {int(c['pred']):5d} | {f('sc_exact'):16.2f} {f('sc_overlap'):8.2f} | "
            f"{f('source_overlap'):9.2f} {f('cue_overlap'):7.2f} | {f('content_exact'):7.2f} / {f('content_overlap'):6.2f} | "
            f"{c['type_ok'] / n:5.2f} {c['stance_ok'] / n:6.2f} {c['direct_ok'] / n:6.2f} "
            f"{int(c['coref_ok']):3d}/{int(c['coref_gold']):<3d}"
        )
    c = totals["all"]
    p, r, f1 = prf(c["sc_overlap"], c["pred"], c["gold"])
    print(f"\nall languages, source+cue (overlap): P={p:.2f} R={r:.2f} F1={f1:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", default="all", choices=["dev", "test", "all"])
    parser.add_argument("--lang", action="append", choices=LANGS)
    parser.add_argument("--errors", action="store_true", help="print every miss and false positive")
    args = parser.parse_args()
    if args.split == "all":
        for split in ("dev", "test"):
            run(split, args.lang or LANGS, args.errors)
            print()
    else:
        run(args.split, args.lang or LANGS, args.errors)


if __name__ == "__main__":
    main()
