"""Simple pictures for the demo's pages in Leichte Sprache, drawn here (no file to ship, no licence to
check): flat shapes in the platform's colours that say what the page is about. Staff upload their own."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 480, 360
BACKGROUND = "#f3f6f8"
PRIMARY = "#0b5675"
DARK = "#073c52"
WARM = "#b35c00"
GREEN = "#1e6b34"
SKIN = "#e8b894"


def _person(draw: ImageDraw.ImageDraw, x: int, ground: int, colour: str, *, scale: float = 1.0) -> None:
    head = int(26 * scale)
    body_w, body_h = int(70 * scale), int(110 * scale)
    draw.rounded_rectangle(
        (x - body_w // 2, ground - body_h, x + body_w // 2, ground), radius=int(28 * scale), fill=colour
    )
    draw.ellipse((x - head, ground - body_h - 2 * head - 6, x + head, ground - body_h - 6), fill=SKIN)


def _people(draw: ImageDraw.ImageDraw) -> None:
    # A house of the town behind three people of different ages.
    draw.polygon([(250, 60), (400, 160), (100, 160)], fill=DARK)
    draw.rectangle((130, 160, 370, 300), fill="#ffffff", outline=DARK, width=6)
    draw.rectangle((225, 220, 275, 300), fill=PRIMARY)
    _person(draw, 110, 330, WARM)
    _person(draw, 240, 330, PRIMARY, scale=0.75)
    _person(draw, 370, 330, GREEN, scale=1.1)


def _steps(draw: ImageDraw.ImageDraw) -> None:
    font = ImageFont.load_default(size=34)
    for step in range(5):
        left = 40 + step * 80
        top = 290 - step * 46
        draw.rectangle((left, top, left + 80, 340), fill=PRIMARY if step % 2 == 0 else DARK)
        draw.text((left + 40, top + 24), str(step + 1), fill="#ffffff", font=font, anchor="mm")
    _person(draw, 440, 106, WARM, scale=0.55)


def _letter(draw: ImageDraw.ImageDraw) -> None:
    # A letter and a telephone: two of the ways to take part without the internet.
    draw.rectangle((40, 110, 260, 260), fill="#ffffff", outline=DARK, width=6)
    draw.line((40, 110, 150, 195, 260, 110), fill=DARK, width=6)
    draw.rounded_rectangle((300, 70, 420, 300), radius=18, fill=DARK)
    draw.rectangle((315, 95, 405, 230), fill="#ffffff")
    for row in range(2):
        for col in range(3):
            cx, cy = 330 + col * 30, 250 + row * 25
            draw.ellipse((cx - 7, cy - 7, cx + 7, cy + 7), fill="#ffffff")


def _lock(draw: ImageDraw.ImageDraw) -> None:
    draw.arc((170, 50, 310, 210), start=180, end=360, fill=DARK, width=22)
    draw.rectangle((181, 125, 204, 170), fill=DARK)
    draw.rectangle((276, 125, 299, 170), fill=DARK)
    draw.rounded_rectangle((130, 160, 350, 320), radius=20, fill=PRIMARY)
    draw.ellipse((222, 205, 258, 241), fill="#ffffff")
    draw.rectangle((233, 230, 247, 280), fill="#ffffff")


DRAWINGS = {"platform": _people, "steps": _steps, "take-part": _letter, "privacy": _lock}


def demo_picture(kind: str) -> SimpleUploadedFile | None:
    """The picture for a page of this kind as an upload (PNG), or None."""
    drawing = DRAWINGS.get(kind)
    if drawing is None:
        return None
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    drawing(ImageDraw.Draw(image))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return SimpleUploadedFile(f"{kind}.png", buffer.getvalue(), content_type="image/png")
