"""Value classes (domain/value.py) keep what the template model relied on from frozen dataclasses."""
import copy
import pickle

import pytest

from evaldesk.domain.places import Place
from evaldesk.domain.template import ColumnSpec
from evaldesk.domain.value import Fresh, Value, field_names, replace


class Note(Value, mutable=True):
    text: str
    tags: list = Fresh(list)


def test_a_value_is_immutable_compared_and_hashed_by_its_fields():
    column = ColumnSpec("score", "得分", role="score")
    with pytest.raises(AttributeError):
        column.role = "weight"
    assert column == ColumnSpec("score", "得分", "score") and column != ColumnSpec("score", "得分")
    assert len({column, ColumnSpec("score", "得分", role="score")}) == 1
    assert repr(column).startswith("ColumnSpec(key='score', label='得分', role='score'")


def test_replace_copies_with_changes_and_refuses_an_unknown_field():
    column = ColumnSpec("score", "得分")
    changed = replace(column, derived=True)
    assert changed.derived and not column.derived and changed.key == "score"
    with pytest.raises(TypeError):
        replace(column, colour="red")


def test_missing_and_unknown_fields_are_refused_like_a_dataclass():
    with pytest.raises(TypeError):
        ColumnSpec("score")
    with pytest.raises(TypeError):
        ColumnSpec("score", "得分", width=3)


def test_places_sort_field_by_field_and_survive_copy_and_pickle():
    places = [Place("table", "indicators", 2, "score"), Place("field", "x"), Place("table", "indicators", 1)]
    assert sorted(places) == [Place("field", "x"), Place("table", "indicators", 1), Place("table", "indicators", 2, "score")]
    for place in places:
        assert copy.deepcopy(place) == place and pickle.loads(pickle.dumps(place)) == place


def test_a_mutable_value_gets_a_fresh_default_each_time_and_is_not_hashable():
    first, second = Note("a"), Note("b")
    first.tags.append("x")
    assert second.tags == [] and field_names(Note) == ("text", "tags")
    first.text = "changed"
    assert first == Note("changed", ["x"])
    with pytest.raises(TypeError):
        hash(first)


def test_a_template_compares_without_the_json_it_was_read_from():
    from evaldesk.storage.templates import load_templates

    template = load_templates().get("selfeval-national")
    assert replace(template, source={}) == template and "source" not in repr(template)
