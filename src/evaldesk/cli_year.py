"""The command line of a unit's year: `library`, `self-evaluation`, `next-year`, `summary`.

Every command refuses an existing output without --force, says in one sentence when a folder has no
forms, and lists a damaged file with its reason while still doing the rest.
"""
from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path

from .cli import FAILED, OK, CliError
from .domain.numbers import format_money, format_rate, format_score
from .storage import evd
from .storage.library import LibraryIndex, LibraryItem, Scan
from .storage.templates import TemplateRegistry, load_templates

DEFAULT_SELF_EVALUATION = "selfeval-national"
COMMANDS = ("library", "self-evaluation", "next-year", "summary")


def add_commands(sub) -> None:
    p = sub.add_parser("library", help="列出文件夹（含子文件夹）中的全部表单")
    p.add_argument("folders", nargs="+", metavar="DIR")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.set_defaults(run=cmd_library)

    p = sub.add_parser("self-evaluation", help="由绩效目标申报表生成自评表草稿")
    p.add_argument("declaration", metavar="DECL.evd")
    p.add_argument("--output", "-o", required=True, metavar="FORM.evd")
    p.add_argument("--template", "-t", default=DEFAULT_SELF_EVALUATION, help=f"自评表模板（默认 {DEFAULT_SELF_EVALUATION}）")
    p.add_argument("--force", action="store_true", help="覆盖已存在的文件")
    p.add_argument("--update", action="store_true", help="按申报表更新已有的自评表：列出会改变的内容")
    p.add_argument("--accept", metavar="LIST", help="与 --update 一起：应用所列编号的更改（如 1,3 或 all）")
    p.set_defaults(run=cmd_self_evaluation)

    p = sub.add_parser("next-year", help="由本年度表单生成下一年度草稿（文件或整个文件夹）")
    p.add_argument("source", metavar="FORM.evd|DIR")
    p.add_argument("--output", "-o", required=True, metavar="OUT")
    p.add_argument("--force", action="store_true", help="覆盖已存在的文件")
    p.set_defaults(run=cmd_next_year)

    p = sub.add_parser("summary", help="汇总文件夹中的全部表单，生成汇总表（Excel，可另出 PDF）")
    p.add_argument("folder", metavar="DIR")
    p.add_argument("--output", "-o", required=True, metavar="summary.xlsx")
    p.add_argument("--pdf", metavar="summary.pdf", help="同时输出 PDF（A4 横向）")
    p.add_argument("--force", action="store_true", help="覆盖已存在的文件")
    p.set_defaults(run=cmd_summary)


# ------------------------------------------------------------------------------------------ library


def scan_folders(folders: list[str], registry: TemplateRegistry) -> Scan:
    """The forms of the folders; an error when a folder is missing or holds no form at all."""
    for folder in map(Path, folders):
        if not folder.is_dir():
            raise CliError(f"找不到文件夹“{folder}”" if not folder.exists() else f"“{folder}”不是文件夹")
    scan = LibraryIndex(registry).scan([Path(f) for f in folders])
    if not scan.items:
        raise CliError(f"文件夹“{'”“'.join(folders)}”中没有 .evd 表单")
    return scan


def report_damaged(scan: Scan) -> None:
    if scan.damaged:
        print(f"以下 {len(scan.damaged)} 个文件无法读取，已跳过：", file=sys.stderr)
        for damaged in scan.damaged:
            print(f"  {damaged.name}：{damaged.reason}", file=sys.stderr)


def cmd_library(args) -> int:
    scan = scan_folders(args.folders, load_templates())
    if args.json:
        print(json.dumps([_item_json(item) for item in scan.items], ensure_ascii=False, indent=2))
        return OK
    print("\t".join(("项目名称", "单位", "年度", "类型", "模板", "全年预算数（元）", "全年执行数（元）", "执行率",
                     "总分", "等级", "问题", "修改时间", "文件")))
    for item in scan.items:
        print("\t".join(_item_columns(item)))
    report_damaged(scan)
    return OK


def _changed(item: LibraryItem) -> str:
    return datetime.fromtimestamp(item.mtime_ns / 1e9).strftime("%Y-%m-%d %H:%M")


def _item_columns(item: LibraryItem) -> list[str]:
    view = item.overview
    if view is None:
        return ["（无法读取）", "", "", "", "", "", "", "", "", "", item.error, _changed(item), str(item.path)]
    return [view.project_name, view.unit, view.year, view.kind_name, view.template_name, format_money(view.annual_budget),
            format_money(view.executed), view.execution_rate_text, format_score(view.total_score), view.grade,
            view.problem_text or "无", _changed(item), str(item.path)]


def _item_json(item: LibraryItem) -> dict:
    view = item.overview
    data = {"file": str(item.path), "modified": _changed(item), "readable": view is not None}
    if view is None:
        return {**data, "error": item.error}
    return {**data, "project_name": view.project_name, "unit": view.unit, "year": view.year, "kind": view.kind,
            "kind_name": view.kind_name, "template": view.template_id, "template_name": view.template_name,
            "amount_unit": view.amount_unit, "initial_budget_yuan": format_money(view.initial_budget),
            "annual_budget_yuan": format_money(view.annual_budget), "executed_yuan": format_money(view.executed),
            "execution_rate": view.execution_rate_text, "budget_score": format_score(view.budget_score),
            "total_score": format_score(view.total_score), "grade": view.grade, "problems": view.problems}


# ---------------------------------------------------------------------------------- self-evaluation


def _refuse_existing(*outputs: Path, force: bool) -> None:
    for out in outputs:
        if out.exists() and not force:
            raise CliError(f"“{out}”已存在；如要覆盖，请加 --force")


def _load(path: Path, registry: TemplateRegistry):
    if not path.is_file():
        raise CliError(f"找不到文件“{path}”" if not path.exists() else f"“{path}”不是表单文件")
    return evd.load_form(path, registry)


def cmd_self_evaluation(args) -> int:
    from .domain.declaration import DeclarationError, self_evaluation_draft

    registry = load_templates()
    declaration_path, out = Path(args.declaration), Path(args.output)
    declaration = _load(declaration_path, registry)
    if args.update:
        return _update(declaration, out, registry, args.accept)
    if out.exists() and not args.force:
        raise CliError(f"“{out}”已存在；如要覆盖，请加 --force；如要按申报表更新这份自评表，请加 --update")
    try:
        form = self_evaluation_draft(declaration, registry.get(args.template), str(declaration_path.resolve()))
    except DeclarationError as error:
        raise CliError(str(error)) from None
    evd.save_form(form, out)
    rows = form.rows(form.template.scored_table.key)
    print(f"已生成 {out}（{form.template.name}）：{form.meta['declaration']['indicators']} 个指标及其目标值已带入，共 {len(rows)} 行")
    print("分值是按模板（全国规则：产出 50、效益 30、满意度 10、预算执行率 10）提出的建议值，请按项目实际调整。")
    return OK


def _update(declaration, out: Path, registry: TemplateRegistry, accept: str | None) -> int:
    from .domain.declaration import DeclarationError
    from .domain.declaration_update import apply_changes, changes

    form = _load(out, registry)
    try:
        found = changes(form, declaration)
    except DeclarationError as error:
        raise CliError(str(error)) from None
    if not found:
        print("申报表与自评表一致，没有需要更新的内容。")
        return OK
    for number, change in enumerate(found, 1):
        note = f"（{change.note}）" if change.note else ""
        print(f"{number}. {change.where}：“{_short(change.old)}” → “{_short(change.new)}”{note}")
    if accept is None:
        print("以上内容尚未更改。要应用其中几项，请加 --accept 编号（如 --accept 1,3 或 --accept all）。")
        return OK
    chosen = _chosen(accept, found)
    apply_changes(form, chosen).apply(form)
    evd.save_form(form, out)
    print(f"已应用 {len(chosen)} 项更改，保存到 {out}（原文件保留为 {out.name}.bak）")
    return OK


def _chosen(accept: str, found: list) -> list:
    if accept.strip().lower() == "all":
        return [c for c in found if c.proposed]
    try:
        numbers = [int(part) for part in accept.replace("，", ",").split(",") if part.strip()]
    except ValueError:
        raise CliError(f"--accept 应为编号列表（如 1,3）或 all，而不是“{accept}”") from None
    bad = [n for n in numbers if not 1 <= n <= len(found)]
    if bad:
        raise CliError(f"没有编号为 {bad[0]} 的更改（共 {len(found)} 项）")
    return [found[n - 1] for n in numbers]


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


# ---------------------------------------------------------------------------------------- next year


def cmd_next_year(args) -> int:
    from .domain.year import next_year

    registry = load_templates()
    source, out = Path(args.source), Path(args.output)
    if source.is_dir():
        if out.is_file():
            raise CliError(f"“{out}”是一个文件；一个文件夹的草稿要输出到文件夹，请换一个 -o")
        scan = scan_folders([str(source)], registry)
        pairs = [(item.path, out / _next_name(item.path.relative_to(source.resolve()), item.overview.year))
                 for item in scan.items if item.overview is not None]
        _refuse_existing(*(target for _path, target in pairs), force=args.force)
    else:
        scan, pairs = None, [(source, out)]
        _refuse_existing(out, force=args.force)
    for path, target in pairs:
        draft = next_year(_load(path, registry), path.name)
        target.parent.mkdir(parents=True, exist_ok=True)
        evd.save_form(draft.form, target)
        print(f"已生成 {target}（{draft.year or '年度未注明'}年度草稿）")
        if draft.stale_texts:
            print(f"  请检查：{'、'.join(draft.stale_texts)}中仍提到上一年度")
    if scan is not None:
        report_damaged(scan)
    return OK


def _next_name(relative: Path, year: str) -> Path:
    """selfeval-2020-sast-01.evd → selfeval-2021-sast-01.evd; a name without the year stays as it is."""
    if year and year in relative.name:
        return relative.with_name(relative.name.replace(year, str(int(year) + 1)))
    return relative


# ------------------------------------------------------------------------------------------ summary


def cmd_summary(args) -> int:
    from .cli import _write as write_export  # the one way an export reaches its file
    from .domain.summary import summarise

    out, pdf = Path(args.output), Path(args.pdf) if args.pdf else None
    _refuse_existing(*(p for p in (out, pdf) if p is not None), force=args.force)
    scan = scan_folders([args.folder], load_templates())
    if not scan.entries:
        raise CliError(f"文件夹“{args.folder}”中的表单都无法读取，无法汇总")
    summary = summarise(scan.entries, scan.damaged)
    from .export.summary_xlsx import write_summary_xlsx

    write_export(out, lambda stream: write_summary_xlsx(summary, stream))
    if pdf is not None:
        from .export.summary_pdf import write_summary_pdf

        write_export(pdf, lambda stream: write_summary_pdf(summary, stream))
    total = summary.total
    rate = f"，执行率 {format_rate(total.execution_rate)}" if total.execution_rate is not None else ""
    print(f"汇总了 {len(summary.entries)} 份表单：全年预算数合计 {format_money(total.annual_budget)} 元，"
          f"全年执行数合计 {format_money(total.executed)} 元{rate}")
    report_damaged(scan)
    return OK if summary.entries else FAILED
