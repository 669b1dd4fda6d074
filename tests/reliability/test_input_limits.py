"""Input that once made a form unusable: runaway numbers, deep JSON, giant integers, damaged template
copies, characters XML cannot hold, texts longer than an Excel cell; each now gets a sentence or is made
safe on the way in, and what evaldesk writes it can read back."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from evaldesk.cli import main
from evaldesk.domain.edits import InsertRows, SetCell, SetField
from evaldesk.domain.form import Row
from evaldesk.export.xlsx import write_xlsx
from evaldesk.export.pdf import write_pdf
from evaldesk.storage import evd
from evaldesk.storage.atomic import SaveError
from evaldesk.storage.templates import load_templates

FIXTURES = Path(__file__).parent.parent / "fixtures"
SEED = FIXTURES / "selfeval-2021-newenergy.evd"


def seed_data() -> dict:
    return json.loads(SEED.read_text(encoding="utf-8"))


def write(path: Path, data: dict | str) -> Path:
    path.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_score_of_26_nines_is_a_problem_in_check_export_and_the_window(tmp_path, capsys, window, dialogs):
    data = seed_data()
    data["tables"]["indicators"][0]["score"] = "9" * 26
    path = write(tmp_path / "26位.evd", data)
    code, out, err = run(capsys, "check", path)
    assert code == 0 and "位数太多" in out and "程序内部错误" not in err
    code, _, err = run(capsys, "export", path, "--xlsx", tmp_path / "a.xlsx", "--pdf", tmp_path / "a.pdf")
    assert code == 0, err
    document = window.open_path(path)
    assert document is not None and not dialogs.errors
    assert any("位数太多" in p.message for p in document.problems)


@pytest.mark.parametrize("number", ["9" * 20, "-" + "9" * 18 + ".99", "0." + "0" * 18 + "1", "9" * 16 + "万"])
def test_numbers_of_twenty_digits_in_every_cell_compute_check_and_export(tmp_path, capsys, number):
    data = seed_data()
    for row in data["tables"]["indicators"]:
        row.update({"weight": number, "score": number, "actual": number})
    data["funds"] = {r: {c: number for c in cols} for r, cols in data["funds"].items()}
    for unit in ("元", "万元"):
        data["amount_unit"] = unit
        path = write(tmp_path / f"{unit}.evd", data)
        assert run(capsys, "check", path)[0] == 0
        code, _, err = run(capsys, "export", path, "--xlsx", tmp_path / "a.xlsx", "--pdf", tmp_path / "a.pdf")
        assert code == 0, err


@pytest.mark.parametrize("raw, words", [
    ('{"format": "evaldesk-form", "x": ' + "[" * 100_000 + "]" * 100_000 + "}", "嵌套层数过多"),
    ('{"format": "evaldesk-form", "x": ' + "[" * 100 + "]" * 100 + "}", "嵌套层数过多"),
    ('{"format": "evaldesk-form", "format_version": ' + "9" * 5000 + "}", "位数过多的整数"),
])
def test_deep_nesting_and_giant_integers_get_the_apps_own_sentence(tmp_path, capsys, raw, words):
    path = write(tmp_path / "深.evd", raw)
    code, _, err = run(capsys, "check", path)
    assert code == 2 and words in err and "程序内部错误" not in err


def test_a_template_file_nested_too_deep_is_skipped_with_a_sentence(tmp_path):
    (tmp_path / "deep.json").write_text('{"id": ' + "[" * 50_000 + "]" * 50_000 + "}", encoding="utf-8")
    registry = load_templates(user_dir=tmp_path)
    assert any("deep.json" in e and "嵌套层数过多" in e for e in registry.errors)


def test_a_damaged_template_copy_is_named_in_a_sentence_not_a_bare_key(tmp_path, capsys):
    data = seed_data()
    data["template"]["version"] = 99  # not this machine's version: the file's own copy is used
    for block in data["template"]["definition"]["layout"]:
        for cell in block.get("cells", []):
            cell.pop("field", None)
            cell.pop("computed", None)
    path = write(tmp_path / "坏模板.evd", data)
    for argv in (["check", path], ["export", path, "--xlsx", tmp_path / "a.xlsx"]):
        code, _, err = run(capsys, *argv)
        assert code == 2 and ("模板已损坏" in err or "模板有误" in err) and "坏模板.evd" in err, err
        assert err.strip() not in ("evaldesk：computed", "evaldesk：field")
    assert not (tmp_path / "a.xlsx").exists()


def test_a_lone_surrogate_in_a_file_is_replaced_and_everything_works(tmp_path, capsys, registry):
    data = seed_data()
    data["fields"]["project_name"] = "新能源\ud800项目"
    data["tables"]["indicators"][0]["name"] = "\udfff指标\x01"
    path = tmp_path / "代理.evd"
    path.write_text(json.dumps(data), encoding="ascii")  # JSON carries \ud800 as an escape
    form = evd.load_form(path, registry)
    assert form.fields["project_name"] == "新能源\ufffd项目" and form.tables["indicators"][0].get("name") == "\ufffd指标"
    assert run(capsys, "check", path)[0] == 0
    code, _, err = run(capsys, "export", path, "--xlsx", tmp_path / "a.xlsx", "--pdf", tmp_path / "a.pdf")
    assert code == 0, err
    cells = {c.value for ws in load_workbook(tmp_path / "a.xlsx").worksheets for r in ws.iter_rows() for c in r}
    assert "新能源\ufffd项目" in cells
    evd.save_form(form, tmp_path / "again.evd")
    assert evd.load_form(tmp_path / "again.evd", registry).same_content(form)


def test_typed_or_pasted_text_keeps_only_what_xml_can_hold(registry):
    form = evd.load_form(SEED, registry)
    SetField("project_name", "甲\x0b乙\x00丙\ud83d").apply(form)
    SetCell("indicators", 0, "name", "\x1f指标").apply(form)
    InsertRows("indicators", 0, [Row({"name": "粘贴\x0c的行\ufffe"})]).apply(form)
    assert form.fields["project_name"] == "甲\n乙丙\ufffd"
    assert form.tables["indicators"][1].get("name") == "指标"
    assert form.tables["indicators"][0].get("name") == "粘贴\n的行\ufffd"
    write_xlsx([form], io.BytesIO())
    write_pdf([form], io.BytesIO(), draft=None)


def _longest_cell(path: Path) -> int:
    return max(len(str(c.value or "")) for ws in load_workbook(path).worksheets for r in ws.iter_rows() for c in r)


@pytest.mark.parametrize("field", ["goal_actual", "project_name"])
def test_a_text_longer_than_an_excel_cell_is_split_or_refused_never_a_broken_cell(tmp_path, capsys, field):
    """A long text in a cell that can run over several rows is cut between them; one that must stay in
    one cell is refused with a sentence before any file is written (export/xlsx.py)."""
    data = seed_data()
    data["fields"][field] = "绩效" * 20_000
    path = write(tmp_path / "长.evd", data)
    code, _, err = run(capsys, "export", path, "--xlsx", tmp_path / "a.xlsx")
    if code == 0:
        assert _longest_cell(tmp_path / "a.xlsx") <= 32_767
    else:
        assert code == 2 and "32,767" in err and "程序内部错误" not in err
        assert not (tmp_path / "a.xlsx").exists()


def test_a_form_too_large_to_open_again_is_not_saved(tmp_path, registry):
    form = evd.load_form(SEED, registry)
    form.fields["goal_actual"] = "a" * (65 * 1024 * 1024)
    with pytest.raises(SaveError) as refused:
        evd.save_form(form, tmp_path / "大.evd")
    assert "表单太大" in refused.value.strerror and "实际完成情况" in refused.value.strerror
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("start", ["\t=", "\r\n=", "\n+", " =", "\t\t@"])
def test_text_with_blanks_before_a_formula_sign_is_quote_prefixed(registry, start):
    form = evd.load_form(SEED, registry)
    form.fields["project_name"] = start + "SUM(A1:A9)"
    stream = io.BytesIO()
    write_xlsx([form], stream)
    stream.seek(0)
    sheet = load_workbook(stream).worksheets[0]
    cell = next(c for r in sheet.iter_rows() for c in r if str(c.value).endswith("SUM(A1:A9)"))
    assert cell.value.strip() == start.strip() + "SUM(A1:A9)"  # (XML reads CR LF back as LF)
    assert cell.data_type == "s" and cell.quotePrefix
