"""The 汇总表 of all fixtures, read back: totals recomputed here from the files themselves, the charts,
the marked rows, the damaged file listed, and the PDF on A4 landscape."""
from __future__ import annotations

import io
import json
import shutil
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from evaldesk.domain.compute import compute
from evaldesk.domain.summary import summarise
from evaldesk.export.summary_pdf import write_summary_pdf
from evaldesk.export.summary_xlsx import write_summary_xlsx
from evaldesk.export.summary_table import COLUMNS
from evaldesk.storage.evd import load_form
from evaldesk.storage.library import LibraryIndex

FIXTURES = Path(__file__).parents[1] / "fixtures"
COUNT = len(list(FIXTURES.glob("*.evd")))
COLUMN = {c.label: i for i, c in enumerate(COLUMNS)}


def _amount(text: str | None, unit: str) -> Decimal | None:
    if not text:
        return None
    value = Decimal(text.replace(",", ""))
    return value * 10000 if unit == "万元" else value


def expected_totals() -> dict[str, Decimal]:
    """年初/全年预算数 and 全年执行数 of every fixture in 元, straight from the JSON of the files."""
    totals = {"initial": Decimal(0), "annual": Decimal(0), "executed": Decimal(0)}
    for path in FIXTURES.glob("*.evd"):
        data = json.loads(path.read_text(encoding="utf-8"))
        unit, fields, funds = data["amount_unit"], data["fields"], data.get("funds", {}).get("total", {})
        family = data["template"]["definition"]["family"]
        if family == "selfeval":
            figures = (funds.get("initial"), funds.get("annual"), funds.get("executed"))
        elif family == "selfassess":
            figures = (fields.get("budget_current"), fields.get("budget_current"), fields.get("executed"))
        else:
            figures = (fields.get("annual_budget"), None, None)
        for key, text in zip(totals, figures):
            totals[key] += _amount(text, unit) or 0
    return totals


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """All fixtures, plus one damaged file."""
    target = tmp_path_factory.mktemp("forms")
    for path in FIXTURES.glob("*.evd"):
        shutil.copy(path, target / path.name)
    (target / "坏文件.evd").write_text('{"format": "evaldesk-form", "format_version": 1, "templ', encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def summary(folder, registry, tmp_path_factory):
    scan = LibraryIndex(registry, tmp_path_factory.mktemp("index") / "index.json").scan([folder])
    return summarise(scan.entries, scan.damaged)


@pytest.fixture(scope="module")
def book(summary):
    stream = io.BytesIO()
    write_summary_xlsx(summary, stream)
    stream.seek(0)
    return load_workbook(stream)


def _rows(sheet, label_start: str):
    return [row for row in sheet.iter_rows(min_row=4, values_only=True) if isinstance(row[1], str) and row[1].startswith(label_start)]


def test_totals_are_the_files_own_figures_added_up_in_yuan(book):
    (total,) = _rows(book["汇总表"], "合计")
    expected = expected_totals()
    assert total[1] == f"合计（{COUNT} 份）"
    assert Decimal(str(total[COLUMN["年初预算数"]])) == expected["initial"]
    assert Decimal(str(total[COLUMN["全年预算数"]])) == expected["annual"]
    assert Decimal(str(total[COLUMN["全年执行数"]])) == expected["executed"]
    rate = Decimal(str(total[COLUMN["执行率"]]))
    assert rate == (expected["executed"] / expected["annual"]).quantize(Decimal("0.0001"))


def test_the_rate_of_a_subtotal_is_of_its_sums_not_a_mean_of_rates(book):
    sheet = book["汇总表"]
    (subtotal,) = _rows(sheet, "小计（自评表")
    entries = [r for r in sheet.iter_rows(min_row=4, values_only=True) if r[COLUMN["表单类型"]] == "自评表"]
    annual = sum(Decimal(str(r[COLUMN["全年预算数"]])) for r in entries)
    executed = sum(Decimal(str(r[COLUMN["全年执行数"]])) for r in entries)
    assert Decimal(str(subtotal[COLUMN["执行率"]])) == (executed / annual).quantize(Decimal("0.0001"))
    mean = sum(Decimal(str(r[COLUMN["执行率"]])) for r in entries) / len(entries)
    assert abs(mean - executed / annual) > Decimal("0.01")  # the two really differ on these forms


def test_forms_with_problems_are_marked_and_the_damaged_file_listed(book):
    sheet = book["汇总表"]
    for row in sheet.iter_rows(min_row=4):
        if row[COLUMN["表单类型"]].value in ("自评表", "自我评价", "申报表"):
            problems = row[COLUMN["问题"]].value
            assert (row[0].fill.fgColor.rgb == "00FCE4D6") == bool(problems), row[COLUMN["文件"]].value
            if problems:
                assert row[COLUMN["问题"]].comment is not None
    texts = [c for row in sheet.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert "坏文件.evd" in texts
    assert any("已损坏或不完整" in t for t in texts)


def test_grade_distribution_and_two_native_charts(book, summary, registry):
    charts = book["图表"]._charts
    assert [c.tagname for c in charts] == ["barChart", "barChart"]
    assert [c.type for c in charts] == ["col", "bar"]
    grades = dict(summary.grades)
    assert grades == {"优 / 优秀": 6, "良": 3}  # 优 and 优秀 are both the top band: Hebei 98, SAST 91/90/90, Form B 95/96
    by_band = Counter()  # recounted from each file's own template: the grade's place among its bands
    for path in FIXTURES.glob("*.evd"):
        if "declaration" not in path.name:
            bands = [b["label"] for b in json.loads(path.read_text(encoding="utf-8"))["template"]["definition"]["grade_bands"]]
            by_band[bands.index(compute(load_form(path, registry)).grade)] += 1
    assert [count for _grade, count in summary.grades] == [by_band[b] for b in sorted(by_band)]
    scored = [r for r in book["图表"].iter_rows(min_row=2, max_row=1 + len(grades), values_only=True)]
    assert dict((g, n) for g, n, *_ in scored) == grades


def test_pdf_is_a4_landscape_with_the_table_and_the_charts(summary):
    stream = io.BytesIO()
    write_summary_pdf(summary, stream)
    reader = PdfReader(io.BytesIO(stream.getvalue()))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)
    text = "".join(page.extract_text() for page in reader.pages)
    for words in ("预算绩效表汇总表", f"合计（{COUNT} 份）", "学会改革和发展", "坏文件.evd", "等级分布", "各项目执行率"):
        assert words in text
