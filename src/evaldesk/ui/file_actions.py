"""Opening, saving, closing, recovering, importing and exporting: one small function per menu entry.

Each function takes the main window, makes one storage or export call, and tells the clerk what
happened in a Chinese sentence. A file that cannot be opened leaves everything else as it was.
"""
from __future__ import annotations

import io
from pathlib import Path

from ..domain.form import new_form as blank_form
from ..domain.text import make_safe
from ..storage import evd
from ..storage.atomic import SaveError, atomic_write
from ..export.registry import exporter as exporter_for
from .document import FormDocument


def open_path(window, path: Path, save_recent: bool = True) -> FormDocument | None:
    """Open a form in a tab; `save_recent=False` leaves writing the recent list to the caller (a start
    writes it once the window is up: the write waits for the disk, ~2–60 ms here)."""
    for document in window.documents():
        if document.path and _same_file(document.path, path):
            window.tabs.setCurrentWidget(window.view_of(document))
            return document
    try:
        form = evd.load_form(path, window.registry)
    except evd.DocumentError as error:
        cannot_open(window, "无法打开文件", str(error))
        return None
    document = FormDocument(form, path)
    window.add_document(document)
    remember(window, path, save_recent)
    return document


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def remember(window, path: Path, save: bool = True) -> None:
    window.settings.add_recent(path)
    if save:
        save_recent(window)
    window.menus_recent_changed()


def save_recent(window) -> None:
    failed = window.settings.save()
    if failed:
        window.statusBar().showMessage(f"最近打开的文件列表未能保存：{failed}", 10000)


def open_dialog(window) -> None:
    folder = str(window.current_document().path.parent) if window.current_document() and window.current_document().path else ""
    for path in window.dialogs.open_paths(window, folder):
        open_path(window, path)


def new_form(window, template_id: str | None = None) -> FormDocument | None:
    if template_id is None:
        template_id = window.dialogs.choose_template(window, window.registry, window.settings["default_template"])
        if template_id is None:
            return None
    template = window.registry.get(template_id)
    form = blank_form(template, {"organisation": window.settings["organisation"]})
    if template.amount_unit == "元" and window.settings["default_unit"] in ("元", "万元"):
        form.amount_unit = window.settings["default_unit"]
    document = FormDocument(form)
    window.add_document(document)
    return document


def cannot_open(window, title: str, message: str) -> None:
    """Say that a form cannot be opened; over the start page where the window is up with no form open (a start
    whose form failed: the window is shown before its forms open, see MainWindow.show_opening)."""
    if window.isVisible() and not window.documents():
        window.show_start()
    window.dialogs.error(window, title, message)


def open_example(window, path: Path | None = None) -> FormDocument | None:
    """A built-in example opens as an untitled copy: saving asks where, the example stays as shipped."""
    examples = evd.example_files()
    path = path or (examples[-1] if examples else None)
    if path is None:
        cannot_open(window, "没有示例", "安装中缺少示例表单。")
        return None
    try:
        form = evd.load_form(path, window.registry)
    except evd.DocumentError as error:
        cannot_open(window, "无法打开示例", str(error))
        return None
    document = FormDocument(form, title=f"示例-{form.project_name or path.stem}")
    window.add_document(document)
    return document


# ---------------------------------------------------------------------------------------------- saving


def save(window, document: FormDocument | None = None) -> bool:
    document = document or window.current_document()
    if document is None:
        return False
    if document.path is None:
        return save_as(window, document)
    if document.changed_on_disk():
        answer = window.dialogs.ask(window, "文件已被修改",
                                    f"“{document.path.name}”在打开后已被其他程序或其他人修改。\n覆盖它会丢失对方的修改。",
                                    [("overwrite", "覆盖"), ("save_as", "另存为…"), ("cancel", "取消")], "save_as")
        if answer == "save_as":
            return save_as(window, document)
        if answer != "overwrite":
            return False
        document.disk = evd.disk_state(document.path)  # the clerk chose to overwrite what is there now
    return _write(window, document, document.path)


def save_as(window, document: FormDocument | None = None) -> bool:
    document = document or window.current_document()
    if document is None:
        return False
    suggested = str(document.path) if document.path else f"{document.form.project_name or document.title}{evd.EXTENSION}"
    if document.path is None and document.home_folder is not None:
        suggested = str(document.home_folder / suggested)
    path = window.dialogs.save_path(window, "另存为", suggested)
    if path is None:
        return False
    if path.suffix.lower() != evd.EXTENSION:
        path = path.with_name(path.name + evd.EXTENSION)
    return _write(window, document, path)


def _write(window, document: FormDocument, path: Path) -> bool:
    try:
        document.save(path)
    except SaveError as error:
        window.dialogs.error(window, "保存失败", error.strerror or str(error))
        return False
    remember(window, path)
    window.autosave()
    window.statusBar().showMessage(f"已保存到 {path}", 5000)
    return True


def confirm_close(window, document: FormDocument) -> bool:
    """True when the form may close: saved, or the clerk chose not to keep the changes."""
    if not document.modified:
        return True
    answer = window.dialogs.ask(window, "保存修改", f"“{document.title}”有尚未保存的修改。是否保存？",
                                [("save", "保存"), ("discard", "不保存"), ("cancel", "取消")], "save")
    if answer == "save":
        return save(window, document)
    return answer == "discard"


# ---------------------------------------------------------------------------------------------- recovery


def offer_recovery(window) -> list[FormDocument]:
    found = window.session.recoverable()
    if not found:
        return []
    names = "\n".join(f"  · {r.title}" for r in found)
    answer = window.dialogs.ask(window, "恢复未保存的表单",
                                f"上次 evaldesk 没有正常退出，以下表单有未保存的修改：\n{names}\n\n是否恢复？",
                                [("recover", "恢复"), ("discard", "丢弃"), ("later", "以后再说")], "recover")
    if answer == "later":
        return []
    recovered = []
    if answer == "recover":
        for item in found:
            try:
                form = evd.load_form(item.data, window.registry)
            except evd.DocumentError as error:
                window.dialogs.error(window, "无法恢复", str(error))
                continue
            document = FormDocument(form, item.original, title=item.title)
            document.recovered = True
            document.disk = evd.disk_state(item.original) if item.original else None
            window.add_document(document)
            document.mark_modified()
            recovered.append(document)
        window.autosave()  # safe in this session's folder before the old one goes
    window.session.discard_orphans()
    return recovered


# ---------------------------------------------------------------------------------------------- import, export, print


def export(window, kind: str) -> bool:
    document = window.current_document()
    if document is None:
        return False
    exporter = exporter_for(kind)
    draft = window.dialogs.export_choice(window, f"导出 {exporter.name}", problems_sentence(document.problems))
    if draft is None:
        return False
    stem = document.path.stem if document.path else (document.form.project_name or document.title)
    base = document.path.parent / stem if document.path else Path(stem)
    path = window.dialogs.save_path(window, f"导出 {exporter.name}", str(base) + exporter.suffix, exporter.file_filter)
    if path is None:
        return False
    try:
        buffer = io.BytesIO()
        exporter.write([document.form], buffer, draft=draft)  # the writer's library is imported now, not at start-up
        atomic_write(path, buffer.getvalue(), backup=False)
    except ImportError as error:
        window.dialogs.error(window, "导出失败", f"导出功能不可用（{error}）。")
        return False
    except SaveError as error:
        window.dialogs.error(window, "导出失败", error.strerror or str(error))
        return False
    except (OSError, ValueError) as error:  # e.g. no usable Chinese font for the PDF: the exporters say why
        window.dialogs.error(window, "导出失败", str(error))
        return False
    window.statusBar().showMessage(f"已导出到 {path}", 5000)
    return True


def problems_sentence(problems) -> str:
    """What the export dialog says about the form: its problems counted, errors and warnings apart."""
    if not problems:
        return "本表没有发现问题。"
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = sum(1 for p in problems if p.severity == "warning")
    parts = [f"错误 {errors} 个"] * bool(errors) + [f"警告 {warnings} 个"] * bool(warnings)
    others = len(problems) - errors - warnings
    parts += [f"提示 {others} 个"] * bool(others)
    return f"本表有 {len(problems)} 个问题（{'，'.join(parts)}），见问题列表。仍可导出。"


def import_workbook(window) -> FormDocument | None:
    path = window.dialogs.open_workbook(window)
    if path is None:
        return None
    try:
        from ..readers.workbook import ImportFailed, read_workbook
    except ImportError as error:
        window.dialogs.error(window, "导入失败", f"导入功能不可用（{error}）。")
        return None
    try:
        result = read_workbook(path, window.registry)
    except ImportFailed as error:
        window.dialogs.error(window, "导入失败", str(error))
        return None
    make_safe(result.form)
    document = FormDocument(result.form, title=path.stem)
    window.add_document(document)
    document.mark_modified()
    if result.notes:
        window.dialogs.info(window, "导入完成", "导入时发现：\n" + "\n".join(f"· {n}" for n in result.notes))
    if result.learned is not None:
        from .template_editor import offer_learned_template

        offer_learned_template(window, result.learned)
    return document


def print_form(window, preview: bool) -> None:
    document = window.current_document()
    if document is None:
        return
    try:
        from . import printing
    except ImportError:
        window.dialogs.error(window, "无法打印", "打印功能尚未安装（缺少 evaldesk.ui.printing）。可先导出 PDF 再打印。")
        return
    (printing.print_preview if preview else printing.print_form)(window, document.form)
