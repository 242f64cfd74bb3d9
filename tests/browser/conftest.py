"""Browser tests: Playwright in Debian's Chromium against pytest-django's live server.

Every test in this folder is marked `browser` (`make test-fast` leaves them out). When
/usr/bin/chromium is missing they are skipped on a developer's machine and fail in CI (tests/ci.py).
Playwright's own browser downloads are never used.

Every page a test opens is watched for what the Content-Security-Policy blocks (and for code htmx
was asked to evaluate): a test that met any fails, naming the page and the directive.
"""

from __future__ import annotations

import base64
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tests.ci import when_tool_missing
from tests.factories import ModuleFactory
from zukunftswerkstatt.core.services import organisation_add_defaults

CHROMIUM = Path("/usr/bin/chromium")
HERE = Path(__file__).resolve().parent
AXE_SCRIPT = HERE / "vendor" / "axe.min.js"
# Evaluated through the DevTools protocol: a <script> element with axe inside would be blocked by
# the page's Content-Security-Policy (and be reported as a violation).
AXE_SOURCE = AXE_SCRIPT.read_text(encoding="utf-8")
SHOTS = Path("/tmp/shots")  # noqa: S108 - pictures for a person to look at, never in the repository

# The map tile stub: every tile is one beige pixel, stretched by Leaflet. No test loads real tiles.
TILE_STUB_PATTERN = "https://tiles.test.invalid/**"
TILE_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGN48+IOAAV0ArH/+7jpAAAAAElFTkSuQmCC"
)

# WCAG 2.0 and 2.1, levels A and AA, plus axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
FAILING_IMPACTS = {"serious", "critical"}
MAX_NODES_LISTED = 8

DESKTOP = {"width": 1280, "height": 900}
# 1280 px at 400 % zoom: WCAG 1.4.10 (reflow) asks for no horizontal scrolling at this width.
NARROW = {"width": 320, "height": 640}


CHROMIUM_MISSING = f"browser tests need Chromium at {CHROMIUM} (Debian: apt-get install chromium)"


def chromium_missing(chromium: Path = CHROMIUM, environ: Mapping[str, str] = os.environ) -> str | None:
    """None when Chromium is there; else what the browser tests do: "skip", or "fail" in CI."""
    return None if chromium.exists() else when_tool_missing(environ)


def _in_this_folder(item) -> bool:
    return HERE in Path(item.path).resolve().parents


def pytest_collection_modifyitems(config, items):
    skip = pytest.mark.skip(reason=CHROMIUM_MISSING)
    for item in items:
        if not _in_this_folder(item):
            continue
        item.add_marker(pytest.mark.browser)
        if chromium_missing() == "skip":
            item.add_marker(skip)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """In CI a missing Chromium fails every browser test, before Playwright tries to start it."""
    if _in_this_folder(item) and chromium_missing() == "fail":
        pytest.fail(f"Chromium is missing in CI: {CHROMIUM_MISSING}; .ci/run installs it", pytrace=False)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": DESKTOP, "locale": "de-DE", "timezone_id": "Europe/Berlin"}


# Runs in every document before the page's own scripts: what the policy blocks is kept on the page
# (window.__cspViolations) and handed to the test through a binding, across navigations.
CSP_WATCH_SCRIPT = """(() => {
    window.__cspViolations = [];
    const record = entry => {
        entry.page = location.pathname + location.search;
        window.__cspViolations.push(entry);
        if (window.__zwCspViolation) window.__zwCspViolation(entry);
    };
    document.addEventListener("securitypolicyviolation", event => {
        // axe itself copies stylesheets it cannot read through the CSSOM (those with @import, as in
        // Django's admin) into <style> elements to check them; that is the test tool, not the page.
        if (window.__zwAxeRunning && event.effectiveDirective === "style-src-elem" && !event.sourceFile) return;
        record({
            directive: event.effectiveDirective, blocked: event.blockedURI, source: event.sourceFile,
            line: event.lineNumber, sample: event.sample,
        });
    });
    // htmx's allowEval is off (base.html): hx-on, trigger filters and js: values would silently do nothing.
    document.addEventListener("htmx:evalDisallowedError", () => record({
        directive: "htmx allowEval=false", blocked: "eval", source: "", line: 0, sample: "",
    }));
})();"""


def watch_csp(context) -> list[dict]:
    """Collect everything the Content-Security-Policy blocks in this browser context, on any page."""
    violations: list[dict] = []
    context.expose_binding("__zwCspViolation", lambda source, entry: violations.append(entry))
    context.add_init_script(CSP_WATCH_SCRIPT)
    return violations


def format_csp_violations(violations: Iterable[dict]) -> str:
    lines = []
    for entry in violations:
        where = f" ({entry['source']}:{entry['line']})" if entry.get("source") else ""
        sample = f" {entry['sample']!r}" if entry.get("sample") else ""
        lines.append(f"- {entry['page']}: {entry['directive']} blocked {entry['blocked'] or '?'}{where}{sample}")
    return "\n".join(lines)


def assert_no_csp_violations(violations: list[dict]) -> None:
    assert not violations, "The Content-Security-Policy blocked something:\n" + format_csp_violations(violations)


def stub_tiles(context) -> None:
    """Answer the map's tile requests (settings.MAP_TILE_URL in tests) from here, never the internet."""
    context.route(TILE_STUB_PATTERN, lambda route: route.fulfill(status=200, content_type="image/png", body=TILE_PNG))


@pytest.fixture(autouse=True)
def _browser_test_state(page):
    """Fresh rate limits and mailbox for each test; short timeouts so that a broken page fails fast;
    no test may meet a page whose Content-Security-Policy blocks something."""
    cache.clear()
    mail.outbox = []
    stub_tiles(page.context)
    violations = watch_csp(page.context)
    page.set_default_timeout(10_000)
    page.set_default_navigation_timeout(15_000)
    yield
    assert_no_csp_violations(violations)


# --- helpers -------------------------------------------------------------------------------------


def node_target(node: dict) -> str:
    return " ".join(str(part) for part in node["target"])


def format_violations(violations: Iterable[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} – {violation['helpUrl']}")
        nodes = violation["nodes"]
        for node in nodes[:MAX_NODES_LISTED]:
            # axe's summary is "Fix any/all of the following:" and the checks that failed; the first says most.
            summary = ((node.get("failureSummary") or "").splitlines()[1:2] or [""])[0].strip()
            lines.append(f"    at {node_target(node)}: {summary}")
        if len(nodes) > MAX_NODES_LISTED:
            lines.append(f"    … and {len(nodes) - MAX_NODES_LISTED} more")
    return "\n".join(lines)


def axe_violations(page, *, exclude: Iterable[str] = ()) -> list[dict]:
    """Run axe-core on the page as it is now; return the violations of impact serious or critical."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)
    context = {"exclude": [[selector] for selector in exclude]} if exclude else None
    results = page.evaluate(
        """async ([context, tags]) => {
            const options = {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]};
            window.__zwAxeRunning = true;
            let result;
            try {
                result = context ? await axe.run(context, options) : await axe.run(document, options);
            } finally {
                window.__zwAxeRunning = false;
            }
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({target: n.target, html: n.html, failureSummary: n.failureSummary})),
            }));
        }""",
        [context, AXE_TAGS],
    )
    return [violation for violation in results if violation["impact"] in FAILING_IMPACTS]


def assert_accessible(page, *, exclude: Iterable[str] = ()) -> None:
    """Fail with rule, impact, help and the offending nodes for every serious or critical axe violation."""
    violations = axe_violations(page, exclude=exclude)
    assert not violations, f"axe found accessibility problems on {page.url}:\n{format_violations(violations)}"


def assert_no_horizontal_scrolling(page) -> None:
    overflow = page.evaluate(
        """() => {
            const width = window.innerWidth;
            // Elements that stick out of the window, or whose own content (a long word) sticks out of them.
            const wide = [...document.querySelectorAll("body *")]
                .filter(el => el.getClientRects().length)
                .filter(el => el.getBoundingClientRect().right > width + 1 || el.scrollWidth > el.clientWidth + 1)
                .slice(-5)
                .map(el => el.tagName.toLowerCase() + (el.className ? "." + String(el.className).split(" ")[0] : ""));
            return {scrollWidth: document.documentElement.scrollWidth, innerWidth: width, wide};
        }"""
    )
    assert overflow["scrollWidth"] <= overflow["innerWidth"] + 1, (
        f"{page.url} scrolls horizontally at {overflow['innerWidth']} px: "
        f"content is {overflow['scrollWidth']} px wide; too wide: {overflow['wide']}"
    )


def screenshot(page, name: str) -> None:
    """Keep a picture of the page for a person to look at (outside the repository)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def check_page(page, name: str) -> None:
    """axe at desktop width, then reflow and axe again at 320 px; the page is left at desktop width."""
    page.set_viewport_size(DESKTOP)
    screenshot(page, name)
    assert_accessible(page)
    page.set_viewport_size(NARROW)
    screenshot(page, f"{name}-320")
    assert_no_horizontal_scrolling(page)
    assert_accessible(page)
    page.set_viewport_size(DESKTOP)


def link_from_mail(message, pattern: str = r"https?://\S+") -> str:
    match = re.search(pattern, message.body)
    assert match, f"no link in the e-mail {message.subject!r}:\n{message.body}"
    return match.group(0)


def login(page, live_server, email: str, password: str) -> None:
    page.goto(live_server.url + reverse("account_login"))
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()


def log_in_as(context, live_server, user) -> None:
    """Give the browser context a logged-in session for `user`, without going through the login form."""
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}])


@pytest.fixture
def open_page(browser, browser_context_args, live_server):
    """A page in a browser context of its own, one per person: `open_page(user)`, `open_page()` for
    someone without an account; extra arguments go to the context (`java_script_enabled=False`)."""
    contexts, violations = [], []

    def open_page(user=None, **context_args):
        context = browser.new_context(**{**browser_context_args, **context_args})
        contexts.append(context)
        stub_tiles(context)
        violations.append(watch_csp(context))
        if user is not None:
            log_in_as(context, live_server, user)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.set_default_navigation_timeout(15_000)
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert_no_csp_violations([entry for found in violations for entry in found])


@pytest.fixture
def site(organisation, process, town_a, town_b):
    """The shared cast's organisation with its legal pages, the five-phase process and one information page."""
    organisation_add_defaults(organisation=organisation)
    organisation.description = (
        "Vier Städte im Göltzschtal gestalten gemeinsam, wie man hier in Zukunft gut leben kann – in jedem Alter."
    )
    organisation.contact_name = "Koordinierungsstelle Städteverbund"
    organisation.contact_hours = "Di 9–12 und 13–18 Uhr\nDo 9–12 Uhr"
    organisation.save()
    process.description = "Wie bleiben unsere Städte attraktiv für alle Generationen? Reden Sie mit."
    process.save()
    workshop = process.phases.get(type="workshop")
    module = ModuleFactory(
        phase=workshop,
        title="So funktioniert die Zukunftswerkstatt",
        description=(
            "Die Zukunftswerkstatt hat drei Schritte: Kritik, Vision und Umsetzung.\n\n"
            "Mehr dazu: https://www.zukunftswerkstatt-kommunen.de/ und per Telefon."
        ),
    )
    return SimpleNamespace(organisation=organisation, process=process, phases=list(process.phases.all()), module=module)
