"""Incremental recalculation always equals a fresh evaluation, whatever the clerk does: figures, problems
and the proposed scores (which follow 年度指标值, 实际完成值 and 分值)."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evaldesk.domain.compute import table_figures
from evaldesk.domain.edits import InsertRows, MoveRows, RemoveRows, SetAmountUnit, SetCell, SetField, SetFund
from evaldesk.domain.form import Row
from evaldesk.domain.problems import evaluate
from evaldesk.domain.recalc import Recalculator
from evaldesk.domain.scoring import form_proposals

TEXTS = st.sampled_from(["", "10", "3.5", "-1", "15", "x", "１０", "1,000", "20", "0"])
TARGETS = st.sampled_from(["", "≥80%", "35.76%", "≤20万元", "18万元", "3-5人", "不适用", "及时", "比较及时", "12月底前", "x1"])
NAMES = st.sampled_from(["", "产出指标", "效益指标", "满意度指标"])
COLUMNS = st.sampled_from(["level1", "level2", "name", "weight", "score", "deviation"])
SCORED = st.sampled_from(["target", "actual"])


@st.composite
def edits(draw, rows: int):
    kind = draw(st.sampled_from(["cell", "cell", "cell", "target", "level", "insert", "remove", "move", "field", "fund", "unit"]))
    if kind == "target" and rows:  # the cells proposals are read from
        return SetCell("indicators", draw(st.integers(0, rows - 1)), draw(SCORED), draw(TARGETS))
    if kind == "cell" and rows:
        return SetCell("indicators", draw(st.integers(0, rows - 1)), draw(COLUMNS), draw(TEXTS))
    if kind == "level" and rows:
        return SetCell("indicators", draw(st.integers(0, rows - 1)), "level1", draw(NAMES))
    if kind == "insert":
        return InsertRows("indicators", draw(st.integers(0, rows)), [Row({"level1": draw(NAMES), "weight": draw(TEXTS)})])
    if kind == "remove" and rows:
        return RemoveRows("indicators", draw(st.integers(0, rows - 1)), 1)
    if kind == "move" and rows > 1:
        return MoveRows("indicators", draw(st.integers(0, rows - 2)), 1, draw(st.integers(0, rows - 2)))
    if kind == "fund":
        return SetFund("total", draw(st.sampled_from(["annual", "executed"])), draw(TEXTS))
    if kind == "unit":
        return SetAmountUnit(draw(st.sampled_from(["元", "万元"])))
    return SetField("project_name", draw(st.sampled_from(["", "项目"])))


def same(incremental, fresh):
    (f1, p1), (f2, p2) = incremental, fresh
    assert f1.printed() == f2.printed()
    assert (f1.indicator_weight, f1.indicator_score, f1.groups) == (f2.indicator_weight, f2.indicator_score, f2.groups)
    assert dict(f1.numbers) == dict(f2.numbers) and dict(f1.bad_numbers) == dict(f2.bad_numbers)
    assert p1 == p2


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_incremental_equals_fresh_after_any_edits(load_fixture, data):
    form = load_fixture("selfeval-2021-newenergy.evd")
    recalc = Recalculator(form)
    for _ in range(data.draw(st.integers(1, 25))):
        edit = data.draw(edits(len(form.rows("indicators"))))
        inverse, touched = edit.apply(form)
        same(recalc.update(touched), evaluate(form))
        assert recalc.proposals == form_proposals(form, table_figures(form))
        if data.draw(st.booleans()):
            _, touched = inverse.apply(form)
            same(recalc.update(touched), evaluate(form))
            assert recalc.proposals == form_proposals(form, table_figures(form))
