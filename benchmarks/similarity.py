"""How good and how fast the duplicate hints are (core/similarity.py, ideas/similarity.py, docs/similarity.md).

Quality, without a database: every labelled pair of tests/similarity/data/pairs.tsv (written by hand
for this project: duplicate, related, unrelated) is scored, with the rarity of words taken from all
texts of the labelled set. A pair is a hint when its score reaches the threshold. Precision = how many
hints are labelled duplicates; recall = how many labelled duplicates become hints. The threshold
(core.similarity.DUPLICATE_THRESHOLD) was chosen on the "dev" pairs; the "test" pairs were held out.
A table of other thresholds shows the trade-off.

Speed, with a throw-away database (SQLite by default, PostgreSQL with DATABASE_URL): one idea
collection of N contributions made from the labelled texts with variations, indexed as the services
do, then `similar_ideas()` for the test pairs' first texts: median and 95th percentile, and queries.

    .venv/bin/python benchmarks/similarity.py [--ideas 10000] [--runs 60] [--quality-only]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zukunftswerkstatt .venv/bin/python benchmarks/similarity.py
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import secrets
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("STATICFILES_STORAGE", "django.contrib.staticfiles.storage.StaticFilesStorage")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))

DATA = ROOT / "tests" / "similarity" / "data"
THRESHOLDS = [0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7, 0.8]


def read_tsv(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def labelled_pairs():
    """(split, label, features a, features b) of every labelled pair, and the idf of every text of
    the labelled set."""
    from zukunftswerkstatt.core import similarity

    pairs = read_tsv("pairs.tsv")
    themes = read_tsv("themes.tsv")
    texts = [(p["title_a"], p["text_a"]) for p in pairs] + [(p["title_b"], p["text_b"]) for p in pairs]
    texts += [(t["title"], t["text"]) for t in themes]
    idfs, default = similarity.idfs_from(similarity.features(title, text) for title, text in texts)
    rows = [
        (
            pair["split"],
            pair["label"],
            similarity.features(pair["title_a"], pair["text_a"]),
            similarity.features(pair["title_b"], pair["text_b"]),
        )
        for pair in pairs
    ]
    return rows, idfs, default


def labelled_scores() -> list[tuple[str, str, float]]:
    """(split, label, score) of every labelled pair."""
    from zukunftswerkstatt.core import similarity

    rows, idfs, default = labelled_pairs()
    return [(split, label, similarity.score(a, b, idfs, default)) for split, label, a, b in rows]


def fit() -> None:
    """Fit the score's logistic regression on the dev pairs (scikit-learn) and print MODEL and the
    threshold that gives the most recall at a precision of at least 0.8 on the dev pairs (the highest
    such threshold, for the most precision at that recall)."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    from zukunftswerkstatt.core import similarity

    rows, idfs, default = labelled_pairs()
    dev = [(label, similarity.signals(a, b, idfs, default)) for split, label, a, b in rows if split == "dev"]
    x = np.array([[s.cosine, s.shared, s.rarity] for _label, s in dev])
    y = np.array([label == "duplicate" for label, _s in dev])
    model = LogisticRegression(C=1.0, max_iter=1000).fit(x, y)
    fitted = {
        "intercept": round(float(model.intercept_[0]), 3),
        "cosine": round(float(model.coef_[0][0]), 3),
        "shared": round(float(model.coef_[0][1]), 3),
        "rarity": round(float(model.coef_[0][2]), 3),
    }
    print(f"MODEL = {fitted}")
    scored = [("dev", label, similarity.probability(s, fitted)) for label, s in dev]
    best = max(
        (t / 100 for t in range(5, 96) if precision_recall(scored, t / 100)[0] >= 0.8),
        key=lambda t: (precision_recall(scored, t)[1], t),
    )
    print(
        f"DUPLICATE_THRESHOLD = {best} (dev: precision {precision_recall(scored, best)[0]:.2f}, "
        f"recall {precision_recall(scored, best)[1]:.2f})"
    )


def precision_recall(scores, threshold: float) -> tuple[float, float, float, int]:
    hits = [label for _split, label, score in scores if score >= threshold]
    duplicates = sum(1 for _s, label, _score in scores if label == "duplicate")
    true = hits.count("duplicate")
    related = hits.count("related")
    precision = true / len(hits) if hits else 1.0
    recall = true / duplicates if duplicates else 0.0
    return precision, recall, (true + related) / len(hits) if hits else 1.0, len(hits)


def quality() -> None:
    from zukunftswerkstatt.core import similarity

    scores = labelled_scores()
    print(f"labelled pairs: {len(scores)}; hint threshold {similarity.DUPLICATE_THRESHOLD}")
    for split in ("dev", "test"):
        part = [s for s in scores if s[0] == split]
        counts = {label: sum(1 for s in part if s[1] == label) for label in ("duplicate", "related", "unrelated")}
        print(f"\n{split}: {len(part)} pairs {counts}")
        print(f"{'threshold':>10} {'precision':>10} {'recall':>8} {'dup+related':>12} {'hints':>6}")
        for threshold in sorted({*THRESHOLDS, similarity.DUPLICATE_THRESHOLD}):
            precision, recall, loose, hints = precision_recall(part, threshold)
            mark = "  <- used" if threshold == similarity.DUPLICATE_THRESHOLD else ""
            print(f"{threshold:>10.2f} {precision:>10.2f} {recall:>8.2f} {loose:>12.2f} {hints:>6}{mark}")
    for label in ("duplicate", "related", "unrelated"):
        values = sorted(s[2] for s in scores if s[1] == label)
        print(f"median score of {label} pairs: {statistics.median(values):.2f}")


def speed(ideas: int, runs: int) -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from ideas import fill  # benchmarks/ideas.py

    from zukunftswerkstatt.ideas.models import Idea, SimilarityTerm
    from zukunftswerkstatt.ideas.similarity import duplicate_pairs, similar_ideas, similarity_rows

    pairs = read_tsv("pairs.tsv")
    themes = read_tsv("themes.tsv")
    pool = [(p["title_a"], p["text_a"]) for p in pairs] + [(p["title_b"], p["text_b"]) for p in pairs]
    pool += [(t["title"] or t["text"][:60], t["text"]) for t in themes]
    towns = ["Auerbach", "Falkenstein", "Rodewisch", "Ellefeld", "Rebesgrün", "Grünbach"]
    rng = random.Random(7)  # noqa: S311 - test data

    old_name = connection.settings_dict["NAME"]
    connection.settings_dict["TEST"]["NAME"] = f"benchmark_similarity_{os.getpid()}"
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        module, rows, _towns, _supports = fill(ideas=ideas, comments=0, supports=0, people=20)
        # Realistic texts: a labelled text, often with a sentence of another one and a town.
        for idea in rows:
            title, text = rng.choice(pool)
            if rng.random() < 0.5:
                text = f"{text} {rng.choice(pool)[1]}"
            if rng.random() < 0.5:
                text = f"{text} Das betrifft vor allem {rng.choice(towns)}."
            idea.title, idea.text = (title or text[:60])[:150], text
        Idea.objects.bulk_update(rows, ["title", "text"], batch_size=1000)
        started = time.perf_counter()
        terms = [row for idea in rows for row in similarity_rows(idea)]
        indexing = time.perf_counter() - started
        SimilarityTerm.objects.bulk_create(terms, batch_size=5000)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        print(
            f"\ndatabase: {connection.vendor}; {len(rows)} contributions, {len(terms)} index rows "
            f"({len(terms) / len(rows):.1f} per contribution); features {indexing / len(rows) * 1000:.2f} ms each; "
            f"load average {os.getloadavg()[0]:.1f}"
        )
        queries = [(p["title_a"], p["text_a"]) for p in pairs if p["split"] == "test"]
        similar_ideas(module=module, title=queries[0][0], text=queries[0][1])  # warm up
        timings, found, counts = [], [], set()
        for i in range(runs):
            title, text = queries[i % len(queries)]
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                result = similar_ideas(module=module, title=title, text=text)
                timings.append((time.perf_counter() - started) * 1000)
            counts.add(len(captured))
            found.append(len(result))
        timings.sort()
        p95 = timings[max(int(len(timings) * 0.95) - 1, 0)]
        print(
            f"hints for a new text among {len(rows)} contributions: median {statistics.median(timings):.1f} ms, "
            f"p95 {p95:.1f} ms, max {timings[-1]:.1f} ms; queries {sorted(counts)}; "
            f"hints shown (median) {statistics.median(found):.0f}"
        )
        # The moderators' overview of likely pairs, over the whole collection (features recomputed).
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            if os.environ.get("PROFILE_PAIRS"):
                import cProfile

                cProfile.runctx("duplicate_pairs(module=module)", globals(), locals(), sort="cumtime")
            pairs = duplicate_pairs(module=module)
            took = time.perf_counter() - started
        print(
            f"overview of likely duplicate pairs among {len(rows)} contributions: {took * 1000:.0f} ms, "
            f"{len(captured)} queries, {len(pairs)} pairs shown"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ideas", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--quality-only", action="store_true")
    parser.add_argument("--fit", action="store_true", help="fit the score's model on the dev pairs and stop")
    args = parser.parse_args()
    import django

    django.setup()
    if args.fit:
        fit()
        return
    quality()
    if not args.quality_only:
        speed(args.ideas, args.runs)


if __name__ == "__main__":
    main()
