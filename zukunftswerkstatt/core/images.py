"""Uploaded images are checked, decoded within a fixed memory budget and re-encoded: what is stored
is a clean JPEG without metadata (no camera location, no hidden payload), at most 1600 pixels on its
longer side.

Why a budget: a 149 KB PNG of 6200×6200 pixels decodes to 154 MB (Pillow keeps 4 bytes a pixel),
and six of them in parallel took 2.5 GB. So, before anything is decoded:

1. the header is read (Image.open is lazy) and only JPEG, PNG and WebP with one frame are accepted;
2. the pixels that will be decoded are counted: PNG and WebP at full size, baseline JPEG after
   reduction on decode (`Image.draft` lets libjpeg decode at 1/2, 1/4 or 1/8 scale, so a 12 MP
   phone photo decodes at 2016×1512), progressive JPEG at full size (libjpeg holds every
   coefficient of the whole picture); more than UPLOAD_IMAGE_MAX_PIXELS is refused;
3. at most UPLOAD_IMAGE_PARALLEL_DECODES decodes run at once in a process (threaded servers);
4. the picture is flattened and reduced strip by strip (`_shrink_flat`), so that no second
   full-size copy exists, and the process gives the freed memory back (`release_memory`; both
   measured in docs/deployment.md, "Uploads").

Pillow's own bomb check (Image.MAX_IMAGE_PIXELS, set in CoreConfig.ready) stays as a second line for
every other Image.open in the process.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import io
import threading
import uuid
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

# "MPO" is how Pillow names a JPEG with a second picture inside (depth map, preview), as many
# phones write them; only its first picture is used.
ALLOWED_FORMATS = {"JPEG", "MPO", "PNG", "WEBP"}
MAX_UPLOAD_BYTES = 8 * 1024 * 1024
MAX_SIDE = 1600
# A baseline JPEG may declare this many times the decoded limit: it decodes at 1/2 to 1/8 scale,
# but libjpeg still reads every block, so CPU time grows with the declared size.
JPEG_DECLARED_FACTOR = 8
# How long a request waits for a free decode slot before it says the server is busy.
DECODE_WAIT_SECONDS = 30

PILLOW_ERRORS = (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombError)


@dataclass(frozen=True)
class ImageHeader:
    format: str
    width: int
    height: int
    decoded_width: int
    decoded_height: int


def max_pixels() -> int:
    return settings.UPLOAD_IMAGE_MAX_PIXELS


def pillow_bomb_limit(upload_max_pixels: int) -> int:
    """The value for Image.MAX_IMAGE_PIXELS: Pillow refuses twice that, which is the largest JPEG we accept."""
    return upload_max_pixels * JPEG_DECLARED_FACTOR // 2


def _megapixels(pixels: int) -> str:
    """ "8" or, for a limit such as 8,300,000, "8,3" in German."""
    value = round(pixels / 1_000_000, 1)
    return number_format(value, decimal_pos=0 if value.is_integer() else 1)


def _draft_box(width: int, height: int, max_side: int, limit: int) -> tuple[int, int]:
    """The box to give Image.draft: libjpeg then decodes at 1/1, 1/2, 1/4 or 1/8 scale.

    The largest scale whose result is still at least max_side on its longer side (so the picture
    keeps its sharpness), unless that many pixels would exceed the limit: then the next smaller.
    """
    scale = 1
    while scale < 8 and max(width, height) // (scale * 2) >= max_side:
        scale *= 2
    while scale < 8 and -(-width // scale) * -(-height // scale) > limit:
        scale *= 2
    return max(1, width // scale), max(1, height // scale)


def _check_size(upload) -> None:
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The image is too large (%(size)s). At most 8 MB are allowed.")
            # filesizeformat writes the size in the reader's language ("38,8 MB" in German).
            % {"size": filesizeformat(upload.size)},
            code="too_large",
        )


def _inspect(image: Image.Image, max_side: int = MAX_SIDE) -> ImageHeader:
    """Check an opened, not yet decoded image; prepares JPEG reduction on decode. Raises ValidationError."""
    limit = max_pixels()
    if image.format not in ALLOWED_FORMATS:
        raise ValidationError(_("Please upload a JPEG, PNG or WebP image."), code="format")
    if image.format != "MPO" and getattr(image, "n_frames", 1) > 1:
        raise ValidationError(
            _("Animated images are not accepted. Please upload a single picture (JPEG, PNG or WebP)."),
            code="animated",
        )
    width, height = image.size
    too_many = ValidationError(
        _(
            "The image has too many pixels (%(width)d × %(height)d). Please upload a picture of at most "
            "%(megapixels)s megapixels, e.g. a smaller export of the photo."
        )
        % {"width": width, "height": height, "megapixels": _megapixels(limit)},
        code="too_many_pixels",
    )
    if width < 1 or height < 1:
        raise ValidationError(_("This file is not an image we can read."), code="invalid")
    is_jpeg = image.format in ("JPEG", "MPO")
    progressive = is_jpeg and bool(image.info.get("progressive") or image.info.get("progression"))
    if is_jpeg and not progressive:
        if width * height > limit * JPEG_DECLARED_FACTOR:
            raise too_many
        image.draft("RGB" if image.mode == "RGB" else None, _draft_box(width, height, max_side, limit))
    decoded_width, decoded_height = image.size
    if decoded_width * decoded_height > limit:
        raise too_many
    return ImageHeader(image.format, width, height, decoded_width, decoded_height)


def image_check(upload) -> ImageHeader:
    """Check an upload from its header only (nothing is decoded). Raises ValidationError."""
    _check_size(upload)
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                return _inspect(image)
    except ValidationError:
        raise
    except Image.DecompressionBombError as error:
        raise ValidationError(
            _("The image has too many pixels. Please upload a picture of at most %(megapixels)s megapixels.")
            % {"megapixels": _megapixels(max_pixels())},
            code="too_many_pixels",
        ) from error
    except PILLOW_ERRORS as error:
        raise ValidationError(_("This file is not an image we can read."), code="invalid") from error
    finally:
        upload.seek(0)


class _DecodeSlots:
    """At most UPLOAD_IMAGE_PARALLEL_DECODES decodes at once in this process (matters with threads)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._semaphore: threading.BoundedSemaphore | None = None
        self._size = 0

    def semaphore(self) -> threading.BoundedSemaphore:
        size = max(1, settings.UPLOAD_IMAGE_PARALLEL_DECODES)
        with self._lock:
            if self._semaphore is None or self._size != size:
                self._semaphore, self._size = threading.BoundedSemaphore(size), size
            return self._semaphore


_slots = _DecodeSlots()


def _malloc_trim():
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name).malloc_trim if name else None
    except (OSError, AttributeError):  # not glibc (musl, macOS): nothing to trim
        return None


_trim = _malloc_trim()


def release_memory() -> None:
    """Give freed heap memory back to the operating system (glibc only).

    Measured (docs/deployment.md, "Uploads"): after a 6200×6200 decode glibc keeps about 190 MB
    in the process because its mmap threshold has grown to Pillow's 16 MB blocks; malloc_trim
    returns it in about a millisecond.
    """
    if _trim is not None:
        _trim(0)


# Rows handed to Pillow at a time while flattening and shrinking (64 rows of 4000 pixels: 1 MB).
STRIP_ROWS = 64
# What exif_transpose does, for a picture that no longer carries its EXIF block.
ORIENTATION = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or (image.mode == "P" and "transparency" in image.info)


def _flatten(image: Image.Image) -> Image.Image:
    """RGB; transparent parts become white."""
    if _has_alpha(image):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, "white")
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image if image.mode == "RGB" else image.convert("RGB")


def _shrink_flat(image: Image.Image, max_side: int) -> Image.Image:
    """An RGB copy reduced by a whole factor, made strip by strip beside the decoded picture.

    Converting or reducing a whole picture makes full-size copies (Pillow premultiplies a
    transparent picture before it resamples it): with strips, the peak stays near the decoded
    picture plus the reduced result. The result is at least max_side (then resampled to it),
    except for a picture that is not RGB and less than twice max_side: that one is halved rather
    than copied whole.
    """
    width, height = image.size
    longer = max(width, height)
    factor = max(1, longer // max_side)
    if factor == 1 and longer > max_side and image.mode != "RGB":
        factor = 2  # ends between max_side / 2 and max_side rather than copying the whole picture
    if factor == 1 and image.mode == "RGB":
        return image
    step = factor * max(1, STRIP_ROWS // factor)
    result = Image.new("RGB", (-(-width // factor), -(-height // factor)), "white")
    for top in range(0, height, step):
        strip = _flatten(image.crop((0, top, width, min(height, top + step))))
        if factor > 1:
            strip = strip.reduce(factor)
        result.paste(strip, (0, top // factor))
    return result


def image_reencode(upload, *, max_side: int = MAX_SIDE) -> ContentFile:
    """The upload as a clean JPEG of at most max_side pixels a side. Raises ValidationError (for people)."""
    _check_size(upload)
    semaphore = _slots.semaphore()
    if not semaphore.acquire(timeout=DECODE_WAIT_SECONDS):
        raise ValidationError(_("The server is busy with other pictures. Please try again in a minute."), code="busy")
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(upload)
        try:
            _inspect(image, max_side)
            orientation = image.getexif().get(0x0112)
            image.load()
            small = _shrink_flat(image, max_side)
            if small is not image:
                image.close()  # the full-size picture goes before anything else is allocated
            small.thumbnail((max_side, max_side))
            if orientation in ORIENTATION:
                small = small.transpose(ORIENTATION[orientation])
            output = io.BytesIO()
            small.save(output, format="JPEG", quality=85, optimize=True)
        finally:
            image.close()
    except ValidationError:
        raise
    except Image.DecompressionBombError as error:
        raise ValidationError(
            _("The image has too many pixels. Please upload a picture of at most %(megapixels)s megapixels.")
            % {"megapixels": _megapixels(max_pixels())},
            code="too_many_pixels",
        ) from error
    except PILLOW_ERRORS as error:
        raise ValidationError(_("This file is not an image we can read."), code="invalid") from error
    finally:
        semaphore.release()
        release_memory()
    return ContentFile(output.getvalue(), name=f"{uuid.uuid4().hex}.jpg")
