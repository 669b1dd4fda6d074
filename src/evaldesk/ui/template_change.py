"""更换模板: move the open form to another template, after showing what changes; one undo step.

The clerk picks the template, reads which figures come out differently (before → after) and what the
new template has no place for (kept in the form, never dropped), and confirms. Undo and redo swap the
template back and forth; the window rebuilds the form's page each time the template changes.
"""
from __future__ import annotations

from ..domain.retemplate import KEPT, TemplateChange, change_template

SHOWN_TEXT = 40  # characters of a kept text quoted in the summary


def change(window) -> bool:
    """Ask for a template, show the change, apply it on confirmation. True when the form changed."""
    document = window.current_document()
    if document is None:
        return False
    current = document.form.template
    template_id = window.dialogs.choose_template(window, window.registry, current.id, title="更换模板")
    if not template_id or template_id == current.id:
        return False
    template = window.registry.get(template_id)
    result = change_template(document.form, template)
    answer = window.dialogs.ask(window, "更换模板", summary(current.name, template.name, result),
                                [("change", "更换"), ("cancel", "取消")], "change")
    if answer != "change":
        return False
    document.edit(result.edit, label="更换模板")
    kept = f"；{len(result.unplaced)} 项内容在新模板中没有位置，已保留在表单中（编辑 → 查看保留的内容）" if result.unplaced else ""
    window.statusBar().showMessage(f"已改用模板“{template.name}”{kept}。可用 Ctrl+Z 撤销。", 15000)
    return True


def summary(old_name: str, new_name: str, result: TemplateChange) -> str:
    lines = [f"把这份表单从“{old_name}”改为“{new_name}”。", ""]
    if result.figures:
        lines.append("会变化的数字（更换前 → 更换后）：")
        lines += [f"　{f.label}　{f.before or '—'} → {f.after or '—'}" for f in result.figures]
    else:
        lines.append("自动计算的数字都不变。")
    if result.unplaced:
        lines += ["", f"新模板中没有位置的内容 {len(result.unplaced)} 项（不会丢失，保留在表单中）："]
        lines += [f"　{u.where}：{_short(u.text)}" for u in result.unplaced]
    lines += ["", "更换后可用 Ctrl+Z 一步撤销。"]
    return "\n".join(lines)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SHOWN_TEXT else text[:SHOWN_TEXT] + "…"


def show_kept(window) -> None:
    """编辑 → 查看保留的内容: what earlier template changes found no place for."""
    document = window.current_document()
    if document is None:
        return
    kept = document.form.meta.get(KEPT, [])
    if not kept:
        window.dialogs.info(window, "保留的内容", "这份表单没有因更换模板而保留的内容。")
        return
    lines = [f"{item.get('where', '')}：{item.get('text', '')}" for item in kept]
    window.dialogs.info(window, "保留的内容", "更换模板时新模板中没有位置的内容：\n\n" + "\n\n".join(lines))


def detach(view) -> None:
    """Stop an outgoing page from following its document: the page of the new template takes over."""
    view.document.changed.disconnect(view.refresh)
    for grid in view.grid_views():
        grid.detach()
