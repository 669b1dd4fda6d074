"""The .evd document: UTF-8 JSON a person can read (see docs/file-format.md and evd.schema.json).

A file carries its format version, the template id and version, and a copy of the template itself,
so a form made with a unit's own template still opens on another machine.
"""
from __future__ import annotations

import errno
import json
import os
import time

from .. import __version__
from ..domain.form import Form, Row
from ..domain.template import Template, TemplateError
from ..domain.text import longest_text
from . import paths
from .atomic import DiskState, SaveError, atomic_write, clean_stale_temps, describe_os_error, disk_state
from .json_limits import JsonLimitError, loads_limited, utf8_text
from .migrations import CURRENT_VERSION, migrate
from .templates import TemplateRegistry

TYPE_CHECKING = False  # a form is read with os: `evaldesk check` does without pathlib
if TYPE_CHECKING:
    from pathlib import Path

FORMAT_NAME = "evaldesk-form"
EXTENSION = ".evd"
MAX_FILE_BYTES = 64 * 1024 * 1024


class DocumentError(ValueError):
    """A file that cannot be opened; the message tells the clerk why, in Chinese."""


def example_files() -> list[Path]:
    """The example forms shipped with the app."""
    return sorted(paths.examples_dir().glob("*" + EXTENSION))


def form_to_dict(form: Form) -> dict[str, object]:
    from datetime import datetime

    template = form.template
    return {
        "format": FORMAT_NAME,
        "format_version": CURRENT_VERSION,
        "app_version": __version__,
        "saved_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        "template": {"id": template.id, "version": template.version, "definition": template.source},
        "amount_unit": form.amount_unit,
        "fields": {k: v for k, v in form.fields.items() if v not in ("", [])},
        "funds": {r: {c: v for c, v in cols.items() if v} for r, cols in form.funds.items() if any(cols.values())},
        "tables": {key: [{k: v for k, v in row.values.items() if v} for row in rows] for key, rows in form.tables.items()},
        "meta": form.meta,
    }


def dumps(form: Form) -> bytes:
    return (json.dumps(form_to_dict(form), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def save_form(form: Form, path: Path, expected: DiskState | None = None) -> DiskState:
    """Save atomically, keeping the previous version as PATH.bak; SaveError says why it failed.

    `expected`: the file's state when it was read (or ABSENT), so that a change made meanwhile by
    another program or person is refused rather than overwritten (see storage/atomic.py)."""
    data = dumps(form)
    if len(data) > MAX_FILE_BYTES:  # it could not be opened again
        longest, length = longest_text(form)
        raise SaveError(errno.EFBIG, f"表单太大（{len(data) // (1024 * 1024)} MB，最多 64 MB），没有保存；"
                                     f"最长的文字在“{longest}”（{length:,} 个字符），请删去过长的文字。")
    atomic_write(path, data, expected=expected)
    return disk_state(path)


def changed_on_disk(path: Path, known: DiskState | None) -> bool:
    """True when someone else wrote the file since we read or saved it."""
    if known is None:
        return False
    now = disk_state(path)
    return now is None or now.digest != known.digest


CLEAN_AGAIN_AFTER = 60.0  # seconds before opening another form of a folder clears it again
_cleaned: dict[str, float] = {}  # folder → when opening a form last cleared it (time.monotonic)


def _clean_folder_of(path) -> None:
    """A killed save's temporaries next to the form go when it is opened: once a minute a folder at most,
    so that reading a folder of 500 forms (check, export, the library) lists it once, not 500 times."""
    folder = os.path.normcase(os.path.dirname(os.path.abspath(path)))
    now = time.monotonic()
    if now - _cleaned.get(folder, -CLEAN_AGAIN_AFTER) >= CLEAN_AGAIN_AFTER:
        _cleaned[folder] = now
        clean_stale_temps(folder)


def load_form(path: str | Path, registry: TemplateRegistry) -> Form:
    name = os.path.basename(path)
    try:
        if os.stat(path).st_size > MAX_FILE_BYTES:
            raise DocumentError(f"“{name}”太大（超过 64 MB），不是 evaldesk 表单文件。")
        with open(path, "rb") as handle:
            raw = handle.read()
        _clean_folder_of(path)
    except DocumentError:
        raise
    except OSError as error:
        from pathlib import Path

        raise DocumentError(f"无法打开“{name}”：{describe_os_error(error, Path(path), reading=True)}") from None
    return loads(raw, registry, name)


def loads(raw: bytes, registry: TemplateRegistry, name: str = "文件") -> Form:
    try:
        text = utf8_text(raw)
    except UnicodeDecodeError:
        raise DocumentError(f"“{name}”不是 evaldesk 表单文件（不是 UTF-8 文本，可能是 Excel 或其他格式的文件）。") from None
    if not text.strip():
        raise DocumentError(f"“{name}”是空文件，可能在保存时被中断。如有同名 .bak 备份文件，可打开备份。")
    try:
        data = loads_limited(text)
    except json.JSONDecodeError as error:
        raise DocumentError(
            f"“{name}”已损坏或不完整（第 {error.lineno} 行第 {error.colno} 列）。如有同名 .bak 备份文件，可打开备份。"
        ) from None
    except JsonLimitError as error:
        raise DocumentError(f"“{name}”不是 evaldesk 保存的表单：{error}。") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        raise DocumentError(f"“{name}”不是 evaldesk 表单文件。")
    version = data.get("format_version")
    if not isinstance(version, int) or version < 1:
        raise DocumentError(f"“{name}”的格式版本无法识别。")
    if version > CURRENT_VERSION:
        raise DocumentError(
            f"“{name}”由更新版本的 evaldesk（{data.get('app_version', '未知')}，文件格式 {version}）保存，"
            f"当前版本只能打开格式 {CURRENT_VERSION} 及以前的文件。请升级 evaldesk 后再打开。"
        )
    try:
        data = migrate(data, version, CURRENT_VERSION)
    except KeyError as missing:
        raise DocumentError(f"“{name}”是旧格式（{version}），无法从格式 {missing.args[0]} 升级。") from None
    try:
        form = _form_from_dict(data, registry, name)
    except DocumentError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise DocumentError(f"“{name}”的内容结构不正确，无法打开（{type(error).__name__}）。") from None
    if not registry.is_ours(form.template):
        _check_saved_template(form, name)
    return form


def _check_saved_template(form: Form, name: str) -> None:
    """A template copy from the file (not this machine's) must lay the form out, or exports and the
    window would fail later on a missing key; a damaged copy is named now, in a sentence."""
    from ..domain.problems import evaluate
    from ..domain.sheet import build_sheet

    try:
        build_sheet(form, evaluate(form)[0])
    except Exception as error:  # noqa: BLE001 - whatever the damage, the file is refused with one sentence
        detail = f"缺少“{error.args[0]}”" if isinstance(error, KeyError) and error.args else type(error).__name__
        raise DocumentError(f"“{name}”中保存的模板已损坏（{detail}），无法打开。"
                            "请用 evaldesk 重新导入原来的 Excel 表，或向发文件的人要一份完好的文件。") from None


def _template_for(data: dict, registry: TemplateRegistry, name: str) -> Template:
    info = data.get("template")
    if not isinstance(info, dict) or not isinstance(info.get("id"), str):
        raise DocumentError(f"“{name}”没有注明所用模板。")
    try:
        template = registry.saved_with(info["id"], info.get("version"), info.get("definition"))
    except TemplateError as error:
        raise DocumentError(f"“{name}”中保存的模板有误：{error}") from None
    if template is None:
        raise DocumentError(f"“{name}”使用的模板“{info['id']}”在本机上没有，文件中也没有附带模板定义。")
    return template


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError("text expected")
    return value


def _form_from_dict(data: dict, registry: TemplateRegistry, name: str) -> Form:
    template = _template_for(data, registry, name)
    fields: dict[str, object] = {}
    for key, value in dict(data.get("fields", {})).items():
        fields[key] = [_text(v) for v in value] if isinstance(value, list) else _text(value)
    funds = {row: {col: _text(v) for col, v in dict(cols).items()} for row, cols in dict(data.get("funds", {})).items()}
    tables = {spec.key: [] for spec in template.tables}
    for key, rows in dict(data.get("tables", {})).items():
        tables[key] = [Row({k: _text(v) for k, v in dict(row).items()}) for row in rows]
    unit = data.get("amount_unit", template.amount_unit)
    if unit not in ("元", "万元"):
        raise DocumentError(f"“{name}”的金额单位“{unit}”无法识别。")
    return Form(template=template, amount_unit=unit, fields=fields, funds=funds, tables=tables,
                meta=dict(data.get("meta", {})))
