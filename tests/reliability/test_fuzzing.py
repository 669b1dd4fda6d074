"""Property-based fuzzing (hypothesis) of the .evd loader, the template loader, the Excel importer and
both exporters: every input is handled or refused with the app's own message, never a traceback, and
never over the time bound (hypothesis' deadline, per input). Figures in docs/reliability.md."""
from __future__ import annotations

import copy
import io
import json
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evaldesk.domain.problems import evaluate
from evaldesk.domain.template import TemplateError, template_from_dict
from evaldesk.storage import evd
from evaldesk.storage.templates import load_templates

pytestmark = pytest.mark.heavy

FIXTURES = Path(__file__).parent.parent / "fixtures"
SEED = json.loads((FIXTURES / "selfeval-2021-newenergy.evd").read_text(encoding="utf-8"))
TEMPLATES = Path(evd.__file__).parent.parent / "resources" / "templates"
WORKBOOK = (FIXTURES / "handtyped-selfeval-2021-newenergy.xlsx").read_bytes()
REGISTRY = load_templates(user_dir=Path("/nonexistent"))
COMMON = dict(deadline=timedelta(seconds=10), suppress_health_check=list(HealthCheck), derandomize=True)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40)
    | st.sampled_from(["", "9" * 30, "-", "1e400", "\ud800", "=1+1", "万元"]),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=20,
)


def paths_of(tree, prefix=()):
    """Every place in a JSON tree, as a path of keys and indexes."""
    yield prefix
    if isinstance(tree, dict):
        for key, value in tree.items():
            yield from paths_of(value, prefix + (key,))
    elif isinstance(tree, list):
        for index, value in enumerate(tree):
            yield from paths_of(value, prefix + (index,))


def mutate(tree, data, mutations: int):
    """The tree with `mutations` places replaced by arbitrary JSON, or removed."""
    tree = copy.deepcopy(tree)
    for _ in range(mutations):
        places = [p for p in paths_of(tree) if p]
        if not places:
            break
        place = data.draw(st.sampled_from(places))
        parent = tree
        for step in place[:-1]:
            parent = parent[step]
        if data.draw(st.booleans()) and isinstance(parent, dict):
            del parent[place[-1]]
        else:
            parent[place[-1]] = data.draw(json_values)
    return tree


def loads_or_refuses(raw: bytes):
    try:
        form = evd.loads(raw, REGISTRY, "fuzz.evd")
    except evd.DocumentError as error:
        assert str(error) and "Traceback" not in str(error)
        return None
    evaluate(form)  # what check and the window do with every form they open
    again = evd.loads(evd.dumps(form), REGISTRY, "again.evd")  # what it writes it reads back
    assert again.same_content(form)
    return form


@settings(max_examples=400, **COMMON)
@given(st.data(), st.integers(1, 6))
def test_the_evd_loader_opens_or_refuses_every_mangled_form(data, mutations):
    text = json.dumps(mutate(SEED, data, mutations), ensure_ascii=data.draw(st.booleans()))
    loads_or_refuses(text.encode("utf-8", "surrogatepass"))  # a raw surrogate: not UTF-8, refused


@settings(max_examples=200, **COMMON)
@given(st.binary(max_size=2000) | st.text(max_size=500).map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_the_evd_loader_refuses_arbitrary_bytes_with_a_sentence(raw):
    loads_or_refuses(raw)


@settings(max_examples=100, **COMMON)
@given(st.integers(1, 100_000), st.sampled_from(["[", "{\"a\":"]))
def test_the_evd_loader_refuses_any_nesting_depth_or_opens_it(depth, opener):
    closer = "]" if opener == "[" else "}"
    loads_or_refuses(('{"format": "evaldesk-form", "format_version": 1, "x": ' + opener * depth + "1"
                      + closer * depth + "}").encode())


@settings(max_examples=300, **COMMON)
@given(st.data(), st.sampled_from(sorted(TEMPLATES.glob("*.json"))), st.integers(1, 6))
def test_the_template_loader_reads_or_refuses_every_mangled_template(data, template_file, mutations):
    tree = mutate(json.loads(template_file.read_text(encoding="utf-8")), data, mutations)
    try:
        template = template_from_dict(tree)
    except TemplateError as error:
        assert str(error)
        return
    form = SEED_FORM_WITH(template)
    if form is not None:
        evaluate(form)


def SEED_FORM_WITH(template):  # noqa: N802 - reads as a phrase
    data = copy.deepcopy(SEED)
    data["template"] = {"id": template.id, "version": 10_000, "definition": template.source}
    try:
        return evd.loads(json.dumps(data).encode(), REGISTRY, "fuzz.evd")
    except evd.DocumentError:
        return None


def _workbook_with(replace: dict[str, bytes]) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(WORKBOOK))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, replace.get(info.filename, source.read(info.filename)))
    return out.getvalue()


SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"


@settings(max_examples=150, **COMMON)
@given(data=st.data())
def test_the_excel_importer_imports_or_refuses_every_mangled_workbook(data, tmp_path_factory):
    from evaldesk.readers.workbook import ImportFailed, read_workbook

    names = zipfile.ZipFile(io.BytesIO(WORKBOOK)).namelist()
    how = data.draw(st.sampled_from(["bytes", "xml", "text"]))
    if how == "bytes":  # the file itself damaged: flipped, cut or inserted bytes
        raw = bytearray(WORKBOOK)
        for _ in range(data.draw(st.integers(1, 20))):
            raw[data.draw(st.integers(0, len(raw) - 1))] = data.draw(st.integers(0, 255))
        raw = bytes(raw[: data.draw(st.integers(len(raw) // 2, len(raw)))])
    else:
        part = data.draw(st.sampled_from([n for n in names if n.endswith(".xml")]))
        xml = zipfile.ZipFile(io.BytesIO(WORKBOOK)).read(part)
        start = data.draw(st.integers(0, len(xml)))
        end = data.draw(st.integers(start, min(len(xml), start + 200)))
        insert = (data.draw(st.text(max_size=60)).encode("utf-8", "surrogatepass") if how == "text" else
                  data.draw(st.sampled_from([b'<c r="XFD1048576"><v>1</v></c>', b'<mergeCell ref="A1:ZZ9999"/>',
                                             b"<row r=\"99999\"/>", b"&#1;", b"<!DOCTYPE x>", b"</worksheet>", b""])))
        raw = _workbook_with({part: xml[:start] + insert + xml[end:]})
    path = tmp_path_factory.mktemp("fuzz") / "fuzz.xlsx"
    path.write_bytes(raw)
    try:
        result = read_workbook(path, REGISTRY)
    except ImportFailed as error:
        assert str(error) and "Traceback" not in str(error)
        return
    evaluate(result.form)
    evd.loads(evd.dumps(result.form), REGISTRY)


texts = st.text(max_size=300) | st.sampled_from(["=1+1", "\t=A1", "@SUM(A1)", "9" * 26, "-", "\ud800", "\x00\x0b"])


@pytest.fixture(scope="module")
def warm_exporters():
    """One export first, so that loading openpyxl, reportlab and the font is not timed as an input."""
    from evaldesk.export.pdf import write_pdf
    from evaldesk.export.xlsx import write_xlsx

    form = evd.loads(json.dumps(SEED).encode(), REGISTRY)
    write_xlsx([form], io.BytesIO())
    write_pdf([form], io.BytesIO(), draft=None)


@settings(max_examples=60, **{**COMMON, "deadline": timedelta(seconds=30)})
@given(data=st.data())
def test_both_exporters_write_every_form_that_opens(warm_exporters, data):
    from openpyxl import load_workbook
    from pypdf import PdfReader

    from evaldesk.domain.edits import SetCell, SetField
    from evaldesk.export.pdf import write_pdf
    from evaldesk.export.xlsx import write_xlsx

    form = evd.loads(json.dumps(SEED).encode(), REGISTRY)
    for key in data.draw(st.lists(st.sampled_from(sorted(form.fields)), max_size=6)):
        SetField(key, data.draw(texts)).apply(form)
    rows = form.tables["indicators"]
    for _ in range(data.draw(st.integers(0, 8))):
        column = data.draw(st.sampled_from(["name", "target", "actual", "weight", "score", "deviation"]))
        SetCell("indicators", data.draw(st.integers(0, len(rows) - 1)), column, data.draw(texts)).apply(form)
    xlsx, pdf = io.BytesIO(), io.BytesIO()
    write_xlsx([form], xlsx)
    write_pdf([form], pdf, draft=None)
    xlsx.seek(0)
    assert load_workbook(xlsx).worksheets
    assert len(PdfReader(io.BytesIO(pdf.getvalue())).pages) >= 1
