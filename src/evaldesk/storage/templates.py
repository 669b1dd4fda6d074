"""Finding templates: the built-in ones shipped with the app, and a unit's own in its templates folder.

A broken template file is reported (file name and problem) and skipped; the app still starts.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ..domain.template import Template, TemplateError, template_from_dict
from . import paths
from .atomic import atomic_write
from .json_limits import JsonLimitError, loads_limited


class UnknownTemplate(KeyError):
    """No template with that id; the message names the ones there are."""


@dataclass
class TemplateRegistry:
    templates: dict[str, Template] = field(default_factory=dict)
    builtin: set[str] = field(default_factory=set)
    errors: list[str] = field(default_factory=list)  # one sentence per broken file

    def get(self, template_id: str) -> Template:
        try:
            return self.templates[template_id]
        except KeyError:
            raise UnknownTemplate(f"没有编号为“{template_id}”的模板。可用的模板：{'、'.join(self.templates)}") from None

    def saved_with(self, template_id: str, version: object, definition: object) -> Template | None:
        """The template a saved form (.evd file, exported workbook) names: ours when the versions agree,
        else the copy saved with the form, else ours; None when there is neither. TemplateError when
        the saved copy is broken."""
        known = self.templates.get(template_id)
        if known is not None and known.version == version:
            return known
        if isinstance(definition, dict) and definition:
            return template_from_dict(definition)
        return known

    def __iter__(self):
        return iter(self.templates.values())

    def __contains__(self, template_id: str) -> bool:
        return template_id in self.templates


def read_template_file(path: Path) -> Template:
    """One template file, checked; TemplateError names the file and what is wrong with it."""
    try:
        data = loads_limited(Path(path).read_text(encoding="utf-8-sig"))
    except JsonLimitError as error:
        raise TemplateError(f"模板文件“{path.name}”{error}") from None
    except UnicodeDecodeError:
        raise TemplateError(f"模板文件“{path.name}”不是 UTF-8 文本") from None
    except json.JSONDecodeError as error:
        raise TemplateError(f"模板文件“{path.name}”第 {error.lineno} 行格式错误：{error.msg}") from None
    except OSError as error:
        raise TemplateError(f"无法读取模板文件“{path.name}”：{error.strerror}") from None
    try:
        return template_from_dict(data)
    except TemplateError as error:
        raise TemplateError(f"模板文件“{path.name}”有误：{error}") from None


def load_templates(user_dir: Path | None = None) -> TemplateRegistry:
    registry = TemplateRegistry()
    for path in sorted(paths.builtin_templates_dir().glob("*.json")):
        template = read_template_file(path)  # a broken built-in template is a bug: let tests see it
        registry.templates[template.id] = template
        registry.builtin.add(template.id)
    folder = paths.user_templates_dir() if user_dir is None else user_dir
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else ():
        try:
            template = read_template_file(path)
        except TemplateError as error:
            registry.errors.append(str(error))
            continue
        if template.id in registry.builtin:
            registry.errors.append(f"模板文件“{path.name}”的编号“{template.id}”与内置模板重复，已忽略")
            continue
        registry.templates[template.id] = template
    return registry


def save_user_template(template: Template, folder: Path | None = None) -> Path:
    """Write a unit's own template into its templates folder (atomically), named after its id."""
    folder = paths.user_templates_dir() if folder is None else folder
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{template.id}.json"
    atomic_write(path, json.dumps(template.source, ensure_ascii=False, indent=2).encode("utf-8"), backup=False)
    return path
