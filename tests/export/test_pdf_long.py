"""Long content never breaks the printed form: 5,000-character goals, 2,000-character 偏差原因 taller
than a page, 200 indicators. Nothing is lost, the header repeats, every page is numbered."""
from __future__ import annotations

import re

import pytest
from test_pdf_support import FOOTER, assert_texts_in_order, export, find_broken, page_texts, squeeze, text_positions

from evaldesk.domain.form import Row
from evaldesk.export.pages import MARGIN_FOOTER as FOOTER_Y, MARGIN_SIDE as MARGIN_X, MARGIN_TOP
from evaldesk.export.pdf import PAGE_HEIGHT, PAGE_WIDTH

HEADER = "一级指标二级指标三级指标年度指标值实际完成值分值得分偏差原因分析及改进措施"
GROUPS = [("产出指标", "数量指标"), ("产出指标", "质量指标"), ("效益指标", "社会效益指标"), ("满意度指标", "服务对象满意度指标")]
LONG_ROWS = (5, 150)


def sentences(tag: str, length: int) -> str:
    """Numbered sentences, so a lost or repeated piece is seen: 预期第0001句，围绕绩效目标推进各项工作。…"""
    text = "".join(f"{tag}第{i:04d}句，围绕绩效目标推进各项工作。" for i in range(length // 10))
    return text[:length]


@pytest.fixture
def stress_form(load_fixture):
    form = load_fixture("selfeval-2021-newenergy.evd")
    form.fields["goal_expected"] = sentences("预期", 5000)
    form.fields["goal_actual"] = sentences("完成", 5000)
    form.tables["indicators"] = [
        Row({
            "level1": GROUPS[i * len(GROUPS) // 200][0], "level2": GROUPS[i * len(GROUPS) // 200][1],
            "name": f"指标{i:03d}", "target": "≥80%", "actual": "85%", "weight": "0.45", "score": "0.4",
            "deviation": sentences(f"偏差{i:03d}", 2000) if i in LONG_ROWS else f"说明{i:03d}",
        })
        for i in range(200)
    ]
    return form


@pytest.fixture
def stress_pdf(stress_form):
    reader = export(stress_form)
    return reader, page_texts(reader)


def test_long_goals_flow_on_whole_and_in_order(stress_form, stress_pdf):
    reader, texts = stress_pdf
    doc = "".join(texts)
    for key in ("goal_expected", "goal_actual"):
        assert find_broken(doc, squeeze(stress_form.fields[key]), 0, max_gaps=len(texts)) is not None, key
    # Side by side they start on page 1 and run over several pages, not cut at the first page foot.
    assert "预期第0000句" in texts[0] and "完成第0000句" in texts[0]
    final = re.findall(r"预期第\d{4}句", stress_form.fields["goal_expected"])[-1]
    last = next(i for i, t in enumerate(texts) if final in t)
    assert last >= 3  # 2 × 5,000 characters in half the page width cannot fit on fewer than four pages


def test_a_reason_taller_than_a_page_is_split_over_pages_not_lost(stress_form, stress_pdf):
    reader, texts = stress_pdf
    doc = "".join(texts)
    for index in LONG_ROWS:
        reason = squeeze(stress_form.tables["indicators"][index].get("deviation"))
        assert find_broken(doc, reason, 0, max_gaps=len(texts)) is not None, index
        pages = [n for n, t in enumerate(texts) if f"偏差{index:03d}第" in t]
        # 2,000 characters in the 偏差原因 column (a fifth of the width) need more than three pages
        assert pages == list(range(pages[0], pages[0] + len(pages))) and len(pages) >= 4, pages


def test_two_hundred_indicators_all_printed_under_a_repeated_header(stress_pdf):
    reader, texts = stress_pdf
    assert_texts_in_order("".join(texts), [f"指标{i:03d}" for i in range(200)], max_gaps=0)
    table_pages = [t for t in texts if "指标" in t and any(f"指标{i:03d}" in t for i in range(200))]
    assert len(table_pages) >= 6
    for text in table_pages:
        first_row = min(text.find(f"指标{i:03d}") for i in range(200) if f"指标{i:03d}" in text)
        header = text.find(HEADER)
        assert 0 <= header < first_row, text[:120]


def test_every_page_numbered_and_inside_the_margins(stress_pdf):
    reader, texts = stress_pdf
    for number, (page, text) in enumerate(zip(reader.pages, texts), start=1):
        assert FOOTER.findall(text) == [(str(number), str(len(texts)))]
        for x, y, piece in text_positions(page):
            assert MARGIN_X - 1 <= x <= PAGE_WIDTH - MARGIN_X and FOOTER_Y - 1 <= y <= PAGE_HEIGHT - MARGIN_TOP, piece
    assert texts[-1].find("总分") < texts[-1].find("单位（盖章）")


def test_full_width_long_field_of_form_b_flows_on(load_fixture):
    form = load_fixture("selfassess-2019-stec-01.evd")
    form.fields["main_results"] = text = sentences("绩效", 5000)
    texts = page_texts(export(form))
    assert find_broken("".join(texts), squeeze(text), 0, max_gaps=len(texts)) is not None
