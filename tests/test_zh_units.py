"""Chinese counts dollars in 亿 (100 million): every sentence says 410.2亿美元, so the Chinese axes, hover and
tables say 亿美元 too, with the values ×10 (:attr:`~tradetarget.i18n.Messages.money_scale`); never 十亿美元 beside
亿美元. The data (chart CSV, raw column names) stay in US$ billions."""

import math

import pytest

from tradetarget import charts, columns, ytd_charts
from tradetarget.i18n import messages, read_catalogue
from tradetarget.outlook import ModelSettings
from tradetarget.outlook_charts import outlook_charts
from tradetarget.scenario import View, build, projection_table

AS_OF_VIEW = {"growth_pct": 24.0}
INPUT_UNIT_KEYS = {"upload.unit.usd_bn", "upload.unit.short.usd_bn", "export.data.not_positive",
                   "export.data.too_large"}
"""The keys that may say 十亿美元: they name the unit of a file the user uploads (its values are in billions), not a
unit the dashboard shows."""


def _numbers(values) -> list[float]:
    return [float(v) for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]


def _views(dataset, lang):
    return build(dataset, View(lang=lang, **AS_OF_VIEW))


@pytest.fixture(scope="module")
def overview(dataset):
    return {lang: charts.chart_overview(dataset, _views(dataset, lang)) for lang in ("en", "zh")}


def test_the_chinese_overview_is_drawn_in_yi(overview):
    en, zh = overview["en"].figure, overview["zh"].figure
    assert zh.layout.yaxis.title.text == "贸易额（亿美元）"
    assert len(en.data) == len(zh.data)
    compared = 0
    for a, b in zip(en.data, zh.data, strict=True):
        ya, yb = _numbers(a.y or ()), _numbers(b.y or ())
        assert len(ya) == len(yb), a.name
        for u, v in zip(ya, yb, strict=True):
            assert (math.isnan(u) and math.isnan(v)) or v == pytest.approx(u * 10), (a.name, u, v)
            compared += 1
    assert compared > 20
    assert list(zh.layout.yaxis.range) == pytest.approx([10 * v for v in en.layout.yaxis.range])
    target_en = [s.y0 for s in en.layout.shapes if s.yref in (None, "y") and s.y0 == s.y1]
    target_zh = [s.y0 for s in zh.layout.shapes if s.yref in (None, "y") and s.y0 == s.y1]
    assert target_zh == pytest.approx([10 * v for v in target_en]) and 400 in target_zh, "the $40bn line at 400"
    # the data a reader downloads stays in billions, with its raw column names
    assert overview["zh"].data.equals(overview["en"].data)
    assert "value_usd_bn" in overview["zh"].data.columns


def test_hover_and_axis_agree_in_chinese(overview):
    """A GACC 2023 point sits at 410.2 on the axis, and its hover says 410.2亿美元."""
    zh = overview["zh"].figure
    for trace in zh.data:
        for y, data in zip(trace.y or (), trace.customdata or (), strict=False):
            text = data[0] if isinstance(data, (list, tuple)) else data
            if isinstance(text, str) and "410.2亿美元" in text:
                assert y == pytest.approx(410.2, abs=0.05)
                return
    pytest.fail("no hover with 410.2亿美元 on the Chinese overview")


def _money_axes(fig):
    layout = fig.layout.to_plotly_json()
    return charts._money_axes(layout, messages("zh"))


def test_no_chinese_chart_says_shi_yi_and_money_axes_are_scaled(dataset):
    outlook = _views(dataset, "zh")
    built = [*charts.all_charts(dataset, outlook), charts.chart_backtest(dataset, outlook),
             ytd_charts.chart_ytd(dataset, outlook), *outlook_charts(dataset, outlook, ModelSettings(paths=1000))]
    english = {c.key: c for c in [*charts.all_charts(dataset, _views(dataset, "en")),
                                  charts.chart_backtest(dataset, _views(dataset, "en")),
                                  ytd_charts.chart_ytd(dataset, _views(dataset, "en")),
                                  *outlook_charts(dataset, _views(dataset, "en"), ModelSettings(paths=1000))]}
    scaled = 0
    for chart in built:
        assert "十亿" not in chart.figure.to_json(), chart.key
        money = _money_axes(chart.figure)
        if chart.key == "sensitivity":
            assert money == set(), "the tornado's value axes carry no unit title: named by the builder"
            en_x = _numbers(english[chart.key].figure.data[-1].x)
            zh_x = _numbers(chart.figure.data[-1].x)
            assert zh_x == pytest.approx([10 * v for v in en_x]), "the value panel's bars in 亿美元"
            scaled += 1
            continue
        for axis in money:
            name = f"{axis[0]}axis{axis[1:]}"
            en_axis, zh_axis = english[chart.key].figure.layout[name], chart.figure.layout[name]
            if en_axis.range is not None:
                assert list(zh_axis.range) == pytest.approx([10 * v for v in en_axis.range]), (chart.key, name)
                scaled += 1
    assert scaled >= 6
    keys = {c.key for c in built if _money_axes(c.figure)}
    assert {"overview", "milestones", "gap", "backtest", "ytd", "fan", "model", "scenarios"} <= keys, keys
    assert not {"growth", "probability", "gauge", "visitors"} & keys, "growth rates, chances and counts stay"


def test_chinese_tables_show_yi(dataset):
    assert columns.header("turnover_usd_bn", "zh") == "贸易额（亿美元）"
    assert columns.header("value_at_deadline_usd_bn", "zh").endswith("（亿美元）")
    assert columns.formatted("turnover_usd_bn", 41.02, 2, "zh") == "410.2"  # a sourced figure, as sourced
    assert columns.formatted("gap_usd_bn", 9.876, 2, "zh") == "98.8"  # derived: the same precision in 亿
    assert columns.formatted("turnover_usd_bn", 41.02, 2, "ru") == "41,02"  # billions elsewhere
    assert columns.formatted("turnover_usd_bn", 41.02, 2, "en") == "41.02"
    en, zh = (projection_table(dataset, _views(dataset, lang)) for lang in ("en", "zh"))
    assert all("十亿" not in str(c) for c in zh.columns)
    assert zh["目标（亿美元）"].iloc[0] == pytest.approx(400.0) and en["target (USD bn)"].iloc[0] == 40.0
    actual = "海关总署实际数据（亿美元）"
    year = zh.set_index("year")
    assert year.loc[2023, actual] == pytest.approx(410.2, abs=0.05)


def test_no_chinese_message_says_shi_yi():
    """Every Chinese message says 亿美元 for dollars, except those naming an uploaded file's unit."""
    found = {message.id for message in read_catalogue("zh")
             if "十亿" in "".join(message.string if isinstance(message.string, tuple) else [message.string])}
    assert found == INPUT_UNIT_KEYS, found


def test_amounts_in_the_language_unit():
    zh, en, ru = messages("zh"), messages("en"), messages("ru")
    assert (zh.money_scale, en.money_scale, ru.money_scale) == (10, 1, 1)
    assert zh.amount(38.84) == "388.4" and en.amount(38.84) == "38.8" and ru.amount(38.84) == "38,8"
    assert zh("charts.axis.usd_bn") == "亿美元"
