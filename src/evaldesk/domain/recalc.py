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
from .problems import (Problem, header_problems, ordered, proposal_problems, row_problems, scoring_form_problems,
                       table_problems)
from .scoring import MarkedRows, Proposal, form_proposals, row_proposal


class Recalculator:
    def __init__(self, form: Form) -> None:
        self.form = form
        self.rebuild()

    def rebuild(self) -> tuple[Figures, list[Problem]]:
        self.tables = table_figures(self.form)
        self.proposals: dict[str, list[Proposal]] = form_proposals(self.form, self.tables)
        self.marked = MarkedRows(self.form, self.proposals)
        self.row_problems = {key: self._check_rows(table) for key, table in self.tables.items()}
        return self._finish()

    def update(self, touched: Touched) -> tuple[Figures, list[Problem]]:
        """Bring figures and problems up to date after an edit that touched these places."""
        if touched.everything:
            return self.rebuild()
        for key in touched.tables:
            spec = self.form.template.table(key)
            self.tables[key] = TableFigures(spec, self.form.rows(key), self.form.amount_unit)
            if key in self.proposals:
                self.proposals[key] = form_proposals(self.form, {key: self.tables[key]})[key]
                self.marked.table_changed(key, self.proposals[key])
            self.row_problems[key] = self._check_rows(self.tables[key])
        for place in touched.places:
            if place.area == "table" and place.key not in touched.tables and place.key in self.tables:
                table = self.tables[place.key]
                table.cell_changed(place.row, place.column)
                if place.key in self.proposals:
                    self.proposals[place.key][place.row] = row_proposal(self.form.template, table, place.row)
                    self.marked.row_changed(place.key, place.row, self.proposals[place.key][place.row])
                self.row_problems[place.key][place.row] = self._check_row(table, place.row)
        return self._finish()

    def _check_rows(self, table: TableFigures) -> list[list[Problem]]:
        return [self._check_row(table, index) for index in range(len(table.rows))]

    def _check_row(self, table: TableFigures, index: int) -> list[Problem]:
        found = row_problems(table, index)
        proposals = self.proposals.get(table.spec.key)
        if proposals is not None:
            found += proposal_problems(table, index, proposals[index], self.form.template.scoring)
        return found

    def _finish(self) -> tuple[Figures, list[Problem]]:
        form = self.form
        self.figures = assemble(form, self.tables)
        found = header_problems(form, self.figures)
        for spec in form.template.tables:
            found += chain.from_iterable(self.row_problems[spec.key])
            found += table_problems(form, spec, self.figures)
        self.problems = ordered(found + scoring_form_problems(form, self.figures, self.marked))
        return self.figures, self.problems
