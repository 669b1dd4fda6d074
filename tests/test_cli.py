import json

import pytest

from evaldesk.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_templates_lists_the_builtins(capsys):
    code, out, _ = run(capsys, "templates")
    assert code == 0
    for template_id in ("selfeval-national", "selfeval-national-roundup", "selfeval-sast-2020",
                        "selfassess-shanghai", "declaration-shanghai"):
        assert template_id in out


def test_check_json_prints_the_official_figures(capsys, fixture_path):
    code, out, _ = run(capsys, "check", "--json", str(fixture_path("selfeval-2021-newenergy.evd")))
    report = json.loads(out)
    assert code == 0
    assert {k: report[k] for k in ("template", "amount_unit", "execution_rate", "budget_score", "total_weight",
                                   "total_score", "grade")} == {
        "template": "selfeval-national-roundup", "amount_unit": "元", "execution_rate": "35.77%",
        "budget_score": "3.58", "total_weight": "100", "total_score": "87.16", "grade": "良"}
    assert report["problems"] == []


def test_check_json_gives_each_indicator_its_parsed_target_and_proposal(capsys, fixture_path):
    code, out, _ = run(capsys, "check", "--json", str(fixture_path("selfeval-2021-newenergy.evd")))
    proposals = json.loads(out)["proposals"]
    assert [p["where"] for p in proposals] == [f"indicators[{i}].score" for i in range(7)]
    assert {k: proposals[0][k] for k in ("proposed", "rule", "kind")} == {
        "proposed": "4.47", "rule": "35.76% ÷ 80% × 10 = 4.47", "kind": "quantitative"}
    assert (proposals[0]["target"]["operator"], proposals[0]["target"]["number"], proposals[0]["target"]["unit"]) == ("≥", "80", "%")
    assert proposals[4]["proposed"] is None and proposals[4]["rule"] == "未填实际完成值，无法提议得分"


def test_new_then_check_strict_exits_1_with_problems_listed(capsys, tmp_path):
    path = tmp_path / "新表.evd"
    assert run(capsys, "new", "-t", "selfassess-shanghai", "-o", str(path))[0] == 0
    code, out, _ = run(capsys, "check", "--strict", str(path))
    assert code == 1
    assert "“项目名称”未填写" in out
    code, out, _ = run(capsys, "check", "--json", str(path))
    problem = json.loads(out)["problems"][0]
    assert code == 0 and set(problem) == {"code", "where", "severity", "message"}


def test_new_refuses_to_overwrite_without_force(capsys, tmp_path):
    path = tmp_path / "a.evd"
    path.write_text("precious", encoding="utf-8")
    code, _, err = run(capsys, "new", "-t", "selfassess-shanghai", "-o", str(path))
    assert code == 2 and "已存在" in err and path.read_text(encoding="utf-8") == "precious"


@pytest.mark.parametrize("argv, words", [
    (["check", "nowhere.evd"], "找不到文件"),
    (["new", "-t", "no-such-template", "-o", "x.evd"], "no-such-template"),
    (["export", "nowhere.evd"], "--xlsx"),
])
def test_usage_and_file_errors_exit_2_with_one_sentence(capsys, tmp_path, monkeypatch, argv, words):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, *argv)
    assert code == 2 and words in err and "Traceback" not in err + out


def test_a_damaged_file_exits_2_without_a_traceback(capsys, tmp_path):
    path = tmp_path / "bad.evd"
    path.write_bytes(b'{"format": "evaldesk-form", "format_version": 1, "templ')
    code, out, err = run(capsys, "check", str(path))
    assert code == 2 and "已损坏或不完整" in err and "Traceback" not in err


def test_unknown_option_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["check", "--frobnicate", "x.evd"])
    assert exit_.value.code == 2


def test_python_dash_m_and_version(tmp_path):
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "evaldesk", "--version"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.startswith("evaldesk ")


def test_a_bug_in_a_command_is_one_sentence_and_a_logged_traceback(capsys, fixture_path, monkeypatch, evaldesk_home):
    import evaldesk.domain.problems as problems

    def broken(form):
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(problems, "evaluate", broken)
    code, out, err = run(capsys, "check", str(fixture_path("selfeval-2021-newenergy.evd")))
    log = evaldesk_home / "data" / "logs" / "evaldesk.log"
    assert code == 2 and "程序内部错误" in err and "Traceback" not in err + out
    assert "ZeroDivisionError: boom" in log.read_text(encoding="utf-8")


def test_import_refuses_to_overwrite_a_form_without_force(capsys, tmp_path, fixture_path):
    out = tmp_path / "filled.evd"
    out.write_text("a filled form", encoding="utf-8")
    workbook = str(fixture_path("handtyped-selfeval-2021-newenergy.xlsx"))
    code, _, err = run(capsys, "import", workbook, "-o", str(out))
    assert code == 2 and "已存在" in err and out.read_text(encoding="utf-8") == "a filled form"
    code, out_text, _ = run(capsys, "import", workbook, "-o", str(out), "--force")
    assert code == 0 and "已导入" in out_text and out.read_text(encoding="utf-8").startswith("{")


def test_check_a_folder_reports_every_form_in_one_process_and_names_the_unreadable_one(capsys, fixture_path, tmp_path):
    import shutil

    for name in ("selfeval-2021-newenergy.evd", "declaration-2018-sast-01.evd"):
        shutil.copy(fixture_path(name), tmp_path / name)
    (tmp_path / "坏的.evd").write_text("{ not json", encoding="utf-8")
    code, out, err = run(capsys, "check", str(tmp_path))
    assert code == 2  # one form could not be read
    assert "== selfeval-2021-newenergy.evd" in out and "得分合计：87.16" in out
    assert "== declaration-2018-sast-01.evd" in out and "子项目预算合计：4,100,000.00" in out
    assert "坏的.evd" in out + err and "Traceback" not in err
    (tmp_path / "坏的.evd").unlink()
    code, out, _ = run(capsys, "check", "--json", str(tmp_path))
    reports = [json.loads(part) for part in out.replace("}\n{", "}\n\x00{").split("\x00")]
    assert code == 0 and [r["total_score"] for r in reports] == ["", "87.16"]


def test_check_as_a_process_gives_the_same_report_and_leaves_the_collector_alone_when_called(capsys, fixture_path):
    """`evaldesk check FILE` run as the program turns the garbage collector off (nothing to free before it ends);
    called from Python, as here, it must not: the caller's process goes on."""
    import gc
    import os
    import subprocess
    import sys

    form = str(fixture_path("selfeval-2021-newenergy.evd"))
    assert gc.isenabled()
    assert main(["check", form, "--json"]) == 0
    assert gc.isenabled()
    called = json.loads(capsys.readouterr().out)
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    done = subprocess.run([sys.executable, "-m", "evaldesk", "check", form, "--json"], capture_output=True, text=True,
                          encoding="utf-8", env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == called
