"""Issue 11, item 4 beyond typed cells: numbers of 26–27 digits (and 1e300, infinity) in a declaration,
in a template, and in a filed workbook that evaluation conventions are learned from. Each is carried and
pointed out by the check, or refused with the app's own sentence; nothing fails with InvalidOperation,
because every rounding goes through numbers.round_to and every number in a template or settings file
through numbers.setting_number."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from evaldesk.cli import main
from evaldesk.domain.template import TemplateError, template_from_dict
from evaldesk.storage import evd
from evaldesk.storage.templates import load_templates

FIXTURES = Path(__file__).parent.parent / "fixtures"
HUGE, OTHER_HUGE = "9" * 27, "1" + "0" * 25
TOO_LONG = "位数太多（最多 20 位数字）"


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "程序内部错误" not in err and "Traceback" not in err, err
    return code, out, err


def declaration_with(number: str) -> str:
    data = json.loads((FIXTURES / "declaration-2018-sast-01.evd").read_text(encoding="utf-8"))
    data["fields"]["annual_budget"] = number
    for row in data["tables"]["subbudgets"]:
        row["amount"] = number
    for row in data["tables"]["goals"]:
        row["target"] = f"≥{number}次"
    return json.dumps(data, ensure_ascii=False)


def test_a_declaration_of_27_digit_figures_becomes_a_self_evaluation_and_is_applied_again(tmp_path, capsys, registry):
    declaration, form = tmp_path / "申报.evd", tmp_path / "自评.evd"
    declaration.write_text(declaration_with(HUGE), encoding="utf-8")
    code, out, _ = run(capsys, "check", declaration)
    assert code == 0 and out.count(TOO_LONG) == 6  # the budget and the five sub-budgets
    assert run(capsys, "self-evaluation", declaration, "-o", form)[0] == 0
    draft = evd.load_form(form, registry)
    assert draft.funds["total"]["annual"] == HUGE  # carried as typed, not dropped
    assert {row.get("target") for row in draft.rows("indicators")} == {f"≥{HUGE}次"}
    code, out, _ = run(capsys, "check", form)
    assert code == 0 and "年度资金总额·全年预算数" in out and TOO_LONG in out
    code, _, err = run(capsys, "export", form, "--xlsx", tmp_path / "a.xlsx", "--pdf", tmp_path / "a.pdf")
    assert code == 0, err

    declaration.write_text(declaration_with(OTHER_HUGE), encoding="utf-8")  # the declaration changed: apply again
    code, out, _ = run(capsys, "self-evaluation", declaration, "-o", form, "--update", "--accept", "all")
    assert code == 0 and "已应用 11 项更改" in out
    again = evd.load_form(form, registry)
    assert again.funds["total"]["annual"] == OTHER_HUGE
    assert {row.get("target") for row in again.rows("indicators")} == {f"≥{OTHER_HUGE}次"}
    code, out, _ = run(capsys, "check", form)
    assert code == 0 and f"“{OTHER_HUGE}”{TOO_LONG}" in out


@pytest.mark.parametrize("weight, words", [("1e30", TOO_LONG), (HUGE, TOO_LONG), (1e300, TOO_LONG),
                                           (float("inf"), "应为数字"), ("NaN", "应为数字")])
def test_a_template_weight_no_form_could_hold_is_refused_in_a_sentence(tmp_path, capsys, registry, weight, words):
    """Before: the template loaded, and a self-evaluation drafted from a declaration under it failed with
    InvalidOperation while splitting the weight over the indicators."""
    definition = json.loads((FIXTURES / "selfeval-2021-newenergy.evd").read_text(encoding="utf-8"))["template"]["definition"]
    definition["id"] = "huge-weight"
    definition["tables"][0]["categories"][0]["weight"] = weight
    with pytest.raises(TemplateError, match=words):
        template_from_dict(definition)
    (tmp_path / "huge.json").write_text(json.dumps(definition, ensure_ascii=False), encoding="utf-8")
    assert any("huge.json" in e and words in e for e in load_templates(user_dir=tmp_path).errors)

    data = json.loads((FIXTURES / "selfeval-2021-newenergy.evd").read_text(encoding="utf-8"))
    data["template"] = {"id": "huge-weight", "version": 1, "definition": definition}  # the copy inside a form
    path = tmp_path / "权重.evd"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, _, err = run(capsys, "check", path)
    assert code == 2 and "权重.evd" in err and words in err


FILED = FIXTURES / "handtyped-selfeval-2021-newenergy.xlsx"  # row 8: 年度资金总额, D 全年预算数, E 执行数, G 执行率, H 得分


@pytest.mark.parametrize("cells, reported", [
    ({"E8": HUGE, "E9": HUGE}, "年度资金总额·全年执行数"),  # 27 digits typed as text
    ({"E8": int(HUGE), "E9": int(HUGE)}, "年度资金总额·全年执行数"),  # and as a number cell
    ({"E8": 1e300, "E9": 1e300}, "年度资金总额·全年执行数"),
    ({"D8": "0.0000000000000000001", "D9": "0.0000000000000000001", "E8": "9" * 20, "E9": "9" * 20,
      "G8": "9" * 20 + "%"}, None),  # a rate of 10^41 %: figures of 20 digits, a ratio of 41
    ({"G8": "9" * 40 + "%"}, None),  # the printed rate, budget score and total the conventions are learned from
    ({"H8": int(HUGE)}, None),
    ({"H8": 1e25}, None),
])
def test_learning_from_a_filed_workbook_with_an_absurdly_long_figure_imports_and_reports_it(tmp_path, capsys, cells, reported):
    book = load_workbook(FILED)
    for address, value in cells.items():
        book.active[address] = value
    total = next(row for row in book.active.iter_rows() if row[0].value == "总分")
    total[7].value = int(HUGE)  # 总分 printed with 27 digits as well
    book.save(tmp_path / "报送.xlsx")
    code, out, _ = run(capsys, "import", tmp_path / "报送.xlsx", "-o", tmp_path / "报送.evd", "--save-template")
    assert code == 0 and "已导入" in out
    code, out, _ = run(capsys, "check", tmp_path / "报送.evd")
    assert code == 0 and (reported is None or f"{reported}：“" in out and TOO_LONG in out)
    code, _, err = run(capsys, "export", tmp_path / "报送.evd", "--xlsx", tmp_path / "a.xlsx", "--pdf", tmp_path / "a.pdf")
    assert code == 0, err
