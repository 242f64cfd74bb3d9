"""Documents people hand in (scans of letters): checked whole by a parser, stored under a name we
make, served only as a download.

The first bytes say little: `%PDF` followed by HTML was accepted and stored as `evil.html`, which a
browser would have run as a page of the platform. So a PDF is parsed with pypdf (every page object
is read; streams are not unpacked), one with JavaScript, embedded files or launch actions is
refused, and a JPEG or PNG goes through the image path (core/images.py: checked, decoded within the
memory budget, re-encoded). What is stored gets a generated name with the extension of the type we
detected, never the uploaded one; the uploaded name is kept only as text to show.
"""

from __future__ import annotations

import io
import re
import uuid
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.http import FileResponse
from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

from .images import image_check, image_reencode

MAX_SCAN_BYTES = 8 * 1024 * 1024
MAX_SCAN_PAGES = 100
# A scanned A4 page of 2000 pixels is 170 dpi: readable, and a 12 MP phone photo decodes at half size.
SCAN_IMAGE_MAX_SIDE = 2000
# Names that make a PDF do something when opened; none belongs in a scanned letter.
PDF_ACTIVE_NAMES = ("/JavaScript", "/JS", "/EmbeddedFiles", "/EmbeddedFile", "/Launch", "/XFA", "/RichMedia")
CONTENT_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}
# Browsers sniff the first 512 bytes for HTML; a PDF never needs markup there.
HTML_MARKERS = (b"<html", b"<script", b"<!doctype", b"<body", b"<iframe", b"<svg", b"<?xml")


@dataclass(frozen=True)
class CheckedDocument:
    content: ContentFile  # named "<uuid>.<extension>"
    extension: str
    display_name: str


def _display_name(name: str) -> str:
    # Only the last part, printable, short: it is shown as text (escaped by the template).
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(ch for ch in base if ch.isprintable())[:200]


def _not_a_pdf() -> ValidationError:
    return ValidationError(_("This PDF file could not be read. Please scan or save it again."), code="invalid_pdf")


def _active_content(value, seen: set[int], depth: int = 0) -> bool:
    """Whether a PDF object (dictionary, array, reference) names JavaScript, embedded files or launch actions."""
    if depth > 30:
        return False
    if isinstance(value, IndirectObject):
        key = (value.idnum << 16) + value.generation
        if key in seen:
            return False
        seen.add(key)
        value = value.get_object()
    if isinstance(value, NameObject):
        return str(value) in PDF_ACTIVE_NAMES
    if isinstance(value, DictionaryObject):
        for key, item in value.items():
            if key in PDF_ACTIVE_NAMES:
                return True
            if key in ("/Parent", "/Contents", "/Resources"):  # the tree upwards, drawing; not actions
                continue
            if _active_content(item, seen, depth + 1):
                return True
    if isinstance(value, ArrayObject):
        return any(_active_content(item, seen, depth + 1) for item in value)
    return False


def pdf_check(data: bytes) -> int:
    """Parse a whole PDF; the number of pages. Raises ValidationError."""
    head = data[:1024].lower()
    if not data.startswith(b"%PDF-") or any(marker in head for marker in HTML_MARKERS):
        raise _not_a_pdf()
    if b"%%EOF" not in data[-1024:]:
        raise _not_a_pdf()  # a PDF ends with %%EOF; whatever follows it is not part of the document
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)  # scanners write small slips
        if reader.is_encrypted:
            raise ValidationError(
                _("This PDF is protected by a password. Please save it without protection."), code="encrypted"
            )
        pages = len(reader.pages)
        if pages == 0:
            raise _not_a_pdf()
        if pages > MAX_SCAN_PAGES:
            raise ValidationError(
                _("The PDF has %(pages)d pages; at most %(max)d are allowed.")
                % {"pages": pages, "max": MAX_SCAN_PAGES},
                code="too_many_pages",
            )
        seen: set[int] = set()
        if _active_content(reader.trailer["/Root"], seen) or any(_active_content(page, seen) for page in reader.pages):
            raise ValidationError(
                _("This PDF contains scripts or embedded files. Please print it to a plain PDF or scan the letter."),
                code="active_content",
            )
    except ValidationError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError, OSError) as error:
        raise _not_a_pdf() from error
    return pages


def scan_check(upload) -> CheckedDocument:
    """A scan of a letter (PDF, JPEG or PNG) checked whole and ready to store. Raises ValidationError."""
    if upload.size > MAX_SCAN_BYTES:
        raise ValidationError(_("The file is too large. At most 8 MB are allowed."), code="too_large")
    upload.seek(0)
    data = upload.read(MAX_SCAN_BYTES + 1)
    upload.seek(0)
    display_name = _display_name(getattr(upload, "name", ""))
    if data.startswith(b"%PDF-"):
        pdf_check(data)
        return CheckedDocument(ContentFile(data, name=f"{uuid.uuid4().hex}.pdf"), "pdf", display_name)
    if data.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")):
        header = image_check(upload)
        if header.format not in ("JPEG", "MPO", "PNG"):
            raise ValidationError(_("Please upload a PDF, JPEG or PNG file."), code="format")
        content = image_reencode(upload, max_side=SCAN_IMAGE_MAX_SIDE)
        return CheckedDocument(content, "jpg", display_name)
    raise ValidationError(_("Please upload a PDF, JPEG or PNG file."), code="format")


def detected_extension(head: bytes) -> str | None:
    """The type of a stored file by its content (stored scans from before the check have any name)."""
    if head.startswith(b"%PDF-") and not any(marker in head[:1024].lower() for marker in HTML_MARKERS):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    return None


def private_download(file, *, filename_stem: str) -> FileResponse:
    """A stored upload as a download that no browser renders as a page of ours.

    The file name and content type come from the content (never from the uploaded name): a file
    we cannot recognise is served as application/octet-stream, ending in .bin.
    """
    handle = file.open("rb")
    head = handle.read(1024)
    handle.seek(0)
    extension = detected_extension(head)
    content_type = CONTENT_TYPES.get(extension or "", "application/octet-stream")
    response = FileResponse(
        handle, as_attachment=True, filename=f"{filename_stem}.{extension or 'bin'}", content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


# -- spreadsheets ------------------------------------------------------------------------------

# An XLSX holds a dozen parts; a thousand is no spreadsheet anybody filled in by hand.
XLSX_MAX_MEMBERS = 1000
# XML packs well (10 to 30 times); a part that packs better than this is mostly one repeated byte.
XLSX_MAX_RATIO = 200
XLSX_RATIO_FROM_BYTES = 1024 * 1024  # small parts may pack better (empty styles, repeated tags)


def _too_large_unpacked() -> ValidationError:
    return ValidationError(
        _(
            "The Excel file unpacks to more than %(max)s MB. Please remove what the import does not need "
            "(other sheets, pictures) or save it as CSV."
        )
        % {"max": settings.IMPORT_MAX_UNPACKED_BYTES // (1024 * 1024)},
        code="xlsx_too_large",
    )


def xlsx_check(data: bytes) -> None:
    """Bound what an XLSX (a zip of XML) unpacks to, before openpyxl opens it. Raises ValidationError.

    The sizes are the ones the zip directory declares; Python's zipfile never returns more than the
    declared size of a member, so openpyxl cannot read more than what is checked here.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as error:
        raise ValidationError(
            _("The Excel file could not be read. Please save it again as .xlsx."), code="xlsx"
        ) from error
    if len(members) > XLSX_MAX_MEMBERS:
        raise ValidationError(_("The Excel file has too many parts to be a spreadsheet."), code="xlsx_members")
    limit = settings.IMPORT_MAX_UNPACKED_BYTES
    total = 0
    for member in members:
        total += member.file_size
        if member.file_size > limit or total > limit:
            raise _too_large_unpacked()
        if member.file_size > XLSX_RATIO_FROM_BYTES and member.file_size > XLSX_MAX_RATIO * max(
            member.compress_size, 1
        ):
            raise ValidationError(
                _("The Excel file contains a part that unpacks to %(ratio)d times its size; it is refused as unsafe.")
                % {"ratio": member.file_size // max(member.compress_size, 1)},
                code="xlsx_ratio",
            )


def table_limits_error(*, rows: int | None = None, cell_chars: int | None = None) -> ValidationError:
    """The message for a table with too many rows or a too long cell (both importers)."""
    if rows is not None:
        return ValidationError(
            _("The file has more than %(max)d rows. Please split it.") % {"max": rows}, code="too_many_rows"
        )
    return ValidationError(
        _("A cell holds more than %(max)d characters. Please check the file.") % {"max": cell_chars},
        code="cell_too_long",
    )


# -- text files (CSV) --------------------------------------------------------------------------

UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# C0 and C1 control characters other than tab, line feed and carriage return: no spreadsheet
# program writes them into a CSV, a binary file is full of them.
NOT_TEXT = re.compile("[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f]")
NOT_TEXT_BYTES = re.compile(b"[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f]")  # the same in UTF-8 and Windows-1252
# UTF-8 read as Latin-1/Windows-1252 and saved again: "ü" became "Ã¼".
MOJIBAKE = re.compile("Ã[\u0080-\u00bf]")


class UnreadableText(ValidationError):
    """A text upload we do not read. `line` (from 1) says where, when one line is to blame."""

    def __init__(self, message: str, *, code: str, line: int | None = None) -> None:
        super().__init__(message, code=code)
        self.line = line


def _line_at(text: str | bytes, index: int) -> int:
    if isinstance(text, str):
        return text[:index].count("\n") + 1
    return text[:index].count(b"\n") + 1


def _not_text() -> UnreadableText:
    return UnreadableText(
        _("This is not a text (CSV) file: it contains control characters. Please save it as “CSV UTF-8”."),
        code="not_text",  # a verdict on the whole file, so no line
    )


def decode_text_upload(data: bytes) -> str:
    """The text of an uploaded CSV file: one policy for every importer (see docs/architecture.md).

    UTF-8, with or without byte-order mark, is read as such. Anything else is read as Windows-1252,
    what Excel on a German Windows writes as "CSV (Trennzeichen-getrennt)"; it is a superset of the
    printable Latin-1 (ISO-8859-1) of the older official GENESIS files, so those read the same.
    Refused with UnreadableText, naming the line to blame where there is one: UTF-16 ("Unicode
    text"; none of our layouts comes that way; line 1), bytes that Windows-1252 does not define,
    text encoded twice ("Ã¼" for "ü"), and control characters (a binary file; no line).
    """
    if data.startswith(UTF16_BOMS) or data[:1000].count(0) > len(data[:1000]) // 4:
        raise UnreadableText(
            _("The file is saved as UTF-16 (“Unicode text”). Please save it as “CSV UTF-8” and upload it again."),
            code="utf16",
            line=1,
        )
    if NOT_TEXT_BYTES.search(data):
        raise _not_text()
    if data.startswith(UTF8_BOM):
        try:
            text = data[len(UTF8_BOM) :].decode("utf-8")
        except UnicodeDecodeError as error:
            raise UnreadableText(
                _("The file starts as UTF-8 but contains bytes that are not UTF-8."),
                code="encoding",
                line=_line_at(data, error.start + len(UTF8_BOM)),
            ) from error
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError as error:
                raise UnreadableText(
                    _(
                        "The file's characters could not be read. Please save it as “CSV UTF-8” "
                        "(in Excel: Save as → CSV UTF-8) and upload it again."
                    ),
                    code="encoding",
                    line=_line_at(data, error.start),
                ) from error
    # Before control characters: "Ü" encoded twice holds one (U+009C), but the cause is this.
    if match := MOJIBAKE.search(text):
        raise UnreadableText(
            _(
                "The text looks encoded twice (e.g. “Ã¼” instead of “ü”): the file was read in the wrong "
                "encoding and saved again. Please download it anew."
            ),
            code="encoded_twice",
            line=_line_at(text, match.start()),
        )
    if NOT_TEXT.search(text):  # U+0080 to U+009F, written as UTF-8
        raise _not_text()
    return text
