"""Learning an issuer's conventions from the figures a filed form prints."""
from decimal import Decimal

from evaldesk.domain.compute import compute
from evaldesk.domain.conventions import conventions_of, with_conventions
from evaldesk.domain.learning import learn_conventions


def langfang_under_national(load_fixture, registry):
    form = load_fixture("selfeval-2019-hebei-langfang.evd")
    form.template = registry.get("selfeval-national")
    return form


def test_the_hebei_form_teaches_a_whole_percent_and_an_integer_score(load_fixture, registry):
    form = langfang_under_national(load_fixture, registry)
    learned = learn_conventions(form, {"execution_rate": "86%", "budget_weight": "10", "budget_score": "9",
                                       "total_score": "98"})
    assert learned.evidence == ["执行率 打印为整数百分比：86.20% 印为 86%", "预算执行得分取整数：10 × 86.20% = 8.62 印为 9"]
    form.template = with_conventions(form.template, learned.conventions)
    figures = compute(form)
    assert (figures.execution_rate_text, figures.printed()["budget_score"], figures.printed()["total_score"]) == \
        ("86%", "9", "98")


def test_a_total_without_the_budget_score_teaches_that_it_is_not_counted(load_fixture, registry):
    form = langfang_under_national(load_fixture, registry)
    learned = learn_conventions(form, {"execution_rate": "86.20%", "total_score": "89"})
    assert not learned.conventions.budget_counted
    assert learned.evidence == ["预算执行得分不计入总分：指标得分合计 89，总分印为 89"]


def test_the_budget_score_read_from_the_total_when_its_own_cell_is_blank(load_fixture, registry):
    form = langfang_under_national(load_fixture, registry)
    learned = learn_conventions(form, {"execution_rate": "86%", "total_score": "106.2"})  # 89 + 20 × 86.20 %
    assert (learned.conventions.budget_weight, learned.conventions.rate_decimals) == (Decimal(20), 0)


def test_figures_the_template_already_reproduces_teach_nothing(load_fixture, registry):
    form = langfang_under_national(load_fixture, registry)
    learned = learn_conventions(form, {"execution_rate": "86.20%", "budget_score": "8.62", "total_score": "97.62"})
    assert not learned.changed and learned.conventions == conventions_of(form.template)


def test_a_figure_no_setting_explains_changes_nothing(load_fixture, registry):
    form = langfang_under_national(load_fixture, registry)
    learned = learn_conventions(form, {"execution_rate": "77%", "budget_score": "3.3"})
    assert not learned.changed
