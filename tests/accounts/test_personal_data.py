"""The registry of personal data and the data download built on it (GDPR art. 15 and 20).

The completeness test walks every model of the project: a field that points to a person (a foreign
key or one-to-one to the user, an e-mail or IP address) must be exported or declared not personal
in its app's personal_data.py. A model added later without a declaration makes it fail."""

from __future__ import annotations

import html
import io
import json
import re
import time
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import models
from django.urls import reverse

from tests.factories import UserFactory
from tests.personal_things import make_everything, stage_for
from zukunftswerkstatt.accounts import privacy
from zukunftswerkstatt.accounts.privacy import Treatment, registry, resolve
from zukunftswerkstatt.accounts.services import account_delete
from zukunftswerkstatt.conversation.models import Comment
from zukunftswerkstatt.events.models import Registration
from zukunftswerkstatt.ideas.models import Idea, Support
from zukunftswerkstatt.plans.models import HelpOffer

DOWNLOAD = reverse("accounts:export_download")
ROOT = Path(__file__).resolve().parents[2]


# --- the registry -------------------------------------------------------------------------------


def test_every_field_that_points_to_a_person_is_exported_or_declared():
    missing = privacy.undeclared_fields()
    assert not missing, (
        "These fields point to a person but are neither exported nor declared. Register them in the "
        "app's personal_data.py (registry.register(...) with an export, or declare_role_records / "
        f"declare_not_personal with a reason): {missing}"
    )


def test_the_walk_finds_a_field_that_nobody_declared(monkeypatch):
    """The check itself: take one declaration away and it must be reported."""
    registry.discover()
    # Comments on SWOT items and on contributions are both conversation.Comment: take both declarations away.
    sections = {
        key: section for key, section in registry.sections.items() if key not in ("swot_comments", "contributions")
    }
    monkeypatch.setattr(registry, "sections", sections)
    assert "conversation.Comment.author" in privacy.undeclared_fields()


def test_the_walk_covers_foreign_keys_e_mail_and_ip_fields():
    found = set(privacy.person_fields())
    assert {"ideas.Idea.author", "accounts.ParentalConsent.parent_email", "swot.SwotSuggestion.email"} <= found
    assert "notifications.NotificationSettings.user" in found  # one-to-one


def test_every_declared_field_exists_and_points_to_a_person():
    person_fields = set(privacy.person_fields())
    for path in registry.covered():
        resolve(path)  # raises for a renamed or removed field
        assert path in person_fields, f"{path} is declared but does not point to a person"


def test_what_deletion_does_is_what_the_database_does():
    """A field declared "deleted" must cascade (or be removed by the section's erase step); one
    declared "kept without name" must be set to NULL; "anonymised" needs an erase step."""
    for section in registry.ordered_sections():
        for path, treatment in section.fields.items():
            model_field = resolve(path)
            on_delete = getattr(model_field.remote_field, "on_delete", None) if model_field.is_relation else None
            if treatment is Treatment.ANONYMISED:
                assert section.erase is not None, path
            elif treatment is Treatment.DELETED and on_delete is not None:
                assert on_delete is models.CASCADE or section.erase is not None, path
            elif treatment is Treatment.WITHOUT_NAME and on_delete is not None:
                assert on_delete is models.SET_NULL, path


def test_docs_privacy_lists_what_the_registry_holds():
    text = (ROOT / "docs" / "privacy.md").read_text(encoding="utf-8")
    assert privacy.inventory_markdown() in text, "Run `manage.py privacy_inventory` and paste it into docs/privacy.md"


def test_the_inventory_command_prints_the_table(capsys):
    call_command("privacy_inventory")
    assert "| ideas | `Idea.author` | `contributions` |" in capsys.readouterr().out


# --- the download -------------------------------------------------------------------------------

MARKER = "<b>Paula & Co</b>"


@pytest.fixture
def stage(process, staff_a):
    return stage_for(process, by=staff_a)


@pytest.fixture
def paulas(stage, participant):
    return make_everything(participant, stage, marker=MARKER)


@pytest.fixture
def others(stage):
    return make_everything(UserFactory(email="nachbar@example.org"), stage, marker="Fremd-4711", picture=False)


def download(client) -> zipfile.ZipFile:
    response = client.get(DOWNLOAD)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert archive.testzip() is None
    return archive


def test_the_zip_holds_every_personal_thing_in_json_and_on_the_page(client_for, participant, paulas, others):
    archive = download(client_for(participant))
    raw_json = archive.read("data.json").decode()
    data = json.loads(raw_json)
    page = archive.read("index.html").decode()
    for kind, text in paulas.texts.items():
        assert text in raw_json, f"{kind} is missing from data.json"
        assert html.escape(text, quote=False) in page, f"{kind} is missing from index.html"
    assert "<b>Paula" not in page  # the person's text is escaped, not markup
    assert "Fremd-4711" not in raw_json + page
    assert "nachbar@example.org" not in raw_json + page
    # Notification settings, coordinates and the picture are there too.
    assert data["notification_settings"]["followed"] is False
    assert data["notification_settings"]["events"] is True
    contribution = data["contributions"]["contributions"][0]
    assert (contribution["latitude"], contribution["longitude"]) == ("50.478901", "12.371234")
    assert data["swot_comments"][0]["text"] == f"SWOT-Kommentar {MARKER}"
    assert data["workshop_cards"][0]["text"] == f"Karte {MARKER}"


def test_every_registered_section_is_in_the_json_and_has_a_heading(client_for, participant, paulas):
    archive = download(client_for(participant))
    data = json.loads(archive.read("data.json"))
    page = archive.read("index.html").decode()
    for section in registry.ordered_sections():
        assert section.key in data
        assert f">{html.escape(str(section.title), quote=False)}</h2>" in page


def test_the_persons_uploads_are_in_the_zip(client_for, participant, paulas, others):
    archive = download(client_for(participant))
    uploads = [name for name in archive.namelist() if name.startswith("uploads/")]
    assert len(uploads) == 1
    paulas.idea.image.open("rb")
    assert archive.read(uploads[0]) == paulas.idea.image.read()
    paulas.idea.image.close()
    data = json.loads(archive.read("data.json"))
    assert data["contributions"]["contributions"][0]["image"] == uploads[0]
    assert f'href="{uploads[0]}"' in archive.read("index.html").decode()


def test_a_missing_upload_is_named_not_fatal(client_for, participant, paulas):
    Path(paulas.idea.image.path).unlink()
    archive = download(client_for(participant))
    assert not [name for name in archive.namelist() if name.startswith("uploads/")]
    assert json.loads(archive.read("data.json"))["files_not_found"]


@pytest.mark.parametrize(("language", "heading"), [("de", "Meine Daten"), ("en", "My data")])
def test_the_page_is_in_the_persons_language_and_self_contained(client_for, participant, paulas, language, heading):
    participant.language = language
    participant.save(update_fields=["language"])
    page = download(client_for(participant)).read("index.html").decode()
    assert f'<html lang="{language}">' in page
    assert f"<h1>{heading}" in page
    # No external assets: nothing is loaded from anywhere when the page is opened.
    assert not re.search(r"<(script|link|img)\b", page)
    assert "http://" not in page
    assert "https://" not in page
    assert '<th scope="col">' in page


def test_the_export_page_explains_what_is_inside(client_for, participant):
    response = client_for(participant).get(reverse("accounts:export"))
    text = response.content.decode()
    assert "index.html" in text
    assert "data.json" in text
    for section in registry.ordered_sections():
        assert html.escape(str(section.title)) in text
    assert DOWNLOAD in text


def test_the_download_is_for_the_signed_in_person_only(client):
    assert client.get(DOWNLOAD).status_code == 302
    assert client.get(reverse("accounts:export")).status_code == 302


def test_deletion_runs_the_registrys_erase_steps(participant, paulas, others):
    pk = participant.pk
    account_delete(user=participant)
    assert not Support.objects.filter(user_id=pk).exists()
    assert not HelpOffer.objects.filter(message__contains="Paula").exists()
    registration = Registration.objects.get(
        needs_other="", name="", event=paulas.idea.module.phase.process.events.get()
    )
    assert registration.user_id is None
    # Public contributions stay, without the name.
    assert Idea.objects.get(pk=paulas.idea.pk).author_id is None
    assert Comment.objects.filter(text__contains="Paula", author__isnull=True).exists()
    assert Registration.objects.filter(name="Name Fremd-4711").exists()


def test_a_heavy_users_zip_is_built_fast_enough(participant, stage):
    """500 contributions and 2,000 comments: built in the request, so it must stay well under the
    time a browser waits. The measured figure is in docs/privacy.md."""
    ideas = Idea.objects.bulk_create(
        Idea(
            module=stage.ideas_module,
            reference=f"ZW-2026-{n:04d}",
            kind="proposal",
            title=f"Idee {n}",
            text="Text " * 40,
            author=participant,
        )
        for n in range(500)
    )
    Comment.objects.bulk_create(
        Comment(target=ideas[n % 500], author=participant, text=f"Kommentar {n} " + "Wort " * 30) for n in range(2000)
    )
    from zukunftswerkstatt.accounts.data_export import build_zip

    started = time.perf_counter()
    archive = zipfile.ZipFile(build_zip(user=participant))
    elapsed = time.perf_counter() - started
    data = json.loads(archive.read("data.json"))
    assert len(data["contributions"]["contributions"]) == 500
    assert len(data["contributions"]["comments"]) == 2000
    assert elapsed < 10, f"building the ZIP took {elapsed:.1f} s"


def test_a_field_added_to_a_model_with_personal_data_must_be_reviewed():
    """E.g. new needs on event registrations or a guest's address on contributions: whoever adds
    the field decides whether the download shows it, and names it in the app's registry.review."""
    missing = privacy.unreviewed_fields()
    assert not missing, (
        "These fields were added to models that hold personal data after their export was written. "
        "Add them to the export in the app's personal_data.py if they describe the person, and name "
        f"them in its registry.review(...): {missing}"
    )


def test_the_review_check_notices_a_new_field(monkeypatch):
    registry.discover()
    reviewed = {**registry.reviewed}
    reviewed["events.Registration"] = reviewed["events.Registration"] - {"needs_other"}
    monkeypatch.setattr(registry, "reviewed", reviewed)
    assert privacy.unreviewed_fields() == ["events.Registration.needs_other"]
