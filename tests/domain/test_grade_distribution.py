"""The 汇总表's grade distribution over real form files whose templates name their grades differently:
优 (national, 90/80/60) and 优秀 (Shanghai self-assessment, 90/75/60) are one grade, and a five-band
scale is read against the four bands most forms use by its bounds."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from evaldesk.domain.summary import NO_GRADE, summarise
from evaldesk.storage.library import LibraryIndex

FIXTURES = Path(__file__).parents[1] / "fixtures"
FIVE_BANDS = [{"min": "90", "label": "优秀"}, {"min": "85", "label": "良好"}, {"min": "75", "label": "中等"},
              {"min": "60", "label": "及格"}, {"min": "0", "label": "不及格"}]


def summary_of(folder: Path, registry, tmp_path: Path):
    scan = LibraryIndex(registry, tmp_path / "index.json").scan([folder])
    assert not scan.damaged
    return summarise(scan.entries, scan.damaged)


def five_band_copy(name: str, target: Path, zeroed: int) -> None:
    """A copy of a fixture on a five-band scale, with the scores of its first `zeroed` full-mark rows set to 0."""
    data = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    data["template"]["definition"]["grade_bands"] = FIVE_BANDS
    data["template"]["id"] = data["template"]["definition"]["id"] = "selfassess-five-bands"  # not the built-in one
    for row in [r for r in data["tables"]["indicators"] if r.get("score") and r.get("score") == r.get("weight")][:zeroed]:
        row["score"] = "0"
    target.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_you_and_youxiu_are_one_grade_over_all_fixtures(registry, tmp_path):
    folder = tmp_path / "forms"
    shutil.copytree(FIXTURES, folder, ignore=shutil.ignore_patterns("*.xlsx"))
    # 优: Hebei 98, SAST 91, 90, 90; 优秀: Form B 95, 96; 良: SAST 89, 88, new energy 87.16;
    # the declarations (2018, 2026) and the monitor form are not graded, so not 未评分 either
    summary = summary_of(folder, registry, tmp_path)
    assert summary.grades == [("优 / 优秀", 6), ("良", 3)]
    groups = {totals.label: len(entries) for totals, entries in summary.groups}
    assert groups == {"小计（自评表）": 7, "小计（自我评价）": 2, "小计（监控表）": 1, "小计（申报表）": 3}


def test_a_five_band_scale_is_read_against_the_usual_four_by_its_bounds(registry, tmp_path):
    folder = tmp_path / "forms"
    folder.mkdir()
    for path in FIXTURES.glob("selfeval-*.evd"):  # seven forms on 优/良/中/差 (90/80/60/0)
        shutil.copy(path, folder / path.name)
    five_band_copy("selfassess-2019-stec-01.evd", folder / "a.evd", zeroed=1)  # 95 − 8 = 87: 良好 (≥ 85)
    five_band_copy("selfassess-2019-stec-02.evd", folder / "b.evd", zeroed=3)  # 96 − 18 = 78: 中等 (≥ 75)
    five_band_copy("selfassess-2019-stec-02.evd", folder / "c.evd", zeroed=5)  # 96 − 33 = 63: 及格 (≥ 60)
    grades = summary_of(folder, registry, tmp_path).grades
    # 中等 is the third of five bands and 及格 the fourth, yet both start within 中 (60–80): one grade with it;
    # 良好 starts at 85, within 良 (80–90)
    assert grades == [("优", 4), ("良 / 良好", 4), ("中等 / 及格", 2)]


def test_forms_not_yet_scored_are_counted_apart(registry, tmp_path):
    folder = tmp_path / "forms"
    folder.mkdir()
    shutil.copy(FIXTURES / "selfeval-2020-sast-01.evd", folder / "scored.evd")
    data = json.loads((FIXTURES / "selfeval-2020-sast-02.evd").read_text(encoding="utf-8"))
    for row in data["tables"]["indicators"]:
        row["score"] = ""
    (folder / "blank.evd").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert summary_of(folder, registry, tmp_path).grades == [("优", 1), (NO_GRADE, 1)]
