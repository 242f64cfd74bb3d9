"""Every page of the platform, filled with the longest text people may type, on a 320 px phone.

The demo is loaded, then every text field a person can fill is stretched to its longest allowed
value as one unbroken token (a 150-character "word" in an idea title, a 200-character town name, a
500-character link). The pages are collected generically: a crawler follows every link and form
from the start page and from every URL pattern that needs no arguments, for a visitor without an
account, for a participant and for the coordinating staff; links in the e-mails the demo sent
(cancel links, consent links) are followed too. Every named URL pattern must be reached that way
or be listed in SKIPPED with a reason, so a new page cannot slip past.

Each page (one or two per URL pattern and person) is then opened in Chromium and must:
- not be wider than the window at 320 px (WCAG 1.4.10: 1280 px at 400 % zoom), whatever people typed;
- pass axe-core (WCAG 2.1 A/AA, serious and critical; landmark and region rules at any impact) at
  1280 px and at 320 px;
- not print a doubled full stop after a name that ends in one ("Auerbach/Vogtl..");
- have nothing blocked by the Content-Security-Policy (an inline script, style attribute or event
  handler, an image from a foreign host, code htmx was asked to evaluate), while loading, at both
  widths and while axe runs.

The failure message names the page, the person and the element that sticks out.
"""

from __future__ import annotations

import re
import time
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.apps import apps
from django.core import mail
from django.db import models
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import Resolver404
from django.utils import timezone

from tests.browser.conftest import (
    AXE_SOURCE,
    DESKTOP,
    NARROW,
    format_csp_violations,
    format_violations,
    stub_tiles,
    watch_csp,
)
from zukunftswerkstatt.accounts.models import Role, User
from zukunftswerkstatt.demo.services import demo_load
from zukunftswerkstatt.processes.models import Module, Phase
from zukunftswerkstatt.processes.registry import registry
from zukunftswerkstatt.processes.services import module_create
from zukunftswerkstatt.workshops.models import Step, WorkshopSession
from zukunftswerkstatt.workshops.services import session_set_step

# --- the longest allowed text --------------------------------------------------------------------

# A German compound repeated without a break: hyphenation cannot help, only wrapping anywhere can.
WORD = "Seniorenbegegnungsstättenförderverein"
# Text fields without a length limit get this long a token: anything wider than a phone shows the
# problem, and ten thousand characters would only make the pages slow.
TEXT_TOKEN_LENGTH = 1000
# Technical values, not text a person types (or used to find an object): left as they are.
TECHNICAL_NAME_PARTS = ("password", "token", "hash", "nonce", "key", "search")
TECHNICAL_NAMES = {"ags", "code", "language", "error", "file_name_on_disk"}


def long_token(length: int, *, unique: str) -> str:
    """One unbroken word of exactly `length` characters, ending in a full stop as "Vogtl." does."""
    body = unique + WORD * (length // len(WORD) + 1)
    return body[: length - 1] + "."


def long_value(model_field: models.Field, *, unique: str) -> str:
    length = model_field.max_length or TEXT_TOKEN_LENGTH
    if isinstance(model_field, models.TextField):
        length = min(length, TEXT_TOKEN_LENGTH)
    if isinstance(model_field, models.EmailField):
        domain = "@example.org"
        return (unique + "x" * length)[: length - len(domain)] + domain
    if isinstance(model_field, models.URLField):
        start = f"https://www.example.org/{unique}/"
        return start + ("verzeichnis" * length)[: length - len(start)]
    if isinstance(model_field, models.TextField):
        url = "https://www.example.org/" + "unterseite" * 20
        token = long_token(length - len(url) - 2, unique=unique)
        return f"{token} {url}\n{token[:40]}"
    return long_token(length, unique=unique)


def stretchable_fields(model: type[models.Model]) -> list[models.Field]:
    return [
        model_field
        for model_field in model._meta.concrete_fields
        if isinstance(model_field, models.CharField | models.TextField)
        and not isinstance(model_field, models.SlugField)
        and not model_field.primary_key
        and not model_field.choices
        and model_field.name not in TECHNICAL_NAMES
        and not any(part in model_field.name for part in TECHNICAL_NAME_PARTS)
    ]


def stretch_every_text() -> int:
    """Give every text field of every object of the platform its longest value; return the number of fields."""
    count = 0
    for model in apps.get_models():
        if not model.__module__.startswith("zukunftswerkstatt.") or model._meta.proxy:
            continue
        fields = stretchable_fields(model)
        if not fields:
            continue
        objects = list(model._base_manager.all())
        for obj in objects:
            for model_field in fields:
                setattr(obj, model_field.attname, long_value(model_field, unique=f"{obj.pk}"))
        model._base_manager.bulk_update(objects, [f.name for f in fields], batch_size=200)
        count += len(fields)
    return count


# --- collecting the pages ------------------------------------------------------------------------

# URL patterns no crawl can reach as a page, each with the reason. Anything else must be reached.
SKIPPED = {
    "core:organisation_colours": "the organisation's colours, a stylesheet every page links in its head, not a page "
    "(tests/core/test_branding.py)",
    "ideas:merge": "a POST only, from the duplicates page next to each suggestion (tests/ideas/test_merge.py)",
    "healthz": "a plain-text health check for the server's monitoring, not a page",
    "csp_report": "where browsers post Content-Security-Policy reports (tests/core/test_csp.py), not a page",
    "live_stream": "a server-sent-events stream the board pages listen on (tests/core/test_live.py, "
    "tests/browser/test_live_push.py), not a page",
    "account_confirm_email": "needs the key from a sign-up mail; tests/browser/test_account_flow.py opens it",
    "account_reset_password_from_key": "needs the key from a reset mail; tests/browser/test_account_flow.py",
    "account_reset_password_from_key_done": "shown after setting a new password from a reset mail",
    "account_confirm_login_code": "login by code is switched off",
    "account_reauthenticate": "asked for only before a sensitive change",
    "mfa_authenticate": "the code asked for after the password at log-in; tests/browser/test_two_factor.py",
    "account_inactive": "shown only to a deactivated account at login",
    "account_set_password": "for accounts without a password (social login), which this platform has not",
    "account_email_verification_sent": "shown after signing up (tests/browser/test_account_flow.py)",
    "account_reset_password_done": "shown after asking for a reset mail (tests/browser/test_account_flow.py)",
    "accounts:parental_consent": "link from the mail to a parent; tests/browser/test_pages.py opens it",
    "workshops:join_code": "the code is read from the projector or a QR code; test_workshops.py joins with it",
    "ideas:scan": "a scanned letter (a file), only for letters that came with a scan",
    "ideas:comment_edit": "the demo's participant has written no comment; tests/ideas cover the page",
    "events:offer": "needs the token of an offer of free seats (mail); tests/events/test_registration_pages.py",
    "events:my_take_seats": "a button only a waiting group with an offer sees; tests/events/test_waiting_list.py",
    "ideas:guest_unsubscribe": "link with a token in a guest's status mail; tests/ideas/test_way_in.py",
    "plans:version_adopt": "the demo's plan versions are adopted already; tests/plans cover adopting a draft",
    "reports:pdf_status": "shown while a profile PDF is built (test_pages/test_demography build one)",
    "reports:pdf_download": "a PDF file",
    "swot:pdf_status": "shown while a SWOT PDF is built (tests/browser/test_swot.py)",
    "swot:pdf_download": "a PDF file",
    "progress:report_download": "a PDF file",
    "newsletter:issue_letters": "a PDF file; tests/newsletter/test_letters.py reads it",
    "newsletter:confirm": "the link of a confirmation mail (the demo sends none); tests/newsletter/ open it",
    "newsletter:unsubscribe": "the link in a newsletter mail (the demo sends none); tests/newsletter/ open it",
    "newsletter:issue_status": "the progress while an issue is being sent (the demo has none); tests/newsletter/",
    "surveys:paper_status": "shown while paper questionnaires are built (tests/surveys/test_paper.py)",
    "surveys:paper_download": "a PDF file",
    "surveys:paper_retry": "a button on a failed print run (POST); tests/surveys/test_paper.py posts it",
    "surveys:export_state": "shown while the raw answers are written (tests/browser/test_surveys_results.py)",
    "surveys:export_download": "a CSV/XLSX file",
    # The team's "try again" on a failed document (POST); the demo has none. tests/core/test_documents.py
    "reports:pdf_retry": "a button on a failed profile PDF (POST); tests/core/test_documents.py posts it",
    "swot:pdf_retry": "a button on a failed SWOT PDF (POST); tests/core/test_documents.py posts it",
    "plans:export_retry": "a button on a failed plan document (POST); tests/core/test_documents.py posts it",
    "progress:report_retry": "a button on a failed review report (POST); tests/core/test_documents.py posts it",
    # The demo's themes belong to the running round, whose action plan module does not exist yet (the
    # themes page says so instead of offering the button).
    "themes:theme_measure": "a button on an accepted theme (POST); tests/themes/test_views.py posts it",
    # The running workshop has no cards yet; tests/browser/test_workshops.py moves, hides and clusters them.
    "workshops:card_hide": "a console button on a card (POST)",
    "workshops:card_move": "a console button on a card (POST)",
    "workshops:cluster_change": "a console form on a cluster (POST)",
    "workshops:photo_delete": "a console button on a flipchart photo (POST)",
    "workshops:paper_dots": "a console form for paper dots, shown while the vote is open (POST)",
    "workshops:participant_dot": "a phone's dot buttons, shown while the vote is open (POST)",
    "easyread:hints": "the readability hints, asked by static/easyread/hints.js (POST); tests/easyread/test_hints.py",
    # Swagger UI is django-ninja's vendored third-party page for trying requests; its own markup does
    # not meet WCAG (contrast of the method badges, unlabelled controls). The accessible reference of
    # every address and field is /api/docs/ (checked here); the "try" page is an extra for developers.
    "api:swagger": "Swagger UI, third-party markup; tests/api/test_conventions.py loads it; /api/docs/ is checked",
    "api:index": "a redirect to /api/docs/",
    # The builder previews the box chosen in its form (the running phase by default, checked here);
    # tests/browser/test_embeds.py runs axe on all three boxes at 1280 and 320 px.
    "embeds:contributions": "the builder's preview when chosen in its form; tests/browser/test_embeds.py",
    "embeds:events": "the builder's preview when chosen in its form; tests/browser/test_embeds.py",
}
# The people who look at the pages; a phone joins the running workshop with its code, without an account.
ROLES = ["anonymous", "participant", "staff", "phone at a live workshop"]
AXE_ROLE_ORDER = ["staff", "participant", "phone at a live workshop", "anonymous"]
# Up to this many different pages per URL pattern and person are crawled for links (enough to
# meet each kind of object: an idea sent by letter, a measure with an indicator) …
CRAWL_PER_PATTERN = 12
# … and this many are opened in the browser (their text is equally long; more would only be slower).
CHECK_PER_PATTERN = 1
NEVER_FOLLOW = ("/admin/", "/static/", "/media/", "/accounts/logout/", "/i18n/", "/api/v1/", "/api/docs/try/")
# Files (PDF, CSV, calendar, spreadsheets) are reached but not fetched: building them is slow and
# they have no width.
FILE = re.compile(r"(\.(pdf|csv|ics|xlsx|docx|odt|zip|json)|/download/|/scan/)$")


# Namespaces that serve no pages: the read API answers JSON (tests/api/ walk every endpoint, and
# tests/api/test_public_only.py every field against the public pages).
NOT_PAGES = {"admin", "api-v1"}


def pattern_names(resolver=None, namespace: str | None = None):
    """Every named URL pattern of the platform (Django's admin and the JSON API excluded)."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in NOT_PAGES:
                continue
            inner = ":".join(filter(None, [namespace, entry.namespace])) or None
            yield from pattern_names(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield ":".join(filter(None, [namespace, entry.name])), entry


class LinkParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.forms: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        elif tag == "iframe" and attributes.get("src"):  # the embed builder's preview of a box
            self.links.append(attributes["src"])
        elif tag == "form":
            self.forms.append(((attributes.get("method") or "get").lower(), attributes.get("action") or ""))
        elif tag in {"button", "input"} and attributes.get("formaction"):
            self.forms.append(("post", attributes["formaction"]))
        # Parts of a page that htmx loads or sends on its own (live boards, polling).
        for attribute in ("hx-get", "hx-post"):
            if attributes.get(attribute):
                self.forms.append(("post", attributes[attribute]))


@dataclass
class Crawl:
    pages: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # pattern → HTML pages
    reached: set[str] = field(default_factory=set)  # patterns seen as a link, form or redirect target
    errors: list[str] = field(default_factory=list)


def pattern_of(path: str) -> str | None:
    try:
        return resolve(urlsplit(path).path).view_name
    except Resolver404:
        return None


def crawl(client: Client, seeds: list[str], role: str) -> Crawl:
    result = Crawl()
    queue, seen = list(seeds), set()
    crawled, with_query = defaultdict(int), defaultdict(int)
    while queue:
        url = queue.pop(0)
        parts = urlsplit(url)
        if parts.netloc not in {"", "testserver"} or url in seen or url.startswith(NEVER_FOLLOW):
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path.startswith(NEVER_FOLLOW) or path in seen:
            continue
        seen.update({url, path})
        name = pattern_of(path)
        if name:
            result.reached.add(name)
        if crawled[name] >= CRAWL_PER_PATTERN or FILE.search(parts.path):
            continue
        # Filters and sort orders give endless variants of a list; two of them show its kind of page.
        if parts.query and with_query[name] >= 2:
            continue
        crawled[name] += 1
        with_query[name] += bool(parts.query)
        response = client.get(path)
        if response.status_code in {301, 302, 303, 307, 308}:
            queue.append(response["Location"])
            continue
        if response.status_code >= 500:
            result.errors.append(f"{role}: {path} answers HTTP {response.status_code}")
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        if response.status_code in {403, 404}:
            # The error pages are pages too (the same layout, language and landmarks).
            result.pages[f"HTTP {response.status_code}"].append(path)
            continue
        if response.status_code != 200:
            continue
        if path != "/" or name:
            result.pages[name or path].append(path)
        parser = LinkParser()
        parser.feed(response.content.decode())
        for href in parser.links:
            if not href.startswith(("mailto:", "tel:", "#", "javascript:")):
                queue.append(urljoin(path, href.split("#")[0]))
        for method, action in parser.forms:
            target = urljoin(path, action)
            target_name = pattern_of(target)
            if target_name:
                result.reached.add(target_name)
            if method == "get" and target != path:
                queue.append(target)
    return result


def class_mode_seed() -> str:
    import datetime as dt

    from django.utils import timezone

    from zukunftswerkstatt.workshops import services as workshop_services
    from zukunftswerkstatt.workshops.models import ClassInvitation

    demo_invitation = ClassInvitation.objects.select_related("town").order_by("pk").first()
    invitation, key = workshop_services.invitation_create(
        ideas_module=demo_invitation.ideas_module,
        group_name="Jugendclub Ellefeld",
        kind="youth_club",
        town=demo_invitation.town,
        age_group="16-17",
        valid_until=timezone.localdate() + dt.timedelta(days=7),
    )
    session = workshop_services.class_session_create(invitation=invitation)
    session = session_set_step(session=session, step=Step.CRITICISM)
    pupil, _token = workshop_services.participant_join(code=session.code)
    workshop_services.card_add(session=session, text="Mehr Busse am Abend", step=Step.CRITICISM, participant=pupil)
    return reverse("workshops:class_home", kwargs={"key": key})


def seeds() -> list[str]:
    urls = ["/", "/diese-seite-gibt-es-nicht/"]
    for name, pattern in pattern_names():
        if not pattern.pattern.regex.groups and name not in SKIPPED:
            urls.append(reverse(name))
    # The confirmation after contributing (reached by a POST) and an author's "withdraw" step, for a
    # contribution of a citizen that may still be withdrawn.
    from zukunftswerkstatt.ideas.models import Idea, Status

    idea = (
        Idea.objects.filter(
            author__is_superuser=False,
            author__memberships__isnull=True,
            status__in=[Status.NEW, Status.UNDER_REVIEW],
        )
        .order_by("pk")
        .first()
    )
    if idea is not None:
        for name in ("ideas:received", "ideas:withdraw"):
            urls.append(reverse(name, kwargs={"module_pk": idea.module_id, "pk": idea.pk}))
    # The thanks page after answering a survey (reached by a POST).
    from zukunftswerkstatt.surveys.models import Survey

    for survey in Survey.objects.order_by("pk"):
        urls.append(reverse("surveys:thanks", kwargs={"module_pk": survey.module_id}))
    # Class mode: the teacher's pages are reached by a secret link the team hands over (only its hash
    # is stored, so the demo's cannot be known): a new invitation, a session collecting cards, one card.
    urls.append(class_mode_seed())
    # Links the demo sent by e-mail (cancel a seat, confirm, unsubscribe) lead to pages of their own.
    for message in mail.outbox:
        for word in message.body.split():
            if word.startswith(("http://", "https://")):
                urls.append(urlsplit(word).path)
    return urls


# --- checking a page in the browser --------------------------------------------------------------

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
TIMES = defaultdict(float)  # seconds spent loading pages and in axe, for the summary line
# Impact "moderate" is enough for these: a second unnamed <nav> or content outside every landmark
# makes a screen reader's list of landmarks useless.
STRICT_RULES = ("landmark-", "region", "scrollable-region-focusable")

OVERFLOW_SCRIPT = """() => {
    const width = window.innerWidth;
    const name = el => {
        const classes = typeof el.className === "string" ? el.className.trim().split(/\\s+/).filter(Boolean) : [];
        return el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + classes.map(c => "." + c).join("");
    };
    const describe = el => {
        const words = (el.innerText || el.value || "").trim().slice(0, 40);
        const right = Math.round(el.getBoundingClientRect().right);
        const parent = el.parentElement ? name(el.parentElement) + " > " : "";
        return `${parent}${name(el)} (right edge ${right} px)` + (words ? ` "${words}…"` : "");
    };
    const clipped = el => {
        for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
            if (getComputedStyle(up).overflowX !== "visible") return true;
        }
        return false;
    };
    const all = [...document.body.querySelectorAll("*")]
        .filter(el => el.getClientRects().length && el.getBoundingClientRect().right > width + 0.5);
    // Prefer what sticks out of the page itself; if everything wide sits in a scrolling box, name that.
    const unclipped = all.filter(el => !clipped(el));
    const wide = unclipped.length ? unclipped : all;
    // The culprits are the innermost ones: elements that stick out without a child that sticks out.
    const innermost = wide.filter(el => !wide.some(other => other !== el && el.contains(other)));
    return {scrollWidth: document.documentElement.scrollWidth, width, culprits: innermost.slice(0, 4).map(describe)};
}"""

DOUBLE_STOP_SCRIPT = """() => {
    const text = document.body.innerText;
    const found = [];
    for (const match of text.matchAll(/[^.\\s]{0,30}[^.]\\.\\.(?!\\.)/g)) found.push(match[0]);
    return found.slice(0, 3);
}"""


def axe(page) -> list[dict]:
    started = time.monotonic()
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)
    violations = page.evaluate(
        """async tags => {
            window.__zwAxeRunning = true;  // see CSP_WATCH_SCRIPT in conftest.py
            try {
                return (await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]}))
                    .violations.map(v => ({id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                        nodes: v.nodes.map(n => ({target: n.target, failureSummary: n.failureSummary}))}));
            } finally {
                window.__zwAxeRunning = false;
            }
        }""",
        AXE_TAGS,
    )
    TIMES["axe"] += time.monotonic() - started
    return [v for v in violations if v["impact"] in {"serious", "critical"} or v["id"].startswith(STRICT_RULES)]


def check(page, url: str, *, with_axe: bool, csp_violations: list[dict]) -> list[str]:
    problems = []
    already_reported = len(csp_violations)
    started = time.monotonic()
    response = page.goto(url, wait_until="load")
    TIMES["goto"] += time.monotonic() - started
    if response is None or response.status >= 500:
        return [f"HTTP {response.status if response else '?'}"]
    page.set_viewport_size(NARROW)
    overflow = page.evaluate(OVERFLOW_SCRIPT)
    if overflow["scrollWidth"] > overflow["width"]:
        problems.append(
            f"is {overflow['scrollWidth']} px wide at {overflow['width']} px; sticking out: "
            + "; ".join(overflow["culprits"] or ["(no single element found)"])
        )
    if with_axe and (violations := axe(page)):
        problems.append(f"axe at 320 px:\n{format_violations(violations)}")
    if doubled := page.evaluate(DOUBLE_STOP_SCRIPT):
        problems.append(f"doubled full stop after a name: {doubled}")
    page.set_viewport_size(DESKTOP)
    if with_axe and (violations := axe(page)):
        problems.append(f"axe at 1280 px:\n{format_violations(violations)}")
    page.evaluate("() => window.__cspViolations")  # hands over what the binding still holds
    if blocked := csp_violations[already_reported:]:
        problems.append(f"Content-Security-Policy blocked:\n{format_csp_violations(blocked)}")
    return problems


@pytest.fixture
def stretched_demo(db, settings, live_server):
    settings.SITE_URL = live_server.url
    mail.outbox = []
    organisation = demo_load(today=timezone.localdate())
    # A module of every registered type, so that a type the demo does not show still has its page checked.
    # The demo has several rounds; the newest future workshop is the one that runs.
    workshop = Phase.objects.filter(process__organisation=organisation, type="workshop").order_by("-start").first()
    shown = set(Module.objects.values_list("type", flat=True))
    for identifier, module_type in registry.module_types.items():
        phase = workshop if module_type.allowed_in("workshop") else None
        phase = (
            phase or Phase.objects.filter(process__organisation=organisation, type__in=module_type.phase_types).first()
        )
        if identifier not in shown and phase:
            module_create(phase=phase, type=identifier, title=str(module_type.name))
    # Found by role, not by the demo's addresses, so that the demo may change its cast.
    people = {
        "anonymous": None,
        "participant": User.objects.filter(is_superuser=False, memberships__isnull=True).order_by("pk").first(),
        "staff": User.objects.filter(memberships__role=Role.ADMIN).order_by("pk").first(),
        "phone at a live workshop": None,
    }
    # The coordination signs in with two-factor sign-in, so that its pages are crawled with it on
    # (recovery codes, switching it off, confirming with a code); the participant's show it off.
    TOTP.activate(people["staff"], generate_totp_secret())
    RecoveryCodes.activate(people["staff"])
    # A live workshop runs, so that a phone can join it (the demo's upcoming one starts now).
    if not WorkshopSession.objects.filter(step=Step.CRITICISM).exists():
        session = WorkshopSession.objects.filter(step=Step.PREPARATION).order_by("pk").first()
        assert session is not None, "the demo needs a live workshop that is running or about to start"
        session_set_step(session=session, step=Step.CRITICISM)
    assert stretch_every_text() > 50
    return people


def test_every_page_fits_a_phone_and_passes_axe_with_the_longest_allowed_text(
    browser, browser_context_args, live_server, stretched_demo
):
    started = time.monotonic()
    every_pattern = {name for name, _pattern in pattern_names()}
    reached, to_check, problems, cookies = set(), [], [], {}
    start_seeds = seeds()
    for role, user in stretched_demo.items():
        client = Client()
        if user is not None:
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        role_seeds = start_seeds
        if role == "phone at a live workshop":
            session = WorkshopSession.objects.filter(step=Step.CRITICISM).order_by("pk").first()
            response = client.post(reverse("workshops:join"), {"code": session.code, "pseudonym": "x" * 40})
            assert response.status_code == 302, response.content.decode()
            role_seeds = [response["Location"]]
        cookies[role] = client.cookies
        result = crawl(client, role_seeds, role)
        reached |= result.reached | set(result.pages)
        problems += result.errors
        for name, urls in sorted(result.pages.items()):
            to_check += [(role, name, url) for url in urls[:CHECK_PER_PATTERN]]
    crawled_in = time.monotonic() - started

    missing = sorted(every_pattern - reached - set(SKIPPED))
    assert not missing, (
        "No link, form or redirect leads to these URL patterns, so this test cannot check them. Link them "
        f"from a page, or add them to SKIPPED in {__file__} with the reason: {missing}"
    )

    # axe takes most of the time: it runs on each URL pattern once, as the person who sees the most
    # of it; the width and the full stops are checked for everyone.
    axe_for = {}
    for role, name, url in sorted(to_check, key=lambda item: AXE_ROLE_ORDER.index(item[0])):
        axe_for.setdefault(name, (role, url))
    contexts, csp_violations = {}, {}
    for role, name, url in to_check:
        if role not in contexts:
            context = browser.new_context(**browser_context_args)
            stub_tiles(context)
            csp_violations[role] = watch_csp(context)
            context.add_cookies(
                [{"name": key, "value": cookie.value, "url": live_server.url} for key, cookie in cookies[role].items()]
            )
            contexts[role] = context.new_page()
            contexts[role].set_default_navigation_timeout(20_000)
        page, with_axe = contexts[role], axe_for[name] == (role, url)
        for problem in check(page, live_server.url + url, with_axe=with_axe, csp_violations=csp_violations[role]):
            problems.append(f"{url} (as {role}) {problem}")
    for page in contexts.values():
        page.context.close()
    print(
        f"\n{len(to_check)} pages ({len(axe_for)} with axe) of {len(reached & every_pattern)} URL patterns checked "
        f"(crawl {crawled_in:.1f} s, loading {TIMES['goto']:.1f} s, axe {TIMES['axe']:.1f} s, "
        f"total {time.monotonic() - started:.1f} s)"
    )
    assert not problems, f"{len(problems)} problems on {len(to_check)} pages:\n" + "\n".join(problems)
