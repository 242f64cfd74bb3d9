"""The registry through which a later app adds a section to the municipal profile, the action plan
and the review report (processes.registry.DocumentSection)."""

from __future__ import annotations

import logging

import pytest

from tests.factories import ProcessFactory
from zukunftswerkstatt.processes.registry import DocumentSection, registry


def section(key: str = "extra", **changes) -> DocumentSection:
    values = {
        "key": key,
        "title": "Extra",
        "documents": frozenset({"plan"}),
        "context": lambda process: {},
        "template": "tests/document_section.html",
    }
    return DocumentSection(**{**values, **changes})


def test_sections_are_given_by_document_and_position(document_section):
    document_section("late", documents={"profile", "plan"}, position=300)
    document_section("early", documents={"plan"}, position=10)
    document_section("middle", documents={"plan", "review"})  # the default position, 100
    assert [s.key for s in registry.document_sections("plan")] == ["early", "middle", "late"]
    assert [s.key for s in registry.document_sections("profile")] == ["late"]
    assert [s.key for s in registry.document_sections("review")] == ["middle"]


def test_sections_at_the_same_position_are_ordered_by_key(document_section):
    document_section("zeta")
    document_section("alpha")
    assert [s.key for s in registry.document_sections("review")] == ["alpha", "zeta"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"documents": frozenset({"minutes"})}, "unknown documents"),
        ({"documents": frozenset()}, "no or unknown documents"),
        ({"template": ""}, "no template"),
        ({"key": "Wer-hat"}, "not a valid identifier"),
    ],
)
def test_a_section_that_names_no_document_template_or_a_bad_key_is_refused(document_section, changes, message):
    with pytest.raises(ValueError, match=message):
        registry.register_document_section(section(**changes))
    assert not registry.sections


def test_a_key_is_registered_once(document_section):
    document_section("extra")
    with pytest.raises(ValueError, match="registered already"):
        registry.register_document_section(section("extra"))


def test_only_the_three_documents_take_sections():
    with pytest.raises(ValueError, match="not a document"):
        registry.document_sections("minutes")


@pytest.mark.django_db
def test_parts_carry_the_context_and_the_body_rendered_for_the_web_or_for_print(document_section):
    document_section()
    process = ProcessFactory()
    [web] = registry.section_parts("review", process=process, for_print=False)
    [printed] = registry.section_parts("review", process=process, for_print=True)
    [word] = registry.section_parts("review", process=process)
    assert web.anchor == "section-who_took_part"
    assert web.context["caption"] == "Teilnehmende je Stadt"
    assert "(im Netz, review, who_took_part)" in web.html
    assert "(gedruckt, review, who_took_part)" in printed.html
    assert word.html == ""  # the Word file needs the context only
    assert word.context == web.context


@pytest.mark.django_db
def test_a_section_whose_context_is_none_is_left_out(document_section):
    asked = []
    document_section("nothing", context=lambda process: asked.append(process) or None)
    document_section("something", position=200)
    process = ProcessFactory()
    assert [p.section.key for p in registry.section_parts("plan", process=process, for_print=False)] == ["something"]
    assert asked == [process]


@pytest.mark.django_db
def test_a_failing_section_is_logged_and_left_out(document_section, caplog):
    def broken(process):
        raise RuntimeError("participation broke")

    document_section("broken", context=broken, position=1)
    document_section("fine")
    with caplog.at_level(logging.ERROR, logger="zukunftswerkstatt.processes.registry"):
        parts = registry.section_parts("profile", process=ProcessFactory(), for_print=True)
    assert [p.section.key for p in parts] == ["fine"]
    assert "Document section 'broken' failed" in caplog.text


@pytest.mark.django_db
def test_without_sections_nothing_is_asked(document_section, django_assert_num_queries):
    process = ProcessFactory()
    with django_assert_num_queries(0):
        for document in ("profile", "plan", "review"):
            assert registry.section_parts(document, process=process, for_print=False) == []
