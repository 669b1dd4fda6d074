"""The printed grid follows the grid plans of FORMS.md: same rows, spans and labels."""
from evaldesk.domain.form import new_form
from evaldesk.domain.problems import evaluate
from evaldesk.domain.sheet import build_sheet


def sheet_of(form):
    return build_sheet(form, evaluate(form)[0])


def layout(row):
    return [(c.col, c.colspan, c.rowspan, c.text) for c in row.cells]


def test_selfeval_grid_plan(load_fixture):
    sheet = sheet_of(load_fixture("selfeval-2021-newenergy.evd"))
    rows = sheet.rows
    assert sheet.width == 9
    assert layout(rows[0]) == [(0, 9, 1, "财政项目支出绩效自评表")]
    assert layout(rows[1]) == [(0, 9, 1, "（2021 年度）")]
    assert [(c.col, c.colspan) for c in rows[3].cells] == [(0, 2), (2, 3), (5, 1), (6, 3)]
    funds = [r for r in rows if r.role == "funds"]
    assert len(funds) == 5 and funds[0].cells[0].rowspan == 5 and funds[0].cells[0].text == "项目资金（元）"
    assert [c.text for c in funds[1].cells] == ["年度资金总额", "530,000.00", "412,907.00", "147,663.64", "10", "35.77%", "3.58"]
    assert [c.text for c in funds[2].cells][4:] == ["—", "", "—"]
    header = next(r for r in rows if r.role == "table-header")
    assert header.repeat and header.cells[0].text == "绩效指标" and header.cells[0].rowspan == 8
    body = [r for r in rows if r.role == "table-row"]
    assert (body[0].cells[0].text, body[0].cells[0].rowspan) == ("产出指标", 4)
    assert (body[1].cells[0].text, body[1].cells[0].rowspan) == ("质量指标", 2)
    total = next(r for r in rows if r.role == "total")
    assert layout(total) == [(0, 6, 1, "总分"), (6, 1, 1, "100"), (7, 1, 1, "87.16"), (8, 1, 1, "")]


def test_every_grid_row_fills_the_width_exactly(load_fixture, registry):
    forms = [load_fixture("selfeval-2021-newenergy.evd")] + [new_form(t) for t in registry]
    for form in forms:
        sheet = sheet_of(form)
        covered = {}
        for index, row in enumerate(sheet.rows):
            for cell in row.cells:
                for r in range(index, index + cell.rowspan):
                    for c in range(cell.col, cell.col + cell.colspan):
                        assert (r, c) not in covered, (form.template.id, r, c)
                        covered[(r, c)] = cell
        for index, row in enumerate(sheet.rows):
            if row.role in ("signature", "stamp"):
                continue
            assert all((index, c) in covered for c in range(sheet.width)), (form.template.id, row.role)


def test_selfassess_labels_carry_derived_group_weights(registry):
    from evaldesk.domain.form import Row

    form = new_form(registry.get("selfassess-shanghai"))
    form.tables["indicators"] = [Row({"level1": "投入与管理", "weight": w}) for w in ("8", "6", "22")]
    sheet = sheet_of(form)
    first = next(r for r in sheet.rows if r.role == "table-row")
    assert first.cells[0].text == "投入与管理 (36分)" and first.cells[0].rowspan == 3
    assert any(c.text.startswith("说明：1、依据本项目") for r in sheet.rows for c in r.cells)


def test_declaration_ticks_the_chosen_box_and_fills_the_applicant_line(registry):
    form = new_form(registry.get("declaration-shanghai"))
    form.fields.update(year="2018", applicant="上海市科学技术协会", project_type="其他一次性项目")
    texts = sheet_of(form).texts()
    assert "（2018年）" in texts and "申报单位名称：上海市科学技术协会" in texts
    boxes = next(t for t in texts if "结转项目" in t)
    assert "其他一次性项目 ☑" in boxes and "结转项目 ☐" in boxes


def test_checkboxes_go_three_a_line_so_no_option_is_broken_over_two_lines(registry):
    form = new_form(registry.get("declaration-shanghai"))
    form.fields.update(project_type="其他一次性项目", fund_use="其他事业专业类")
    texts = sheet_of(form).texts()
    types = next(t for t in texts if "结转项目" in t).split("\n")
    assert len(types) == 2 and types[0].endswith("其他一次性项目 ☑") and types[1].startswith("经常性专项业务费 ☐")


def test_a_value_over_several_columns_starts_at_the_left(registry):
    form = new_form(registry.get("selfeval-national"))
    form.fields.update(department="上海市科学技术委员会", implementer="上海新能源科技成果转化与产业促进中心")
    cells = {c.text: c for r in sheet_of(form).rows for c in r.cells}
    assert cells["上海市科学技术委员会"].align == cells["上海新能源科技成果转化与产业促进中心"].align == "left"


# ------------------------------------------------------------------------------ blank forms, to fill by hand


def covered_cells(sheet):
    """(row, column) -> the text of the cell covering it: a hole in the grid would print with no lines."""
    grid = {}
    for r, row in enumerate(sheet.rows):
        for cell in row.cells:
            for rr in range(r, r + cell.rowspan):
                for cc in range(cell.col, cell.col + cell.colspan):
                    assert (rr, cc) not in grid, f"two cells cover row {rr}, column {cc}"
                    grid[(rr, cc)] = cell.text
    return grid


def test_a_blank_selfeval_prints_rows_to_write_on_and_no_total(registry):
    sheet = sheet_of(new_form(registry.get("selfeval-national")))
    body = [r for r in sheet.rows if r.role == "table-row"]
    assert len(body) == 9 * 3  # three rows to write on under each 二级
    second = [c.text for r in body for c in r.cells if c.rowspan == 3 and c.col == 2]
    assert second[:2] == ["数量指标", "质量指标"] and len(second) == 9
    total = next(r for r in sheet.rows if r.role == "total")
    assert [c.text for c in total.cells] == ["总分", "", "", ""]  # not the budget row's 10
    assert sheet.rows[1].cells[0].text.count("\u00a0") >= 4  # （    年度）: room for four digits
    table_rows = [i for i, r in enumerate(sheet.rows) if r.role in ("table-header", "table-row", "total")]
    grid = covered_cells(sheet)
    assert all((r, c) in grid for r in table_rows for c in range(sheet.width))


def test_a_blank_selfassess_leaves_group_weights_and_the_sum_to_be_written(registry):
    sheet = sheet_of(new_form(registry.get("selfassess-shanghai")))
    groups = [c.text for r in sheet.rows if r.role == "table-row" for c in r.cells if c.col == 0 and c.text]
    assert groups[0] == "投入与管理 (\u00a0\u00a0\u00a0\u00a0分)" and all("0分" not in g for g in groups)
    total = next(r for r in sheet.rows if r.role == "total")
    assert [c.text for c in total.cells if c.text] == ["合计"]
    # the named 投入与管理 rows are enough; 产出目标 (one empty row in a new form) gets three
    output = next(c for r in sheet.rows for c in r.cells if c.text.startswith("产出目标"))
    assert output.rowspan == 3


def test_a_filled_form_prints_its_rows_and_figures_only(load_fixture):
    form = load_fixture("selfassess-2019-stec-01.evd")
    sheet = sheet_of(form)
    assert len([r for r in sheet.rows if r.role == "table-row"]) == len(form.rows("indicators"))
    assert "投入与管理 (36分)" in sheet.texts()
    total = next(r for r in sheet.rows if r.role == "total")
    assert [c.text for c in total.cells if c.text] == ["合计", "100", "95"]


def test_the_signature_block_puts_the_stamp_alone_on_the_right(registry):
    sheet = sheet_of(new_form(registry.get("selfeval-national")))
    signature = [r for r in sheet.rows if r.role in ("signature", "stamp")]
    assert [[(c.col, c.text) for c in r.cells] for r in signature] == [
        [(0, "填报人："), (4, "联系电话：")], [(0, "单位负责人："), (4, "填报日期：")], [(4, "单位（盖章）：")]]
    assert signature[-1].role == "stamp"
