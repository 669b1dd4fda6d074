"""Importing workbooks: changes made in Excel after an export, and hostile or broken files."""
from __future__ import annotations

import io
import time
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from evaldesk.cli import main
from evaldesk.domain.compute import compute
from evaldesk.export.xlsx import write_xlsx
from evaldesk.readers.workbook import ImportFailed, read_workbook
from evaldesk.storage.evd import load_form


@pytest.fixture
def exported(load_fixture, tmp_path):
    form = load_fixture("selfeval-2021-newenergy.evd")
    path = tmp_path / "exported.xlsx"
    with path.open("wb") as stream:
        write_xlsx([form], stream)
    return form, path


def find(sheet, value):
    return next(c for row in sheet.iter_rows() for c in row if c.value == value)


def test_a_score_changed_in_excel_comes_back_and_the_stale_total_is_reported(exported, registry):
    form, path = exported
    book = load_workbook(path)
    sheet = book.worksheets[0]
    row = find(sheet, "项目的可持续性").row
    sheet.cell(row=row, column=8).value = 8  # 得分 10 → 8, typed in Excel; 总分 still prints 87.16
    book.save(path)
    result = read_workbook(path, registry)
    assert result.form.tables["indicators"][5].get("score") == "8"
    assert compute(result.form).printed()["total_score"] == "85.16"
    assert any(f"H{row}" in note and "“8”" in note for note in result.notes)
    assert any("87.16" in note and "85.16" in note for note in result.notes)
    assert result.form.fields == form.fields  # the rest is exactly as typed


def test_a_text_typed_with_windows_line_ends_comes_back_as_typed_and_unreported(load_fixture, registry, tmp_path):
    """Reading the sheet's XML turns \\r\\n into \\n: that is not an edit made in Excel."""
    form = load_fixture("selfeval-2021-newenergy.evd")
    form.fields["goal_actual"] = form.fields["goal_actual"].replace("。", "。\r\n", 2)
    path = tmp_path / "crlf.xlsx"
    with path.open("wb") as stream:
        write_xlsx([form], stream)
    result = read_workbook(path, registry)
    assert result.form.fields["goal_actual"] == form.fields["goal_actual"]
    assert result.notes == []


def test_a_group_name_retyped_with_its_weight_in_full_width_digits_keeps_only_the_name(exported, registry):
    """As in a hand-typed sheet, 产出指标（５０分） names the group 产出指标: the weight is derived."""
    form, path = exported
    book = load_workbook(path)
    find(book.worksheets[0], "产出指标").value = "产出指标（５０分）"
    book.save(path)
    result = read_workbook(path, registry)
    assert result.form.tables["indicators"][0].get("level1") == "产出指标"


def test_a_retyped_label_makes_the_import_read_by_labels_and_say_so(exported, registry):
    form, path = exported
    book = load_workbook(path)
    find(book.worksheets[0], "项目名称").value = "项目名称："
    book.save(path)
    result = read_workbook(path, registry)
    assert any("已按表中的标签重新识别" in note for note in result.notes)
    assert result.form.fields["project_name"] == form.fields["project_name"]
    assert compute(result.form).printed()["total_score"] == "87.16"


def test_a_batch_workbook_imports_its_first_form_and_names_the_others(load_fixture, registry, tmp_path):
    forms = [load_fixture("selfeval-2020-sast-01.evd"), load_fixture("selfassess-2019-stec-01.evd")]
    path = tmp_path / "batch.xlsx"
    with path.open("wb") as stream:
        write_xlsx(forms, stream)
    result = read_workbook(path, registry)
    assert result.form.same_content(forms[0])
    assert any("2 张工作表" in note and forms[1].project_name in note for note in result.notes)


def test_cli_import_writes_the_form_only_on_success(fixture_path, registry, tmp_path, capsys):
    out = tmp_path / "imported.evd"
    assert main(["import", str(fixture_path("handtyped-selfassess-2019-stec-01.xlsx")), "-o", str(out)]) == 0
    assert compute(load_form(out, registry)).printed()["total_score"] == "95"
    bad = tmp_path / "bad.xlsx"
    bad.write_text("这不是工作簿", encoding="utf-8")
    failed = tmp_path / "failed.evd"
    assert main(["import", str(bad), "-o", str(failed)]) == 2
    assert not failed.exists()
    assert "不是 Excel 工作簿" in capsys.readouterr().err


# ------------------------------------------------------------------------------------- hostile files


def refused(path, registry, *words) -> str:
    with pytest.raises(ImportFailed) as caught:
        read_workbook(path, registry)
    message = str(caught.value)
    assert all(word in message for word in words), message
    return message


def test_not_a_zip_empty_and_a_word_document_are_refused_plainly(registry, tmp_path):
    text = tmp_path / "text.xlsx"
    text.write_text("项目名称,金额\n", encoding="utf-8")
    refused(text, registry, "不是 Excel 工作簿")
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    refused(empty, registry, "空文件")
    docx = tmp_path / "letter.xlsx"
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    refused(docx, registry, "Word")
    refused(tmp_path / "missing.xlsx", registry, "找不到")


def test_a_truncated_workbook_is_refused(exported, registry, tmp_path):
    _, path = exported
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(path.read_bytes()[:4000])
    refused(cut, registry, "cut.xlsx")


def test_a_workbook_damaged_inside_a_part_is_refused_plainly(exported, registry, tmp_path):
    """The zip directory is intact but a sheet's compressed bytes are not (a bad disk, a cut download)."""
    _, path = exported
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        sheet = archive.getinfo("xl/worksheets/sheet1.xml")
    start = sheet.header_offset + 30 + len(sheet.filename.encode()) + len(sheet.extra)
    for offset in range(start + 10, start + sheet.compress_size - 10, 97):
        data[offset] ^= 0x5A
    damaged = tmp_path / "damaged.xlsx"
    damaged.write_bytes(bytes(data))
    refused(damaged, registry, "damaged.xlsx", "已损坏")


def test_a_zip_bomb_is_refused_from_the_zip_directory(exported, registry, tmp_path):
    _, path = exported
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            archive.writestr(item, source.read(item))
        archive.writestr("xl/worksheets/sheet9.xml", b" " * (40 * 1024 * 1024))
    assert bomb.stat().st_size < 200_000
    started = time.monotonic()
    refused(bomb, registry, "压缩炸弹")
    assert time.monotonic() - started < 2


ENTITY_ATTACK = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;&xxe;</t></is></c></row></sheetData></worksheet>"""


def entity_workbook(tmp_path, padding: bytes = b""):
    book = Workbook()
    book.active["A1"] = "财政项目支出绩效自评表"
    plain = io.BytesIO()
    book.save(plain)
    path = tmp_path / "entities.xlsx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w") as archive:
        for item in source.infolist():
            attack = ENTITY_ATTACK.replace(b"?>", b"?>" + padding, 1)
            data = attack if item.filename == "xl/worksheets/sheet1.xml" else source.read(item)
            archive.writestr(item, data)
    return path


def test_an_xml_entity_attack_is_refused(registry, tmp_path):
    refused(entity_workbook(tmp_path), registry, "实体")


def test_an_entity_hidden_behind_a_long_comment_is_still_refused(registry, tmp_path):
    """The first check reads only the top of each part; openpyxl's defusedxml parser catches the rest."""
    padding = b"<!--" + b"x" * 1_500_000 + b"-->"
    refused(entity_workbook(tmp_path, padding), registry, "实体")


def test_openpyxl_itself_parses_through_defusedxml(tmp_path):
    """Second line of defence, should the first check miss a part: openpyxl refuses DTDs by itself."""
    from defusedxml import DefusedXmlException
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML
    with pytest.raises(ValueError) as caught:  # openpyxl wraps the refusal
        load_workbook(entity_workbook(tmp_path))
    assert isinstance(caught.value.__cause__ or caught.value.__context__, DefusedXmlException)


def test_a_password_protected_workbook_is_named_as_such(exported, registry, tmp_path):
    from msoffcrypto.format.ooxml import OOXMLFile

    _, path = exported
    locked = tmp_path / "locked.xlsx"
    with path.open("rb") as plain, locked.open("wb") as out:
        OOXMLFile(plain).encrypt("123456", out)
    refused(locked, registry, "加密", "密码")


def test_a_sheet_of_100000_rows_is_refused_quickly(registry, tmp_path):
    book = Workbook(write_only=True)
    sheet = book.create_sheet("明细")
    sheet.append(["财政项目支出绩效自评表"])
    for number in range(100_000):
        sheet.append([number])
    path = tmp_path / "huge.xlsx"
    book.save(path)
    started = time.monotonic()
    refused(path, registry, "行数")
    assert time.monotonic() - started < 3


@pytest.mark.heavy
def test_an_old_xls_workbook_is_named_as_the_old_format(exported, registry, tmp_path):
    import shutil
    import subprocess

    assert shutil.which("libreoffice"), "LibreOffice is missing: run scripts/system-deps.sh test"
    _, path = exported
    subprocess.run(["libreoffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "xls",
                    "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=120)
    refused(tmp_path / "exported.xls", registry, ".xls", "另存为")
