"""`evaldesk library | self-evaluation | next-year | summary` as a clerk runs them."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from evaldesk.cli import main
from evaldesk.storage.evd import load_form

FIXTURES = Path(__file__).parent / "fixtures"
COUNT = len(list(FIXTURES.glob("*.evd")))
DAMAGED = '{"format": "evaldesk-form", "format_version": 1, "templ'


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def forms(tmp_path):
    folder = tmp_path / "表单"
    folder.mkdir()
    for path in FIXTURES.glob("*.evd"):
        shutil.copy(path, folder / path.name)
    return folder


@pytest.fixture
def with_damaged(forms):
    (forms / "坏文件.evd").write_text(DAMAGED, encoding="utf-8")
    return forms


def test_library_lists_every_form_and_the_damaged_one(capsys, with_damaged):
    code, out, err = run(capsys, "library", with_damaged)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("项目名称\t单位\t年度") and len(lines) == 1 + COUNT + 1
    assert any(line.startswith("新能源产业推进 (2021) 年\t上海新能源科技成果转化与产业促进中心\t2021\t自评表") for line in lines)
    assert "坏文件.evd：" in err and "已损坏" in err
    code, out, _ = run(capsys, "library", with_damaged, "--json")
    listed = {Path(i["file"]).name: i for i in json.loads(out)}
    assert listed["selfeval-2020-sast-01.evd"]["annual_budget_yuan"] == "1,100,000.00"  # 110 万元
    assert listed["坏文件.evd"]["readable"] is False and "已损坏" in listed["坏文件.evd"]["error"]


@pytest.mark.parametrize("command", [("library",), ("summary", "-o", "s.xlsx"), ("next-year", "-o", "out")])
def test_a_folder_without_forms_is_one_sentence(capsys, tmp_path, command):
    empty = tmp_path / "空"
    empty.mkdir()
    name, *rest = command
    code, _, err = run(capsys, name, empty, *[str(tmp_path / r) if r.endswith(("xlsx", "out")) else r for r in rest])
    assert code == 2 and err.strip() == f"evaldesk：文件夹“{empty}”中没有 .evd 表单"


def test_self_evaluation_from_each_declaration(capsys, tmp_path, registry):
    for name in ("declaration-2018-sast-01.evd", "declaration-2018-sast-02.evd"):
        out = tmp_path / name.replace("declaration", "自评")
        code, text, _ = run(capsys, "self-evaluation", FIXTURES / name, "-o", out, "--template", "selfeval-sast-2020")
        assert code == 0 and "建议值" in text
        form = load_form(out, registry)
        declaration = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
        targets = {r.get("name"): r.get("target") for r in form.rows("indicators") if r.get("name")}
        assert targets == {g["name"]: g["target"] for g in declaration["tables"]["goals"]}
        assert form.meta["declaration"]["file"] == str((FIXTURES / name).resolve())
        code, _, err = run(capsys, "self-evaluation", FIXTURES / name, "-o", out)
        assert code == 2 and "已存在" in err and "--force" in err


def test_self_evaluation_update_lists_then_applies_only_the_accepted(capsys, tmp_path, registry):
    declaration = tmp_path / "申报.evd"
    shutil.copy(FIXTURES / "declaration-2018-sast-01.evd", declaration)
    form_path = tmp_path / "自评.evd"
    run(capsys, "self-evaluation", declaration, "-o", form_path)
    form = load_form(form_path, registry)
    first = form.rows("indicators")[0]
    first.values.update(actual="85", score="10")
    from evaldesk.storage.evd import save_form

    save_form(form, form_path)
    text = declaration.read_text(encoding="utf-8").replace('"target": "80"', '"target": "85"')
    declaration.write_text(text.replace('"学会改革和发展"', '"学会改革与发展"'), encoding="utf-8")
    code, out, _ = run(capsys, "self-evaluation", declaration, "-o", form_path, "--update")
    assert code == 0
    assert "1. 项目名称：“学会改革和发展” → “学会改革与发展”" in out
    assert "2. 指标“参与学会数”的年度指标值：“80” → “85”" in out
    assert load_form(form_path, registry).project_name == "学会改革和发展"  # listed, not yet applied
    code, out, _ = run(capsys, "self-evaluation", declaration, "-o", form_path, "--update", "--accept", "2")
    again = load_form(form_path, registry)
    assert code == 0 and again.project_name == "学会改革和发展"
    row = next(r for r in again.rows("indicators") if r.get("name") == "参与学会数")
    assert (row.get("target"), row.get("actual"), row.get("score")) == ("85", "85", "10")


def test_next_year_of_a_folder_gives_a_folder_and_lists_the_damaged(capsys, tmp_path, with_damaged, registry):
    out = tmp_path / "2021"
    code, text, err = run(capsys, "next-year", with_damaged, "-o", out)
    assert code == 0 and "坏文件.evd" in err
    made = sorted(p.name for p in out.glob("*.evd"))
    assert len(made) == COUNT and "selfeval-2021-sast-01.evd" in made and "selfeval-2022-newenergy.evd" in made
    draft = load_form(out / "selfeval-2021-sast-01.evd", registry)
    assert draft.text("year") == "2021" and all(not r.get("score") for r in draft.rows("indicators"))
    code, _, err = run(capsys, "next-year", with_damaged, "-o", out)
    assert code == 2 and "已存在" in err
    assert run(capsys, "next-year", with_damaged, "-o", out, "--force")[0] == 0
    code, _, err = run(capsys, "next-year", with_damaged, "-o", out / "selfeval-2021-sast-01.evd")
    assert code == 2 and "是一个文件" in err


def test_next_year_of_one_file(capsys, tmp_path, registry):
    out = tmp_path / "下一年.evd"
    code, text, _ = run(capsys, "next-year", FIXTURES / "declaration-2018-sast-01.evd", "-o", out)
    assert code == 0 and "2019年度草稿" in text and "年度绩效目标" in text
    assert load_form(out, registry).text("start_date") == "2019年1月1日"


def test_summary_writes_xlsx_and_pdf_and_refuses_to_overwrite(capsys, tmp_path, with_damaged):
    xlsx, pdf = tmp_path / "汇总.xlsx", tmp_path / "汇总.pdf"
    code, out, err = run(capsys, "summary", with_damaged, "-o", xlsx, "--pdf", pdf)
    assert code == 0 and f"汇总了 {COUNT} 份表单" in out and "坏文件.evd" in err
    assert pdf.read_bytes().startswith(b"%PDF") and load_workbook(xlsx)["图表"]._charts
    before = xlsx.read_bytes()
    code, _, err = run(capsys, "summary", with_damaged, "-o", xlsx)
    assert code == 2 and f"“{xlsx}”已存在；如要覆盖，请加 --force" in err and xlsx.read_bytes() == before


def test_a_missing_folder_or_file_is_named(capsys, tmp_path):
    code, _, err = run(capsys, "summary", tmp_path / "没有", "-o", tmp_path / "s.xlsx")
    assert code == 2 and "找不到文件夹" in err
    code, _, err = run(capsys, "self-evaluation", tmp_path / "没有.evd", "-o", tmp_path / "x.evd")
    assert code == 2 and "找不到文件" in err
