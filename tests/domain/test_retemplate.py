"""Moving a form to another template: figures before and after, nothing typed is ever dropped."""
import copy

from evaldesk.domain.retemplate import KEPT, change_template
from evaldesk.storage.evd import load_form

SEED = "selfeval-2021-newenergy.evd"  # on the rounded-up template: 35.77 %


def typed_values(form) -> list[str]:
    values = [form.text(k) for k in form.fields if form.text(k)]
    values += [v for cells in form.funds.values() for v in cells.values() if v]
    values += [v for rows in form.tables.values() for row in rows for v in row.values.values() if v]
    return sorted(values)


def test_to_the_half_up_template_only_the_printed_rate_changes(registry, fixture_path):
    form = load_form(fixture_path(SEED), registry)
    result = change_template(form, registry.get("selfeval-national"))
    assert [(f.label, f.before, f.after) for f in result.figures] == [("预算执行率", "35.77%", "35.76%")]
    assert result.unplaced == []
    before = copy.deepcopy(form.tables)
    inverse, touched = result.edit.apply(form)
    assert form.template.id == "selfeval-national" and touched.everything and form.tables == before
    inverse.apply(form)
    assert form.template.id == "selfeval-national-roundup" and KEPT not in form.meta


def test_what_the_new_template_has_no_place_for_is_kept_and_listed(registry, fixture_path):
    form = load_form(fixture_path(SEED), registry)
    original = copy.deepcopy(form)
    result = change_template(form, registry.get("selfassess-shanghai"))
    result.edit.apply(form)
    kept = [item["text"] for item in form.meta[KEPT]]
    assert len(kept) == len(result.unplaced) > 0
    assert sorted(kept + typed_values(form)) == typed_values(original)  # every typed text is somewhere
    assert ("字段“主管部门”", "上海市科学技术委员会") in [(u.where, u.text) for u in result.unplaced]
    assert ("分值合计", "100", "90") in [(f.label, f.before, f.after) for f in result.figures]
