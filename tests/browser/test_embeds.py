"""A box pasted into a plain HTML page of another website: it shows the running phase, takes the height
of its content, and passes axe (issue 16: "paste an embed into a plain HTML page")."""

from __future__ import annotations

import html
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import Client

from tests.browser.conftest import axe_violations, format_violations
from zukunftswerkstatt.processes.services import module_create

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_town_pastes_the_box_into_its_own_page(site, open_page, live_server, settings):
    settings.SITE_URL = live_server.url

    module_create(phase=site.process.phases.get(type="workshop"), type="ideas", title="Ideen", settings={})
    builder = (
        Client()
        .get(f"/embed/{site.organisation.slug}/{site.process.slug}/", HTTP_COOKIE="zw_language=en")
        .content.decode()
    )
    start = builder.index('id="snippet-iframe"')
    snippet = builder[builder.index(">", start) + 1 : builder.index("</textarea>", start)]
    snippet = html.unescape(snippet)
    assert snippet.startswith("<iframe")
    page = open_page()
    town_html = (
        '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Stadt Auerbach</title></head><body>'
        f"<h1>Bürgerbeteiligung in Auerbach</h1><p>Machen Sie mit:</p>{snippet}<p>Ende der Seite</p></body></html>"
    )
    # The town's page is served by a web server of its own (another origin). A real one on this
    # machine: Chromium keeps a page it believes public from framing a local address.
    server = town_server(town_html)
    try:
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/beteiligung.html")
        check_the_box(page, frame_locator=page.locator("iframe"), live_server=live_server)
    finally:
        server.shutdown()
    # Each box itself is accessible, at a desktop's width and a phone's.
    box = open_page()
    for widget in ("phase", "contributions", "events"):
        box.set_viewport_size({"width": 1280, "height": 800})
        box.goto(f"{live_server.url}/embed/{site.organisation.slug}/{site.process.slug}/{widget}/")
        violations = axe_violations(box)
        assert not violations, (widget, format_violations(violations))
        box.set_viewport_size({"width": 320, "height": 600})
        assert box.evaluate("() => document.documentElement.scrollWidth <= 320"), widget
        violations = axe_violations(box)
        assert not violations, (widget, format_violations(violations))


def town_server(body: str) -> ThreadingHTTPServer:
    class TownPage(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the standard library's name
            content = body.encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), TownPage)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def check_the_box(page, *, frame_locator, live_server) -> None:
    frame = frame_locator.content_frame
    frame.get_by_role("heading", name="Jetzt: Teil 3 von 5, Zukunftswerkstatt").wait_for()
    assert frame.get_by_role("link", name="Ihre Idee aufschreiben").get_attribute("target") == "_top"
    # The box reported its height and the town's page took it (no inner scroll bar, no empty space).
    page.wait_for_function(
        "() => { const f = document.querySelector('iframe'); return f.style.height !== '420px'; }", timeout=5000
    )
    inner = frame.locator("html").evaluate("h => Math.ceil(h.getBoundingClientRect().height)")
    outer = frame_locator.evaluate("f => f.getBoundingClientRect().height")
    assert abs(outer - inner) <= 2, (outer, inner)
    assert page.context.cookies(live_server.url) == []
