"""django-mailer's tables hold every mail in full: `Message` (the queue, until it is sent) and
`MessageLog` (each attempt, with the whole message). They are kept only as long as they help to
answer "did my mail go out?" (MAIL_LOG_RETENTION_DAYS, `manage.py purge_mail_log`), and a person's
mails go at once when their account is deleted or a guest's address is purged (docs/privacy.md).

The message is stored pickled (and base64-encoded), so an address cannot be found with SQL:
`mail_log_forget` reads each row once and looks for the address in the decoded bytes, without
unpickling. The log is bounded by its retention (a month of mails), so this stays a matter of
seconds even for a busy installation, and it runs only on deletion.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import re
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from mailer.models import Message, MessageLog

BATCH = 500


def _pattern(addresses: set[str]) -> re.Pattern[bytes]:
    """The addresses as whole addresses: "anna@example.org" must not match "johanna@example.org"."""
    alternatives = b"|".join(re.escape(address.encode()) for address in sorted(addresses))
    return re.compile(rb"(?<![\w.%+-])(?:" + alternatives + rb")(?![\w-]|\.\w)", re.IGNORECASE)


def _raw(message_data: str) -> bytes:
    """The pickled message as bytes. Python pickles each string (recipients, reply-to, subject, text,
    HTML part) as UTF-8, so an address can be found in them without unpickling anything."""
    data = message_data.encode("ascii", errors="ignore")
    try:
        return base64.decodebytes(data)
    except (binascii.Error, ValueError):  # django-mailer's old rows: the pickle itself
        return message_data.encode("utf-8", errors="ignore")


def _mentions(message_data: str | None, pattern: re.Pattern[bytes]) -> bool:
    """Whether a stored mail was sent to, copied to, answered to, or names one of the addresses
    (a help offer passes the helper's address on in its text)."""
    if not message_data:
        return False
    return pattern.search(_raw(message_data)) is not None


def _matching_ids(queryset, pattern: re.Pattern[bytes]) -> list[int]:
    found = []
    for pk, message_data in queryset.values_list("pk", "message_data").iterator(chunk_size=BATCH):
        if _mentions(message_data, pattern):
            found.append(pk)
    return found


@transaction.atomic
def mail_log_forget(*, addresses: Iterable[str], queued: bool = True) -> int:
    """Delete every logged mail, and with `queued` every unsent mail, to or about these addresses.

    On account deletion unsent mails go too: a mail to a deleted account must not leave after the
    deletion. A guest's address purged from a contribution or a registration may still be used
    elsewhere (another contribution, an account), so there only the log of sent mails goes."""
    wanted = {address.strip().casefold() for address in addresses if address and address.strip()}
    if not wanted:
        return 0
    pattern = _pattern(wanted)
    log_ids = _matching_ids(MessageLog.objects.all(), pattern)
    queue_ids = _matching_ids(Message.objects.all(), pattern) if queued else []
    deleted = 0
    for start in range(0, len(log_ids), BATCH):
        deleted += MessageLog.objects.filter(pk__in=log_ids[start : start + BATCH]).delete()[0]
    for start in range(0, len(queue_ids), BATCH):
        deleted += Message.objects.filter(pk__in=queue_ids[start : start + BATCH]).delete()[0]
    return deleted


def mail_log_purge(*, days: int | None = None, now: dt.datetime | None = None) -> int:
    """Delete log entries of mails attempted more than `days` ago (default MAIL_LOG_RETENTION_DAYS),
    whatever their result; the queue of unsent mails is left alone. Idempotent."""
    days = settings.MAIL_LOG_RETENTION_DAYS if days is None else days
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    deleted, _ = MessageLog.objects.filter(when_attempted__lt=cutoff).delete()
    return deleted
