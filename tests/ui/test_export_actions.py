"""文件 › 导出: the window writes the exporters' files where the clerk chose, figures and all."""
import openpyxl
from pypdf import PdfReader

SEED = "selfeval-2021-newenergy.evd"


def test_export_excel_from_the_menu_writes_the_form_with_its_total(window, form_copy, dialogs, tmp_path):
    window.open_path(form_copy(SEED))
    target = tmp_path / "out.xlsx"
    dialogs.save_paths.append(target)
    window.actions_by_name["export_xlsx"].trigger()
    texts = [str(c.value) for row in openpyxl.load_workbook(target).active.iter_rows() for c in row if c.value is not None]
    assert "财政项目支出绩效自评表" in texts and "87.16" in texts and not dialogs.errors


def test_export_pdf_from_the_menu_writes_a_readable_pdf(window, form_copy, dialogs, tmp_path):
    window.open_path(form_copy(SEED))
    target = tmp_path / "out.pdf"
    dialogs.save_paths.append(target)
    window.actions_by_name["export_pdf"].trigger()
    text = "".join(page.extract_text() for page in PdfReader(target).pages)
    assert "87.16" in text and "新能源产业推进" in text and not dialogs.errors


def test_import_a_hand_typed_workbook_from_the_menu_opens_it_as_an_unsaved_form(window, dialogs, fixture_path):
    dialogs.workbooks.append(fixture_path("handtyped-selfeval-2021-newenergy.xlsx"))
    window.actions_by_name["import"].trigger()
    document = window.current_document()
    assert document is not None and document.modified and document.path is None
    assert document.form.project_name.startswith("新能源产业推进")
    assert document.figures.printed()["total_score"] == "87.16"
    assert "87.16" in window.figures_label.text()
    assert not dialogs.errors


def test_importing_a_file_that_is_not_a_workbook_says_so_and_opens_nothing(window, dialogs, tmp_path):
    bogus = tmp_path / "报表.xlsx"
    bogus.write_text("这不是工作簿", encoding="utf-8")
    dialogs.workbooks.append(bogus)
    window.actions_by_name["import"].trigger()
    assert window.current_document() is None
    assert dialogs.errors and dialogs.errors[0][0] == "导入失败" and "Traceback" not in dialogs.errors[0][1]


def test_a_pdf_export_without_a_usable_font_says_why_and_writes_nothing(window, form_copy, dialogs, tmp_path, monkeypatch):
    from evaldesk.export import fonts

    monkeypatch.setattr(fonts, "candidates", lambda: [fonts.FontFile(tmp_path / "没有这个字体.ttf", 0)])
    window.open_path(form_copy(SEED))
    target = tmp_path / "out.pdf"
    dialogs.save_paths.append(target)
    window.actions_by_name["export_pdf"].trigger()
    assert dialogs.errors == [("导出失败", dialogs.errors[0][1])] and "字体" in dialogs.errors[0][1]
    assert not target.exists()


def test_the_export_dialog_counts_the_problems_and_the_draft_mark_is_the_clerks_choice(window, load_fixture, dialogs, tmp_path):
    """Problems never switch 草稿 on: the dialog says how many there are, and the clerk ticks the box or not."""
    from evaldesk.ui.document import FormDocument

    form = load_fixture(SEED)
    form.fields["project_name"] = ""  # a required field left empty: a problem
    window.add_document(FormDocument(form, title="草表"))
    problems = window.current_document().problems
    assert problems
    plain, marked = tmp_path / "plain.pdf", tmp_path / "marked.pdf"
    dialogs.save_paths += [plain, marked]
    dialogs.drafts += [False, True]
    window.actions_by_name["export_pdf"].trigger()
    window.actions_by_name["export_pdf"].trigger()
    assert dialogs.export_problems[0].startswith(f"本表有 {len(problems)} 个问题")
    assert all("草稿" not in page.extract_text() for page in PdfReader(plain).pages)
    assert all("草稿" in page.extract_text() for page in PdfReader(marked).pages)
    dialogs.drafts.append(None)  # cancelled: no file asked for, nothing written
    assert not window.actions_by_name["export_xlsx"].trigger() and not dialogs.errors
