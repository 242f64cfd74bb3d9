"""Sanity checks for the hand-written similarity evaluation set in tests/similarity/data.

Pure file checks: no database, no project code. They keep the measurement set well-formed
(columns, counts, splits) and free of accidental copies between the two files.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
PAIRS_HEADER = ["id", "split", "label", "title_a", "text_a", "title_b", "text_b"]
THEMES_HEADER = ["id", "split", "group", "kind", "title", "text"]
LABELS = {"duplicate", "related", "unrelated"}
SPLITS = {"dev", "test"}
KINDS = {"contribution", "card", "paper"}


def _read(name: str) -> tuple[list[str], list[list[str]]]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    return rows[0], rows[1:]


@pytest.fixture(scope="module")
def pairs() -> list[dict[str, str]]:
    header, rows = _read("pairs.tsv")
    assert header == PAIRS_HEADER
    for row in rows:
        assert len(row) == len(PAIRS_HEADER), row  # a tab or newline inside a field breaks this
    return [dict(zip(header, row, strict=True)) for row in rows]


@pytest.fixture(scope="module")
def themes() -> list[dict[str, str]]:
    header, rows = _read("themes.tsv")
    assert header == THEMES_HEADER
    for row in rows:
        assert len(row) == len(THEMES_HEADER), row
    return [dict(zip(header, row, strict=True)) for row in rows]


def test_pairs_counts_and_labels(pairs):
    assert len(pairs) >= 330
    assert {p["label"] for p in pairs} == LABELS
    assert {p["split"] for p in pairs} == SPLITS
    per_label = Counter(p["label"] for p in pairs)
    for label in LABELS:
        assert per_label[label] >= 100, per_label
        assert {p["split"] for p in pairs if p["label"] == label} == SPLITS


def test_pairs_ids_and_texts(pairs):
    ids = [p["id"] for p in pairs]
    assert len(ids) == len(set(ids))
    for p in pairs:
        for field in ("text_a", "text_b"):
            assert p[field].strip(), (p["id"], field)
            assert p[field] == p[field].strip(), (p["id"], field)


def test_themes_counts_groups_and_kinds(themes):
    assert len(themes) >= 240
    ids = [t["id"] for t in themes]
    assert len(ids) == len(set(ids))
    assert {t["kind"] for t in themes} <= KINDS
    assert {t["split"] for t in themes} == SPLITS
    for t in themes:
        assert t["text"].strip(), t["id"]
        assert t["group"].strip(), t["id"]
        if t["kind"] != "contribution":
            assert t["title"] == "", t["id"]  # cards and paper cards have no title
    sizes = Counter(t["group"] for t in themes)
    assert sum(1 for n in sizes.values() if n >= 3) >= 20
    splits_per_group = defaultdict(set)
    for t in themes:
        splits_per_group[t["group"]].add(t["split"])
    assert all(len(s) == 1 for s in splits_per_group.values()), splits_per_group


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def test_no_text_reused_across_files(pairs, themes):
    """A text occurs once in the whole set, except both halves of a near-identical duplicate pair."""
    where = defaultdict(list)
    for p in pairs:
        where[_norm(p["text_a"])].append(p["id"])
        where[_norm(p["text_b"])].append(p["id"])
    for t in themes:
        where[_norm(t["text"])].append(t["id"])
    labels = {p["id"]: p["label"] for p in pairs}
    for text, places in where.items():
        if len(places) == 1:
            continue
        assert len(places) == 2, (text, places)
        assert places[0] == places[1], (text, places)
        assert labels.get(places[0]) == "duplicate", (text, places)
