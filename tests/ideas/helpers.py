"""Small helpers the idea tests share."""

from __future__ import annotations

import io

from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

EXIF_MAKE = 0x010F
EXIF_MODEL = 0x0110
EXIF_GPS_IFD = 0x8825


def url(name: str, module, idea=None, **kwargs) -> str:
    arguments = {"module_pk": module.pk, **kwargs}
    if idea is not None:
        arguments["pk"] = idea.pk
    return reverse(f"ideas:{name}", kwargs=arguments)


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def idea_form_data(**overrides) -> dict:
    """What a person fills in on the contribution form."""
    return {
        "kind": "proposal",
        "title": "Ein Trinkbrunnen im Park",
        "text": "Im Sommer ist es heiß; ein Trinkbrunnen im Stadtpark hilft Jung und Alt.",
        "municipality": "all",
        "place_name": "",
        "latitude": "",
        "longitude": "",
        "image_alt": "",
        **overrides,
    }


def jpeg_with_exif(size=(80, 60)) -> bytes:
    """A photo as a phone makes it: camera and GPS position in its EXIF data."""
    image = Image.new("RGB", size, (200, 120, 40))
    exif = Image.Exif()
    exif[EXIF_MAKE] = "Testkamera GmbH"
    exif[EXIF_MODEL] = "Modell 7"
    gps = exif.get_ifd(EXIF_GPS_IFD)
    gps[1] = "N"
    gps[2] = (50.0, 29.0, 24.0)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def pdf_bytes(*, pages: int = 1, javascript: bool = False, attachment: bool = False) -> bytes:
    """A real PDF, as a scanner would write it, or with a script or an attached file."""
    from pypdf import PdfWriter
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if javascript:
        action = DictionaryObject(
            {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert('hello');")}
        )
        writer.root_object[NameObject("/OpenAction")] = writer._add_object(action)
    if attachment:
        writer.add_attachment("rechnung.txt", b"Rechnung Nr. 1")
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()
