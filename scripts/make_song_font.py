"""Makes the bundled Song (Ming) face, resources/fonts/evaldesk-song.ttf, from AR PL UMing CN.

The paper forms are set in 宋体. Where Windows has SimSun the exporters use it; elsewhere they use this
file: AR PL UMing CN (Debian's fonts-arphic-uming, /usr/share/fonts/truetype/arphic/uming.ttc, face 0),
cut down to the characters a form can hold (GB2312: its 6,763 hanzi, full-width punctuation,
≥ ≤ ■ □ …; ASCII; and every character of the built-in templates and the test forms), its bitmaps, hints and vertical-writing tables left out,
with two glyphs added that UMing lacks, the ballot boxes ☐ and ☑ at full character size, and renamed
"EvalDesk Song" so that it is never mistaken for the full font. Anything else a text holds is drawn
from the next font of the chain (export/fonts.py).

Run: python scripts/make_song_font.py [path/to/uming.ttc]   (needs fonttools: pip install fonttools)
The Arphic Public License asks for a notice of the change inside the modified file: it is written into
the font's name table (copyright and description) below, and the licence is shipped beside the font.
"""
from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

from fontTools import subset
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
SOURCE = Path("/usr/share/fonts/truetype/arphic/uming.ttc")
TARGET = ROOT / "src" / "evaldesk" / "resources" / "fonts" / "evaldesk-song.ttf"
FAMILY = "EvalDesk Song"
BALLOT, BALLOT_CHECKED = 0x2610, 0x2611
NOTICE = (
    f"Modified on {date.today().isoformat()} by the evaldesk project (scripts/make_song_font.py): "
    "subset of AR PL UMing CN to GB2312, ASCII and the characters of evaldesk's templates, hints, bitmaps and vertical tables removed, "
    "glyphs for U+2610 and U+2611 added, renamed EvalDesk Song. Distributed under the Arphic Public "
    "License (ARPHICPL.TXT)."
)


def form_characters() -> set[int]:
    """ASCII, GB2312, and every character of the templates and test forms (names beyond GB2312 too)."""
    chars = set(range(0x20, 0x7F))
    for first in range(0xA1, 0xF8):
        for second in range(0xA1, 0xFF):
            try:
                chars.add(ord(bytes((first, second)).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    for pattern in ("src/evaldesk/resources/templates/*.json", "tests/fixtures/*.evd"):
        for path in ROOT.glob(pattern):
            chars.update(ord(c) for c in json.dumps(json.loads(path.read_text("utf-8")), ensure_ascii=False))
    return chars


def box_contours(pen, x0: int, y0: int, x1: int, y1: int, stroke: int) -> None:
    """A square frame: the outer contour clockwise, the inner one counter-clockwise (TrueType)."""
    for points in (((x0, y0), (x0, y1), (x1, y1), (x1, y0)),
                   ((x0 + stroke, y0 + stroke), (x1 - stroke, y0 + stroke), (x1 - stroke, y1 - stroke), (x0 + stroke, y1 - stroke))):
        pen.moveTo(points[0])
        for point in points[1:]:
            pen.lineTo(point)
        pen.closePath()


def clockwise(points: list[tuple[int, int]]) -> list[tuple[int, int]]:
    area = sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1]))
    return points if area < 0 else points[::-1]


def add_ballot_boxes(font: TTFont) -> None:
    """☐ and ☑ as wide as a hanzi, the box a little inside the em square like UMing's own □."""
    em = font["head"].unitsPerEm
    x0, x1, y0, y1, stroke = round(em * 0.09), round(em * 0.91), round(em * -0.08), round(em * 0.74), round(em * 0.06)
    check = clockwise([(220, 390), (440, 240), (770, 655), (835, 595), (445, 95), (290, 330)])
    check = [(round(x * em / 1024), round(y * em / 1024)) for x, y in check]
    glyphs = {}
    for name, checked in (("ballotbox", False), ("ballotboxcheck", True)):
        pen = TTGlyphPen(None)
        box_contours(pen, x0, y0, x1, y1, stroke)
        if checked:
            pen.moveTo(check[0])
            for point in check[1:]:
                pen.lineTo(point)
            pen.closePath()
        glyphs[name] = pen.glyph()
    order = font.getGlyphOrder() + list(glyphs)
    font.setGlyphOrder(order)
    for name, glyph in glyphs.items():
        font["glyf"][name] = glyph
        glyph.recalcBounds(font["glyf"])
        font["hmtx"][name] = (em, glyph.xMin)
    for table in font["cmap"].tables:
        if table.isUnicode():
            table.cmap[BALLOT], table.cmap[BALLOT_CHECKED] = "ballotbox", "ballotboxcheck"
    font["maxp"].numGlyphs = len(order)


def rename(font: TTFont) -> None:
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 3, 4, 6, 16, 17, 18):
            names.removeNames(nameID=record.nameID)
    for name_id, text in ((1, FAMILY), (2, "Regular"), (3, f"{FAMILY} Regular"), (4, FAMILY),
                          (6, FAMILY.replace(" ", "") + "-Regular"), (10, NOTICE)):
        names.setName(text, name_id, 3, 1, 0x409)
        names.setName(text, name_id, 1, 0, 0)
    copyright_text = (names.getDebugName(0) or "Copyright (C) 1994-1999 Arphic Technology Co., Ltd.") + ". " + NOTICE
    names.setName(copyright_text, 0, 3, 1, 0x409)


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE
    font = TTFont(source, fontNumber=0)
    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.drop_tables += ["EBDT", "EBLC", "EBSC", "GSUB", "GPOS", "GDEF", "VORG", "vhea", "vmtx", "FFTM", "BDF ", "gasp"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=form_characters())
    subsetter.subset(font)
    add_ballot_boxes(font)
    rename(font)
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    font.save(TARGET)
    print(f"{TARGET}: {TARGET.stat().st_size:,} bytes, {len(font.getGlyphOrder()):,} glyphs")


if __name__ == "__main__":
    main()
