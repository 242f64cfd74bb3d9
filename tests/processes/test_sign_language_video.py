"""Issue 15: a phase's video in German Sign Language (DGS): the slot on the phase page, the upload check."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import modelform_factory
from django.test import Client
from django.utils import translation

from zukunftswerkstatt.processes.admin import PhaseInlineForm, sniff_video
from zukunftswerkstatt.processes.models import Phase

pytestmark = pytest.mark.django_db

MP4 = b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00" + b"\x00" * 64
WEBM = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_sniff_recognises_mp4_and_webm_only():
    assert sniff_video(MP4) == "mp4"
    assert sniff_video(WEBM) == "webm"
    assert sniff_video(b"<html><body>not a video</body>") is None
    assert sniff_video(b"") is None


def form_for(phase, video: SimpleUploadedFile) -> PhaseInlineForm:
    data = {f: getattr(phase, f) for f in ("type", "name", "start", "end", "description", "image_alt")}
    data["sign_language_caption"] = "The workshop in DGS"
    form_class = modelform_factory(Phase, form=PhaseInlineForm, fields=[*data, "sign_language_video"])
    return form_class(data=data, files={"sign_language_video": video}, instance=phase)


@pytest.mark.parametrize("content", [MP4, WEBM])
def test_back_office_accepts_mp4_and_webm(process, content, media):
    phase = process.phases.first()
    form = form_for(phase, SimpleUploadedFile("seite.html", content))
    form.full_clean()
    assert "sign_language_video" not in form.errors
    # Stored under a random name with the extension of what it is, never the uploaded name.
    name = form.cleaned_data["sign_language_video"].name
    assert name.endswith(".mp4" if content == MP4 else ".webm")
    assert "seite" not in name


def test_back_office_refuses_other_files_with_a_readable_error(process, media):
    phase = process.phases.first()
    form = form_for(phase, SimpleUploadedFile("dgs.mp4", b"MZ\x90\x00" + b"\x00" * 64, content_type="video/mp4"))
    form.full_clean()
    assert form.errors["sign_language_video"] == [
        "This is not an MP4 or WebM video. Please upload an MP4 or WebM file."
    ]


def test_back_office_refuses_videos_over_the_size_setting(process, media, settings):
    settings.SIGN_LANGUAGE_VIDEO_MAX_MB = 0
    phase = process.phases.first()
    form = form_for(phase, SimpleUploadedFile("dgs.mp4", MP4))
    form.full_clean()
    assert form.errors["sign_language_video"] == ["The video is larger than 0 MB. Please make it smaller."]


def test_phase_page_shows_the_video_with_its_caption(process, media):
    phase = process.phases.first()
    phase.sign_language_video = SimpleUploadedFile("dgs.mp4", MP4)
    phase.sign_language_caption = "Die Zukunftswerkstatt in DGS"
    phase.save()
    client = Client()
    client.cookies["zw_language"] = "en"
    html = client.get(phase.get_absolute_url()).content.decode()
    assert "In sign language" in html
    video = re.search(r"<video\s[^>]*>", html).group(0)
    for attribute in ("controls", 'preload="none"', "playsinline"):
        assert attribute in video
    assert phase.sign_language_video.url in html
    assert '<figcaption lang="de">Die Zukunftswerkstatt in DGS</figcaption>' in html


def test_phase_page_without_video_has_no_slot(process):
    phase = process.phases.first()
    client = Client()
    client.cookies["zw_language"] = "en"
    html = client.get(phase.get_absolute_url()).content.decode()
    assert "<video" not in html
    assert "In sign language" not in html


def test_content_security_policy_allows_media_from_our_own_site(process):
    response = Client().get(process.phases.first().get_absolute_url())
    policy = response["Content-Security-Policy"]
    assert "media-src 'self'" in policy
