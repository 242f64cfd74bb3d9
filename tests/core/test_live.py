"""Live push (core/live.py, docs/live.md): tickets, publishing after commit, the stream view under
WSGI and ASGI, and the nudge travelling through a real Redis from a write to a stream.

Redis runs on 127.0.0.1:6379 on the development machines and in CI; without it (a newcomer's
laptop) the tests that need it are skipped, in CI they fail."""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import time
import uuid

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import AsyncClient
from django.urls import reverse

from zukunftswerkstatt.core import live

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def _redis_reachable() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def run(coroutine):
    """asyncio.run in a thread of its own: the browser tests' Playwright keeps a loop in this one."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


@pytest.fixture
def redis_url(settings):
    if not _redis_reachable():
        if os.environ.get("CI"):
            pytest.fail(f"Redis is not reachable at {REDIS_URL}; CI has it on 127.0.0.1:6379")
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    settings.LIVE_REDIS_URL = REDIS_URL
    live._client = None
    yield REDIS_URL
    live._client = None


@pytest.fixture(autouse=True)
def _no_limits_left_over():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def channel() -> str:
    """A channel no other test (nor another CI run on the same Redis) listens to."""
    return f"test:{uuid.uuid4().hex}"


def test_a_ticket_names_its_channel_and_cannot_be_forged(settings):
    ticket = live.ticket("workshop:7")
    assert live.channel_for(ticket) == "workshop:7"
    _payload, rest = ticket.split(":", 1)
    other = live.ticket("workshop:8").split(":", 1)[0]
    assert live.channel_for(f"{other}:{rest}") is None
    assert live.channel_for(live.ticket("workshop:7")[:-2] + "xx") is None
    settings.LIVE_TICKET_HOURS = 0
    assert live.channel_for(ticket) is None


def test_without_redis_nothing_is_published_and_the_stream_says_no_push(client, settings, monkeypatch):
    settings.LIVE_REDIS_URL = ""
    sent = []
    monkeypatch.setattr(live, "_redis", lambda: sent.append("connected"))
    live.publish("workshop:1")
    live.announce("workshop:1")
    assert sent == []
    response = client.get(reverse("live_stream", args=[live.ticket("workshop:1")]))
    # 204: the browser's EventSource stops asking, the page polls.
    assert response.status_code == 204


@pytest.mark.django_db
def test_a_forged_ticket_is_not_found(client, settings):
    settings.LIVE_REDIS_URL = REDIS_URL
    assert client.get(reverse("live_stream", args=["workshop:1"])).status_code == 404


def test_a_production_wsgi_server_does_not_hold_streams(client, settings):
    """Under gunicorn's sync workers a stream would hold a whole worker: refused, the page polls."""
    settings.LIVE_REDIS_URL = REDIS_URL
    settings.LIVE_PUSH_WSGI = False
    response = client.get(reverse("live_stream", args=[live.ticket("workshop:1")]))
    assert response.status_code == 204


def test_streams_are_rate_limited_per_address(client, settings):
    settings.LIVE_REDIS_URL = REDIS_URL
    settings.LIVE_PUSH_WSGI = False
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "live.stream:ip": "2/m"}
    url = reverse("live_stream", args=[live.ticket("workshop:1")])
    assert [client.get(url).status_code for _ in range(3)] == [204, 204, 429]


@pytest.mark.django_db
def test_a_nudge_is_sent_only_when_the_transaction_commits(settings, monkeypatch, django_capture_on_commit_callbacks):
    settings.LIVE_REDIS_URL = REDIS_URL
    published = []
    monkeypatch.setattr(live, "publish", published.append)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        live.announce("workshop:1")
        assert published == []
    assert published == ["workshop:1"]
    published.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                live.announce("workshop:2")
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
    assert callbacks == []
    assert published == []


def test_a_write_goes_on_when_redis_is_away(settings, caplog):
    """Publishing never fails the write: the nudge is lost and logged, the pages' polls catch up."""
    settings.LIVE_REDIS_URL = "redis://127.0.0.1:1/0"
    live._client = None
    tried = []
    real = live._redis
    try:
        live.publish("workshop:1")
        assert "could not publish on workshop:1" in caplog.text
        # The next writes do not wait for Redis again for a few seconds.
        live._redis = lambda: tried.append(1) or real()
        started = time.monotonic()
        for _n in range(20):
            live.publish("workshop:1")
        assert time.monotonic() - started < 0.1
        assert tried == []
    finally:
        live._redis = real
        live._client = None
        live._paused_until = 0.0


def test_a_stream_ends_quietly_when_redis_is_away(settings, caplog):
    """The browser connects again after two seconds and polls meanwhile."""
    settings.LIVE_REDIS_URL = "redis://127.0.0.1:1/0"

    async def read() -> list[bytes]:
        return [chunk async for chunk in live.stream("workshop:1")]

    assert run(read()) == []
    assert "Redis lost while streaming workshop:1" in caplog.text


def test_a_nudge_travels_through_redis_to_an_open_stream(redis_url, channel):
    async def listen() -> list[bytes]:
        stream = live.stream(channel)
        received = [await anext(stream)]  # subscribed: "ready"
        await asyncio.to_thread(live.publish, channel)
        while len(received) < 3:
            chunk = await asyncio.wait_for(anext(stream), timeout=5)
            if chunk != live.HEARTBEAT:
                received.append(chunk)
            if chunk == live.NUDGE and len(received) == 2:
                await asyncio.to_thread(live.publish, channel)
        await stream.aclose()
        return received

    received = run(listen())
    assert received == [live.OPENING, live.NUDGE, live.NUDGE]
    assert b"retry: 2000" in live.OPENING
    assert b"event: ready" in live.OPENING


def test_another_channel_s_nudge_does_not_arrive(redis_url, channel):
    async def listen() -> bytes | None:
        stream = live.stream(channel)
        await anext(stream)
        await asyncio.to_thread(live.publish, channel + ":other")
        try:
            while True:
                chunk = await asyncio.wait_for(anext(stream), timeout=1)
                if chunk != live.HEARTBEAT:
                    return chunk
        except TimeoutError:
            return None
        finally:
            await stream.aclose()

    assert run(listen()) is None


@pytest.mark.django_db
def test_the_stream_view_streams_under_asgi(redis_url, channel):
    """The view as uvicorn runs it: text/event-stream, no caching, no buffering in nginx."""

    async def open_stream():
        response = await AsyncClient().get(reverse("live_stream", args=[live.ticket(channel)]))
        chunks = aiter(response.streaming_content)
        first = await anext(chunks)
        await asyncio.to_thread(live.publish, channel)
        second = await asyncio.wait_for(anext(chunks), timeout=5)
        while second == live.HEARTBEAT:
            second = await asyncio.wait_for(anext(chunks), timeout=5)
        await response.streaming_content.aclose() if hasattr(response.streaming_content, "aclose") else None
        return response, first, second

    response, first, second = run(open_stream())
    assert response.status_code == 200
    assert response["Content-Type"] == "text/event-stream"
    assert response["X-Accel-Buffering"] == "no"
    assert "no-cache" in response["Cache-Control"]
    assert (first, second) == (live.OPENING, live.NUDGE)


def test_the_development_server_streams_for_a_while_then_lets_the_browser_reconnect(redis_url, channel, settings):
    settings.LIVE_PUSH_WSGI_SECONDS = 1
    chunks = list(live.stream_sync(channel, 1))
    assert chunks[0] == live.OPENING
    assert set(chunks[1:]) <= {live.HEARTBEAT}
