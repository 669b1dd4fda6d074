"""The PDF a clerk prints and signs, read back with pypdf: every text there and in order, the font
embedded, pages numbered, the draft mark only when wanted, one bookmark per form in a batch."""
from __future__ import annotations

import platform
from pathlib import Path

import pytest
from pypdf import PdfReader
from test_pdf_support import (
    FOOTER, assert_texts_in_order, embedded_fonts, export, page_texts, printed_pages, squeeze, text_positions,
)

from evaldesk.cli import main
from evaldesk.domain.template import template_from_dict
from evaldesk.domain.compute import compute
from evaldesk.domain.sheet import build_sheet
from evaldesk.domain.edits import SetField
from evaldesk.export.pages import MARGIN_FOOTER, MARGIN_SIDE, MARGIN_TOP
from evaldesk.export.pdf import DRAFT_MARK, PAGE_HEIGHT, PAGE_WIDTH

FIXTURES = sorted(p.name for p in (Path(__file__).parents[1] / "fixtures").glob("*.evd"))


@pytest.mark.parametrize("name", FIXTURES)
def test_every_text_of_the_form_is_printed_once_on_its_page(name, load_fixture):
    """Each cell's text is on the page the paginator put it on, and the parts of a text cut over pages
    give the text back; nothing else is printed but repeated headers and （续） labels."""
    form = load_fixture(name)
    reader = export(form, draft=False)
    texts = page_texts(reader)
    pages = printed_pages(form)
    assert len(pages.pages) == len(texts)
    parts: dict[int, list[str]] = {}
    for page, text in zip(pages.pages, texts):
        for piece in page.pieces:
            assert squeeze("".join(piece.lines)) in text, piece.text[:30]
            if not piece.repeat:
                parts.setdefault(id(piece.cell), []).append(piece.text)
    expected = sorted(c.text for row in build_sheet(form, compute(form)).rows for c in row.cells if c.text)
    assert sorted("".join(found) for found in parts.values() if "".join(found)) == expected


@pytest.mark.parametrize("name", FIXTURES)
def test_fonts_are_embedded_truetype_subsets(name, load_fixture):
    fonts = embedded_fonts(export(load_fixture(name)))
    assert fonts and all(fonts.values()), fonts
    assert all("+" in base for base in fonts)  # subset tag: only the characters used are shipped


@pytest.mark.parametrize("name", FIXTURES)
def test_pages_are_numbered_and_nothing_is_drawn_off_the_page(name, load_fixture):
    reader = export(load_fixture(name))
    count = len(reader.pages)
    for number, (page, text) in enumerate(zip(reader.pages, page_texts(reader)), start=1):
        assert FOOTER.findall(text) == [(str(number), str(count))]
        for x, y, piece in text_positions(page):
            assert MARGIN_SIDE - 1 <= x <= PAGE_WIDTH - MARGIN_SIDE, piece
            assert MARGIN_FOOTER - 1 <= y <= PAGE_HEIGHT - MARGIN_TOP, piece


def test_seed_figures_appear_as_on_the_paper_form(load_fixture):
    doc = "".join(page_texts(export(load_fixture("selfeval-2021-newenergy.evd"))))
    # The header of the 2021 seed: amounts with thousands separators, the rate rounded up, the scores.
    assert_texts_in_order(doc, ["412,907.00", "147,663.64", "35.77%", "3.58", "总分", "100", "87.16"], max_gaps=0)


def test_signature_block_closes_the_last_page(load_fixture):
    texts = page_texts(export(load_fixture("selfeval-2020-sast-01.evd")))
    last = texts[-1]
    assert_texts_in_order(last, ["填报人：", "联系电话：", "单位负责人：", "填报日期：", "单位（盖章）："], max_gaps=0)
    assert all("填报人" not in text for text in texts[:-1])


def test_template_chooses_its_signature_lines_or_none(load_fixture):
    form = load_fixture("selfeval-2020-sast-01.evd")
    form.template = template_from_dict({**form.template.source, "signature": ["经办人", "审核人", "单位（盖章）"]})
    last = page_texts(export(form))[-1]
    assert_texts_in_order(last, ["经办人：", "审核人：", "单位（盖章）："], max_gaps=0)
    assert "填报人" not in last
    form.template = template_from_dict({**form.template.source, "signature": []})
    assert all("盖章" not in text for text in page_texts(export(form)))


def test_draft_mark_only_when_the_clerk_asks_for_it(load_fixture):
    form = load_fixture("selfeval-2021-newenergy.evd")
    assert all(DRAFT_MARK not in text for text in page_texts(export(form)))
    assert all(DRAFT_MARK in text for text in page_texts(export(form, draft=True)))
    SetField("project_name", "").apply(form)  # a required field left empty: an error, still no mark unasked
    assert all(DRAFT_MARK not in text for text in page_texts(export(form)))
    assert all(DRAFT_MARK in text for text in page_texts(export(form, draft=True)))


def test_batch_starts_each_form_on_a_new_page_with_a_bookmark(load_fixture):
    names = ["selfeval-2020-sast-01.evd", "selfassess-2019-stec-02.evd", "declaration-2018-sast-01.evd"]
    forms = [load_fixture(n) for n in names]
    reader = export(forms)
    texts = page_texts(reader)
    marks = [(item.title, reader.get_destination_page_number(item)) for item in reader.outline]
    assert [title for title, _ in marks] == [f.project_name for f in forms]
    firsts = [page for _, page in marks]
    assert firsts[0] == 0 and firsts == sorted(set(firsts))
    for form, first in zip(forms, firsts):
        assert FOOTER.search(texts[first]).group(1) == "1"  # each form numbers its own pages
        assert texts[first].startswith(squeeze(form.template.title))


def test_cli_exports_a_file_and_a_folder(tmp_path, fixture_path, capsys):
    out = tmp_path / "form.pdf"
    assert main(["export", str(fixture_path("selfeval-2021-newenergy.evd")), "--pdf", str(out)]) == 0
    assert "87.16" in "".join(page_texts(PdfReader(out)))
    batch = tmp_path / "all.pdf"
    assert main(["export", str(fixture_path("x").parent), "--pdf", str(batch), "--draft"]) == 0
    reader = PdfReader(batch)
    assert len(reader.outline) == len(FIXTURES)
    assert all(DRAFT_MARK in text for text in page_texts(reader))


def test_a_label_breaks_before_its_bracket_or_into_even_lines_never_one_character_alone():
    """同名项目上年预算执行数（元） in a narrow column: the name, then the unit — never "…执行 / 数 / （元）";
    a label without a bracket goes over even lines (“年度资 / 金总额”), not “年度资金总 / 额”."""
    from evaldesk.export.fonts import font_chain
    from evaldesk.export.lines import Measure

    measure = Measure(font_chain())
    label = "同名项目上年预算执行数（元）"
    width = measure.width("同名项目上年预算执行数", 10.5)
    assert measure.lines(label, measure.starts(label, width + 1, 10.5, balanced=True)) == ["同名项目上年预算执行数", "（元）"]
    lines = measure.lines("年度资金总额", measure.starts("年度资金总额", 5.5 * 10.5, 10.5, balanced=True))
    assert lines == ["年度资", "金总额"]


def test_a_closing_mark_never_starts_a_line_and_figures_stay_whole():
    from evaldesk.export.fonts import font_chain
    from evaldesk.export.lines import Measure

    measure = Measure(font_chain())
    text = "经费共计530,000.00元，其中一期已拨付完毕。" * 5
    for width in range(40, 200, 7):
        lines = measure.lines(text, measure.starts(text, float(width), 10.5))
        assert "".join(lines) == text
        assert all(not line.startswith(("，", "。")) for line in lines[1:]), lines
        assert all("530,000.00" in line or "530" not in line for line in lines if measure.width("530,000.00", 10.5) <= width)



def _indicator_rows(form):
    """(printed height, height of its tallest text) of every indicator row of the form's scored table."""
    from evaldesk.export.fonts import font_chain
    from evaldesk.export.lines import Measure
    from evaldesk.export.pages import LINE_SPACING, PAD_Y, paginate
    sheet = build_sheet(form, compute(form))
    for page in paginate(sheet, Measure(font_chain())).pages:
        for top, s in enumerate(page.slices):
            pieces = [p for p in page.pieces if p.top == top and p.rowspan == 1]
            if sheet.rows[s.row].role == "table-row" and not s.continued:
                tallest = max(len(p.lines) * p.size * LINE_SPACING + 2 * PAD_Y for p in pieces)
                yield s.height, tallest


def test_a_filled_table_prints_each_row_as_tall_as_its_text_a_blank_one_leaves_room_to_write(load_fixture, registry):
    """An indicator met in full needs no 偏差原因: on a filled form its row is as tall as its tallest text
    (or the least row height), not four empty handwriting lines; a blank form keeps the room to write."""
    from evaldesk.domain.form import new_form
    from evaldesk.domain.sheet import WRITING_LINES
    from evaldesk.export.pages import BODY_SIZE, LINE_SPACING, MIN_ROW
    filled = list(_indicator_rows(load_fixture("selfeval-2021-newenergy.evd")))
    assert filled and all(height <= max(tallest, MIN_ROW) + 0.01 for height, tallest in filled), filled
    blank = list(_indicator_rows(new_form(registry.get("selfeval-national"))))
    assert blank and all(height >= WRITING_LINES * BODY_SIZE * LINE_SPACING for height, _ in blank), blank


@pytest.mark.skipif(platform.machine() not in ("x86_64", "AMD64"), reason="rl_accel has wheels for x86-64 only")
def test_reportlab_runs_its_c_accelerator_where_it_has_one():
    """rl_accel (a dependency on x86-64) takes a third off each page's processor time; without it reportlab
    silently falls back to its Python functions (_py_fp_str …)."""
    from reportlab.lib import rl_accel

    assert not rl_accel.fp_str.__name__.startswith("_py_")
    assert not rl_accel.asciiBase85Encode.__name__.startswith("_py_")
