"""The demo stories' covers, drawn with Pillow: nothing is downloaded.

Each broad theme has its motif — coins and a rising chart for the economic model, a round
table for governance, a path with its milestones for member support, speech bubbles for
advocacy, an umbrella sheltering people for solidarity, windows and gears for tools — on the theme's
colour; each story draws it its own way (layout, shades, sizes, the small cairn's place)
from its number, so no two covers are alike. A cover says what it shows in its alt text.
"""

from __future__ import annotations

import io
import math
import random

#: Each broad theme's colour (seed_content.CATEGORIES' slugs), as the stories' list shows it.
COLOURS = {
    "modele-economique": "#1f5f8b",
    "gouvernance": "#6b3fa0",
    "accompagnement": "#2a6f4e",
    "plaidoyer": "#a0412d",
    "solidarite": "#8a6d1d",
    "outils": "#3d4f5c",
}

#: What each motif shows, in French, Dutch and English (the alt text's words).
MOTIFS = {
    "modele-economique": (
        "des piles de pièces et une courbe qui monte",
        "stapels munten en een stijgende lijn",
        "stacks of coins and a rising line",
    ),
    "gouvernance": ("une table ronde entourée de sièges", "een ronde tafel met stoelen eromheen", "a round table with seats around it"),
    "accompagnement": ("un chemin jalonné de bornes", "een pad met mijlpalen", "a path with milestones"),
    "plaidoyer": ("des bulles de parole", "tekstballonnen", "speech bubbles"),
    "solidarite": ("un parapluie qui abrite des personnes", "een paraplu die mensen beschut", "an umbrella sheltering people"),
    "outils": ("des fenêtres d’écran et des engrenages", "schermvensters en tandwielen", "screen windows and gears"),
}
CREAM, INK = "#f4efe6", "#2b2b2b"
WIDTH, HEIGHT = 640, 360


def _shade(colour: str, factor: float) -> str:
    """``colour`` lighter (factor > 1) or darker (< 1)."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    if factor >= 1:
        r, g, b = (int(c + (255 - c) * (factor - 1)) for c in (r, g, b))
    else:
        r, g, b = (int(c * factor) for c in (r, g, b))
    return f"#{r:02x}{g:02x}{b:02x}"


def _coins(draw, rng: random.Random, colour: str) -> None:
    for stack in range(rng.randint(3, 5)):
        x = 90 + stack * rng.randint(70, 95)
        for level in range(rng.randint(2, 7)):
            y = 300 - level * 18
            draw.ellipse([x - 32, y - 12, x + 32, y + 12], fill=CREAM, outline=INK, width=3)
    points = [(60 + k * 105, 250 - k * rng.randint(25, 38) + rng.randint(-15, 15)) for k in range(6)]
    draw.line(points, fill=_shade(colour, 1.6), width=7, joint="curve")


def _round_table(draw, rng: random.Random, colour: str) -> None:
    cx, cy, radius = rng.randint(250, 390), rng.randint(170, 200), rng.randint(70, 95)
    draw.ellipse([cx - radius, cy - radius * 0.6, cx + radius, cy + radius * 0.6], fill=CREAM, outline=INK, width=3)
    seats = rng.randint(6, 10)
    for k in range(seats):
        angle = 2 * math.pi * k / seats + rng.random() * 0.2
        x, y = cx + (radius + 38) * math.cos(angle), cy + (radius * 0.6 + 30) * math.sin(angle)
        draw.ellipse([x - 16, y - 16, x + 16, y + 16], fill=_shade(colour, 1.5 + 0.1 * (k % 3)), outline=INK, width=2)


def _path(draw, rng: random.Random, colour: str) -> None:
    points = [(x, 320 - x * 0.35 + 30 * math.sin(x / rng.randint(60, 110))) for x in range(20, 640, 20)]
    draw.line(points, fill=CREAM, width=22, joint="curve")
    for k in range(rng.randint(3, 5)):
        x, y = points[3 + k * rng.randint(4, 6) % (len(points) - 4)]
        draw.rectangle([x - 9, y - 48, x + 9, y - 8], fill=_shade(colour, 1.7), outline=INK, width=2)


def _bubbles(draw, rng: random.Random, colour: str) -> None:
    for k in range(rng.randint(3, 5)):
        x, y = rng.randint(60, 440), rng.randint(40, 200)
        w, h = rng.randint(120, 190), rng.randint(60, 95)
        fill = CREAM if k % 2 == 0 else _shade(colour, 1.6)
        draw.rounded_rectangle([x, y, x + w, y + h], radius=22, fill=fill, outline=INK, width=3)
        draw.polygon([(x + 30, y + h), (x + 55, y + h), (x + 22, y + h + 26)], fill=fill, outline=INK)
        for line in range(2):
            draw.line([(x + 20, y + 24 + line * 22), (x + w - 20 - rng.randint(0, 40), y + 24 + line * 22)], fill=INK, width=4)


def _umbrella(draw, rng: random.Random, colour: str) -> None:
    cx, top, radius = rng.randint(220, 420), rng.randint(40, 70), rng.randint(120, 160)
    draw.pieslice([cx - radius, top, cx + radius, top + 2 * radius], 180, 360, fill=CREAM, outline=INK, width=3)
    for k in range(1, 4):  # the ribs
        x = cx - radius + k * radius // 2
        draw.line([(cx, top + radius), (x, top + radius)], fill=INK, width=2)
        draw.line([(cx, top + 8), (x, top + radius)], fill=INK, width=2)
    draw.line([(cx, top + radius), (cx, top + radius + 90)], fill=INK, width=5)
    people = rng.randint(2, 4)
    for k in range(people):
        x = cx - radius + 40 + k * (2 * radius - 80) // max(people - 1, 1)
        y = top + radius + rng.randint(40, 70)
        draw.ellipse([x - 15, y - 15, x + 15, y + 15], fill=_shade(colour, 1.7), outline=INK, width=2)
        draw.rounded_rectangle([x - 24, y + 18, x + 24, y + 80], radius=14, fill=_shade(colour, 1.5), outline=INK, width=2)


def _windows(draw, rng: random.Random, colour: str) -> None:
    for _ in range(rng.randint(2, 3)):
        x, y = rng.randint(40, 330), rng.randint(30, 150)
        w, h = rng.randint(170, 240), rng.randint(110, 160)
        draw.rectangle([x, y, x + w, y + h], fill=CREAM, outline=INK, width=3)
        draw.rectangle([x, y, x + w, y + 22], fill=_shade(colour, 1.5), outline=INK, width=3)
        for row in range(3):
            draw.line([(x + 16, y + 44 + row * 24), (x + w - 16 - rng.randint(0, 60), y + 44 + row * 24)], fill=INK, width=4)
    cx, cy, radius = rng.randint(470, 560), rng.randint(230, 280), rng.randint(38, 52)
    teeth = 10
    polygon = []
    for k in range(teeth * 2):
        r = radius + 14 if k % 2 == 0 else radius
        angle = math.pi * k / teeth
        polygon.append((cx + r * math.cos(angle), cy + r * math.sin(angle)))
    draw.polygon(polygon, fill=_shade(colour, 1.6), outline=INK)
    draw.ellipse([cx - 14, cy - 14, cx + 14, cy + 14], fill=colour, outline=INK, width=2)


DRAW = {
    "modele-economique": _coins,
    "gouvernance": _round_table,
    "accompagnement": _path,
    "plaidoyer": _bubbles,
    "solidarite": _umbrella,
    "outils": _windows,
}


def _cairn(draw, rng: random.Random) -> None:
    """The small cairn every cover carries, somewhere along its bottom."""
    x, y = rng.choice([58, 582]), 344
    for n, width in enumerate([64, 50, 38, 26]):
        height = 20 - n * 2
        shift = rng.randint(-4, 4)
        draw.ellipse([x - width // 2 + shift, y - height, x + width // 2 + shift, y], fill=CREAM, outline=INK, width=2)
        y -= height - 4


def cover_png(category: str, seed: int) -> bytes:
    """A 640 × 360 PNG for a story of ``category``, its own for each ``seed``."""
    from PIL import Image, ImageDraw

    rng = random.Random(f"{category}:{seed}")
    colour = COLOURS.get(category, "#3d4f5c")
    image = Image.new("RGB", (WIDTH, HEIGHT), _shade(colour, rng.uniform(0.75, 1.0)))
    draw = ImageDraw.Draw(image)
    horizon = rng.randint(230, 290)
    draw.rectangle([0, horizon, WIDTH, HEIGHT], fill=_shade(colour, rng.uniform(0.55, 0.7)))
    for _ in range(rng.randint(4, 9)):  # a few background dots: light on the theme's colour
        x, y, r = rng.randint(0, WIDTH), rng.randint(0, horizon), rng.randint(6, 26)
        draw.ellipse([x - r, y - r, x + r, y + r], fill=_shade(colour, rng.uniform(1.15, 1.35)))
    DRAW.get(category, _windows)(draw, rng, colour)
    _cairn(draw, rng)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()


def cover_alt(category: str, language: str) -> str:
    """What the cover shows, in ``language``."""
    fr, nl, en = MOTIFS.get(category, MOTIFS["outils"])
    if language == "nl":
        return f"Illustratie: {nl} en een klein steenmannetje"
    if language == "en":
        return f"Illustration: {en} and a small cairn"
    return f"Illustration : {fr} et un petit cairn"
