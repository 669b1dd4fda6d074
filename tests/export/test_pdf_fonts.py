"""No missing-glyph boxes: every character the forms and templates print has a glyph in the bundled
font, and a character the first font lacks is drawn from the next font of the chain."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_pdf_support import embedded_fonts, export, page_texts

from evaldesk.domain.sheet import CHECKED, UNCHECKED
from evaldesk.export.fonts import BUNDLED, FALLBACK, SYMBOLS, font_chain
from evaldesk.export.pdf import DRAFT_MARK
from evaldesk.storage.paths import fonts_dir

FIXTURES = Path(__file__).parents[1] / "fixtures"
TEMPLATES = Path(__file__).parents[2] / "src" / "evaldesk" / "resources" / "templates"
UMING = Path("/usr/share/fonts/truetype/arphic/uming.ttc")


def _strings(data) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for value in data.values() for s in _strings(value)]
    if isinstance(data, list):
        return [s for value in data for s in _strings(value)]
    return []


def printed_characters() -> str:
    """Every character of every fixture and built-in template, and what the exporter adds itself."""
    texts = [s for path in sorted(FIXTURES.glob("*.evd")) for s in _strings(json.loads(path.read_text("utf-8")))]
    texts += [s for path in sorted(TEMPLATES.glob("*.json")) for s in _strings(json.loads(path.read_text("utf-8")))]
    texts += [CHECKED, UNCHECKED, DRAFT_MARK, "第 0123456789 页 共 页", "—", "%：（）"]
    return "".join(sorted(set("".join(texts))))


def test_the_bundled_fonts_are_shipped_with_their_licences_and_the_song_face_is_small():
    assert 1_000_000 < (fonts_dir() / BUNDLED).stat().st_size < 6_000_000
    licence = (fonts_dir() / "evaldesk-song.LICENSE.txt").read_text("utf-8")
    assert "ARPHIC PUBLIC LICENSE" in licence and "make_song_font.py" in licence
    licence = (fonts_dir() / "wqy-microhei.LICENSE.txt").read_text("utf-8")
    assert "Apache License" in licence and "WenQuanYi" in licence


def test_the_song_face_draws_every_printed_character_and_full_size_ballot_boxes(monkeypatch):
    """Off Windows the form is set in the bundled Song face; every character the forms and templates
    hold is in it (the sans fallback is for rarer names), and ☐ ☑ are as wide as a hanzi."""
    monkeypatch.delenv("EVALDESK_PDF_FONT", raising=False)
    chain = font_chain()
    assert [f.file.path for f in chain.fonts] == [fonts_dir() / BUNDLED, fonts_dir() / FALLBACK, fonts_dir() / SYMBOLS]
    bundled = chain.fonts[0]
    assert chain.char_width("☐") == chain.char_width("☑") == chain.char_width("宋") == 1.0
    characters = printed_characters()
    assert len(characters) > 1000  # the fixtures really were read
    missing = sorted(c for c in characters if not c.isspace() and not bundled.has(c))
    assert missing == [], f"no glyph for {''.join(missing)!r} ({', '.join(f'U+{ord(c):04X}' for c in missing)})"


def test_a_character_the_first_font_lacks_comes_from_the_next_font(monkeypatch, load_fixture):
    assert UMING.exists(), "fonts-arphic-uming is missing: run scripts/system-deps.sh test"
    # AR PL UMing stands in for a unit's own Song font: it has no ✓, the bundled font has.
    monkeypatch.setenv("EVALDESK_PDF_FONT", f"{UMING}:0")
    chain = font_chain()
    assert [f.file.path for f in chain.fonts] == [UMING, fonts_dir() / BUNDLED, fonts_dir() / FALLBACK, fonts_dir() / SYMBOLS]
    assert not chain.fonts[0].has("✓") and not chain.fonts[1].has("✓") and chain.missing("✓ 已完成") == set()
    form = load_fixture("selfeval-2021-newenergy.evd")
    form.fields["goal_actual"] = "✓ 已完成全部任务"
    reader = export(form)
    bases = embedded_fonts(reader)
    assert any("UMing" in b for b in bases) and any("WenQuanYi" in b for b in bases), bases
    assert all(bases.values())
    assert "✓已完成全部任务" in "".join(page_texts(reader))


def test_an_unusable_font_is_skipped(monkeypatch, tmp_path):
    broken = tmp_path / "broken.ttf"
    broken.write_bytes(b"not a font")
    monkeypatch.setenv("EVALDESK_PDF_FONT", str(broken))
    assert [f.file.path for f in font_chain().fonts] == [fonts_dir() / BUNDLED, fonts_dir() / FALLBACK, fonts_dir() / SYMBOLS]
