"""Ingest + extraction speed and memory on generated, realistic news pages.

    .venv/bin/python benchmarks/ingest.py --pages 10000 [--workers 2]

Pages imitate what a crawl of news sites returns: 40-90 KB of HTML with scripts, styles, a
menu, a sidebar of unrelated headlines, share bars, a WordPress comment form, a credit line;
600-word bodies in French, English or Russian. Prints pages/s and peak memory (the main
process and its worker processes).
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newstrace.pipeline import ingest  # noqa: E402
from newstrace.store import Store  # noqa: E402

WORDS = {
    "fr": "le la les des une un de du à au selon a affirmé ministre armée gouvernement coalition source "
    "évacuation hélicoptère région ville jeudi mardi rapport selon officiel déclaré conflit syrie "
    "Deir ez-Zor frontière négociations accord sanctions enquête tribunal élection président".split(),
    "en": "the a of to in and said according minister army government coalition source evacuation "
    "helicopter region city Thursday Tuesday report official stated conflict Syria border talks "
    "agreement sanctions investigation court election president spokesperson denied".split(),
    "ru": "в на и по с заявил министр армия правительство коалиция источник эвакуация вертолет регион "
    "город четверг вторник доклад официальный конфликт Сирия граница переговоры соглашение санкции "
    "расследование суд выборы президент пресс-секретарь опроверг".split(),
}
CREDITS = [
    "Sputnik",
    "Avec AFP",
    "Source : RT France",
    "Traduction SLT",
    "Источник: РИА Новости",
    "Read more: https://sputniknews.com/world/2017/x.html",
    "(Reuters)",
]
SCRIPT = (
    "<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}"
    + ("var a" + "=1;" * 4000)
    + "</script>"
)
STYLE = "<style>" + ".c{margin:0;padding:0;color:#333}" * 600 + "</style>"


def paragraph(rng: random.Random, lang: str) -> str:
    words = [rng.choice(WORDS[lang]) for _ in range(rng.randint(40, 90))]
    return " ".join(words).capitalize() + "."


def page(rng: random.Random, i: int) -> str:
    lang = rng.choice(list(WORDS))
    title = " ".join(rng.choice(WORDS[lang]) for _ in range(8)).capitalize()
    body = "".join(f"<p>{paragraph(rng, lang)}</p>" for _ in range(rng.randint(7, 10)))
    sidebar = "".join(
        f"<li><a href='/p/{rng.randint(1, 10**6)}'>{paragraph(rng, lang)[:70]}</a></li>" for _ in range(12)
    )
    day = rng.randint(1, 28)
    return f"""<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title} | Site {i % 50}</title>
<link rel="canonical" href="https://site{i % 50}.example/{2017}/{i}/article-{i}.html">
<meta property="og:site_name" content="Site {i % 50}"><meta name="author" content="Auteur {i % 13}">
<meta property="article:published_time" content="2017-09-{day:02d}T08:00:00+00:00">{STYLE}{SCRIPT}</head>
<body class="post-template-default single"><header><div class="logo">Site {i % 50}</div><nav><ul>
{"".join(f"<li><a href='/c/{k}'>Rubrique {k}</a></li>" for k in range(12))}</ul></nav></header>
<main><article class="post"><h1 class="entry-title">{title}</h1><div class="entry-meta">2017-09-{day:02d}</div>
<div class="entry-content">{body}<p>{rng.choice(CREDITS)}</p>
<div class="sharedaddy"><h3>Partager :</h3><ul><li>Facebook</li><li>Twitter</li></ul></div></div></article>
<div id="comments"><div id="respond"><h3>Laisser un commentaire</h3><form><p>Votre adresse e-mail ne sera pas publiée.</p>
<textarea name="comment"></textarea><input type="submit" value="Laisser un commentaire"></form></div></div></main>
<aside><h2>Articles récents</h2><ul>{sidebar}</ul></aside><footer>© Site {i % 50} — Mentions légales</footer>{SCRIPT}</body></html>"""


def peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + children) / 1024  # ru_maxrss is in KiB on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="newstrace-bench-"))
    try:
        rng = random.Random(args.seed)
        pages = work / "pages"
        pages.mkdir()
        total_bytes = 0
        for i in range(args.pages):
            html = page(rng, i)
            total_bytes += len(html.encode())
            (pages / f"{i:06d}.html").write_text(html, encoding="utf-8")
        store = Store(work / "bench.db")
        started = time.perf_counter()
        report = ingest([str(pages)], store, workers=args.workers)
        elapsed = time.perf_counter() - started
        with_credits = store.conn.execute("SELECT COUNT(DISTINCT article_id) FROM credits").fetchone()[0]
        leaked = store.conn.execute(
            "SELECT COUNT(*) FROM articles WHERE text LIKE '%Laisser un commentaire%' OR text LIKE '%Partager%'"
        ).fetchone()[0]
        store.close()
        print(
            f"pages: {args.pages} ({total_bytes / args.pages / 1024:.0f} KB average), workers: {args.workers}"
        )
        print(
            f"stored: {report.new} new, {len(report.rejected)} rejected; credits found on {with_credits}; "
            f"boilerplate left in {leaked}"
        )
        print(f"time: {elapsed:.1f} s  ->  {args.pages / elapsed:.0f} pages/s")
        print(f"peak memory (main + workers, max RSS summed): {peak_mb():.0f} MB")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
