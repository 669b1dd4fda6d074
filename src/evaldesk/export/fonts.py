"""The fonts a printed form is drawn with: embedded TrueType subsets, so it prints the same anywhere.

On Windows the form is set in SimSun (宋体), like the paper forms; elsewhere, or when SimSun is missing,
in the bundled EvalDesk Song (AR PL UMing CN cut down to GB2312 by scripts/make_song_font.py, Arphic
Public License, resources/fonts/), a Song face like 宋体 with ☐ and ☑ at full size. Later fonts of the
chain catch the characters an earlier one lacks (SimSun-ExtB for rare name characters, the bundled
Song for ☐ ☑, the bundled WenQuanYi Micro Hei for anything beyond GB2312), so no character prints as a
missing-glyph box if any font of the chain has it.
EVALDESK_PDF_FONT=path[:index] puts another TrueType font first (a unit's own font; tests).
"""
from __future__ import annotations

import os
import sys
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from ..domain.value import Value
from ..storage.paths import fonts_dir

BUNDLED = "evaldesk-song.ttf"  # the Song face: first choice where SimSun is missing
FALLBACK = "wqy-microhei.ttc"  # a sans with most of Unicode's CJK: characters beyond GB2312
SYMBOLS = "evaldesk-symbols.ttf"  # ☒ ✓ ✔, which the CJK fonts lack (scripts/make_symbol_font.py)


class FontFile(Value):
    path: Path
    index: int = 0  # the face inside a .ttc collection


class Font(Value, mutable=True):
    name: str  # the reportlab name it is registered under
    file: FontFile
    glyphs: frozenset[int]  # code points it can draw

    def has(self, char: str) -> bool:
        return ord(char) in self.glyphs


class FontChain:
    """The registered fonts, first choice first."""

    def __init__(self, fonts: list[Font]) -> None:
        self.fonts = fonts
        self.primary = fonts[0].name

    def font_for(self, char: str) -> Font | None:
        for font in self.fonts:
            if font.has(char):
                return font
        return None

    def char_width(self, char: str) -> float:
        """The advance of `char` at 1 pt in the font that draws it (white space in the first font)."""
        font = None if char.isspace() else self.font_for(char)
        return pdfmetrics.stringWidth(char, (font or self.fonts[0]).name, 1)

    def missing(self, text: str) -> set[str]:
        """Characters no font of the chain can draw (white space needs no glyph)."""
        return {c for c in set(text) if not c.isspace() and self.font_for(c) is None}

    def markup(self, text: str) -> str:
        """Paragraph markup for plain text: escaped, line breaks kept, and each run of characters
        the primary font lacks set in the first font that has them."""
        out: list[str] = []
        run, run_font = [], self.primary
        for char in text:
            font = self.primary if char in "\n\t " else (self.font_for(char) or self.fonts[0]).name
            if font != run_font and run:
                out.append(_run(run, run_font, self.primary))
                run = []
            run_font = font
            run.append(char)
        if run:
            out.append(_run(run, run_font, self.primary))
        return "".join(out)


def _run(chars: list[str], font: str, primary: str) -> str:
    text = escape("".join(chars)).replace("\r\n", "\n").replace("\n", "<br/>").replace("\t", " ")
    return text if font == primary else f'<font name="{font}">{text}</font>'


def candidates() -> list[FontFile]:
    """Font files to try, first choice first; files that do not exist are left out."""
    files: list[FontFile] = []
    override = os.environ.get("EVALDESK_PDF_FONT")
    if override:
        files.append(_font_file(override))
    if sys.platform == "win32":
        windows = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
        files += [FontFile(windows / "simsun.ttc", 0), FontFile(windows / "simsunb.ttf", 0)]
    files += [FontFile(fonts_dir() / name, 0) for name in (BUNDLED, FALLBACK, SYMBOLS)]
    return [f for f in files if f.path.is_file()]


def _font_file(spec: str) -> FontFile:
    """"path" or "path:index" (a face of a .ttc); a Windows drive letter's colon is not an index."""
    path, colon, index = spec.rpartition(":")
    return FontFile(Path(path), int(index)) if colon and index.isdigit() else FontFile(Path(spec), 0)


def font_chain() -> FontChain:
    return _chain(tuple(candidates()))


@lru_cache(maxsize=4)
def _chain(files: tuple[FontFile, ...]) -> FontChain:
    fonts = [font for font in (_register(f, n) for n, f in enumerate(files)) if font is not None]
    if not fonts:
        raise FileNotFoundError(f"找不到可用于 PDF 的中文字体（应在 {fonts_dir() / BUNDLED}）")
    return FontChain(fonts)


def _register(file: FontFile, number: int) -> Font | None:
    """Register one font with reportlab; a font it cannot embed (CFF outlines, damaged) is skipped."""
    name = f"EvalDesk{number}-{file.path.stem}-{file.index}"
    try:
        font = TTFont(name, str(file.path), subfontIndex=file.index)
    except (TTFError, OSError, ValueError, KeyError):
        return None
    pdfmetrics.registerFont(font)
    return Font(name, file, frozenset(font.face.charToGlyph))
