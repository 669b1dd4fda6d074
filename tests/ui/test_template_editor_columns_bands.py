"""The template editor's list settings: the indicator table's column order and the grade bands with
their bounds — set in the window, previewed, saved, read back after a restart, used for a new form and
exported to both papers (文件 › 新建本单位模板)."""
from __future__ import annotations

import json
import re

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from evaldesk.domain.edits import SetCell
from evaldesk.storage import paths

from test_template_editor import choose, export_both, retype
from ui_keys import focused, press, type_text

NEW_ORDER = ["指标名称", "权重", "自评分", "指标解释", "备注"]
# 9 default rows of the Shanghai 自我评价表: 投入与管理 six times, then 产出、效果、影响力目标; 95 of 100 points
SCORES = [("6", "6")] * 6 + [("34", "34"), ("15", "15"), ("15", "10")]


def type_cell(qtbot, bands, row: int, column: int, text: str) -> None:
    """A band's name or bound typed over, as a clerk does: the cell chosen, F2, the text, Enter."""
    table = bands.table
    table.window().activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is table.window(), timeout=3000)
    table.setFocus()
    table.setCurrentCell(row, column)
    press(qtbot, Qt.Key_F2)
    assert table.state() == table.State.EditingState
    focused().selectAll()
    type_text(qtbot, text)
    press(qtbot, Qt.Key_Return)


def type_bound(qtbot, bands, row: int, text: str) -> None:
    type_cell(qtbot, bands, row, bands.MINIMUM, text)


def preview_rows(editor) -> list[str]:
    return [line.strip() for line in editor.preview.toPlainText().splitlines() if line.strip()]


def header_after(texts: list[str], first: str, count: int) -> list[str]:
    start = texts.index(first)
    return texts[start:start + count]


def test_column_order_and_grade_bounds_set_in_the_editor_reach_the_new_forms_papers(make_window, dialogs, qtbot, tmp_path):
    window = make_window()
    window.actions_by_name["edit_template"].trigger()
    editor = window.template_editor
    choose(editor.base, "selfassess-shanghai")
    retype(qtbot, editor.name, "项目绩效自我评价（本单位，严格等级）")
    editor.pages.setCurrentIndex(2)
    assert "优秀" in preview_rows(editor) and "良好" not in preview_rows(editor)  # the example's 95

    columns = editor.column_order
    assert columns.labels() == ["指标名称", "指标解释", "权重", "自评分", "备注"]
    columns.list.setCurrentRow(1)  # 指标解释, moved right of the figures
    qtbot.mouseClick(columns.down, Qt.LeftButton)
    qtbot.mouseClick(columns.down, Qt.LeftButton)
    assert columns.labels() == NEW_ORDER
    assert header_after(preview_rows(editor), "指标名称", 5) == NEW_ORDER

    bands = editor.grade_bands
    type_bound(qtbot, bands, 0, "70")  # below 良好's 75: refused, not saved
    assert editor.problem.text() == "等级应从高到低排列：“良好”的下限 75 分不低于上一档“优秀”的下限 70 分，两档重叠"
    assert not editor.buttons.button(QDialogButtonBox.Save).isEnabled()
    type_bound(qtbot, bands, 0, "96")
    assert editor.problem.text() == "" and editor.buttons.button(QDialogButtonBox.Save).isEnabled()
    assert bands.table.item(0, bands.RANGE).text() == "96 分及以上"
    assert bands.table.item(1, bands.RANGE).text() == "75（含）–96 分"
    assert "良好" in preview_rows(editor) and "优秀" not in preview_rows(editor)  # the example's 95 now 良好
    assert "等级：优秀 96 分及以上，良好 75（含）–96 分" in editor.summary.text()
    assert "表下注释仍写着原来的等级分数线" in editor.summary.text()  # 自评分合计90（含）-100分为优秀 …
    editor.pages.setCurrentIndex(0)
    retype(qtbot, editor.notes, "说明：绩效等级：96 分及以上为优秀，75（含）-96 分为良好，60（含）-75 分为合格，60 分以下为不合格。")
    assert "表下注释仍写着" not in editor.summary.text()
    editor.grab().save(str(tmp_path / "editor.png"))  # looked at: the preview scrolled to 绩效等级：良好

    qtbot.mouseClick(editor.buttons.button(QDialogButtonBox.Save), Qt.LeftButton)
    [saved] = paths.user_templates_dir().glob("*.json")
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert [b["min"] for b in data["grade_bands"]] == ["96", "75", "60", "0"]
    assert [c["label"] for c in data["tables"][0]["columns"]] == ["一级指标"] + NEW_ORDER
    template_id = data["id"]
    window.close()

    again = make_window()  # a restart: read from the unit's templates folder, nothing kept in memory
    template = again.registry.get(template_id)
    assert [(b.label, b.minimum) for b in template.grade_bands][0] == ("优秀", 96)
    document = again.new_form(template_id)
    for row, (weight, score) in enumerate(SCORES):
        document.edit(SetCell("indicators", row, "weight", weight))
        document.edit(SetCell("indicators", row, "score", score))
    assert (document.figures.printed()["total_score"], document.figures.grade) == ("95", "良好")
    sheet, pdf_text = export_both(again, dialogs, tmp_path)
    header = next(row for row in sheet.iter_rows() if any(c.value == "指标名称" for c in row))
    assert [c.value for c in header if c.value] == ["一级指标"] + NEW_ORDER
    grade_label = next(c for row in sheet.iter_rows() for c in row if c.value == "绩效等级：")
    assert sheet.cell(grade_label.row, grade_label.column + 1).value == "良好"

    text = re.sub(r"\s+", "", pdf_text)
    assert "一级指标" + "".join(NEW_ORDER) in text
    assert "绩效等级：良好" in text and "96分及以上为优秀" in text


def test_a_band_added_below_is_named_and_bounded_before_it_can_be_saved(window, qtbot):
    window.actions_by_name["edit_template"].trigger()
    editor = window.template_editor
    choose(editor.base, "selfeval-national")
    editor.pages.setCurrentIndex(2)
    bands, save = editor.grade_bands, editor.buttons.button(QDialogButtonBox.Save)
    qtbot.mouseClick(bands.add, Qt.LeftButton)
    assert (editor.problem.text(), save.isEnabled()) == ("第 5 档等级没有名称", False)
    type_cell(qtbot, bands, 4, bands.NAME, "较差")
    assert editor.problem.text() == "等级应从高到低排列：“较差”的下限 0 分不低于上一档“差”的下限 0 分，两档重叠"
    type_cell(qtbot, bands, 3, bands.MINIMUM, "4o")  # a slip of the finger
    assert editor.problem.text() == "“差”的下限“4o”不是分数"
    type_cell(qtbot, bands, 3, bands.MINIMUM, "40")
    assert (editor.problem.text(), save.isEnabled()) == ("", True)
    assert [bands.table.item(row, bands.RANGE).text() for row in range(5)] == \
        ["90 分及以上", "80（含）–90 分", "60（含）–80 分", "40（含）–60 分", "40 分以下"]
    choose(editor.boundary, False)
    assert bands.table.item(0, bands.RANGE).text() == "90 分以上" and "80–90（含）分" in editor.summary.text()
    bands.table.setCurrentCell(4, bands.NAME)
    qtbot.mouseClick(bands.remove, Qt.LeftButton)
    assert bands.table.rowCount() == 4 and editor.template().grade_bands[-1].label == "差"


def test_a_column_dragged_in_the_list_reorders_the_preview(window, qtbot):
    window.actions_by_name["edit_template"].trigger()
    editor = window.template_editor
    choose(editor.base, "monitor-national")  # no 分值 column: the indicator table is the one with categories
    columns = editor.column_order
    assert columns.labels()[:3] == ["三级指标", "指标值", "半年度指标执行情况"]
    columns.list.model().moveRow(QModelIndex(), 3, QModelIndex(), 0)  # what a drop does: 完成目标可能性 first
    assert columns.order()[:3] == ("level1", "level2", "likelihood")
    assert editor.template().table("indicators").columns[2].key == "likelihood"
    assert header_after(preview_rows(editor), "一级指标", 4)[2].startswith("完成目标可能性")
