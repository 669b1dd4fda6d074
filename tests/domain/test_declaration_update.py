"""Re-applying a declaration after the clerk has worked: what would change is listed, only the accepted
changes are made, and nothing typed is wiped."""
from __future__ import annotations

from evaldesk.domain.declaration import DECLARED_TARGET, self_evaluation_draft
from evaldesk.domain.declaration_update import apply_changes, changes, target_changes
from evaldesk.domain.form import Row
from evaldesk.domain.places import cell_place
from evaldesk.domain.problems import evaluate


def _worked_on(load_fixture, registry):
    """A draft from declaration 01, then the clerk's year of work: results typed, one target changed."""
    declaration = load_fixture("declaration-2018-sast-01.evd")
    form = self_evaluation_draft(declaration, registry.get("selfeval-national"), "d.evd")
    rows = {r.get("name"): r for r in form.rows("indicators")}
    rows["参与学会数"].values.update(actual="85", score="10")
    rows["评估完成率"].values.update(target="95%", actual="96%")  # the clerk's own target
    form.fields["goal_actual"] = "全年完成星级学会评估。"
    return declaration, form


def _row(form, name):
    return next(r for r in form.rows("indicators") if r.get("name") == name)


def test_an_unchanged_declaration_changes_nothing(load_fixture, registry):
    declaration, form = _worked_on(load_fixture, registry)
    assert changes(form, declaration) == []


def test_changes_are_listed_and_only_the_accepted_ones_applied(load_fixture, registry):
    declaration, form = _worked_on(load_fixture, registry)
    goals = declaration.rows("goals")
    next(r for r in goals if r.get("name") == "参与学会数").values["target"] = "90"
    next(r for r in goals if r.get("name") == "评估完成率").values["target"] = "98%"
    goals.insert(5, Row({"level1": "产出目标", "name": "秘书长沙龙", "target": "4次"}))
    declaration.fields["project_name"] = "学会改革和发展（调整）"
    found = changes(form, declaration)
    assert [(c.kind, c.where) for c in found] == [
        ("field", "项目名称"), ("target", "指标“参与学会数”的年度指标值"),
        ("target", "指标“评估完成率”的年度指标值"), ("add", "新指标“秘书长沙龙”")]
    assert "您已改为“95%”" in found[2].note
    before = [r.copy() for r in form.rows("indicators")]
    accepted = [found[1], found[3]]  # the clerk keeps the name and her own 95%
    inverse, _touched = apply_changes(form, accepted).apply(form)
    assert form.project_name == "学会改革和发展"
    assert (_row(form, "参与学会数").get("target"), _row(form, "参与学会数").get("actual")) == ("90", "85")
    assert _row(form, "参与学会数").get("score") == "10"
    assert _row(form, "评估完成率").get("target") == "95%"
    added = _row(form, "秘书长沙龙")
    assert (added.get("level1"), added.get("level2"), added.get("target")) == ("产出指标", "数量指标", "4次")
    names = [r.get("name") for r in form.rows("indicators")]
    assert names.index("秘书长沙龙") == names.index("评估完成率") + 1  # at the end of its 二级 group
    assert form.text("goal_actual") == "全年完成星级学会评估。"
    inverse.apply(form)
    assert form.rows("indicators") == before


def test_a_dropped_indicator_is_offered_for_removal_but_not_proposed(load_fixture, registry):
    declaration, form = _worked_on(load_fixture, registry)
    goals = declaration.rows("goals")
    goals.remove(next(r for r in goals if r.get("name") == "参与学会数"))
    (change,) = changes(form, declaration)
    assert (change.kind, change.proposed) == ("remove", False)
    assert "丢失" in change.note


def test_targets_changed_by_the_clerk_are_pointed_out(load_fixture, registry):
    _declaration, form = _worked_on(load_fixture, registry)
    (changed,) = target_changes(form)
    assert (changed.name, changed.declared, changed.current) == ("评估完成率", "100%", "95%")
    assert _row(form, "评估完成率").get(DECLARED_TARGET) == "100%"
    _figures, problems = evaluate(form)  # the window's problems list points at the cell
    (pointed,) = [p for p in problems if p.code == "target-changed"]
    row = form.rows("indicators").index(_row(form, "评估完成率"))
    assert (pointed.where, pointed.severity) == (cell_place("indicators", row, "target"), "info")
    assert "“95%”与申报时的“100%”不同" in pointed.message
