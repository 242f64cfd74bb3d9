"""One decoding policy for every text upload (core.uploads.decode_text_upload), on real bytes."""

from __future__ import annotations

import pytest
from django.utils import translation

from zukunftswerkstatt.core.uploads import UnreadableText, decode_text_upload

TEXT = "Ort;Notiz\nGroßenhain;Frühstück für 2 € – „jeden“ Tag\n"
LATIN1 = "Ort;Notiz\nGroßenhain;Frühstück für Groß und Klein ©\n"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def refused(data: bytes) -> UnreadableText:
    with pytest.raises(UnreadableText) as failure:
        decode_text_upload(data)
    return failure.value


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (TEXT.encode("utf-8"), TEXT),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), TEXT),  # the byte-order mark is not part of the text
        (TEXT.encode("cp1252"), TEXT),  # € is 0x80, „ 0x84, “ 0x93, – 0x96
        (LATIN1.encode("latin-1"), LATIN1),  # the same bytes as Windows-1252 for every printable sign
        (TEXT.replace("\n", "\r\n").encode("cp1252"), TEXT.replace("\n", "\r\n")),  # line ends stay as they are
        (b"a\tb\n", "a\tb\n"),
        (b"", ""),
    ],
)
def test_accepted_encodings_are_read_to_their_text(data, text):
    assert decode_text_upload(data) == text


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_is_refused_in_line_1_saying_what_to_do(encoding):
    error = refused(TEXT.encode(encoding))
    assert error.code == "utf16"
    assert error.line == 1
    assert "CSV UTF-8" in error.messages[0]


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)),
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"Titel;Status\n\x00\x01\x02\x03",
        "Ort\n\u0085Aue\n".encode(),  # a C1 control character written as UTF-8
    ],
)
def test_binary_is_refused_as_not_a_text_file(data):
    error = refused(data)
    assert error.code == "not_text"
    assert error.line is None
    assert "not a text (CSV) file" in error.messages[0]


def test_a_byte_windows_1252_does_not_define_is_refused_with_its_line():
    error = refused(b"Ort;Notiz\nAue;gut\nCaf\x81\n")
    assert (error.code, error.line) == ("encoding", 3)
    assert "CSV UTF-8" in error.messages[0]


def test_a_file_that_starts_as_utf8_but_is_not_is_refused_with_its_line():
    error = refused(b"\xef\xbb\xbfOrt\nM\xfcnchen\n")
    assert (error.code, error.line) == ("encoding", 2)


def test_text_encoded_twice_is_refused_with_its_line():
    twice = TEXT.encode("utf-8").decode("cp1252").encode("utf-8")  # "ß" became "ÃŸ", "ü" "Ã¼"
    error = refused(twice)
    assert (error.code, error.line) == ("encoded_twice", 2)
    assert "Ã¼" in error.messages[0]
