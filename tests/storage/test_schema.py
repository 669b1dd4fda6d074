"""Every form evaldesk writes, and every fixture, matches the JSON Schema shipped with the package."""
import json
from pathlib import Path

import jsonschema
import pytest

from evaldesk.domain.form import new_form
from evaldesk.storage.evd import dumps
from evaldesk.storage.paths import resources_dir

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

SCHEMA = json.loads((resources_dir() / "schema" / "evd.schema.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.evd")), ids=lambda p: p.name)
def test_fixture_matches_the_schema(path):
    jsonschema.validate(json.loads(path.read_text(encoding="utf-8")), SCHEMA)


def test_new_forms_of_every_template_match_the_schema(registry):
    for template in registry:
        jsonschema.validate(json.loads(dumps(new_form(template))), SCHEMA)


def test_the_schema_rejects_a_derived_figure_typed_as_a_number():
    document = {"format": "evaldesk-form", "format_version": 1, "template": {"id": "x", "version": 1},
                "tables": {"indicators": [{"score": 87.16}]}}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, SCHEMA)
