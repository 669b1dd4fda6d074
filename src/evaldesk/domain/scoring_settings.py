"""An issuer's scoring rules as template data: the optional "scoring" object of a template.

Every setting has a default taken from SCORING.md (the provincial 预算管理一体化 module's rules), so a
template without a "scoring" object proposes scores by those rules. Another issuer's rules are a data
file: e.g. {"scoring": {"at_most_rule": "ratio", "overshoot": "1.3", "rate_caps": [...]}}.
"""
from __future__ import annotations

from decimal import Decimal

from .numbers import setting_number
from .value import Value, field_names

TYPE_CHECKING = False  # typing itself is not imported at run time: `evaldesk check` does without it
if TYPE_CHECKING:
    from typing import Any

AT_MOST_RULES = ("linear_to_double", "ratio")  # ≤ targets: lose points linearly to 0 at 2t; or t ÷ a × w
BARE_OPERATORS = ("≥", "=", "none")  # a target typed without an operator ("100%"): read as ≥, as =, or not scored


class Band(Value):
    """A qualitative band: the score lies in [low × w, high × w) (the top band includes w); `point` is proposed."""

    name: str
    low: Decimal
    high: Decimal
    point: Decimal
    words: tuple[str, ...] = ()  # words in an actual value that place it in this band (比较, 基本, 不, 未 …)


class RateCap(Value):
    below: Decimal  # an execution rate below this …
    maximum: Decimal  # … caps the total score at this


DEFAULT_BANDS = (
    Band("达成年度指标", Decimal("0.8"), Decimal("1"), Decimal("1")),
    Band("部分达成年度指标并具有一定效果", Decimal("0.6"), Decimal("0.8"), Decimal("0.7"),
         ("比较", "较为", "基本", "部分", "一般", "尚可", "有所", "较")),
    Band("未达成年度指标且效果较差", Decimal("0"), Decimal("0.6"), Decimal("0.3"),
         ("不", "未", "没有", "差", "无法", "欠", "滞后", "延期", "推迟")),
)
ACHIEVED_WORDS = ("及时", "按时", "按期", "规范", "有效", "提升", "显著", "满意", "达到预期", "好", "良好", "健全",
                  "完成", "已完成", "达标", "合格", "安全", "稳定", "整洁", "零发生", "提前", "是", "符合")


class ScoringSettings(Value):
    enabled: bool = True
    target_column: str = "target"  # the column holding 年度指标值
    actual_column: str = "actual"  # … 实际完成值
    nature_column: str = ""  # 指标性质 (≥, ≤, 定性, 不适用 …) where the form prints it separately
    unit_column: str = ""  # 度量单位 where the form prints it separately
    reason_column: str = ""  # where a departure's reason is written; default: the 偏差原因 column
    decimals: int = 2
    bare_operator: str = "≥"
    at_most_rule: str = "linear_to_double"
    deadline_missed: Decimal = Decimal("0")  # share of 分值 for a deadline missed
    bands: tuple[Band, ...] = DEFAULT_BANDS
    achieved_words: tuple[str, ...] = ACHIEVED_WORDS
    departure_margin: Decimal | None = Decimal("0.5")  # points a score may depart from its proposal without a reason
    overshoot: Decimal | None = Decimal("1.2")  # a result at this multiple of the target is flagged (target too low)
    rate_reason_below: Decimal | None = Decimal("0.9")  # an execution rate below this needs a written reason
    rate_reason_row: str = "执行率"  # the indicator row whose reason column holds that reason
    rate_caps: tuple[RateCap, ...] = ()  # e.g. below 0.8 → at most 89 (desk33.com); none by default
    not_applicable: str = "rescale"  # 不适用 rows drop out and the others are rescaled; or "none"

    @property
    def step(self) -> Decimal:
        return Decimal(1).scaleb(-self.decimals)


def read_scoring(data: Any, error: type[Exception]) -> ScoringSettings:
    """The settings of a template's "scoring" object (None: the defaults); `error` carries a sentence."""
    if data is None:
        return ScoringSettings()
    if not isinstance(data, dict):
        raise error("模板的“scoring”应是一个对象")
    known = set(field_names(ScoringSettings))
    unknown = sorted(set(data) - known)
    if unknown:
        raise error(f"模板的“scoring”含有不认识的设置：{'、'.join(unknown)}")
    values: dict[str, Any] = {}
    for key, value in data.items():
        values[key] = _value(key, value, error)
    return ScoringSettings(**values)


def _value(key: str, value: Any, error: type[Exception]) -> Any:
    where = f"评分设置“{key}”"
    if key == "enabled":
        return bool(value)
    if key == "decimals":
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 4:
            raise error(f"{where}应为 0 到 4 的整数")
        return value
    if key in ("deadline_missed", "departure_margin", "overshoot", "rate_reason_below"):
        return None if value is None and key != "deadline_missed" else setting_number(value, where, error)
    if key == "bare_operator":
        return _one_of(value, BARE_OPERATORS, where, error)
    if key == "at_most_rule":
        return _one_of(value, AT_MOST_RULES, where, error)
    if key == "not_applicable":
        return _one_of(value, ("rescale", "none"), where, error)
    if key == "bands":
        return tuple(_band(b, where, error) for b in _list(value, where, error))
    if key == "achieved_words":
        return tuple(str(w) for w in _list(value, where, error))
    if key == "rate_caps":
        caps = tuple(RateCap(setting_number(_get(c, "below", where, error), where, error),
                             setting_number(_get(c, "max", where, error), where, error)) for c in _list(value, where, error))
        return tuple(sorted(caps, key=lambda c: c.below))
    if not isinstance(value, str):
        raise error(f"{where}应为文字")
    return value


def _band(data: Any, where: str, error: type[Exception]) -> Band:
    band = Band(str(_get(data, "name", where, error)), setting_number(_get(data, "low", where, error), where, error),
                setting_number(_get(data, "high", where, error), where, error),
                setting_number(_get(data, "point", where, error), where, error), tuple(str(w) for w in data.get("words", ())))
    if not band.low <= band.point <= band.high:
        raise error(f"{where}：档次“{band.name}”的 point 应在 low 与 high 之间")
    return band


def _get(data: Any, key: str, where: str, error: type[Exception]) -> Any:
    if not isinstance(data, dict) or key not in data:
        raise error(f"{where}的每一项都应有“{key}”")
    return data[key]


def _list(value: Any, where: str, error: type[Exception]) -> list:
    if not isinstance(value, list):
        raise error(f"{where}应是一个列表")
    return value


def _one_of(value: Any, allowed: tuple[str, ...], where: str, error: type[Exception]) -> str:
    if value not in allowed:
        raise error(f"{where}只能是 {'、'.join(allowed)} 之一，而不是 {value!r}")
    return value
