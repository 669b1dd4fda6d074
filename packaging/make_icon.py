"""Draws the evaldesk icon: a ruled form sheet with a red seal, as clerks print, sign and stamp it.

Run once after changing the drawing: `python packaging/make_icon.py`. It writes
src/evaldesk/resources/icons/evaldesk.png (256 px, for the window) and evaldesk.ico (16–256 px, for
Windows: the exe, the shortcuts and .evd files). Drawn at 4x and scaled down, so small sizes stay clean.
"""
from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

ICONS = Path(__file__).resolve().parent.parent / "src" / "evaldesk" / "resources" / "icons"
SIZE = 1024
ICO_SIZES = [(16, 16), (20, 20), (24, 24), (32, 32), (40, 40), (48, 48), (64, 64), (128, 128), (256, 256)]

PAPER, EDGE, RULE, HEADER = (255, 255, 255, 255), (52, 84, 140, 255), (120, 140, 175, 255), (214, 226, 245, 255)
SEAL = (200, 30, 35, 255)


def draw_sheet(draw: ImageDraw.ImageDraw) -> None:
    left, top, right, bottom = 150, 60, 820, 964
    draw.rounded_rectangle((left + 24, top + 24, right + 24, bottom + 24), radius=40, fill=(0, 0, 0, 60))
    draw.rounded_rectangle((left, top, right, bottom), radius=40, fill=PAPER, outline=EDGE, width=28)
    draw.rectangle((left + 70, 150, right - 70, 250), fill=HEADER)
    for y in range(250, 860, 100):
        draw.line((left + 70, y, right - 70, y), fill=RULE, width=16)
    draw.line((left + 70, 150, left + 70, 850), fill=RULE, width=16)
    draw.line((left + 290, 150, left + 290, 850), fill=RULE, width=16)
    draw.line((right - 70, 150, right - 70, 850), fill=RULE, width=16)


def draw_seal(draw: ImageDraw.ImageDraw) -> None:
    cx, cy, r = 700, 760, 250
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=SEAL, width=48)
    star = _star(cx, cy, 120, 48)
    draw.polygon(star, fill=SEAL)


def _star(cx: float, cy: float, outer: float, inner: float) -> list[tuple[float, float]]:
    import math

    points = []
    for i in range(10):
        radius = outer if i % 2 == 0 else inner
        angle = -math.pi / 2 + i * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return points


def render() -> Image.Image:
    image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw_sheet(draw)
    draw_seal(draw)
    return image


def main() -> None:
    ICONS.mkdir(parents=True, exist_ok=True)
    image = render()
    image.resize((256, 256), Image.LANCZOS).save(ICONS / "evaldesk.png", optimize=True)
    image.save(ICONS / "evaldesk.ico", sizes=ICO_SIZES)
    print(f"wrote {ICONS / 'evaldesk.png'} and {ICONS / 'evaldesk.ico'}")


if __name__ == "__main__":
    main()
