import copy

from evaldesk.domain.edits import Batch, InsertRows, MoveRows, RemoveRows, SetAmountUnit, SetCell, SetField, SetFund, rename_group
from evaldesk.domain.form import Row
from evaldesk.domain.problems import evaluate


def snapshot(form):
    return copy.deepcopy((form.fields, form.funds, {k: [r.values for r in v] for k, v in form.tables.items()}, form.amount_unit))


def test_every_edit_undoes_to_exactly_the_previous_form(load_fixture):
    form = load_fixture("selfeval-2021-newenergy.evd")
    edits = [
        SetField("project_name", "新名称"), SetFund("total", "executed", "200000"),
        SetCell("indicators", 2, "score", "9"), InsertRows("indicators", 1, [Row({"name": "新指标"})]),
        RemoveRows("indicators", 0, 2), MoveRows("indicators", 0, 2, 3),
        rename_group(form, "indicators", "level1", 0, 4, "产出"), SetAmountUnit("万元"),
    ]
    for edit in edits:
        before = snapshot(form)
        inverse, _ = edit.apply(form)
        assert snapshot(form) != before, edit
        redo, _ = inverse.apply(form)
        assert snapshot(form) == before, edit
        redo.apply(form)


def test_converting_to_wan_yuan_converts_every_amount_and_keeps_the_rate(load_fixture):
    form = load_fixture("selfeval-2021-newenergy.evd")
    rate = evaluate(form)[0].execution_rate_text
    SetAmountUnit("万元").apply(form)
    assert form.amount_unit == "万元"
    assert form.fund("total", "annual") == "41.2907"
    assert form.fund("total", "executed") == "14.766364"
    assert evaluate(form)[0].execution_rate_text == rate


def test_an_edit_says_what_it_touched(load_fixture):
    from evaldesk.domain.places import cell_place

    form = load_fixture("selfeval-2021-newenergy.evd")
    _, touched = SetCell("indicators", 0, "score", "2").apply(form)
    assert touched.places == {cell_place("indicators", 0, "score")} and not touched.tables
    _, touched = Batch([InsertRows("indicators", 0, [Row()])]).apply(form)
    assert touched.tables == {"indicators"}
    _, touched = SetAmountUnit("万元").apply(form)
    assert touched.everything
