"""文件 › 新建本单位模板 and 导入模板: a unit makes its own template in the window, without JSON."""
from __future__ import annotations

import json

import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pypdf import PdfReader

from evaldesk.domain.edits import SetFund
from evaldesk.storage import paths


def choose(box, value):
    box.setCurrentIndex(next(i for i in range(box.count()) if box.itemData(i) == value))


def retype(qtbot, line, text):
    """Typed over the selection (QTest cannot send non-ASCII keys; insert() is what an input method does)."""
    line.setFocus()
    line.selectAll()
    line.insert(text)


def export_both(window, dialogs, tmp_path):
    """文件 › 导出 Excel and PDF of the current form, read back: its first sheet and the PDF's text."""
    xlsx, pdf = tmp_path / "out.xlsx", tmp_path / "out.pdf"
    dialogs.save_paths += [xlsx, pdf]
    window.actions_by_name["export_xlsx"].trigger()
    window.actions_by_name["export_pdf"].trigger()
    assert not dialogs.errors
    return openpyxl.load_workbook(xlsx).active, "".join(page.extract_text() for page in PdfReader(pdf).pages)


def make_hebei_template(window, qtbot):
    window.actions_by_name["edit_template"].trigger()
    editor = window.template_editor
    choose(editor.base, "selfeval-national")
    retype(qtbot, editor.name, "项目支出绩效自评表（本单位，河北规则）")
    retype(qtbot, editor.title, "项目支出绩效自评表")
    retype(qtbot, editor.signature, "填报人、审核人、单位（盖章）")
    retype(qtbot, editor.notes, "注：执行率按整数百分比填报，预算执行得分取整数。")
    choose(editor.unit, "万元")
    choose(editor.rate_decimals, 0)
    choose(editor.score_decimals, 0)
    return editor


def test_a_template_made_in_the_editor_is_saved_reopened_used_and_exported(make_window, dialogs, qtbot, tmp_path):
    window = make_window()
    editor = make_hebei_template(window, qtbot)
    preview = editor.preview.toPlainText()
    assert "项目支出绩效自评表" in preview and "审核人" in preview and "联系电话" not in preview
    assert "执行率：整数百分比，四舍五入" in editor.summary.text()
    assert "取整数" in editor.summary.text()
    header_rate = next(t for t in preview.split() if t.endswith("%"))
    assert header_rate == "36%"  # the example's 147,663.64 ÷ 412,907 = 35.76 %, now printed as a whole percent
    qtbot.mouseClick(editor.buttons.button(QDialogButtonBox.Save), Qt.LeftButton)
    saved = list(paths.user_templates_dir().glob("*.json"))
    assert len(saved) == 1 and dialogs.infos[-1][0] == "模板已保存"
    data = json.loads(saved[0].read_text(encoding="utf-8"))
    assert data["execution_rate"]["decimals"] == 0 and data["amount_unit"] == "万元"
    template_id = data["id"]
    window.close()

    again = make_window()  # a restart: the template comes from the unit's folder
    assert again.registry.get(template_id).name == "项目支出绩效自评表（本单位，河北规则）"
    assert any(again.start.templates.item(i).text() == "项目支出绩效自评表（本单位，河北规则）"
               for i in range(again.start.templates.count()))
    document = again.new_form(template_id)
    assert document.form.amount_unit == "万元"
    for column, amount in (("initial", "43.2"), ("annual", "43.2"), ("executed", "37.24")):
        document.edit(SetFund("total", column, amount))
    assert document.figures.execution_rate_text == "86%" and document.figures.printed()["budget_score"] == "9"
    sheet, pdf_text = export_both(again, dialogs, tmp_path)
    texts = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert "项目支出绩效自评表" in texts and "审核人：" in "".join(texts)
    rate = next(c for row in sheet.iter_rows() for c in row if c.value is not None and c.number_format.endswith("%"))
    assert (float(rate.value), rate.number_format) == (0.86, "0%")
    text = pdf_text.replace(" ", "")
    assert "86%" in text and "审核人" in text and "执行率按整数百分比填报" in text


def test_a_template_file_from_another_unit_is_imported_and_offered_for_new_forms(window, dialogs, qtbot, tmp_path):
    editor = make_hebei_template(window, qtbot)
    template = editor.template()
    given = tmp_path / "兄弟单位的模板.json"
    given.write_text(json.dumps(template.source, ensure_ascii=False), encoding="utf-8")
    editor.reject()
    dialogs.template_files.append(given)
    window.actions_by_name["import_template"].trigger()
    assert dialogs.infos[-1][0] == "模板已导入" and not dialogs.errors
    assert window.registry.get(template.id).title == "项目支出绩效自评表"
    assert (paths.user_templates_dir() / f"{template.id}.json").exists()
    assert window.new_form(template.id).form.template.id == template.id


def test_a_broken_template_file_is_refused_in_one_sentence(window, dialogs, tmp_path):
    broken = tmp_path / "坏模板.json"
    broken.write_text('{"id": "x", "version": 1', encoding="utf-8")
    dialogs.template_files.append(broken)
    window.actions_by_name["import_template"].trigger()
    assert dialogs.errors and dialogs.errors[0][0] == "无法导入模板" and "坏模板.json" in dialogs.errors[0][1]
    assert not list(paths.user_templates_dir().glob("*.json"))


def test_an_import_that_learned_conventions_offers_to_keep_them_as_the_units_template(window, dialogs, tmp_path):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parents[1] / "readers"))
    from test_other_issuers import build, hebei_2019

    dialogs.workbooks.append(build(hebei_2019(), tmp_path / "hebei.xlsx"))
    dialogs.answers["保存为本单位模板"] = "save"
    window.actions_by_name["import"].trigger()
    document = window.current_document()
    assert document.figures.execution_rate_text == "86%" and document.figures.printed()["budget_score"] == "9"
    assert any("执行率 打印为整数百分比：86.20% 印为 86%" in text for _, text in dialogs.infos)
    saved = list(paths.user_templates_dir().glob("*.json"))
    assert len(saved) == 1 and json.loads(saved[0].read_text(encoding="utf-8"))["execution_rate"]["decimals"] == 0
    assert window.new_form(document.form.template.id).form.template.id == document.form.template.id
