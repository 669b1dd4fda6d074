"""The new form kinds in the window: the examples open from the start page, the blanks from 新建."""
import pytest

from evaldesk.storage import paths

KINDS = {"monitor-national": "example-monitor.evd", "goals-national": "example-goals.evd",
         "declaration-shanghai-2021": "example-declaration-2021.evd",
         "dept-selfeval-tianjin": "example-dept-selfeval.evd", "dept-selfeval-chongqing-2021": "example-dept-selfeval-cq.evd"}


@pytest.mark.parametrize("template_id", sorted(KINDS))
def test_the_example_and_the_blank_open_in_the_window(window, dialogs, template_id):
    document = window.open_example(paths.examples_dir() / KINDS[template_id])
    assert document.form.template.id == template_id and window.current_view().isVisible()
    project = document.form.project_name
    assert any(project in window.start.examples.item(i).text() for i in range(window.start.examples.count()))
    blank = window.new_form(template_id)
    assert blank.form.template.id == template_id and window.tabs.count() == 2
    assert not dialogs.errors
