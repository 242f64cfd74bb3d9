"""Small slips in German text: decimal commas in sizes, no doubled full stop after a name ending in one."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from zukunftswerkstatt.core.images import image_reencode
from zukunftswerkstatt.core.text import single_full_stop


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Zahlen für Auerbach/Vogtl..", "Zahlen für Auerbach/Vogtl."),
        ("In Falkenstein/Vogtl.. Danach mehr.", "In Falkenstein/Vogtl. Danach mehr."),
        ("Und dann...", "Und dann..."),  # an ellipsis stays
        ("Rodewisch.", "Rodewisch."),
        ("", ""),
    ],
)
def test_single_full_stop_removes_only_a_doubled_full_stop(text, expected):
    assert single_full_stop(text) == expected


def test_single_full_stop_keeps_safe_html_safe():
    assert isinstance(single_full_stop(mark_safe("<b>Auerbach/Vogtl.</b>.")), SafeString)  # noqa: S308


def test_template_filter_wraps_a_translated_sentence_ending_with_a_town_name():
    template = Template(
        "{% load i18n zw_text %}{% filter single_full_stop %}"
        "{% blocktranslate %}Figures for {{ town }}.{% endblocktranslate %}{% endfilter %}"
    )
    html = template.render(Context({"town": "Auerbach/Vogtl. <script>"}))
    assert html == "Figures for Auerbach/Vogtl. &lt;script&gt;."
    assert template.render(Context({"town": "Auerbach/Vogtl."})) == "Figures for Auerbach/Vogtl."


def test_demography_chart_description_does_not_double_the_full_stop_after_a_town():
    from zukunftswerkstatt.demography import charts

    assert charts.single_full_stop is single_full_stop  # the description goes through it


def test_too_large_image_names_its_size_with_a_german_decimal_comma(monkeypatch):
    upload = SimpleUploadedFile("foto.jpg", b"x", content_type="image/jpeg")
    upload.size = int(38.8 * 1024 * 1024)
    with translation.override("de"), pytest.raises(ValidationError) as error:
        image_reencode(upload)
    assert "38,8\xa0MB" in error.value.messages[0]  # filesizeformat keeps number and unit together
    assert "38.8" not in error.value.messages[0]
    with translation.override("en"), pytest.raises(ValidationError) as error:
        image_reencode(upload)
    assert "38.8\xa0MB" in error.value.messages[0]
