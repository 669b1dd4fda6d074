"""Find and replace over the typed texts of a seed form."""
from evaldesk.domain.places import cell_place, field_place
from evaldesk.domain.search import find, replace_all, replace_one
from evaldesk.storage.evd import load_form

SEED = "selfeval-2021-newenergy.evd"


def test_matches_come_in_page_order_fields_first(registry, fixture_path):
    form = load_form(fixture_path(SEED), registry)
    matches = find(form, "新能源")
    assert [(m.place, m.start) for m in matches[:2]] == [(field_place("project_name"), 0), (field_place("implementer"), 2)]
    assert [m.place for m in find(form, "知晓度")] == [cell_place("indicators", 4, "name")]
    assert find(form, "") == [] and find(form, "不存在的词") == []


def test_replacing_one_match_changes_only_that_occurrence(registry, fixture_path):
    form = load_form(fixture_path(SEED), registry)
    second = find(form, "≥80%")[1]
    replace_one(form, second, "≥90%").apply(form)
    assert [r.get("target") for r in form.rows("indicators")[:4]] == ["≥80%", "≥20次", "≥12篇", "≥90%"]


def test_replace_all_is_one_edit_whose_inverse_brings_every_text_back(registry, fixture_path):
    form = load_form(fixture_path(SEED), registry)
    before = [r.copy() for r in form.rows("indicators")]
    edit, count = replace_all(form, "指标", "类")
    assert count == 14
    inverse, _ = edit.apply(form)
    assert form.rows("indicators")[0].get("level1") == "产出类"
    inverse.apply(form)
    assert form.rows("indicators") == before
