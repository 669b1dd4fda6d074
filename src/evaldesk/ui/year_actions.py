"""The window's side of a unit's year: the library page, drafts from a declaration or from last year,
the 汇总表, and re-applying a declaration. One small function per button or menu entry."""
from __future__ import annotations

import io
from pathlib import Path

from ..domain.declaration import DeclarationError, self_evaluation_draft
from ..domain.declaration_update import apply_changes, changes, target_changes
from ..domain.summary import summarise
from ..domain.year import next_year
from ..storage import evd, paths
from ..storage.atomic import SaveError, atomic_write
from ..storage.library import LibraryItem, Scan
from .dialogs import XLSX_FILTER
from .document import FormDocument
from .library_view import LibraryView


def library_folders(window) -> list[Path]:
    chosen = [Path(f) for f in window.settings["library_folders"]]
    if chosen:
        return chosen
    default = paths.library_dir()
    try:
        default.mkdir(parents=True, exist_ok=True)
    except OSError:
        pass  # listed as a missing folder; the clerk can choose another
    return [default]


def show_library(window) -> LibraryView:
    """The library page; built on first use, so the start page costs nothing more."""
    if getattr(window, "library", None) is None:
        view = LibraryView(window.registry, library_folders(window))
        view.open_path.connect(window.open_path)
        view.new_form.connect(lambda: new_in_library(window))
        view.self_evaluation.connect(lambda item: self_evaluation(window, item))
        view.next_year.connect(lambda item: draft_next_year(window, item))
        view.summary.connect(lambda items: write_summary(window, items))
        view.add_folder.connect(lambda: add_folder(window))
        view.remove_folder.connect(lambda: remove_folder(window))
        window.stack.addWidget(view)
        window.library = view
        window.library.refresh()
    elif not window.library.is_loading():
        window.library.refresh()
    window.stack.setCurrentWidget(window.library)
    window.current_changed()
    return window.library


def _set_folders(window, folders: list[Path]) -> None:
    window.settings["library_folders"] = [str(f) for f in folders]
    failed = window.settings.save()
    if failed:
        window.statusBar().showMessage(f"文件夹设置未能保存：{failed}", 10000)
    window.library.set_folders(library_folders(window))


def add_folder(window) -> None:
    folder = window.dialogs.choose_folder(window, "添加到表单库的文件夹", str(window.library.folders[0]))
    if folder is not None and folder not in window.library.folders:
        chosen = [Path(f) for f in window.settings["library_folders"]]
        _set_folders(window, [*chosen, folder])


def remove_folder(window) -> None:
    """Forget the first chosen folder the current row lives in (or the last one); the files stay."""
    chosen = [Path(f) for f in window.settings["library_folders"]]
    if not chosen:
        window.dialogs.info(window, "表单库", "表单库只有默认文件夹，无可移除。")
        return
    item = window.library.current_item()
    folder = next((f for f in chosen if item is not None and f in item.path.parents), chosen[-1])
    _set_folders(window, [f for f in chosen if f != folder])


def _open_draft(window, form, folder: Path, message: str) -> FormDocument:
    document = FormDocument(form)
    document.home_folder = folder
    window.add_document(document)
    document.mark_modified()
    window.statusBar().showMessage(message, 15000)
    return document


def _load(window, path: Path):
    try:
        return evd.load_form(path, window.registry)
    except evd.DocumentError as error:
        window.dialogs.error(window, "无法打开文件", str(error))
        return None


def new_in_library(window) -> FormDocument | None:
    document = window.new_form()
    if document is not None:
        document.home_folder = window.library.folders[0]
    return document


def self_evaluation(window, item: LibraryItem) -> FormDocument | None:
    declaration = _load(window, item.path)
    return _self_evaluation(window, declaration, item.path) if declaration else None


def self_evaluation_of_current(window) -> FormDocument | None:
    """From the declaration open in the current tab (saved, so that the link names its file)."""
    document = window.current_document()
    if document is None or document.path is None:
        window.dialogs.info(window, "由申报表生成自评表", "请先保存这份申报表，自评表会记下它的文件。")
        return None
    return _self_evaluation(window, document.form, document.path)


def _self_evaluation(window, declaration, path: Path) -> FormDocument | None:
    template_id = window.dialogs.choose_template(window, window.registry, "selfeval-national")
    if template_id is None:
        return None
    try:
        form = self_evaluation_draft(declaration, window.registry.get(template_id), str(path))
    except DeclarationError as error:
        window.dialogs.error(window, "无法生成自评表", str(error))
        return None
    return _open_draft(window, form, path.parent,
                       "已由申报表生成自评表：各指标及目标值已带入；分值是按模板提出的建议值，请按实际调整。")


def draft_next_year(window, item: LibraryItem) -> FormDocument | None:
    form = _load(window, item.path)
    return _next_year(window, form, item.path) if form else None


def next_year_of_current(window) -> FormDocument | None:
    document = window.current_document()
    if document is None:
        return None
    folder = document.path if document.path else (document.home_folder or paths.library_dir()) / document.title
    return _next_year(window, document.form, folder)


def _next_year(window, form, path: Path) -> FormDocument:
    draft = next_year(form, path.name)
    stale = f"请检查{'、'.join(draft.stale_texts)}，其中仍提到上一年度。" if draft.stale_texts else ""
    return _open_draft(window, draft.form, path.parent, f"已生成{draft.year or '下一'}年度草稿。{stale}")


def write_summary(window, items: list[LibraryItem]) -> Path | None:
    scan = Scan(items, 0, [])
    if not scan.entries:
        window.dialogs.error(window, "无法汇总", "列表中没有可以汇总的表单（没有表单，或都无法读取）。")
        return None
    out = window.dialogs.save_path(window, "保存汇总表", str(window.library.folders[0] / "汇总表.xlsx"), XLSX_FILTER)
    if out is None:
        return None
    out = out if out.suffix.lower() == ".xlsx" else out.with_name(out.name + ".xlsx")
    from ..export.summary_pdf import write_summary_pdf
    from ..export.summary_xlsx import write_summary_xlsx

    summary = summarise(scan.entries, scan.damaged)
    try:
        for path, write in ((out, write_summary_xlsx), (out.with_suffix(".pdf"), write_summary_pdf)):
            buffer = io.BytesIO()
            write(summary, buffer)
            atomic_write(path, buffer.getvalue(), backup=False)
    except (SaveError, FileNotFoundError) as error:
        window.dialogs.error(window, "汇总表未能保存", getattr(error, "strerror", None) or str(error))
        return None
    window.statusBar().showMessage(f"已保存汇总表 {out} 及其 PDF（{len(scan.entries)} 份表单）", 15000)
    return out


# --------------------------------------------------------------------------- re-applying a declaration


def declaration_path(window, document: FormDocument) -> Path | None:
    """The declaration the form came from: where it was, else beside the form, else asked for."""
    recorded = Path(document.form.meta.get("declaration", {}).get("file", "") or ".")
    for candidate in (recorded, (document.path.parent / recorded.name) if document.path else None):
        if candidate is not None and candidate.name and candidate.is_file():
            return candidate
    picked = window.dialogs.open_paths(window, str(document.path.parent) if document.path else "")
    return picked[0] if picked else None


def reapply_declaration(window) -> bool:
    document = window.current_document()
    if document is None or "declaration" not in document.form.meta:
        window.dialogs.info(window, "按申报表更新", "这份表单不是由申报表生成的。")
        return False
    path = declaration_path(window, document)
    declaration = _load(window, path) if path else None
    if declaration is None:
        return False
    try:
        found = changes(document.form, declaration)
    except DeclarationError as error:
        window.dialogs.error(window, "无法按申报表更新", str(error))
        return False
    pointed = target_changes(document.form)
    if not found and not pointed:
        window.dialogs.info(window, "按申报表更新", "申报表与这份自评表一致，没有需要更新的内容。")
        return False
    accepted = window.dialogs.review_changes(window, found, pointed)
    if not accepted:
        return False
    document.edit(apply_changes(document.form, accepted), label="按申报表更新")
    window.statusBar().showMessage(f"已按申报表更新 {len(accepted)} 项", 8000)
    return True
