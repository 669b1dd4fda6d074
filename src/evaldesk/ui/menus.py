"""The menus (all Chinese, with shortcuts) and the small functions behind the 编辑 entries."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QMenu, QPlainTextEdit

from .. import __version__
from ..domain.edits import SetAmountUnit
from ..export.registry import EXPORTERS
from . import column_widths, file_actions, proposals, row_actions, zoom
from .field_editors import REDO_KEYS, UNDO_KEYS
from .paper_view import PaperTableView
from .table_model import TableModel

TYPE_CHECKING = False
if TYPE_CHECKING:
    from PySide6.QtGui import QAction

SHORTCUT_HELP = """键盘和鼠标操作（与 Excel、WPS 相同）
单击　选中；双击、F2 或直接输入　开始编辑（直接输入会替换原内容）
Esc　放弃本格的修改，恢复原值
Tab / Shift+Tab　本行下一格 / 上一格；行末接着到下一行的三级指标（表格最后一格之后进入下一栏）
Enter　完成本格并移到下一行；Alt+Enter　长文本格内换行
Ctrl+Enter　插入行（在当前行下方，同一分类）；右键菜单　在上方 / 下方插入行、删除行等
Ctrl+Delete　删除行；Alt+↑ / Alt+↓　上移 / 下移
Ctrl+Shift+A　添加分类
Ctrl+J　采用本行的建议得分（得分格旁灰色的“建议”；已填的得分不会被改动）
Ctrl+C / Ctrl+X / Ctrl+V　复制 / 剪切 / 粘贴（可与 Excel、WPS 互相粘贴；合并单元格下的空白视为同上）
Ctrl+D　向下填充；选中多格时，状态栏显示计数和求和
Ctrl+F / Ctrl+H　查找 / 替换
Ctrl+滚轮、Ctrl+= / Ctrl+-　放大 / 缩小；Ctrl+0　实际大小；拖动表格列线　调整列宽
Ctrl+Z / Ctrl+Y　撤销 / 重做
Ctrl+S　保存；Ctrl+N　新建；Ctrl+O　打开；Ctrl+W　关闭"""


def _action(window, menu, text: str, slot, shortcut=None, name: str = "") -> QAction:
    from PySide6.QtGui import QAction, QKeySequence  # with the entries: the first screen need not pay for them

    action = QAction(text=text, parent=window)  # by keyword: positional, PySide6 tries the QIcon overload first
    if shortcut is not None:
        shortcuts = shortcut if isinstance(shortcut, list) else [shortcut]
        action.setShortcuts([QKeySequence(s) for s in shortcuts])
    action.triggered.connect(lambda _checked=False: slot())
    menu.addAction(action)
    if name:
        window.actions_by_name[name] = action
    return action


TITLES = ("文件(&F)", "编辑(&E)", "视图(&V)", "帮助(&H)")


def build(window, later: bool = False) -> None:
    """The menu bar; its entries and their keys now, or with `later` when fill() is called (a start fills them
    once its first screen is drawn: some eighty actions, their key sequences and the classes they need, 1.6 %
    of a start)."""
    window.menus_filled = False
    window.actions_by_name = {}
    window.recent_menu = None
    window.menus_recent_changed = lambda: fill_recent(window)
    bar = window.menuBar()
    window.menu_titles = [bar.addMenu(title) for title in TITLES]
    if not later:
        fill(window)


def fill(window) -> None:
    """The menus' entries, once; until they are all there, update_enabled leaves them be."""
    if window.menus_filled or window.actions_by_name:  # filled, or a fill that failed part way: not twice
        return
    from PySide6.QtGui import QKeySequence

    files, edit, view, help_menu = window.menu_titles
    _action(window, files, "新建(&N)…", lambda: window.new_form(), QKeySequence.New, "new")
    _action(window, files, "打开(&O)…", lambda: file_actions.open_dialog(window), QKeySequence.Open, "open")
    window.recent_menu = files.addMenu("最近打开(&R)")
    fill_recent(window)
    files.addSeparator()
    _action(window, files, "保存(&S)", lambda: file_actions.save(window), QKeySequence.Save, "save")
    _action(window, files, "另存为(&A)…", lambda: file_actions.save_as(window), "Ctrl+Shift+S", "save_as")
    files.addSeparator()
    _action(window, files, "导入 Excel(&I)…", lambda: file_actions.import_workbook(window), None, "import")
    for exporter in EXPORTERS:
        _action(window, files, f"导出 {exporter.name}(&{exporter.mnemonic})…",
                lambda e=exporter: file_actions.export(window, e.key), None, f"export_{exporter.key}")
    _action(window, files, "由申报表生成自评表(&J)…", lambda: later("year_actions").self_evaluation_of_current(window), None, "self_evaluation")
    _action(window, files, "按申报表更新(&G)…", lambda: later("year_actions").reapply_declaration(window), None, "reapply_declaration")
    _action(window, files, "生成下一年度草稿(&Y)", lambda: later("year_actions").next_year_of_current(window), None, "next_year")
    files.addSeparator()
    _action(window, files, "新建本单位模板(&M)…", lambda: _templates().open_editor(window), None, "edit_template")
    _action(window, files, "导入模板(&T)…", lambda: _templates().import_template(window), None, "import_template")
    files.addSeparator()
    _action(window, files, "打印预览(&V)…", lambda: file_actions.print_form(window, True), None, "print_preview")
    _action(window, files, "打印(&P)…", lambda: file_actions.print_form(window, False), QKeySequence.Print, "print")
    files.addSeparator()
    _action(window, files, "关闭(&C)", lambda: window.close_tab(window.tabs.currentIndex()), "Ctrl+W", "close")
    _action(window, files, "退出(&X)", window.close, "Ctrl+Q", "quit")

    undo = window.undo_group.createUndoAction(window, "撤销")
    undo.setShortcuts([QKeySequence(key) for key in UNDO_KEYS])
    redo = window.undo_group.createRedoAction(window, "重做")
    redo.setShortcuts([QKeySequence(key) for key in REDO_KEYS])
    edit.addActions([undo, redo])
    window.actions_by_name.update(undo=undo, redo=redo)
    edit.addSeparator()
    _action(window, edit, "剪切(&T)", lambda: clipboard_action(window, "cut"), QKeySequence.Cut, "cut")
    _action(window, edit, "复制(&C)", lambda: clipboard_action(window, "copy"), QKeySequence.Copy, "copy")
    _action(window, edit, "粘贴(&P)", lambda: clipboard_action(window, "paste"), QKeySequence.Paste, "paste")
    _action(window, edit, "向下填充", lambda: fill_down(window), "Ctrl+D", "fill_down")
    edit.addSeparator()
    _action(window, edit, "查找(&F)…", lambda: later("find_replace").open_dialog(window, False), "Ctrl+F", "find")
    _action(window, edit, "替换(&H)…", lambda: later("find_replace").open_dialog(window, True), "Ctrl+H", "replace")
    edit.addSeparator()
    _action(window, edit, "插入行(&I)", lambda: insert_row(window), ["Ctrl+Return", "Ctrl+Enter"], "insert_row")
    _action(window, edit, "在上方插入行", lambda: insert_row(window, above=True), None, "insert_row_above")
    _action(window, edit, "删除行(&D)", lambda: delete_rows(window), "Ctrl+Delete", "delete_rows")
    _action(window, edit, "上移(&U)", lambda: move_row(window, -1), "Alt+Up", "move_up")
    _action(window, edit, "下移(&W)", lambda: move_row(window, +1), "Alt+Down", "move_down")
    _action(window, edit, "添加分类(&G)…", lambda: add_category(window), "Ctrl+Shift+A", "add_category")
    proposals.add_actions(window, edit, _action)
    edit.addSeparator()
    _action(window, edit, "更换模板(&M)…", lambda: later("template_change").change(window), None, "change_template")
    _action(window, edit, "查看保留的内容…", lambda: later("template_change").show_kept(window), None, "show_kept")
    _action(window, edit, "金额单位改为万元", lambda: set_unit(window, "万元"), None, "unit_wan")
    _action(window, edit, "金额单位改为元", lambda: set_unit(window, "元"), None, "unit_yuan")
    edit.addSeparator()
    _action(window, edit, "选项(&O)…", lambda: window.dialogs.options(window, window.settings, window.registry), None, "options")

    problems = window.problems_dock.toggleViewAction()
    problems.setText("问题列表(&P)")
    problems.setShortcut(QKeySequence("F8"))
    view.addAction(problems)
    view.addSeparator()
    _action(window, view, "放大(&I)", lambda: zoom.set_zoom(window, zoom.step(window.settings["zoom"], +1)),
            ["Ctrl+=", "Ctrl++"], "zoom_in")
    _action(window, view, "缩小(&O)", lambda: zoom.set_zoom(window, zoom.step(window.settings["zoom"], -1)),
            "Ctrl+-", "zoom_out")
    _action(window, view, "实际大小(&R)", lambda: zoom.set_zoom(window, 100), "Ctrl+0", "zoom_reset")
    _action(window, view, "还原列宽(&W)", lambda: column_widths.reset(window), None, "reset_columns")
    view.addSeparator()
    _action(window, view, "开始页(&S)", window.show_start, None, "start_page")
    _action(window, view, "表单库(&L)", lambda: later("year_actions").show_library(window), "Ctrl+L", "library")

    _action(window, help_menu, "键盘操作(&K)", lambda: window.dialogs.info(window, "键盘操作", SHORTCUT_HELP), "F1", "keys")
    _action(window, help_menu, "关于(&A)", lambda: window.dialogs.info(
        window, "关于", f"绩效表填报助手 evaldesk {__version__}\n离线填写、检查、打印预算绩效表。"), None, "about")
    window.menus_filled = True
    update_enabled(window)


def _templates():
    return later("template_editor")


def later(name: str):
    """A part of the window imported when first used (the template editor, the library and the year's
    drafts, template change, find and replace): none of them is needed to show the first screen."""
    from importlib import import_module

    return import_module(f"{__package__}.{name}")


def fill_recent(window) -> None:
    menu = window.recent_menu
    if menu is None:  # not filled yet: fill() lists them
        return
    menu.clear()
    recent = window.settings.existing_recent()
    for number, path in enumerate(recent, 1):
        action = menu.addAction(f"&{number % 10} {recent_label(path)}")
        action.setToolTip(str(path))
        action.triggered.connect(lambda _checked=False, p=path: window.open_path(p))
    menu.setEnabled(bool(recent))


def update_enabled(window) -> None:
    """Row actions only while a table grid has the focus, so their keys stay free elsewhere (Alt+↓ in a list)."""
    names = window.actions_by_name
    if not window.menus_filled:  # not filled yet: fill() asks again
        return
    has_form = window.current_document() is not None
    for name in ("save", "save_as", "close", *(f"export_{e.key}" for e in EXPORTERS), "print", "print_preview", "unit_wan",
                 "unit_yuan", "add_category", "self_evaluation", "reapply_declaration", "next_year", "change_template",
                 "show_kept", "find", "replace"):
        names[name].setEnabled(has_form)
    grid = focused_table(window)
    for name in ("insert_row", "insert_row_above", "delete_rows", "move_up", "move_down"):
        names[name].setEnabled(grid is not None)
    names["fill_down"].setEnabled(focused_grid(window) is not None)


def focused_grid(window) -> PaperTableView | None:
    widget = QApplication.focusWidget()
    while widget is not None and not isinstance(widget, PaperTableView):
        widget = widget.parentWidget()
    return widget


def focused_table(window) -> PaperTableView | None:
    grid = focused_grid(window)
    return grid if grid is not None and isinstance(grid.model(), TableModel) else None


# ---------------------------------------------------------------------------------------------- 编辑


def clipboard_action(window, what: str) -> None:
    grid = focused_grid(window)
    if grid is not None and grid.state() != grid.State.EditingState:
        {"cut": grid.cut_selection, "copy": grid.copy_selection, "paste": grid.paste}[what]()
        return
    widget = QApplication.focusWidget()
    if isinstance(widget, (QLineEdit, QPlainTextEdit)):
        getattr(widget, what)()


def fill_down(window) -> None:
    grid = focused_grid(window)
    if grid is not None and grid.state() != grid.State.EditingState:
        grid.fill_down()


CONTEXT_ENTRIES = (("在上方插入行", "insert_row_above"), ("在下方插入行", "insert_row"), ("删除行", "delete_rows"), None,
                   ("复制", "copy"), ("粘贴", "paste"), ("向下填充", "fill_down"), None, ("添加分类…", "add_category"))


def context_menu(window, grid: PaperTableView, position) -> QMenu:
    """The right-click menu of a grid: the 编辑 entries that act on its cells and rows."""
    grid.setFocus(Qt.MouseFocusReason)
    update_enabled(window)
    menu = QMenu(grid)
    menu.setAttribute(Qt.WA_DeleteOnClose)
    is_table = isinstance(grid.model(), TableModel)
    for entry in CONTEXT_ENTRIES:
        if entry is None:
            menu.addSeparator()
            continue
        text, name = entry
        if not is_table and name in ("insert_row_above", "insert_row", "delete_rows", "add_category"):
            continue
        source = window.actions_by_name[name]
        action = menu.addAction(text, source.trigger)
        action.setShortcuts(source.shortcuts())
        action.setEnabled(source.isEnabled())
        action.setObjectName(name)
    window.last_context_menu = menu
    menu.popup(position)
    return menu


def _select_row(grid: PaperTableView, row: int) -> None:
    model = grid.model()
    column = next((i for i, c in enumerate(model.spec.columns) if c.role == "text"), 0) + model.offset
    grid.put_cursor(model.index(row + 1, column))
    grid.setFocus(Qt.OtherFocusReason)


def insert_row(window, above: bool = False) -> None:
    grid = focused_table(window)
    if grid is None:
        return
    edit, index = row_actions.insert_row(grid.model(), row_actions.current_row(grid), above)
    grid.model().document.edit(edit)
    _select_row(grid, index)


def delete_rows(window) -> None:
    grid = focused_table(window)
    if grid is None:
        return
    rows = row_actions.selected_rows(grid)
    edit = row_actions.remove_rows(grid.model(), rows)
    if edit is not None:
        grid.model().document.edit(edit)
        remaining = len(grid.model().rows)
        if remaining:
            _select_row(grid, min(rows[0], remaining - 1))


def move_row(window, step: int) -> None:
    grid = focused_table(window)
    if grid is None:
        return
    column = grid.currentIndex().column()
    edit, row = row_actions.move_row(grid.model(), row_actions.current_row(grid), step)
    if edit is not None:
        grid.model().document.edit(edit)
        grid.put_cursor(grid.model().index(row + 1, column))


def add_category(window) -> None:
    grid = focused_table(window) or _first_table(window)
    if grid is None or not grid.model().spec.levels:
        return
    model = grid.model()
    row = row_actions.current_row(grid)
    level1 = model.rows[row].get(model.spec.levels[0]) if 0 <= row < len(model.rows) else ""
    names = window.dialogs.add_category(window, model.spec, level1)
    if not names:
        return
    edit, index = row_actions.add_category(model, *names)
    model.document.edit(edit, label="添加分类")
    _select_row(grid, index)


def _first_table(window) -> PaperTableView | None:
    view = window.current_view()
    return next(iter(view.tables.values()), None) if view else None


def set_unit(window, unit: str) -> None:
    document = window.current_document()
    if document is not None and document.form.amount_unit != unit:
        document.edit(SetAmountUnit(unit, convert=True))
        window.statusBar().showMessage(f"金额单位已改为{unit}，各金额已换算", 5000)


def recent_label(path) -> str:
    """A recent file with its folder: two forms of the same name in different folders are told apart."""
    return f"{path.name}　—　{path.parent}"
