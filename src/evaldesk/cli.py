"""The command line: `evaldesk templates | new | check | export | import` (and, in cli_year.py,
`library | self-evaluation | next-year | summary`), or the window.

Thin over domain/storage/export: parse arguments, call one function, print its result.
Exit codes: 0 fine, 1 problems found (with --strict), 2 usage or file errors.
"""
from __future__ import annotations

import sys

from . import __version__

OK, PROBLEMS, FAILED = 0, 1, 2
SEVERITY_WORDS = {"error": "错误", "warning": "警告", "info": "提示"}
COMMANDS = ("templates", "new", "check", "export", "import", "library", "self-evaluation", "next-year", "summary")
# Each command imports what it needs when it runs: `evaldesk check` is run once a form by scripts, and
# reading Excel, writing PDF or scanning a library has no business in its start-up (tests/test_cli_startup.py).


class CliError(Exception):
    """A usage or file error: printed as one sentence, exit code 2."""


def main(argv: list[str] | None = None) -> int:
    import atexit
    import os

    from .bytecode import refresh as refresh_bytecode

    whole_process = argv is None  # run as the program, not called by a test or another module
    argv = sys.argv[1:] if argv is None else argv
    atexit.unregister(refresh_bytecode)  # once a process, after a start that had to compile evaldesk
    atexit.register(refresh_bytecode)
    _utf8_output()
    if _wants_window(argv):
        return open_window(argv)
    args = _quick_check_args(argv)
    if whole_process and args is not None and not os.path.isdir(args.file):
        _no_collections()
    args = args or _parser().parse_args(argv)
    try:
        return args.run(args)
    except CliError as error:
        print(f"evaldesk：{error}", file=sys.stderr)
        return FAILED
    except Exception as error:  # a file error in one sentence; anything else is a bug, logged
        sentence = _file_error(error)
        if sentence is not None:
            print(f"evaldesk：{sentence}", file=sys.stderr)
            return FAILED
        import traceback

        from .storage.logs import write_log

        log = write_log(traceback.format_exc())
        print(f"evaldesk：程序内部错误（{type(error).__name__}: {error}）。详细信息已记录在 {log or '（日志无法写入）'}。",
              file=sys.stderr)
        return FAILED


def _file_error(error: Exception) -> str | None:
    """The sentence of an unreadable file, a refused save or an unknown template; None for a bug (any
    other KeyError included)."""
    from .storage.atomic import SaveError
    from .storage.evd import DocumentError
    from .storage.templates import UnknownTemplate

    if isinstance(error, SaveError):
        return error.strerror
    if isinstance(error, (DocumentError, UnknownTemplate)):
        return error.args[0]
    return None


def _quick_check_args(argv: list[str]):
    """`check FILE [--json] [--strict]`, as scripts run it once a form, read without building the whole
    argparse tree (which imports every command's options); anything else, --help included, goes to argparse."""
    if not argv or argv[0] != "check":
        return None
    options = [a for a in argv[1:] if a.startswith("-")]
    files = [a for a in argv[1:] if not a.startswith("-")]
    if len(files) != 1 or any(o not in ("--json", "--strict") for o in options) or len(set(options)) != len(options):
        return None
    from types import SimpleNamespace

    return SimpleNamespace(command="check", file=files[0], json="--json" in options, strict="--strict" in options,
                           run=cmd_check)


def _no_collections() -> None:
    """`evaldesk check FILE`, which scripts run once a form: what it allocates lives until the process ends, so
    the garbage collector has nothing to free, neither while it runs nor in the interpreter's last collection
    at exit (the objects alive then are frozen, out of its sight); both together cost a tenth of a check."""
    import atexit
    import gc

    gc.disable()
    atexit.register(gc.freeze)  # registered after refresh_bytecode, so run before it


def _wants_window(argv: list[str]) -> bool:
    """No arguments, `--example`, or files to open (FILE.evd …): the window, not a command."""
    if not argv or argv == ["--example"]:
        return True
    return argv[0] not in COMMANDS and not argv[0].startswith("-")


def _utf8_output() -> None:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure") and (stream.encoding or "").lower() not in ("utf-8", "utf8"):
            stream.reconfigure(encoding="utf-8", errors="replace")


NO_DISPLAY = ("evaldesk：没有找到图形显示（未设置 DISPLAY 或 WAYLAND_DISPLAY），无显示时请用 xvfb-run -a 运行，"
              "或设置 QT_QPA_PLATFORM=offscreen 在后台运行 / no display found: run it under xvfb-run -a, "
              "or set QT_QPA_PLATFORM=offscreen to run headless.")


def _no_display() -> bool:
    """On Linux without a screen Qt aborts with a misleading "xcb-cursor0 is needed"; say what is wrong instead."""
    import os

    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def open_window(argv: list[str]) -> int:
    if _no_display():
        print(NO_DISPLAY, file=sys.stderr)
        return FAILED
    try:
        from .ui.app import run
    except ImportError as error:
        print(f"evaldesk：无法启动窗口（{error}）。命令行用法见 evaldesk --help。", file=sys.stderr)
        return FAILED
    return run(argv)


# ------------------------------------------------------------------------------------------- commands


def cmd_templates(args) -> int:
    from .storage.templates import load_templates

    registry = load_templates()
    for template in registry:
        origin = "内置" if template.id in registry.builtin else "自定义"
        print(f"{template.id}\t{template.name}\t{origin}")
    for error in registry.errors:
        print(f"（已跳过）{error}", file=sys.stderr)
    return OK


def cmd_new(args) -> int:
    from pathlib import Path

    from .domain.form import new_form
    from .storage import evd
    from .storage.templates import load_templates

    registry = load_templates()
    template = registry.get(args.template)
    out = Path(args.output)
    expected = _output_state(out, args.force)
    from .storage.settings import Settings

    form = new_form(template, {"organisation": Settings()["organisation"]})
    evd.save_form(form, out, expected)
    print(f"已创建 {out}（{template.name}）")
    return OK


def cmd_check(args, registry: TemplateRegistry | None = None) -> int:
    import os  # and no pathlib: checking one file is run once a form by scripts

    from .domain.numbers import format_money, format_score
    from .domain.problems import evaluate
    from .storage.templates import load_templates

    if os.path.isdir(args.file):
        from pathlib import Path

        return _check_folder(args, Path(args.file))
    form = _load(args.file, registry or load_templates())
    figures, problems = evaluate(form)
    printed = figures.printed()
    if args.json:
        import json

        from .domain.scoring import form_proposals

        report = {
            "file": str(args.file),
            "template": form.template.id,
            "template_name": form.template.name,
            "project_name": form.project_name,
            "amount_unit": form.amount_unit,
            **printed,
            "indicator_weight": format_score(figures.indicator_weight) if figures.total_weight is not None else "",
            "table_sums": {key: format_money(total) for key, total in figures.table_sums.items()},
            "problems": [p.as_dict() for p in problems],
            "proposals": [p.as_dict() for found in form_proposals(form, figures.numbers.tables).values() for p in found],
        }
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        _print_report(form, printed, figures.table_sums, problems)
    return PROBLEMS if args.strict and problems else OK


def _check_folder(args, folder: Path) -> int:
    """Every .evd form in a folder, in one process: one report after another (with --json, one JSON object
    a form); a form that cannot be read is named and the others are still checked."""
    from types import SimpleNamespace

    from .storage import evd
    from .storage.templates import load_templates

    files = sorted(folder.glob("*" + evd.EXTENSION))
    if not files:
        raise CliError(f"文件夹“{folder}”中没有 .evd 表单")
    registry, worst = load_templates(), OK
    for path in files:
        if not args.json:
            print(f"== {path.name}")
        try:
            worst = max(worst, cmd_check(SimpleNamespace(**{**vars(args), "file": str(path)}), registry))
        except evd.DocumentError as error:
            print(f"evaldesk：{error.args[0]}", file=sys.stderr)
            worst = FAILED
    return worst


def _print_report(form: Form, printed: dict[str, str], table_sums, problems) -> None:
    from .domain.numbers import format_money

    lines = [
        ("模板", form.template.name), ("项目名称", form.project_name), ("金额单位", form.amount_unit),
        ("执行率", printed["execution_rate"]), ("预算得分", printed["budget_score"]),
        ("分值合计", printed["total_weight"]), ("得分合计", printed["total_score"]), ("等级", printed["grade"]),
    ]
    for label, value in lines:
        if value:
            print(f"{label}：{value}")
    for key, total in table_sums.items():  # Form C: the sub-budgets, which must add up to 项目当年预算
        print(f"{form.template.table(key).caption or key}合计：{format_money(total)}")
    print(f"问题：{len(problems)} 个" if problems else "问题：无")
    for problem in problems:
        print(f"  [{SEVERITY_WORDS[problem.severity]}] {problem.where}  {problem.message}")


def cmd_export(args) -> int:
    from pathlib import Path

    from .export.registry import EXPORTERS

    wanted = [(e, getattr(args, e.key)) for e in EXPORTERS if getattr(args, e.key)]
    if not wanted:
        raise CliError(f"请用 {' 或 '.join('--' + e.key for e in EXPORTERS)} 指定导出文件")
    targets = [(e, Path(out), _output_state(Path(out), force=True)) for e, out in wanted]  # refused before any work
    forms = _forms_of(Path(args.source))
    import gc

    # What an export builds lives until its file is written: for 500 forms to one workbook, the collector's
    # 2,157 passes over half a million cells freed 88 objects and took a sixth of the time. Paused meanwhile.
    collecting = gc.isenabled()
    gc.disable()
    try:
        for exporter, out, expected in targets:
            _write(out, lambda stream, e=exporter: e.write(forms, stream, draft=bool(args.draft)), expected)
    finally:
        if collecting:
            gc.enable()
    return OK


def cmd_import(args) -> int:
    from pathlib import Path

    from .domain.text import make_safe
    from .readers.workbook import ImportFailed, read_workbook
    from .storage import evd
    from .storage.templates import load_templates

    registry = load_templates()
    out = Path(args.output)
    expected = _output_state(out, args.force)
    try:
        result = read_workbook(Path(args.workbook), registry, template_id=args.template)
    except ImportFailed as error:
        raise CliError(str(error)) from None
    make_safe(result.form)
    evd.save_form(result.form, out, expected)
    for note in result.notes:
        print(f"  {note}")
    print(f"已导入到 {out}（{result.form.template.name}）；{len(result.notes)} 条提示")
    if args.save_template and result.learned is not None:
        from .storage.templates import save_user_template

        print(f"推断出的规则已保存为本单位的模板：{save_user_template(result.learned)}（编号 {result.learned.id}）")
    return PROBLEMS if args.strict and result.notes else OK


# ------------------------------------------------------------------------------------------- helpers


def _load(path: str | Path, registry: TemplateRegistry) -> Form:
    import os

    from .storage import evd

    if not os.path.exists(path):
        raise CliError(f"找不到文件“{path}”")
    return evd.load_form(path, registry)


def _forms_of(source: Path) -> list[Form]:
    from .storage import evd
    from .storage.templates import load_templates

    registry = load_templates()
    if source.is_dir():
        files = sorted(source.glob("*" + evd.EXTENSION))
        if not files:
            raise CliError(f"文件夹“{source}”中没有 .evd 表单")
        return [_load(f, registry) for f in files]
    return [_load(source, registry)]


def _output_state(out: Path, force: bool) -> DiskState:
    """The output's state before any work, after the write policy (storage/atomic.py) has accepted it;
    the save then refuses to overwrite what another process wrote there meanwhile."""
    import os

    from .storage.atomic import ABSENT, state_before_writing, writable_target

    if os.path.lexists(out) and not force:  # a dangling link is not a free name either
        raise CliError(f"“{out}”已存在；如要覆盖，请加 --force")
    writable_target(out)
    return state_before_writing(out) if force else ABSENT


def _write(out: Path, write, expected: DiskState | None = None) -> None:
    """Export to memory first, then save atomically: a failed export leaves no partial file."""
    import io

    from .storage.atomic import atomic_write

    buffer = io.BytesIO()
    try:
        write(buffer)
    except ValueError as error:  # what the format cannot hold (a text over Excel's 32,767 characters a cell)
        raise CliError(str(error)) from None
    atomic_write(out, buffer.getvalue(), backup=False, expected=expected)
    print(f"已导出 {out}")


def _parser():
    import argparse

    from .export.registry import EXPORTERS

    parser = argparse.ArgumentParser(prog="evaldesk", description="绩效表填报助手：填写、检查、导出预算绩效表。不带参数时打开窗口。")
    parser.add_argument("--version", action="version", version=f"evaldesk {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("templates", help="列出可用的模板")
    p.set_defaults(run=cmd_templates)

    p = sub.add_parser("new", help="按模板新建空白表单")
    p.add_argument("--template", "-t", required=True, help="模板编号（见 evaldesk templates）")
    p.add_argument("--output", "-o", required=True, help="新表单文件 FILE.evd")
    p.add_argument("--force", action="store_true", help="覆盖已存在的文件")
    p.set_defaults(run=cmd_new)

    p = sub.add_parser("check", help="计算并检查表单，列出问题（文件或整个文件夹）")
    p.add_argument("file", help="FILE.evd 或包含 .evd 的文件夹")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.add_argument("--strict", action="store_true", help="有问题时以退出码 1 结束")
    p.set_defaults(run=cmd_check)

    p = sub.add_parser("export", help="导出为 Excel 或 PDF（文件或整个文件夹）")
    p.add_argument("source", help="FILE.evd 或包含 .evd 的文件夹")
    for exporter in EXPORTERS:
        p.add_argument(f"--{exporter.key}", help=f"输出 {exporter.name} 文件")
    p.add_argument("--draft", action="store_true", default=None, help="加“草稿”水印（默认不加：问题清单不会自动加水印）")
    p.set_defaults(run=cmd_export)

    p = sub.add_parser("import", help="从 Excel 导入表单")
    p.add_argument("workbook")
    p.add_argument("--output", "-o", required=True)
    p.add_argument("--template", "-t", help="模板编号（无法从表格识别时需要）")
    p.add_argument("--force", action="store_true", help="覆盖已存在的文件")
    p.add_argument("--strict", action="store_true", help="有提示时以退出码 1 结束")
    p.add_argument("--save-template", action="store_true", help="把从表中推断出的规则保存为本单位的模板")
    p.set_defaults(run=cmd_import)

    from .cli_year import add_commands  # library, self-evaluation, next-year, summary

    add_commands(sub)
    return parser
