"""Every e-mail reads right, in German and English: the whole class, not one mail.

(a) Every mail template in the project (found by globbing, so a new one is checked without
    anyone adding it here) is rendered in both languages with a realistic context from the demo.
(b) Every e-mail the code sends is triggered through the real services and views, and
    mail.outbox is read as a citizen would read it.

Both fail on: format letters or garbled dates ("nachm.", "CET", "+0100"), placeholders left
unfilled ("{{", "%(", "[Datum]", "None", "Hallo ,"), links that do not start with SITE_URL (set
to an unusual port here, so a link built from the request or a default is caught), and "du" in
German. The calendar attachment is parsed and its dates and address checked.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import icalendar
import pytest
from django.conf import settings
from django.core import mail
from django.template.loader import render_to_string
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from tests.demo.command import load_demo
from tests.factories import PASSWORD as FACTORY_PASSWORD

SITE_URL = "http://zw.example:8719"
PASSWORD = "Lange-Geheim-2026"
ROOT = Path(settings.BASE_DIR) / "zukunftswerkstatt"

# -- the checks -------------------------------------------------------------------------------

# A named format inside a format string leaves these behind; so do raw datetimes and timezones.
GARBLED = [
    re.compile(p)
    for p in (
        r"nachm\.|vorm\.",
        r"\b(CET|CEST|UTC)\b",
        r"[+-]0[12]00\b",
        r"_[A-Z][a-z]",  # "…Dezember_Dezember"
        r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d",  # an unformatted datetime
        r"[A-Za-zäöü]+(FORMAT|_DATE|_TIME)\b",
    )
]
UNFILLED = [
    re.compile(p)
    for p in (
        r"\{\{|\}\}|\{%|%\}",
        r"%\(\w+\)s",
        r"\[(Datum|Name|Anschrift|E-Mail-Adresse|Telefonnummer)[^\]]*\]",
        r"\bNone\b",
        r"(Hallo|Hello|Guten Tag|Liebe|Dear)\s+,",
        r"“”|„“",  # an empty title in quotes
        r"\b(Hallo von|Hello from)\b",  # allauth's greeting with the host name
        r"\bBenutzer \w",  # "Benutzer Jonas"
    )
]
# "du"-forms: pronouns and the verb forms allauth's German uses.
DU = re.compile(
    r"\b(du|dich|dir|dein|deine|deinen|deinem|deiner|deines|Du|Dich|Dir|Dein|Deine|Deinen|Deinem|Deiner|Deines|"
    r"hast|bist|kannst|willst|musst|möchtest|solltest|wirst|erhältst|klicke|klick|gib|lass|melde dich)\b"
)
LINK = re.compile(r"https?://[^\s<>\"')]+")


def problems_in(text: str, *, language: str, where: str) -> list[str]:
    found = []
    words = LINK.sub(" ", text)  # tokens in links are no format letters
    for pattern in GARBLED:
        for match in pattern.finditer(words):
            found.append(f"{where} [{language}]: garbled date/format {match.group(0)!r}")
    for pattern in UNFILLED:
        for match in pattern.finditer(words):
            found.append(f"{where} [{language}]: unfilled placeholder {match.group(0)!r}")
    for link in LINK.findall(text):
        # Our own addresses start with SITE_URL: the one the mail tests set, or the one the settings
        # give (every page names its own address in its print header).
        ours = link.startswith(SITE_URL) or link.startswith(settings.SITE_URL)
        if not ours and "example" not in link.split("/")[2].replace("zw.example", ""):
            found.append(f"{where} [{language}]: link not absolute to SITE_URL: {link}")
    if language == "de":
        for match in DU.finditer(text):
            found.append(
                f"{where} [de]: du-form {match.group(0)!r} in …{text[max(0, match.start() - 40) : match.end() + 20]!r}"
            )
    return found


def mail_problems(message, *, language: str, organisation_name: str) -> list[str]:
    where = f"mail “{message.subject}”"
    found = problems_in(message.subject, language=language, where=where + " subject")
    found += problems_in(message.body, language=language, where=where)
    if not message.from_email.startswith(f"{organisation_name} – "):
        found.append(f"{where}: the organisation is not the sender: {message.from_email}")
    if "noreply" in message.from_email:
        found.append(f"{where}: sender is a noreply address: {message.from_email}")
    for name, content, mimetype in getattr(message, "attachments", []):
        if str(mimetype).startswith("text/calendar"):
            found += ical_problems(content, where=f"{where} attachment {name}")
    return found


def ical_problems(content, *, where: str) -> list[str]:
    found = []
    calendar = icalendar.Calendar.from_ical(content)
    for entry in calendar.walk("VEVENT"):
        start, end = entry.decoded("dtstart"), entry.decoded("dtend")
        if not isinstance(start, dt.datetime) or start.tzinfo is None or end <= start:
            found.append(f"{where}: bad DTSTART/DTEND {start!r} {end!r}")
        if not str(entry.get("url", "")).startswith(SITE_URL):
            found.append(f"{where}: URL not absolute to SITE_URL: {entry.get('url')}")
        if SITE_URL not in str(entry.get("description", "")):
            found.append(f"{where}: description without the event's address")
    return found


# -- the cast ---------------------------------------------------------------------------------


@pytest.fixture
def demo(db, settings):
    settings.SITE_URL = SITE_URL
    load_demo()


def mail_templates() -> list[str]:
    """Every mail template: our apps' */templates/**/email/** and the account mails we override."""
    names = []
    for path in sorted(ROOT.glob("**/templates/**/email/**/*")):
        if path.is_file() and path.suffix in {".txt", ".html"}:
            names.append(str(path.relative_to(next(p for p in path.parents if p.name == "templates"))))
    return names


def test_every_mail_template_is_found():
    names = mail_templates()
    assert "events/email/confirmation.txt" in names
    assert "account/email/password_reset_key_message.txt" in names
    assert "account/email/email_confirmation_signup_subject.txt" in names
    assert len(names) >= 40


def realistic_context():
    """Real objects from the demo under every name our mail templates use."""
    from zukunftswerkstatt.accounts.models import User
    from zukunftswerkstatt.conversation.models import Comment
    from zukunftswerkstatt.core.mail import mail_context
    from zukunftswerkstatt.core.models import Organisation
    from zukunftswerkstatt.events.models import Registration
    from zukunftswerkstatt.ideas.models import Idea
    from zukunftswerkstatt.inventory.models import InventoryItem, InventorySuggestion
    from zukunftswerkstatt.newsletter.models import Issue
    from zukunftswerkstatt.plans.models import Measure
    from zukunftswerkstatt.swot.models import SwotItem, SwotSuggestion

    organisation = Organisation.objects.get()
    user = User.objects.exclude(display_name="").order_by("pk").first()
    from zukunftswerkstatt.events.services import outcome_context

    registration = Registration.objects.exclude(name="").select_related("event").order_by("pk").first()
    # The offer mail speaks of seats offered to the head of the waiting list.
    registration.offered_seats = registration.offered_seats or 2
    idea = Idea.objects.exclude(title="").order_by("pk").first()
    idea.official_answer = idea.official_answer or "Wir prüfen den Vorschlag bis zum Frühjahr."
    measure = Measure.objects.order_by("pk").first()
    measure.contact_name = measure.contact_name or "Frau Keller"
    inventory_suggestion = InventorySuggestion.objects.order_by("pk").first()
    swot_suggestion = SwotSuggestion.objects.order_by("pk").first()
    return {
        **mail_context(organisation),
        "user": user,
        "person": user,
        "registration": registration,
        "event": registration.event,
        "cancel_url": SITE_URL + "/events/cancel/abc/",
        "idea": idea,
        "comment": Comment.objects.filter(idea=idea).first()
        or Comment.objects.create(target=idea, author=user, text="Gute Idee!"),
        "measure": measure,
        "offer": type("Offer", (), {"message": "Ich kann samstags helfen."})(),
        "entry": type("Entry", (), {"changes": {"title": {"label": "Titel", "new": measure.title}}})(),
        "update": type("Update", (), {"date": timezone.localdate(), "text": "Die Bank steht."})(),
        "status_changed": True,
        # Templates of one app get that app's objects (see context_for).
        "ideas/": {"merged": Idea.objects.exclude(pk=idea.pk).exclude(title="").order_by("pk").first()},
        "inventory/": {
            "suggestion": inventory_suggestion,
            "module": inventory_suggestion.module,
            "item": InventoryItem.objects.first(),
        },
        "events/": {**outcome_context(registration), "offer_url": SITE_URL + "/events/seats/abc/"},
        "progress/": {"process": measure.process, "phase": measure.process.phases.order_by("-start").first()},
        "newsletter/": {
            "process": measure.process,
            "confirm_url": SITE_URL + "/newsletter/confirm/abc/",
            "days": 7,
            "issue": Issue(process=measure.process, subject="Neues aus dem Göltzschtal", body="Hallo zusammen."),
            "content": "Neues aus dem Göltzschtal\n\nHallo zusammen.",
            "process_url": SITE_URL + measure.process.get_absolute_url(),
            "unsubscribe_url": SITE_URL + "/newsletter/unsubscribe/abc/",
        },
        "swot/": {"suggestion": swot_suggestion, "module": swot_suggestion.module, "item": SwotItem.objects.first()},
        "unsubscribe_url": SITE_URL + "/notifications/unsubscribe/abc/",
        "child_name": "Mia",
        "link": SITE_URL + "/accounts/parental-consent/abc/",
        "email": "lena@example.org",
        "activate_url": SITE_URL + "/accounts/confirm-email/abc/",
        "password_reset_url": SITE_URL + "/accounts/password/reset/key/1-abc/",
        "signup_url": SITE_URL + "/accounts/signup/",
        "from_email": "alt@example.org",
        "to_email": "neu@example.org",
        "deleted_email": "alt@example.org",
        "timestamp": timezone.now(),
        "ip": "192.0.2.1",
        "user_agent": "Firefox",
        "code": "ABC123",
    }


def context_for(name: str, context: dict) -> dict:
    shared = {key: value for key, value in context.items() if not key.endswith("/")}
    return {**shared, **context.get(name.split("/")[0] + "/", {})}


def test_every_mail_template_renders_right_in_german_and_english(demo):
    context = realistic_context()
    found = []
    for name in mail_templates():
        for language in ("de", "en"):
            with translation.override(language):
                text = render_to_string(name, context_for(name, context))
            if not name.split("/")[-1].startswith("_") and not text.strip():
                found.append(f"{name} [{language}]: empty")
            found += problems_in(text, language=language, where=name)
    assert not found, "\n".join(found)


# -- every mail the code sends ----------------------------------------------------------------


def test_every_mail_the_platform_sends_reads_right(demo, client, django_capture_on_commit_callbacks, settings):
    from zukunftswerkstatt.accounts.models import User
    from zukunftswerkstatt.accounts.services import parental_consent_request
    from zukunftswerkstatt.core.models import Organisation
    from zukunftswerkstatt.events.models import Event, Status
    from zukunftswerkstatt.events.services import events_send_reminders, registration_cancel, registration_create
    from zukunftswerkstatt.ideas.models import Idea
    from zukunftswerkstatt.ideas.services import (
        comment_create,
        idea_answer,
        idea_change_status,
        idea_create,
        idea_merge,
    )
    from zukunftswerkstatt.inventory.models import InventorySuggestion
    from zukunftswerkstatt.inventory.services import suggestion_decline as inventory_decline
    from zukunftswerkstatt.newsletter.models import Issue, Subscription
    from zukunftswerkstatt.newsletter.services import issue_send_start, subscription_confirm
    from zukunftswerkstatt.newsletter.services import subscription_request as newsletter_request
    from zukunftswerkstatt.plans.models import Measure
    from zukunftswerkstatt.plans.services import (
        help_offer_create,
        measure_follow_set,
        measure_link_ideas,
        measure_update,
    )
    from zukunftswerkstatt.progress.services import progress_update_record
    from zukunftswerkstatt.swot.models import SwotSuggestion
    from zukunftswerkstatt.swot.services import swot_suggestion_decline

    staff = User.objects.filter(is_superuser=True).first() or User.objects.first()
    organisation_name = Organisation.objects.get().name
    found: list[str] = []

    for language in ("de", "en"):
        settings.LANGUAGE_CODE = language
        mail.outbox = []
        citizen = User.objects.create_user(email=f"citizen-{language}@example.org", password="x" * 12)
        citizen.display_name, citizen.language = "Jonas", language
        citizen.save()
        with django_capture_on_commit_callbacks(execute=True):
            # Accounts: sign-up with confirmation, password reset (known and unknown address).
            client.cookies["zw_language"] = language
            client.post(
                reverse("account_signup"),
                {
                    "email": f"new-{language}@example.org",
                    "password1": "Lange-Geheim-2026",
                    "password2": "Lange-Geheim-2026",
                },
            )
            client.post(reverse("account_reset_password"), {"email": citizen.email})
            client.post(reverse("account_reset_password"), {"email": f"nobody-{language}@example.org"})
            client.post(
                reverse("account_signup"),
                {"email": citizen.email, "password1": PASSWORD, "password2": PASSWORD},
            )
            # Parental consent.
            child = User.objects.create_user(email=f"child-{language}@example.org", password="x" * 12)
            child.is_under_16 = True
            child.display_name = "Mia"
            child.save()
            parental_consent_request(user=child, parent_email=f"parent-{language}@example.org")
            # Events: a confirmed seat (with .ics), the waiting list, moving up, the reminder.
            event = Event.objects.filter(start__gt=timezone.now(), is_published=True).order_by("start").first()
            free = max(event.capacity - event.seats_taken, 0) if hasattr(event, "seats_taken") else 0
            first = registration_create(event=event, name="Jonas Beispiel", email=citizen.email, user=citizen)
            registrations = [first]
            for number in range(event.capacity + free + 2):
                registrations.append(
                    registration_create(event=event, name=f"Person {number}", email=f"p{number}-{language}@example.org")
                )
            waiting = [r for r in registrations if r.status == Status.WAITING]
            assert waiting, "the event never filled up"
            registration_cancel(registration=first)
            events_send_reminders(now=event.start - dt.timedelta(days=1))
            # Contributions: a comment, an official answer, a new status.
            idea = Idea.objects.filter(author__isnull=False).exclude(author=citizen).first()
            idea.author.language = language
            idea.author.save(update_fields=["language"])
            comment_create(idea=idea, author=citizen, text="Das finde ich gut.")
            idea_answer(idea=idea, by=staff, text="Wir prüfen das bis März.")
            new_status = "under_review" if idea.status != "under_review" else "not_pursued"
            idea_change_status(idea=idea, by=staff, status=new_status, reason="Das passt nicht zum Auftrag.")
            # A duplicate merged into it: both authors hear of it.
            writer = User.objects.create_user(email=f"writer-{language}@example.org", password="x" * 12)
            writer.display_name, writer.language = "Frieda", language
            writer.save()
            other = idea_create(
                module=idea.module,
                author=writer,
                kind=idea.kind,
                title="Das gleiche Anliegen",
                text=idea.text,
                send_confirmation=False,
            )
            idea_merge(idea=other, into=idea, by=staff)
            # Measures: an offer to help, a change that followers hear about.
            measure = Measure.objects.exclude(contact_email="").first() or Measure.objects.first()
            if not measure.contact_email:
                Measure.objects.filter(pk=measure.pk).update(contact_email="kontakt@example.org")
                measure.refresh_from_db()
            help_offer_create(measure=measure, user=citizen, message="Ich helfe gern.", share_contact=True)
            measure_follow_set(measure=measure, user=citizen, follow=True)
            measure.refresh_from_db()
            measure_update(
                measure=measure,
                by=staff,
                expected_version=measure.version,
                data={"title": measure.title + " (neu)"},
            )
            # Suggestions for the inventory and the SWOT analysis, from a citizen and from a guest.
            inventory_module = InventorySuggestion.objects.order_by("pk").first().module
            inventory_suggestion = InventorySuggestion.objects.create(
                module=inventory_module, author=citizen, title="Lauftreff am Samstag", description="Jeden Samstag um 9."
            )
            inventory_decline(suggestion=inventory_suggestion, by=staff, reason="Den gibt es schon.")
            swot_module = SwotSuggestion.objects.order_by("pk").first().module
            for author, address in ((citizen, ""), (None, f"guest-{language}@example.org")):
                swot_suggestion = SwotSuggestion.objects.create(
                    module=swot_module,
                    quadrant="weakness",
                    statement="Kein Bus nach 18 Uhr",
                    author=author,
                    email=address,
                )
                swot_suggestion_decline(
                    suggestion=swot_suggestion, decided_by=staff, reason="Steht schon in der Analyse."
                )
            # Progress of the measure the citizen follows, and a contribution taken into a measure.
            measure.refresh_from_db()
            progress_update_record(
                measure=measure,
                author=staff,
                expected_version=measure.version,
                date=timezone.localdate(),
                text="Der erste Termin hat stattgefunden.",
                status=measure.status,
                percent_complete=min(measure.percent_complete + 10, 100),
            )
            other = Measure.objects.exclude(pk=measure.pk).order_by("pk").first()
            # A contribution of the measure's own process (the demo has two rounds).
            taken = (
                Idea.objects.filter(module__phase__process=other.process, author__isnull=False)
                .exclude(author=citizen)
                .exclude(measures=other)
                .first()
            )
            measure_link_ideas(measure=other, by=staff, ideas=[taken])
            # The newsletter: the confirmation mail, then an issue to the confirmed reader.
            newsletter_request(process=measure.process, email=f"reader-{language}@example.org", language=language)
        reader = Subscription.objects.get(email=f"reader-{language}@example.org")
        subscription_confirm(subscription=reader)
        with django_capture_on_commit_callbacks(execute=True):
            issue = Issue.objects.create(process=measure.process, subject="Neues aus dem Göltzschtal", body="Hallo.")
            issue_send_start(issue=issue)
        for message in mail.outbox:
            found += mail_problems(message, language=language, organisation_name=organisation_name)
        recipients = {address for message in mail.outbox for address in message.to}
        expected = {f"{who}-{language}@example.org" for who in ("new", "nobody", "parent", "guest", "p0", "reader")}
        expected |= {citizen.email, idea.author.email, measure.contact_email}
        assert expected <= recipients, (expected - recipients, [m.subject for m in mail.outbox])
        # The citizen: the seat, the measure's change and progress, the SWOT and inventory decisions.
        assert sum(citizen.email in m.to for m in mail.outbox) >= 4, [m.subject for m in mail.outbox]
    assert not found, "\n".join(found)


@override_settings(SITE_URL=SITE_URL)
def test_the_calendar_file_of_an_event_has_local_times_and_the_configured_address(demo):
    from zukunftswerkstatt.events.ical import event_ical
    from zukunftswerkstatt.events.models import Event

    event = Event.objects.order_by("start").first()
    assert not ical_problems(event_ical(event=event), where="ics")
    assert f"@{SITE_URL.split('//')[1]}".encode() in event_ical(event=event)


# -- the account pages (django-allauth) speak like the rest of the platform ------------------

ACCOUNT_PAGES_ANONYMOUS = [
    "account_login",
    "account_signup",
    "account_reset_password",
    "account_reset_password_done",
    "account_email_verification_sent",
    "account_inactive",
    "account_reset_password_from_key_done",
]
ACCOUNT_PAGES_LOGGED_IN = ["account_email", "account_change_password", "account_logout", "account_reauthenticate"]


def page_text(response) -> str:
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.parametrize("language", ["de", "en"])
def test_every_account_page_and_message_speaks_formally(client, participant, language, settings):
    settings.SITE_URL = SITE_URL  # every page names its own address in its print header
    client.cookies["zw_language"] = language
    found = []
    pages = [reverse(name) for name in ACCOUNT_PAGES_ANONYMOUS] + [
        reverse("account_confirm_email", args=["no-such-key"]),
        reverse("account_reset_password_from_key", kwargs={"uidb36": "zz", "key": "no-such-key"}),
    ]
    for url in pages:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        found += problems_in(page_text(response), language=language, where=url)
    # Errors and messages: a wrong password, two different passwords, a log-in and a log-out.
    for url, data in [
        (reverse("account_login"), {"login": participant.email, "password": "wrong"}),
        (reverse("account_signup"), {"email": "x@example.org", "password1": "Aa-123456789", "password2": "Bb-1"}),
        (reverse("account_login"), {"login": participant.email, "password": FACTORY_PASSWORD}),
    ]:
        response = client.post(url, data, follow=True)
        found += problems_in(page_text(response), language=language, where=f"POST {url}")
    client.force_login(participant)
    for name in ACCOUNT_PAGES_LOGGED_IN:
        response = client.get(reverse(name), follow=True)
        assert response.status_code == 200, name
        found += problems_in(page_text(response), language=language, where=name)
    response = client.post(reverse("account_logout"), follow=True)
    found += problems_in(page_text(response), language=language, where="POST logout")
    assert not found, "\n".join(found)


def test_the_login_field_follows_its_label_and_the_reset_link_comes_after_it(client, db):
    html = client.get(reverse("account_login")).content.decode()
    label, field = html.index('for="id_password"'), html.index('id="id_password"')
    reset = html.index(reverse("account_reset_password"))
    assert label < field < reset
    assert "helptext" not in html[label:field]
