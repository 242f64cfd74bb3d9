"""Fixtures of the processes tests."""

from tests.processes.document_sections import document_section  # noqa: F401 - a later app's section in the documents
