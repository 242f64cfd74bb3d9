"""The review report's own states became those of every built document (progress 0002): rows made
before it are migrated, on SQLite and on PostgreSQL (DATABASE_URL=postgres://… pytest this file)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("progress", "0001_initial")]
AFTER = [("progress", "0002_document_lease")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_review_reports_keep_their_state_as_a_document_status(process, org_admin):
    old = migrate(BEFORE)
    round_ = old.get_model("progress", "ReviewRound").objects.create(
        process_id=process.pk,
        title="Zwischenbilanz 2026",
        opens_at=timezone.now() - dt.timedelta(days=30),
        closes_at=timezone.now() - dt.timedelta(days=1),
    )
    report = old.get_model("progress", "ReviewReport").objects
    ready = report.create(review_round=round_, state="ready", file="review-reports/2026/a.pdf")
    pending = report.create(review_round=round_, state="pending")
    failed = report.create(review_round=round_, state="failed", error="Pango missing")
    try:
        new = migrate(AFTER)
        rows = {row.pk: row for row in new.get_model("progress", "ReviewReport").objects.all()}
        assert (rows[ready.pk].status, rows[ready.pk].file.name) == ("done", "review-reports/2026/a.pdf")
        assert rows[ready.pk].finished_at is not None
        assert (rows[pending.pk].status, rows[pending.pk].finished_at) == ("pending", None)
        assert (rows[failed.pk].status, rows[failed.pk].error) == ("failed", "Pango missing")
        assert {row.attempts for row in rows.values()} == {0}
        assert {row.lease_until for row in rows.values()} == {None}

        back = migrate(BEFORE)  # and back again: "done" is "ready", a running build waits
        states = dict(back.get_model("progress", "ReviewReport").objects.values_list("pk", "state"))
        assert states == {ready.pk: "ready", pending.pk: "pending", failed.pk: "failed"}
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
