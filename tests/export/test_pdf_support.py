"""Reading exported PDFs back as a reader would: text per page, fonts, bookmarks.

Shared by the test_pdf*.py modules (pytest puts this folder on sys.path); it holds no tests itself.
"""
from __future__ import annotations

import io
import re

from pypdf import PdfReader

from evaldesk.domain.problems import evaluate
from evaldesk.domain.sheet import build_sheet
from evaldesk.export.pdf import write_pdf

FOOTER = re.compile(r"第(\d+)页共(\d+)页")
MIN_RUN = 8  # a text interrupted by a page break must still come back in runs at least this long


def export(forms, draft=False) -> PdfReader:
    buffer = io.BytesIO()
    write_pdf(forms if isinstance(forms, list) else [forms], buffer, draft=draft)
    buffer.seek(0)
    return PdfReader(buffer)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def page_texts(reader: PdfReader) -> list[str]:
    return [squeeze(page.extract_text()) for page in reader.pages]


def printed_pages(form):
    """The pages the exporters print for `form` (export.pages), in the fonts the PDF uses."""
    from evaldesk.export.fonts import font_chain
    from evaldesk.export.lines import Measure
    from evaldesk.export.pages import paginate

    return paginate(build_sheet(form, evaluate(form)[0]), Measure(font_chain()))


def sheet_texts(form) -> list[str]:
    figures, _ = evaluate(form)
    return [squeeze(t) for t in build_sheet(form, figures).texts() if squeeze(t)]


def find_broken(doc: str, text: str, start: int, max_gaps: int) -> int | None:
    """Where `text` starts in `doc` at or after `start`, allowing it to be interrupted (a page foot,
    the repeated header) at most `max_gaps` times between runs of at least MIN_RUN characters."""
    first = doc.find(text[:MIN_RUN], start)
    if first < 0:
        return None
    pos, rest, gaps = first, text, 0
    while rest:
        run = _common_prefix(doc, pos, rest)
        rest = rest[run:]
        if not rest:
            return first
        gaps += 1
        pos = doc.find(rest[:MIN_RUN], pos + run)
        if pos < 0 or gaps > max_gaps or len(rest) < MIN_RUN and not doc.startswith(rest, pos):
            return None
    return first


def _common_prefix(doc: str, pos: int, text: str) -> int:
    n = 0
    while n < len(text) and pos + n < len(doc) and doc[pos + n] == text[n]:
        n += 1
    return n


def assert_texts_in_order(doc: str, texts: list[str], max_gaps: int) -> None:
    """Every text is there in full, and each one starts after the one before it starts."""
    position = 0
    for text in texts:
        found = find_broken(doc, text, position, max_gaps) if len(text) >= MIN_RUN else doc.find(text, position)
        assert found is not None and found >= 0, f"missing or out of order: {text[:40]!r}"
        position = found


def embedded_fonts(reader: PdfReader) -> dict[str, bool]:
    """Base font name -> whether its TrueType program is embedded (FontFile2), over all pages."""
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            fonts[str(font["/BaseFont"])] = descriptor is not None and "/FontFile2" in descriptor.get_object()
    return fonts


def text_positions(page) -> list[tuple[float, float, str]]:
    """(x, y, text) of every piece of text drawn on a page, in page coordinates."""
    found = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
            y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
            found.append((x, y, text))

    page.extract_text(visitor_text=visit)
    return found
