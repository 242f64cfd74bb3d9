"""Live push: tell open pages at once that something they show has changed (issue 17, docs/live.md).

The pages that change while people look at them (the workshop wall, the phones, the moderator's
console) poll their fragment every few seconds. With push switched on (`LIVE_REDIS_URL`), every
write that changes such a page publishes a *nudge* on a Redis channel after its transaction has
committed, and each open page holds one server-sent-events stream on which the nudge arrives; the
page then fetches its fragment at once, through the same view a poll uses. So push only shortens
the wait: what a page shows, and who may see it, is decided by the fragment views as before, and
the nudge itself carries nothing but "changed".

- Redis is the message bus, so a write on one application server reaches a page streaming from
  another. Without Redis nothing is published and pages poll (`make run`, SQLite).
- A stream is opened with a *ticket*: the channel's name, signed by the page that was allowed to
  show it, valid for `LIVE_TICKET_HOURS`. The stream view checks the signature, not the database.
- Streams are meant for an ASGI server (uvicorn, `config.asgi`), where an open stream costs a few
  kilobytes and no thread. Under WSGI a stream would hold a whole worker, so there it is refused
  with 204 (the browser's EventSource then stops trying and the page polls) unless
  `LIVE_PUSH_WSGI` is on (the development server and the tests, which have threads to spare).
- Publishing never fails a write: if Redis is away, the nudge is lost, the error logged, and the
  pages see the change at their next poll.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Iterator
from functools import partial

from django.conf import settings
from django.core import signing
from django.db import transaction

logger = logging.getLogger(__name__)

SALT = "zukunftswerkstatt.live"
PREFIX = "zw:live:"
# The browser's EventSource waits this long before it connects again after a lost stream.
RETRY_MS = 2000
# A "ping" every so often keeps proxies and phones from closing a quiet stream, lets the server
# notice a visitor who has gone, and lets the page notice a stream that died without a word (a phone
# that lost its network keeps a dead connection "open" for minutes): live.js connects again when it
# has heard nothing for a while.
HEARTBEAT_SECONDS = 15

_client = None
# After a failed publish, the next ones are skipped for this long, so that a Redis that is away (or
# a network that swallows packets) does not slow every write down by the connection timeout.
PAUSE_AFTER_FAILURE_SECONDS = 5.0
_paused_until = 0.0


def enabled() -> bool:
    return bool(settings.LIVE_REDIS_URL)


def _redis():
    global _client  # noqa: PLW0603 - one connection pool per process, made on first use
    if _client is None:
        import redis

        _client = redis.Redis.from_url(settings.LIVE_REDIS_URL, socket_timeout=0.5, socket_connect_timeout=0.5)
    return _client


def publish(channel: str) -> None:
    """Nudge every page streaming `channel` (now; use `announce` inside a transaction)."""
    global _paused_until  # noqa: PLW0603
    if not enabled() or time.monotonic() < _paused_until:
        return
    try:
        _redis().publish(PREFIX + channel, b"changed")
    except Exception:  # noqa: BLE001 - push is best effort; the pages' polling catches up
        _paused_until = time.monotonic() + PAUSE_AFTER_FAILURE_SECONDS
        logger.warning("Live push: could not publish on %s", channel, exc_info=True)


def announce(channel: str) -> None:
    """Nudge `channel` once the current transaction has committed (at once outside a transaction)."""
    if enabled():
        transaction.on_commit(partial(publish, channel))


def ticket(channel: str) -> str:
    return signing.dumps(channel, salt=SALT, compress=False)


def channel_for(ticket_text: str) -> str | None:
    try:
        return signing.loads(ticket_text, salt=SALT, max_age=settings.LIVE_TICKET_HOURS * 3600)
    except signing.BadSignature:
        return None


def _event(name: str, data: str = "") -> bytes:
    return f"event: {name}\ndata: {data}\n\n".encode()


OPENING = f"retry: {RETRY_MS}\n\n".encode() + _event("ready")
NUDGE = _event("changed")
HEARTBEAT = _event("ping")


async def stream(channel: str) -> AsyncIterator[bytes]:
    """The stream an ASGI server sends: `ready` once subscribed, then `changed` on every nudge.

    The page fetches its fragment on `ready` too, so a page that was offline for a while (and so
    missed nudges) catches up as soon as its stream is back."""
    import redis.asyncio

    client = redis.asyncio.Redis.from_url(settings.LIVE_REDIS_URL)
    pubsub = client.pubsub()
    try:
        await pubsub.subscribe(PREFIX + channel)
        yield OPENING
        while True:
            message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=HEARTBEAT_SECONDS)
            yield NUDGE if message is not None else HEARTBEAT
    except redis.RedisError:
        # Redis went away: the stream ends, the browser connects again after RETRY_MS (and polls
        # meanwhile); once Redis is back, the new stream subscribes again.
        logger.warning("Live push: Redis lost while streaming %s", channel, exc_info=True)
    finally:
        # Runs when the visitor goes (Django cancels the response) and when the server stops.
        await asyncio.shield(_close(pubsub, client))


async def _close(pubsub, client) -> None:
    try:
        await pubsub.aclose()
        await client.aclose()
    except Exception:  # noqa: BLE001 - the connection may be gone already
        logger.debug("Live push: closing a stream's Redis connection failed", exc_info=True)


def stream_sync(channel: str, seconds: float) -> Iterator[bytes]:
    """The same stream for a threaded WSGI server (development, tests), ending after `seconds`
    so that a thread is not held for ever; the browser connects again after RETRY_MS."""
    import redis

    client = redis.Redis.from_url(settings.LIVE_REDIS_URL)
    pubsub = client.pubsub()
    try:
        pubsub.subscribe(PREFIX + channel)
        yield OPENING
        ends = time.monotonic() + seconds
        while (left := ends - time.monotonic()) > 0:
            message = pubsub.get_message(ignore_subscribe_messages=True, timeout=min(HEARTBEAT_SECONDS, left))
            if message is not None:
                yield NUDGE
            elif time.monotonic() < ends:
                yield HEARTBEAT
    finally:
        pubsub.close()
        client.close()
