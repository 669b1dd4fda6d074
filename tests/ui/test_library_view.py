"""The library page driven as a clerk would: it lists the unit's forms (and the damaged file, with its
reason), filters, searches, sorts, opens a form, makes drafts that land in its folder, writes the 汇总表,
and re-applies a declaration to a self-evaluation without wiping what was typed."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from evaldesk.storage import paths
from evaldesk.storage.evd import load_form, save_form

FIXTURES = Path(__file__).parents[1] / "fixtures"
COUNT = len(list(FIXTURES.glob("*.evd")))


@pytest.fixture
def folder():
    """The default library folder (an evaldesk folder in the documents; here under EVALDESK_HOME)."""
    target = paths.library_dir()
    (target / "2020").mkdir(parents=True)
    for path in FIXTURES.glob("*.evd"):
        shutil.copy(path, target / ("2020" if "2020" in path.name else "") / path.name)
    (target / "坏文件.evd").write_text('{"format": "evaldesk-form", "format_v', encoding="utf-8")
    return target


@pytest.fixture
def library(window, folder, qtbot):
    qtbot.mouseClick(_button(window.start, "start_library"), Qt.MouseButton.LeftButton)
    view = window.library
    try:
        qtbot.waitUntil(lambda: view.last_scan is not None and not view.is_loading(), timeout=20000)
    except Exception:  # pytest-qt's TimeoutError: say what the page showed
        raise AssertionError(f"library not loaded: {view.status.text()}") from None
    return view


def _button(widget, name):
    from PySide6.QtWidgets import QPushButton

    return widget.findChild(QPushButton, name)


def _shown(view, column=0):
    return [view.proxy.index(r, column).data() for r in range(view.proxy.rowCount())]


def _select(view, project):
    row = _shown(view).index(project)
    view.table.setCurrentIndex(view.proxy.index(row, 0))


def test_every_form_is_listed_and_the_damaged_file_with_its_reason(window, library):
    assert window.stack.currentWidget() is library
    assert library.model.rowCount() == COUNT + 1
    row = _shown(library).index("（无法读取）")
    assert "已损坏或不完整" in library.proxy.index(row, 10).data()
    assert "坏文件.evd" in library.proxy.index(row, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert f"共 {COUNT} 份表单" in library.status.text() and "1 个文件无法读取" in library.status.text()
    newenergy = _shown(library).index("新能源产业推进 (2021) 年")
    assert [library.proxy.index(newenergy, c).data() for c in (1, 2, 3, 5, 6, 7, 8, 9)] == [
        "上海新能源科技成果转化与产业促进中心", "2021", "自评表", "412,907.00", "147,663.64", "35.77%", "87.16", "良"]


def test_filters_and_search_narrow_the_list(library, qtbot):
    library.year.setCurrentIndex(library.year.findData("2020"))
    assert set(_shown(library, 2)) <= {"2020", ""} and len(_shown(library)) == 6 + 1  # the damaged file stays
    library.year.setCurrentIndex(0)
    library.kind.setCurrentIndex(library.kind.findData("申报表"))
    assert sorted(_shown(library)) == sorted(["学会改革和发展", "重点学术交流活动", "（无法读取）"])
    library.kind.setCurrentIndex(0)
    assert [library.grade.itemText(i) for i in range(library.grade.count())] == ["全部", "优 / 优秀", "良"]
    library.grade.setCurrentIndex(library.grade.findText("优 / 优秀"))  # one grade, as the 汇总表 counts it
    assert sorted(_shown(library, 9)) == ["", "优", "优", "优", "优", "优秀", "优秀"]  # and the damaged file
    library.grade.setCurrentIndex(0)
    library.problems_only.setChecked(True)
    assert sorted(p for p in _shown(library) if p != "（无法读取）") == [
        "2020 年国际交流与合作项目", "2020 年贯彻落实《全民科学素质纲要》项目"]
    library.problems_only.setChecked(False)
    library.search.setText("因为疫情")  # a 偏差原因 deep in one form's grid
    qtbot.waitUntil(lambda: _shown(library) == ["新能源产业推进 (2021) 年"])


def test_the_filter_works_with_the_qt_6_8_of_the_arm64_package(library, monkeypatch):
    """PySide6 6.8 (the newest whose aarch64 wheel runs on glibc 2.31) has no beginFilterChange."""
    from evaldesk.ui.library_model import LibraryFilter

    def missing(_self):
        raise AttributeError("beginFilterChange: new in Qt 6.9")

    monkeypatch.setattr(LibraryFilter, "beginFilterChange", property(missing), raising=False)
    library.year.setCurrentIndex(library.year.findData("2020"))
    assert set(_shown(library, 2)) <= {"2020", ""} and len(_shown(library)) == 6 + 1
    library.year.setCurrentIndex(0)
    assert len(_shown(library)) == COUNT + 1


def test_sorting_by_rate_is_by_number(library):
    library.table.sortByColumn(7, Qt.SortOrder.AscendingOrder)
    rates = [r for r in _shown(library, 7) if r]
    assert rates == sorted(rates, key=lambda r: float(r.rstrip("%")))
    assert rates[0] == "35.77%"


def test_opening_a_form_from_the_list(window, library, folder):
    _select(library, "2020 年市科协办公用房维修项目")
    library.table.activated.emit(library.table.currentIndex())
    document = window.current_document()
    assert document is not None and document.path == folder / "2020" / "selfeval-2020-sast-01.evd"


def test_a_self_evaluation_from_a_declaration_lands_in_its_folder(window, library, dialogs, folder, monkeypatch):
    _select(library, "学会改革和发展")
    dialogs.templates.append("selfeval-national")
    _button(library, "library_self_evaluation").click()
    document = window.current_document()
    assert document.form.meta["declaration"]["file"] == str(folder / "declaration-2018-sast-01.evd")
    assert {r.get("target") for r in document.form.rows("indicators")} >= {"80", "100%", "90%"}
    suggested = []
    monkeypatch.setattr(dialogs, "save_path", lambda parent, title, name, *a: suggested.append(name) or None)
    window.actions_by_name["save"].trigger()
    assert suggested == [str(folder / "学会改革和发展.evd")]


def test_next_years_draft_and_a_new_form_land_in_the_folder(window, library, dialogs, folder):
    _select(library, "2020 年市科协办公用房维修项目")
    _button(library, "library_next_year").click()
    draft = window.current_document()
    assert draft.form.text("year") == "2021" and draft.home_folder == folder / "2020"
    assert all(not r.get("score") for r in draft.form.rows("indicators"))
    window.actions_by_name["library"].trigger()
    dialogs.templates.append("selfassess-shanghai")
    _button(library, "library_new").click()
    assert window.current_document().home_folder == folder


def test_the_summary_button_writes_the_shown_forms(window, library, dialogs, tmp_path):
    library.year.setCurrentIndex(library.year.findData("2020"))
    out = tmp_path / "汇总2020.xlsx"
    dialogs.save_paths.append(out)
    _button(library, "library_summary").click()
    sheet = load_workbook(out)["汇总表"]
    totals = [row for row in sheet.iter_rows(values_only=True) if row[1] == "合计（6 份）"]
    assert totals and out.with_suffix(".pdf").read_bytes().startswith(b"%PDF")
    texts = [c for row in sheet.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert "坏文件.evd" in texts


def test_a_new_file_in_the_folder_appears_on_refresh(library, folder, qtbot):
    shutil.copy(FIXTURES / "selfeval-2021-newenergy.evd", folder / "2020" / "复制.evd")
    _button(library, "library_refresh").click()
    qtbot.waitUntil(lambda: not library.is_loading() and library.model.rowCount() == COUNT + 2, timeout=20000)
    assert library.last_scan.read == 1


def test_a_changed_file_repaints_its_row_only_and_the_selection_stays(library, folder, qtbot):
    _select(library, "2020 年市科协办公用房维修项目")
    resets, changed = [], []
    library.model.modelReset.connect(lambda: resets.append(1))
    library.model.dataChanged.connect(lambda first, last, *_: changed.append((first.row(), last.row())))
    path = folder / "selfeval-2021-newenergy.evd"
    path.write_text(path.read_text(encoding="utf-8").replace("新能源产业推进", "新能源产业推广"), encoding="utf-8")
    _button(library, "library_refresh").click()
    qtbot.waitUntil(lambda: not library.is_loading() and library.last_scan.read == 1, timeout=20000)
    assert not resets and len(changed) == 1 and changed[0][0] == changed[0][1]  # one row redrawn, no new list
    assert "新能源产业推广 (2021) 年" in _shown(library) and "新能源产业推进 (2021) 年" not in _shown(library)
    assert library.current_item().overview.project_name == "2020 年市科协办公用房维修项目"
    assert library.table.currentIndex().row() == _shown(library).index("2020 年市科协办公用房维修项目")


def test_the_library_models_pass_the_qt_model_tester(library, qtmodeltester):
    qtmodeltester.check(library.model)
    qtmodeltester.check(library.proxy)


def test_reapplying_the_declaration_lists_and_applies_only_the_ticked(window, dialogs, tmp_path, registry, monkeypatch):
    from evaldesk.domain.declaration import self_evaluation_draft

    declaration = tmp_path / "申报.evd"
    shutil.copy(FIXTURES / "declaration-2018-sast-01.evd", declaration)
    form = self_evaluation_draft(load_form(declaration, registry), registry.get("selfeval-national"), str(declaration))
    form.rows("indicators")[0].values.update(actual="86", score="10")
    save_form(form, tmp_path / "自评.evd")
    declaration.write_text(declaration.read_text(encoding="utf-8").replace('"target": "80"', '"target": "85"'),
                           encoding="utf-8")
    window.open_path(tmp_path / "自评.evd")
    shown = []

    def review(parent, changes, pointed):
        from evaldesk.ui.declaration_dialog import ReviewChangesDialog

        dialog = ReviewChangesDialog(changes, pointed, parent)
        shown.append([dialog.list.topLevelItem(i).text(0) for i in range(dialog.list.topLevelItemCount())])
        return dialog.accepted_changes()

    monkeypatch.setattr(dialogs, "review_changes", review)
    window.actions_by_name["reapply_declaration"].trigger()
    assert shown == [["指标“参与学会数”的年度指标值"]]
    row = window.current_document().form.rows("indicators")[0]
    assert (row.get("target"), row.get("actual"), row.get("score")) == ("85", "86", "10")
    window.actions_by_name["undo"].trigger()
    assert window.current_document().form.rows("indicators")[0].get("target") == "80"


def test_from_the_file_menu_next_year_and_self_evaluation_of_the_open_form(window, dialogs, form_copy):
    window.open_path(form_copy("selfeval-2020-sast-03.evd"))
    window.actions_by_name["next_year"].trigger()
    draft = window.current_document()
    assert draft.form.text("year") == "2021" and draft.modified and draft.path is None
    declaration = form_copy("declaration-2018-sast-02.evd")
    window.open_path(declaration)
    dialogs.templates.append("selfeval-sast-2020")
    window.actions_by_name["self_evaluation"].trigger()
    made = window.current_document().form
    assert made.template.id == "selfeval-sast-2020" and made.meta["declaration"]["file"] == str(declaration)
    assert len([r for r in made.rows("indicators") if r.get("target")]) == 12
