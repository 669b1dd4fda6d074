"""Every kind of form the app ships is named in the library and the 汇总表 as a clerk names it, never by
its template family's id; the shipped examples of every kind summarise with their grades."""
from __future__ import annotations

from pathlib import Path

from evaldesk.domain.overview import KIND_NAMES
from evaldesk.domain.summary import summarise
from evaldesk.storage.library import LibraryIndex

EXAMPLES = Path(__file__).parents[2] / "src" / "evaldesk" / "resources" / "examples"


def test_every_built_in_template_family_has_a_name(registry):
    families = {t.family for t in registry.templates.values()}
    assert families and families <= set(KIND_NAMES), families - set(KIND_NAMES)


def test_the_examples_of_every_kind_are_listed_by_name(registry, tmp_path):
    scan = LibraryIndex(registry, tmp_path / "index.json").scan([EXAMPLES])
    assert not scan.damaged and len(scan.entries) == len(list(EXAMPLES.glob("*.evd")))
    names = {e.overview.kind_name for e in scan.entries}
    assert names <= set(KIND_NAMES.values()) and {"自评表", "申报表", "监控表"} <= names
    summary = summarise(scan.entries)
    assert all(totals.label.removeprefix("小计（").removesuffix("）") in KIND_NAMES.values() for totals, _ in summary.groups)
    graded = [e for e in scan.entries if e.overview.grade_scale]
    assert sum(count for _grade, count in summary.grades) == len(graded)
