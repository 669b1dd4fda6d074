"""Keeping figures and problems of one open form up to date, edit by edit.

After a keystroke in a table cell only that cell is re-read and only its row re-checked; sums and
group weights move by the difference. Header edits re-read the header (a few dozen cells). Inserting,
removing or moving rows rebuilds that one table. The result always equals a fresh `evaluate(form)`
(tests/domain/test_recalc.py checks this on random edit sequences).
"""
from __future__ import annotations

from itertools import chain

from .compute import Figures, TableFigures, assemble, table_figures
from .edits import Touched
from .form import Form
from .problems import Problem, header_problems, ordered, row_problems, table_problems


class Recalculator:
    def __init__(self, form: Form) -> None:
        self.form = form
        self.rebuild()

    def rebuild(self) -> tuple[Figures, list[Problem]]:
        self.tables = table_figures(self.form)
        self.row_problems = {key: self._check_rows(table) for key, table in self.tables.items()}
        return self._finish()

    def update(self, touched: Touched) -> tuple[Figures, list[Problem]]:
        """Bring figures and problems up to date after an edit that touched these places."""
        if touched.everything:
            return self.rebuild()
        for key in touched.tables:
            spec = self.form.template.table(key)
            self.tables[key] = TableFigures(spec, self.form.rows(key), self.form.amount_unit)
            self.row_problems[key] = self._check_rows(self.tables[key])
        for place in touched.places:
            if place.area == "table" and place.key not in touched.tables and place.key in self.tables:
                table = self.tables[place.key]
                table.cell_changed(place.row, place.column)
                self.row_problems[place.key][place.row] = row_problems(table, place.row)
        return self._finish()

    @staticmethod
    def _check_rows(table: TableFigures) -> list[list[Problem]]:
        return [row_problems(table, index) for index in range(len(table.rows))]

    def _finish(self) -> tuple[Figures, list[Problem]]:
        form = self.form
        self.figures = assemble(form, self.tables)
        found = header_problems(form, self.figures)
        for spec in form.template.tables:
            found += chain.from_iterable(self.row_problems[spec.key])
            found += table_problems(form, spec, self.figures)
        self.problems = ordered(found)
        return self.figures, self.problems
