"""The 汇总表 as a PDF on A4 landscape: the table (header repeated on each page), the grade
distribution, the files that could not be read, and the two charts drawn by reportlab."""
from __future__ import annotations

from decimal import Decimal
from typing import BinaryIO

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from ..domain.numbers import format_money, format_score
from ..domain.summary import Summary
from .fonts import FontChain, font_chain
from .summary_table import COLUMNS, NOTE, TITLE, percent, subtitle, summary_rows

PAGE = landscape(A4)
MARGIN = 12 * mm
WIDTH = PAGE[0] - 2 * MARGIN
MARKED = colors.HexColor("#FCE4D6")
TOTAL = colors.HexColor("#EDEDED")
BAR = colors.HexColor("#4472C4")


def write_summary_pdf(summary: Summary, stream: BinaryIO) -> None:
    fonts = font_chain()
    styles = _styles(fonts)
    doc = SimpleDocTemplate(stream, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                            bottomMargin=MARGIN + 4 * mm, title=TITLE, author="evaldesk")
    story = [Paragraph(fonts.markup(TITLE), styles["title"]), Paragraph(fonts.markup(subtitle(summary)), styles["small"]),
             Spacer(1, 3 * mm), _table(summary, fonts, styles), Spacer(1, 2 * mm),
             Paragraph(fonts.markup(NOTE), styles["small"]), Spacer(1, 4 * mm)]
    if summary.damaged:
        story += [_damaged(summary, fonts, styles), Spacer(1, 4 * mm)]
    story.append(KeepTogether([Paragraph(fonts.markup("图表"), styles["heading"]), _charts(summary, fonts)]))
    doc.build(story, onFirstPage=_footer(fonts), onLaterPages=_footer(fonts))


def _styles(fonts: FontChain) -> dict[str, ParagraphStyle]:
    base = dict(fontName=fonts.primary, wordWrap="CJK")
    return {
        "title": ParagraphStyle("title", fontSize=16, leading=22, alignment=1, **base),
        "heading": ParagraphStyle("heading", fontSize=11, leading=16, **base),
        "small": ParagraphStyle("small", fontSize=8, leading=11, **base),
        "cell": ParagraphStyle("cell", fontSize=7.5, leading=9.5, **base),
        "number": ParagraphStyle("number", fontSize=7.5, leading=9.5, alignment=2, **base),
    }


def _text(value, kind: str) -> str:
    if value is None:
        return ""
    if kind == "money":
        return format_money(value)
    if kind == "rate":
        return percent(value)
    if kind == "score" and isinstance(value, Decimal):
        return format_score(value)
    return str(value)


def _table(summary: Summary, fonts: FontChain, styles) -> Table:
    scale = WIDTH / sum(c.width for c in COLUMNS)
    header = [Paragraph(fonts.markup(c.label), styles["cell"]) for c in COLUMNS]
    data, commands = [header], [("BACKGROUND", (0, 0), (-1, 0), TOTAL)]
    for number, line in enumerate(summary_rows(summary), 1):
        data.append([Paragraph(fonts.markup(_text(v, c.kind)), styles["number" if c.kind != "text" else "cell"])
                     for c, v in zip(COLUMNS, line.values)])
        if line.kind != "entry":
            commands.append(("BACKGROUND", (0, number), (-1, number), TOTAL))
        elif line.marked:
            commands.append(("BACKGROUND", (0, number), (-1, number), MARKED))
    table = Table(data, colWidths=[c.width * scale for c in COLUMNS], repeatRows=1)
    table.setStyle(TableStyle(commands + [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2),
    ]))
    return table


def _damaged(summary: Summary, fonts: FontChain, styles) -> Table:
    rows = [[Paragraph(fonts.markup(t), styles["cell"]) for t in ("无法读取的文件", "原因")]]
    rows += [[Paragraph(fonts.markup(d.name), styles["cell"]), Paragraph(fonts.markup(d.reason), styles["cell"])]
             for d in summary.damaged]
    table = Table(rows, colWidths=[WIDTH * 0.3, WIDTH * 0.7])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.black), ("BACKGROUND", (0, 0), (-1, 0), MARKED)]))
    return table


def _charts(summary: Summary, fonts: FontChain) -> Drawing:
    rated = summary.rated
    height = max(70 * mm, 20 * mm + 6 * mm * len(rated))
    drawing = Drawing(WIDTH, height)
    half = WIDTH / 2
    _grade_chart(drawing, summary, fonts, 10 * mm, half - 25 * mm, height)
    _rate_chart(drawing, rated, fonts, half + 45 * mm, half - 55 * mm, height)
    return drawing


def _title(drawing: Drawing, text: str, x: float, height: float, fonts: FontChain) -> None:
    drawing.add(String(x, height - 5 * mm, text, fontName=fonts.primary, fontSize=10))


def _grade_chart(drawing: Drawing, summary: Summary, fonts: FontChain, x: float, width: float, height: float) -> None:
    _title(drawing, "等级分布（份数）", x, height, fonts)
    if not summary.grades:
        return
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = x + 8 * mm, 12 * mm, width - 10 * mm, min(height - 25 * mm, 60 * mm)
    chart.data = [[count for _grade, count in summary.grades]]
    chart.categoryAxis.categoryNames = [grade for grade, _count in summary.grades]
    chart.categoryAxis.labels.fontName = fonts.primary
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueStep = max(1, max(chart.data[0]) // 5)
    chart.valueAxis.labels.fontName = fonts.primary
    chart.bars[0].fillColor = BAR
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = fonts.primary
    chart.barLabels.nudge = 6
    drawing.add(chart)


def _rate_chart(drawing: Drawing, rated, fonts: FontChain, x: float, width: float, height: float) -> None:
    _title(drawing, "各项目执行率", x - 40 * mm, height, fonts)
    if not rated:
        return
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = x, 8 * mm, width, height - 20 * mm
    values = [float(e.overview.printed_rate * 100) for e in reversed(rated)]
    chart.data = [values]
    chart.categoryAxis.categoryNames = [_short(e.overview.project_name or e.name) for e in reversed(rated)]
    chart.categoryAxis.labels.fontName = fonts.primary
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max(100, *values)
    chart.valueAxis.labels.fontName = fonts.primary
    chart.valueAxis.labelTextFormat = "%d%%"
    chart.bars[0].fillColor = BAR
    chart.barLabelFormat = "%.2f%%"
    chart.barLabels.fontName = fonts.primary
    chart.barLabels.fontSize = 7
    chart.barLabels.nudge = 14
    drawing.add(chart)


def _short(name: str, limit: int = 16) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def _footer(fonts: FontChain):
    def draw(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(fonts.primary, 8)
        canvas.drawCentredString(PAGE[0] / 2, 7 * mm, f"第 {doc.page} 页")
        canvas.restoreState()
    return draw
