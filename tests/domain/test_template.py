import copy
import json

import pytest

from evaldesk.domain.template import TemplateError, template_from_dict
from evaldesk.storage.paths import builtin_templates_dir


def national():
    return json.loads((builtin_templates_dir() / "selfeval-national.json").read_text(encoding="utf-8"))


def test_every_builtin_template_loads_and_its_blocks_fill_the_grid():
    files = sorted(builtin_templates_dir().glob("*.json"))
    assert len(files) >= 5
    families = {template_from_dict(json.loads(f.read_text(encoding="utf-8"))).family for f in files}
    assert families == {"selfeval", "selfassess", "declaration", "declaration-2021", "goals", "monitor", "dept-selfeval",
                        "dept-selfeval-cq"}


def test_the_two_national_roundings_differ_only_in_the_printed_rate():
    up = json.loads((builtin_templates_dir() / "selfeval-national-roundup.json").read_text(encoding="utf-8"))
    half = national()
    assert up["execution_rate"]["rounding"] == "up" and half["execution_rate"]["rounding"] == "half_up"
    for data in (up, half):
        for key in ("id", "name", "description", "execution_rate"):
            data.pop(key)
    assert up == half


@pytest.mark.parametrize("break_it, words", [
    (lambda d: d.pop("title"), "title"),
    (lambda d: d.update(family="other"), "family"),
    (lambda d: d["layout"][1]["cells"][1].update(span=3), "列"),
    (lambda d: d["layout"][1]["cells"][1].update(field="nope"), "nope"),
    (lambda d: d["execution_rate"].update(rounding="sideways"), "rounding"),
    (lambda d: d["grade_bands"].reverse(), "grade_bands"),
    (lambda d: d["tables"][0]["columns"].pop(), "列"),
    (lambda d: d["budget_score"].update(rule="full_at_threshold"), "threshold"),
    (lambda d: d["execution_rate"].update(budget="funds.nowhere.annual"), "funds.nowhere.annual"),
    (lambda d: d["funds"]["columns"].pop(), "资金表"),
    (lambda d: d["tables"][0]["categories"][0].update(weight="lots"), "数字"),
    (lambda d: d["tables"][0].update(group_label="{name} ({score}分)"), "group_label"),  # would fail on every cell
    (lambda d: d["tables"][0].update(group_label="{name} ({weight分)"), "group_label"),
])
def test_a_broken_template_is_refused_with_a_sentence_naming_the_problem(break_it, words):
    data = copy.deepcopy(national())
    break_it(data)
    with pytest.raises(TemplateError, match=words):
        template_from_dict(data)


def test_a_template_that_is_not_an_object_is_refused():
    with pytest.raises(TemplateError, match="JSON 对象"):
        template_from_dict(["not", "a", "template"])


def test_a_threshold_written_as_a_json_number_is_read_exactly():
    data = copy.deepcopy(national())
    data["budget_score"].update(rule="full_at_threshold", threshold=0.8)
    from decimal import Decimal

    assert template_from_dict(data).budget_score.threshold == Decimal("0.8")
