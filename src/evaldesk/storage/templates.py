"""Finding templates: the built-in ones shipped with the app, and a unit's own in its templates folder.

A broken template file is reported (file name and problem) and skipped; the app still starts.
A template is read and built from its file only when it is first asked for: checking one form reads the
one built-in file it names (a built-in file is named after its template's id), not every template there
is. A unit's own files are read at once, to learn their ids.
"""
from __future__ import annotations

import json
import os

from ..domain.template import Template, TemplateError, template_from_dict
from . import paths
from .json_limits import JsonLimitError, loads_limited, utf8_text

TYPE_CHECKING = False  # files are found and read with os: `evaldesk check` does without pathlib
if TYPE_CHECKING:
    from pathlib import Path


class UnknownTemplate(KeyError):
    """No template with that id; the message names the ones there are."""


class _Source:
    """One template file: its template read and built on first request (and kept); a unit's own file is read
    at once, for its id."""

    def __init__(self, path: str | Path, builtin: bool) -> None:
        self.path, self.builtin, self.result = path, builtin, None
        self.name = os.path.basename(path)
        if builtin:
            self.data, self.id = None, os.path.splitext(self.name)[0]
            return
        try:
            self.data = _read_json(path)
        except TemplateError as error:
            self.data, self.result = None, error
        self.id = self.data.get("id") if isinstance(self.data, dict) else None

    def template(self) -> Template | TemplateError:
        if self.result is None and self.data is None:  # a built-in file; broken, it is a bug: let tests see it
            self.data = _read_json(self.path)
            if not isinstance(self.data, dict) or self.data.get("id") != self.id:
                raise TemplateError(f"内置模板文件“{self.name}”的编号应与文件名相同")
        if self.result is None:
            try:
                self.result = template_from_dict(self.data)
            except TemplateError as error:
                if self.builtin:
                    raise
                self.result = TemplateError(f"模板文件“{self.name}”有误：{error}")
        return self.result


class TemplateRegistry:
    """The templates by id: the built-in ones, and the unit's own (a later file wins over an earlier one of
    the same id; none may take a built-in id). `templates` and `errors` build every template; `get`,
    `saved_with` and `in` build only the one asked for."""

    def __init__(self) -> None:
        self._templates: dict[str, Template] = {}
        self.builtin: set[str] = set()
        self._errors: list[str] = []
        self._sources: list[_Source] = []  # not built yet, in file order: built-ins first

    def add_files(self, builtin: list[str | Path], own: list[str | Path]) -> None:
        self._sources += [_Source(path, True) for path in builtin] + [_Source(path, False) for path in own]
        self.builtin.update(s.id for s in self._sources if s.builtin)

    @property
    def templates(self) -> dict[str, Template]:
        self._build_all()
        return self._templates

    @property
    def errors(self) -> list[str]:
        self._build_all()
        return self._errors

    def _build_all(self) -> None:
        for source in self._sources:
            result = source.template()
            if isinstance(result, TemplateError):
                self._errors.append(str(result))
            elif not source.builtin and result.id in self.builtin:
                self._errors.append(f"模板文件“{source.name}”的编号“{result.id}”与内置模板重复，已忽略")
            else:
                self._templates[result.id] = result
        self._sources = []

    def _one(self, template_id: str) -> Template | None:
        """The template of that id, building as few files as the eager order would have read."""
        if not self._sources or template_id in self._templates:
            return self._templates.get(template_id)
        for source in self._sources:
            if source.builtin and source.id == template_id:
                return source.template()
        if template_id in self.builtin:
            return None
        for source in reversed(self._sources):
            if not source.builtin and source.id == template_id:
                result = source.template()
                if isinstance(result, Template) and result.id == template_id:
                    return result
        return None

    def get(self, template_id: str) -> Template:
        template = self._one(template_id)
        if template is None:
            raise UnknownTemplate(f"没有编号为“{template_id}”的模板。可用的模板：{'、'.join(self.templates)}")
        return template

    def is_ours(self, template: Template) -> bool:
        """Whether this very template object is the one this machine has under its id (not a file's copy)."""
        return template is self._one(template.id)

    def saved_with(self, template_id: str, version: object, definition: object) -> Template | None:
        """The template a saved form (.evd file, exported workbook) names: ours when the versions agree,
        else the copy saved with the form, else ours; None when there is neither. TemplateError when
        the saved copy is broken."""
        known = self._one(template_id)
        if known is not None and known.version == version:
            return known
        if isinstance(definition, dict) and definition:
            return template_from_dict(definition)
        return known

    def __iter__(self):
        return iter(self.templates.values())

    def __contains__(self, template_id: str) -> bool:
        return self._one(template_id) is not None


def _read_json(path: str | Path):
    """The JSON of a template file; TemplateError names the file and what is wrong with it."""
    name = os.path.basename(path)
    try:
        with open(path, "rb") as handle:
            return loads_limited(utf8_text(handle.read()))
    except JsonLimitError as error:
        raise TemplateError(f"模板文件“{name}”{error}") from None
    except UnicodeDecodeError:
        raise TemplateError(f"模板文件“{name}”不是 UTF-8 文本") from None
    except json.JSONDecodeError as error:
        raise TemplateError(f"模板文件“{name}”第 {error.lineno} 行格式错误：{error.msg}") from None
    except OSError as error:
        raise TemplateError(f"无法读取模板文件“{name}”：{error.strerror}") from None


def read_template_file(path: Path) -> Template:
    """One template file, checked; TemplateError names the file and what is wrong with it."""
    data = _read_json(path)
    try:
        return template_from_dict(data)
    except TemplateError as error:
        raise TemplateError(f"模板文件“{path.name}”有误：{error}") from None


def load_templates(user_dir: Path | None = None) -> TemplateRegistry:
    registry = TemplateRegistry()
    own = _json_files(paths.user_templates_folder() if user_dir is None else user_dir)
    registry.add_files(_json_files(paths.builtin_templates_folder()), own)
    return registry


def _json_files(folder: str | Path) -> list[str]:
    """The folder's *.json files in name order, as folder.glob("*.json") sorted gave them (names compared
    as the system compares them: regardless of case on Windows); none when there is no such folder."""
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    found = [os.path.join(folder, name) for name in names if os.path.normcase(name).endswith(".json")]
    return sorted(found, key=os.path.normcase)


def save_user_template(template: Template, folder: Path | None = None) -> Path:
    """Write a unit's own template into its templates folder (atomically), named after its id."""
    from pathlib import Path

    folder = paths.user_templates_dir() if folder is None else Path(folder)
    from .atomic import atomic_write

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{template.id}.json"
    atomic_write(path, json.dumps(template.source, ensure_ascii=False, indent=2).encode("utf-8"), backup=False)
    return path
