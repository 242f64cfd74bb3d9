"""Themes: agreement with the labelled groups, and the time to compute themes for 500/1,000/2,000 items.

1. Agreement: the items of tests/similarity/data/themes.tsv (columns id, split, group, kind, title,
   text; cards and paper cards have no title) are clustered split by split. On the dev split every
   threshold of a grid is tried (`--tune`); the test split is measured with the threshold in
   themes/clustering.py. Items in no theme count as clusters of their own. Printed: the adjusted
   Rand index and the normalised mutual information (scikit-learn), the number of themes against
   the number of labelled groups, and how many items are in no theme.
2. Speed: realistic synthetic collections of 500, 1,000 and 2,000 items made from the TSV's texts
   with variation (words left out, spelling slips, sentences of two items of the same group joined, numbers and
   town names changed), clustered as the worker does (`clustering.cluster`: features, tf-idf,
   distances, clustering, words), one run each with empty word caches, after the German dictionary
   and scikit-learn were loaded (printed apart: a worker process pays it once).

    .venv/bin/python benchmarks/themes.py [--tune] [--data PATH]

Goal (issue 13): themes for 2,000 items in under 10 s in the task worker on a 2-core machine.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()

from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score  # noqa: E402

from zukunftswerkstatt.core import german  # noqa: E402
from zukunftswerkstatt.themes import clustering  # noqa: E402

DATA = ROOT / "tests" / "similarity" / "data" / "themes.tsv"
GRID = [0.85, 0.88, 0.9, 0.92, 0.93, 0.94, 0.95, 0.96, 0.97, 0.98]
SIZES = [500, 1000, 2000]
TOWNS = ["Auerbach", "Rodewisch", "Ellefeld", "Falkenstein", "Treuen", "Lengenfeld", "Reichenbach"]


def read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def agreement(rows: list[dict], threshold: float) -> dict:
    items = [clustering.Item(key=row["id"], title=row["title"], text=row["text"]) for row in rows]
    groups = clustering.cluster(items, threshold=threshold)
    label = {key: index for index, group in enumerate(groups) for key in group.keys}
    predicted = [label.get(row["id"], f"alone-{row['id']}") for row in rows]
    predicted_ids = {value: index for index, value in enumerate(dict.fromkeys(predicted))}
    truth = [row["group"] for row in rows]
    return {
        "ari": adjusted_rand_score(truth, [predicted_ids[p] for p in predicted]),
        "nmi": normalized_mutual_info_score(truth, [predicted_ids[p] for p in predicted]),
        "themes": len(groups),
        "groups": len(set(truth)),
        "alone": sum(1 for row in rows if row["id"] not in label),
        "items": len(rows),
    }


def _vary(text: str, rng: random.Random) -> str:
    words = text.split()
    if len(words) > 4:
        del words[rng.randrange(len(words))]
    if rng.random() < 0.2:  # a spelling slip: two letters swapped
        index = rng.randrange(len(words))
        word = words[index]
        if len(word) > 4:
            at = rng.randrange(1, len(word) - 2)
            words[index] = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    text = " ".join(words)
    for town in TOWNS:
        if town in text:
            text = text.replace(town, rng.choice(TOWNS))
    return text


def synthetic(rows: list[dict], size: int, seed: int = 13) -> list[clustering.Item]:
    """`size` items like a weekend's harvest: variations of the labelled texts, some joined with a
    sentence of another item of the same group."""
    rng = random.Random(seed)
    by_group: dict[str, list[dict]] = {}
    for row in rows:
        by_group.setdefault(row["group"], []).append(row)
    items = []
    for n in range(size):
        row = rng.choice(rows)
        text = _vary(row["text"], rng)
        if rng.random() < 0.3:
            text += " " + _vary(rng.choice(by_group[row["group"]])["text"], rng)
        if rng.random() < 0.2:
            text += f" Seit {rng.randint(2, 15)} Jahren."
        title = _vary(row["title"], rng) if row["title"] else ""
        items.append(clustering.Item(key=f"s{n}", title=title, text=text))
    return items


def _forget_words() -> None:
    """Empty the caches of word forms, so that each size pays for analysing its words."""
    for function in vars(german).values():
        if hasattr(function, "cache_clear") and function.cache_info().maxsize != 1:
            function.cache_clear()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tune", action="store_true", help="try the thresholds of a grid on the dev split")
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args()
    rows = read(args.data)
    dev = [row for row in rows if row["split"] == "dev"]
    test = [row for row in rows if row["split"] == "test"]
    started = time.perf_counter()
    clustering.cluster(synthetic(rows, 20))  # the German dictionary and scikit-learn load once per worker
    loading = time.perf_counter() - started
    print(f"loading the German dictionary and scikit-learn (once per worker process): {loading:.2f} s")

    if args.tune:
        print(f"dev split: {len(dev)} items, {len({r['group'] for r in dev})} groups")
        print("threshold    ARI    NMI  themes  in no theme")
        for threshold in GRID:
            r = agreement(dev, threshold)
            print(f"{threshold:9.2f}  {r['ari']:.3f}  {r['nmi']:.3f}  {r['themes']:6d}  {r['alone']:11d}")

    for name, split in (("dev", dev), ("test", test)):
        r = agreement(split, clustering.THRESHOLD)
        print(
            f"{name} split (threshold {clustering.THRESHOLD}): ARI {r['ari']:.3f}, NMI {r['nmi']:.3f}, "
            f"{r['themes']} themes for {r['groups']} labelled groups, {r['alone']} of {r['items']} items in no theme"
        )

    for size in SIZES:
        items = synthetic(rows, size)
        _forget_words()
        started = time.perf_counter()
        groups = clustering.cluster(items)
        seconds = time.perf_counter() - started
        print(f"{size:5d} items: {seconds:5.2f} s, {len(groups)} themes")


if __name__ == "__main__":
    main()
