"""Real parallel transactions for race tests (PostgreSQL only: SQLite serialises all writes)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

# Mark a test module with this: it needs real transactions in separate connections.
postgresql_races = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises all writes; nothing to race"),
    pytest.mark.django_db(transaction=True),
]


def at_once(work, arguments: list) -> list[BaseException]:
    """Run work(argument) in one thread (and one database connection) each, released together."""
    barrier = threading.Barrier(len(arguments))
    errors: list[BaseException] = []

    def run(argument):
        try:
            barrier.wait(timeout=10)
            work(argument)
        except BaseException as error:  # reported to the test that called us
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(argument,)) for argument in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return errors
