"""The Göltzschtal demo's look (issue 15): a logo and a colour for the organisation, and simple
pictures drawn with Pillow at load time (shapes and colours, no text, nothing downloaded), which the
demo hands to the same services the back office's uploads go through."""

from __future__ import annotations

import io

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

from .models import Organisation
from .services import organisation_set_appearance

# Brick red, like the Göltzschtal bridge: 7.3:1 on white, 6.7:1 on the light grey boxes.
DEMO_BRAND_COLOUR = "#9a3412"

SKY = (226, 238, 246)
RIVER = (43, 108, 176)
BRICK = (154, 52, 18)
GREEN = (74, 124, 60)
YELLOW = (250, 204, 21)
ORANGE = (234, 88, 12)
PINK = (219, 39, 119)
TEAL = (13, 148, 136)
GREY = (71, 85, 105)
WHITE = (255, 255, 255)


def _png(image: Image.Image, name: str) -> ContentFile:
    output = io.BytesIO()
    image.save(output, format="PNG")
    return ContentFile(output.getvalue(), name=name)


def demo_logo() -> ContentFile:
    """A bridge of four arches (the four towns) over a river, on white."""
    image = Image.new("RGB", (480, 240), WHITE)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 180, 480, 240), fill=RIVER)
    for x in range(0, 480, 60):
        draw.arc((x, 196, x + 60, 226), 200, 340, fill=WHITE, width=5)
    draw.rectangle((20, 40, 460, 70), fill=BRICK)
    for i in range(4):
        left = 30 + i * 110
        draw.rectangle((left, 70, left + 100, 190), fill=BRICK)
        draw.ellipse((left + 14, 90, left + 86, 230), fill=WHITE)
        draw.rectangle((left + 14, 160, left + 86, 190), fill=WHITE)
    draw.rectangle((0, 186, 480, 240), fill=RIVER)
    return _png(image, "logo.png")


def demo_picture_gathering() -> ContentFile:
    """People of all ages around a large round table."""
    image = Image.new("RGB", (1200, 600), SKY)
    draw = ImageDraw.Draw(image)
    draw.ellipse((330, 300, 870, 520), fill=(180, 130, 80))
    colours = [BRICK, RIVER, GREEN, ORANGE, PINK, TEAL, GREY, YELLOW]
    for i, (x, y, size) in enumerate(
        [
            (250, 260, 70),
            (400, 190, 60),
            (560, 160, 50),
            (720, 170, 64),
            (880, 230, 56),
            (960, 330, 72),
            (210, 400, 58),
            (1000, 450, 44),
        ]
    ):
        colour = colours[i % len(colours)]
        draw.ellipse((x - size // 2, y - size, x + size // 2, y), fill=(241, 194, 150))
        draw.rounded_rectangle((x - size // 2 - 10, y + 6, x + size // 2 + 10, y + size * 2), radius=24, fill=colour)
    return _png(image, "gathering.png")


def demo_picture_profile() -> ContentFile:
    """A bar chart of age groups beside a map pin."""
    image = Image.new("RGB", (1200, 600), (245, 245, 240))
    draw = ImageDraw.Draw(image)
    draw.line((120, 520, 720, 520), fill=GREY, width=6)
    for i, height in enumerate([180, 240, 300, 360, 280, 210]):
        left = 150 + i * 95
        draw.rectangle((left, 520 - height, left + 70, 517), fill=[RIVER, TEAL, GREEN, ORANGE, BRICK, PINK][i])
    draw.ellipse((820, 120, 1040, 340), fill=BRICK)
    draw.polygon([(840, 270), (1020, 270), (930, 500)], fill=BRICK)
    draw.ellipse((890, 190, 970, 270), fill=WHITE)
    return _png(image, "profile.png")


def demo_picture_cards() -> ContentFile:
    """Colourful cards pinned to a wall in three columns."""
    image = Image.new("RGB", (1200, 600), (236, 232, 224))
    draw = ImageDraw.Draw(image)
    columns = [(ORANGE, 4), (YELLOW, 5), (TEAL, 3)]
    for column, (colour, count) in enumerate(columns):
        left = 120 + column * 360
        draw.rectangle((left - 20, 40, left + 260, 560), outline=GREY, width=4)
        for row in range(count):
            top = 70 + row * 96
            shift = (row % 2) * 24
            draw.rounded_rectangle((left + shift, top, left + shift + 200, top + 76), radius=8, fill=colour)
            draw.ellipse((left + shift + 92, top - 8, left + shift + 108, top + 8), fill=BRICK)
    return _png(image, "cards.png")


def demo_picture_playground() -> ContentFile:
    """A swing and a bench in the green beside a river."""
    image = Image.new("RGB", (900, 600), SKY)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 380, 900, 600), fill=GREEN)
    draw.polygon([(0, 520), (900, 470), (900, 600), (0, 600)], fill=RIVER)
    draw.line((180, 380, 260, 120, 340, 380), fill=GREY, width=14)
    draw.line((260, 120, 520, 120), fill=GREY, width=14)
    draw.line((440, 380, 520, 120, 600, 380), fill=GREY, width=14)
    for x in (330, 430):
        draw.line((x, 120, x, 300), fill=GREY, width=4)
    draw.rectangle((315, 300, 445, 318), fill=ORANGE)
    draw.rectangle((660, 330, 840, 350), fill=(120, 72, 40))
    draw.rectangle((670, 350, 684, 400), fill=(120, 72, 40))
    draw.rectangle((816, 350, 830, 400), fill=(120, 72, 40))
    draw.ellipse((700, 40, 820, 160), fill=YELLOW)
    return _png(image, "playground.png")


def demo_picture_station() -> ContentFile:
    """An old station building with lit windows and a note on the door."""
    image = Image.new("RGB", (900, 600), (40, 50, 90))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 470, 900, 600), fill=GREY)
    draw.rectangle((150, 200, 750, 470), fill=BRICK)
    draw.polygon([(120, 200), (450, 70), (780, 200)], fill=(90, 40, 30))
    for left in (200, 330, 560, 690):
        draw.rectangle((left, 260, left + 60, 340), fill=YELLOW)
    draw.rectangle((420, 320, 480, 470), fill=(60, 30, 20))
    draw.rectangle((430, 340, 470, 370), fill=PINK)
    return _png(image, "station.png")


def load_appearance(organisation: Organisation) -> None:
    """The organisation's logo and colour."""
    organisation_set_appearance(organisation=organisation, logo=demo_logo(), brand_colour=DEMO_BRAND_COLOUR)
