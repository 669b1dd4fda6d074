"""Excel import: a workbook exported by evaldesk comes back as exactly the same form; a workbook in the
official layout typed by hand (Excel, WPS) is read by its labels.

`read_workbook` never writes anything: the caller saves the form only when the import succeeded. What
could not be placed, and every printed figure that disagrees with the recomputed one, is reported in
`notes` (Chinese sentences naming the sheet and cell); a file that cannot be read raises ImportFailed.
"""
from __future__ import annotations

from pathlib import Path

from ..domain.problems import evaluate
from ..domain.form import Form
from ..domain.template import Template
from ..storage.templates import TemplateRegistry
from .evidence import choose, difference_notes, family_templates, learn_from_sheet
from .grid import Grid
from .guard import ImportFailed, check_workbook_file
from .labels import read_by_labels
from ..storage.workbook_record import MARKER_SHEET, read_marker
from .restore import restore_from_record
from .result import ImportResult

__all__ = ["ImportFailed", "ImportResult", "read_workbook"]


def read_workbook(path: Path, registry: TemplateRegistry, template_id: str | None = None) -> ImportResult:
    path = Path(path)
    check_workbook_file(path)
    requested = _requested_template(registry, template_id)
    workbook = _load(path)
    sheets = [ws for ws in workbook.worksheets if ws.title != MARKER_SHEET and ws.sheet_state == "visible"]
    sheets = [ws for ws in sheets if Grid(ws).texts]
    if not sheets:
        raise ImportFailed(f"“{path.name}”中没有内容，无法导入。")
    sheet = sheets[0]
    notes = []
    if len(sheets) > 1:
        others = "、".join(f"“{ws.title}”" for ws in sheets[1:])
        notes.append(f"工作簿中有 {len(sheets)} 张工作表，已导入第一张“{sheet.title}”；其余（{others}）未导入。")
    records = read_marker(workbook) or {}
    result = None
    if sheet.title in records:
        result = restore_from_record(sheet, records[sheet.title], registry)
        if result is None:
            notes.append(f"工作表“{sheet.title}”在 Excel 中改动过版式（增删或移动了行列），已按表中的标签重新识别。")
    if result is None:
        result = _read_by_labels(sheet, registry, requested)
    elif requested is not None and requested.id != result.form.template.id:
        result.notes.append(f"按指定改用模板“{requested.name}”（原为“{result.form.template.name}”）。")
        result.form.template = requested
    result.notes[:0] = notes
    return result


def _requested_template(registry: TemplateRegistry, template_id: str | None) -> Template | None:
    if template_id is None:
        return None
    try:
        return registry.get(template_id)
    except KeyError as error:
        raise ImportFailed(error.args[0]) from None


def _load(path: Path):
    """openpyxl parses through defusedxml (installed with evaldesk), which refuses DTDs and entities."""
    import openpyxl
    from defusedxml import DefusedXmlException

    try:
        return openpyxl.load_workbook(path, data_only=True, keep_links=False, keep_vba=False)
    except Exception as error:  # openpyxl raises many kinds on broken parts; the clerk needs one sentence
        if _caused_by(error, DefusedXmlException):
            raise ImportFailed(f"“{path.name}”含有 XML 实体声明，可能是恶意文件，已拒绝导入。") from None
        raise ImportFailed(f"无法读取“{path.name}”：文件已损坏或不是 Excel 工作簿（{type(error).__name__}）。") from None


def _caused_by(error: BaseException, kind: type) -> bool:
    """openpyxl wraps what went wrong in a ValueError; look down the chain."""
    while error is not None:
        if isinstance(error, kind):
            return True
        error = error.__cause__ or error.__context__
    return False


def _read_by_labels(sheet, registry: TemplateRegistry, requested: Template | None) -> ImportResult:
    grid = Grid(sheet)
    family = family_templates(grid, list(registry))
    notes = []
    if requested is not None:
        if family and requested.family != family[0].family:
            notes.append(f"表名像是“{family[0].title}”，但按指定的模板“{requested.name}”导入。")
        candidates = [requested]
    elif family:
        candidates = family
    else:
        raise ImportFailed(
            f"无法识别工作表“{sheet.title}”是哪一种绩效表（没有找到表名，如“财政项目支出绩效自评表”）。"
            "请用 --template 指定模板后再导入。"
        )
    reads = []
    for template in candidates:
        attempt = Grid(sheet)
        reads.append((template, read_by_labels(attempt, template), attempt))
    template, form, _, by_figures = choose([(t, r.form, r.printed) for t, r, _ in reads], reads[0][1].unit_seen)
    read, grid = next((r, g) for t, r, g in reads if t is template)
    notes += read.notes
    if len(candidates) > 1:
        notes.append(_choice_note(template, by_figures))
    learned = learn_from_sheet(form, read.printed, read.column_orders) if requested is None else None
    if learned is not None:
        notes += learned[1]
    notes += difference_notes(grid, form, read.printed)
    notes += _unplaced(grid) + _bad_numbers(form)
    return ImportResult(form, notes, learned[0] if learned else None)


def _choice_note(template: Template, by_figures: bool) -> str:
    if by_figures:
        return (f"根据表中打印的执行率、得分和总分，判断所用模板为“{template.name}”（{template.id}）；"
                "如不对，请用 --template 指定。")
    return (f"表中的数字不足以区分同类模板，按“{template.name}”（{template.id}）导入；"
            "如不对，请用 --template 指定。")


def _unplaced(grid: Grid) -> list[str]:
    notes = []
    for row, col in grid.unused():
        text = grid.text(row, col)
        short = text if len(text) <= 30 else text[:30] + "…"
        notes.append(f"工作表“{grid.title}”{grid.address(row, col)} 的内容“{short}”无法归入表单，未导入。")
    return notes


def _bad_numbers(form: Form) -> list[str]:
    return [f"导入后：{p.message}" for p in evaluate(form)[1] if p.code == "bad-number"]
