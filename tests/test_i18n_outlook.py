"""The uncertainty page in Russian, Kazakh and Chinese: every chart text of outlook_charts is translated,
numbers follow the language, and English stays as it was."""

import re

import pytest

from tradetarget import export as export_module
from tradetarget import model, outlook_charts
from tradetarget import outlook as o
from tradetarget.i18n import messages
from tradetarget.outlook import ModelSettings, risk
from tradetarget.scenario import View, build
from tradetarget.screen import text_width
from tradetarget.uncertainty import ModelError

SEED = model.SEED_BASE_YEAR
KAZAKH = set("әғқңөұүһі")
CJK = re.compile(r"[\u4e00-\u9fff]")
ENGLISH_WORDS = re.compile(r"\b(?:the|of|and|by|year|years|growth|target|deadline|chance|paths|median|actual|slider|"
                           r"required|average|scenario|scenarios|trend|exports|imports|balance|never|now|setting|"
                           r"source|reached|value|projection|model|range|past|figure|turnover|bn|a year|every|"
                           r"spread|lower|higher|other|Sensitivity|Named|Growth|Chance|How|met|missed|from)\b")
"""Words of this module's English templates; none may be left in a translated chart."""
TAG = re.compile(r"<[^>]+>")


def _without_names(text: str) -> str:
    """Plotly text without tags and the tags GACC / BNS / USD (kept in Latin letters)."""
    return re.sub(r"\b(?:GACC|BNS|USD)\b", "", TAG.sub(" ", text or ""))


def _texts(chart) -> list[str]:
    """Titles, axis titles, category labels, legend names and annotations (the footer, built by charts.py from the
    shared answer sentences, is checked by its owners), plus hover texts."""
    fig = chart.figure
    layout = fig.layout.to_plotly_json()
    texts = [fig.layout.title.text, fig.layout.title.subtitle.text]
    for key, axis in layout.items():
        if key.startswith(("xaxis", "yaxis")):
            texts.append((axis.get("title") or {}).get("text", ""))
            texts += [str(c) for c in axis.get("categoryarray") or ()]
    texts += [t.name or "" for t in fig.data]
    texts += [a.text for a in fig.layout.annotations if a.name != "footer"]
    texts += [(a.name or "").removeprefix("compact:") for a in fig.layout.annotations if a.name != "footer"]
    for trace in fig.data:
        for field in (trace.customdata, getattr(trace, "text", None)):
            if field is not None and len(field) and isinstance(field[0], str):
                texts += list(field)
    texts.append(chart.title)
    return [t for t in texts if t]


@pytest.fixture(scope="module")
def views(dataset):
    return {lang: build(dataset, View(base_year=SEED, growth_pct=12.5, deadline=2032, lang=lang))
            for lang in ("en", "ru", "kk", "zh")}


@pytest.mark.parametrize("lang", ["ru", "kk", "zh"])
@pytest.mark.parametrize("growth_model", o.MODEL_NAMES)
def test_every_outlook_chart_is_translated(dataset, views, lang, growth_model):
    charts = outlook_charts.outlook_charts(dataset, views[lang], ModelSettings(growth_model=growth_model))
    assert [c.key for c in charts] == list(outlook_charts.BUILDERS)
    for chart in charts:
        texts = _texts(chart)
        left = [(t, ENGLISH_WORDS.findall(_without_names(t))) for t in texts if ENGLISH_WORDS.search(_without_names(t))]
        assert not left, (chart.key, left[:3])
        joined = " ".join(texts)
        if lang == "kk":
            assert KAZAKH & set(joined), chart.key
        if lang == "zh":
            assert CJK.search(chart.figure.layout.title.text), chart.key
            assert len(CJK.findall(joined)) > 50, chart.key
        else:
            assert re.search("[а-яА-Я]", chart.figure.layout.title.text), chart.key


def test_numbers_follow_the_language(dataset, views):
    for lang, money, rate in (("ru", "40 млрд долл.", "+12,5%"), ("kk", "40 млрд доллар", "+12,5%"),
                              ("zh", "400亿美元", "+12.5%")):
        charts = {c.key: c for c in outlook_charts.outlook_charts(dataset, views[lang], ModelSettings())}
        fan = " ".join(_texts(charts["fan"])).replace("\xa0", " ")
        assert money in fan and rate in fan, lang
        hover = " ".join(str(c) for t in charts["fan"].figure.data if t.customdata is not None for c in t.customdata)
        assert "$" not in hover and "bn" not in hover, lang
        if lang != "zh":
            assert re.search(r"\d,\d", hover.replace("\xa0", " ")), "decimal comma in the hover"
        else:
            assert "亿美元" in hover


def test_english_is_unchanged(dataset, views):
    charts = {c.key: c for c in outlook_charts.outlook_charts(dataset, views["en"], ModelSettings())}
    fan = charts["fan"].figure
    assert fan.layout.title.text == "<b>How sure? A fan of simulated paths</b>"
    names = {t.name for t in fan.data}
    assert {"10–90% of paths", "25–75% of paths", "median = +12.5% every year", "actual figure"} <= names
    assert fan.layout.yaxis.title.text == "Trade turnover, USD bn"
    hover = [c for t in fan.data if t.name == "median = +12.5% every year" for c in t.customdata]
    assert hover[0] == "GACC 2022: median $31.2bn"
    gauge = charts["gauge"].figure
    assert gauge.layout.title.text == ("<b>Growth needed for $40bn by 2032 (what-if deadline), against the slider "
                                       "and the past</b>")
    assert gauge.layout.xaxis.title.text == "Growth of trade turnover, % a year"
    prob = charts["probability"].figure
    assert prob.layout.xaxis.title.text == "By the end of (dotted line: what-if deadline 2032)"
    assert prob.layout.yaxis.title.text == "Chance $40bn reached"
    assert charts["sensitivity"].figure.layout.title.text == "<b>Sensitivity: what moves the answer</b>"
    assert set(o.SCENARIO_NAMES) - {"Required pace"} <= set(charts["scenarios"].data["scenario"])
    bns = charts["scenarios"].figure.layout.annotations
    assert any("Required pace +5.2%: $40bn" in (a.text or "") for a in bns)


def test_risk_words_in_each_language(dataset, views):
    en = risk(dataset, views["en"], ModelSettings(paths=1000))
    assert en.chance_text("GACC") == "met in 2023 (actual)" and en.even_odds_text("GACC") == "2023 (actual)"
    assert risk(dataset, views["ru"], ModelSettings(paths=1000)).chance_text("GACC") == "достигнута (2023)"
    assert "2023年" in risk(dataset, views["zh"], ModelSettings(paths=1000)).chance_text("GACC")
    assert o.chance(0.995, "ru") == ">95%" and o.chance(0.745, "ru") == "75%" and o.chance(0.5) == "50%"


def test_labels_for_the_controls_keep_the_option_values():
    assert o.MODEL_NAMES == ("constant", "decay", "trend", "two-flow") and o.METHODS == ("bootstrap", "normal")
    assert [o.model_label(m) for m in o.MODEL_NAMES] == list(o.MODELS.values())
    assert [o.method_label(m) for m in o.METHODS] == list(o.METHOD_LABELS.values())
    assert [o.method_sentence(m) for m in o.METHODS] == list(o.METHOD_SENTENCES.values())
    assert o.model_caption("constant") == "the slider rate every year"
    for lang in ("ru", "kk", "zh"):
        t = messages(lang)
        for name in o.MODEL_NAMES:
            assert o.model_label(name, lang) != messages("en")(f"outlook.model.{name}")
            assert o.model_caption(name, lang) and t.has(f"outlook.model.caption.{name}")
        for name in o.METHODS:
            assert o.method_label(name, lang) and o.method_caption(name, lang)
        for factor in o.SENSITIVITY_FACTORS:
            assert o.swing_text(factor, lang) and o.factor_label(factor, lang) != factor
        for name in o.SCENARIO_NAMES:
            assert o.scenario_label(name, lang) != name
    assert o.swing_text("growth") == o.SWINGS["growth"] and o.swing_text("deadline") == o.SWINGS["deadline"]
    assert all(o.factor_label(f) == f for f in o.SENSITIVITY_FACTORS)


def test_settings_errors_in_the_readers_language():
    with pytest.raises(ModelError) as caught:
        ModelSettings(long_run_pct=99.0)
    assert str(caught.value) == "long_run_pct must be between -10 and 30, got 99"
    assert o.settings_error(caught.value) == str(caught.value)
    ru = o.settings_error(caught.value, "ru")
    assert "Долгосрочный рост" in ru and "30" in ru and "long_run_pct" not in ru
    with pytest.raises(ModelError) as caught:
        ModelSettings(paths=10)
    assert "路径数" in o.settings_error(caught.value, "zh")
    assert o.settings_error(ValueError("plain"), "kk") == "plain"


def test_describe_and_model_notes_in_each_language(dataset, views):
    decay = ModelSettings(growth_model="decay", long_run_pct=2.5, half_life_years=1.5)
    assert decay.describe() == "growth decaying to +2.5% a year (half-life 1.5 years)"
    assert "+2,5%" in decay.describe("ru") and "1,5" in decay.describe("kk")
    assert ModelSettings(growth_model="trend", trend_window=(2013, 2021)).describe("zh").startswith("2013")
    # a trend window the data cannot fill: uncertainty's error comes back in the view's language
    window = ModelSettings(growth_model="trend", trend_window=(1995, 1999))
    en = o.model_paths(dataset, views["en"], window).problems["GACC"]
    ru = o.model_paths(dataset, views["ru"], window).problems["GACC"]
    assert en == "a trend needs at least 2 annual figures in 1995–1999, found 0"
    assert "для тренда нужно не менее 2 годовых значений" in ru


def test_chinese_panel_notes_wrap_by_width(dataset, views):
    """The model chart's panels carry their source's name alone (a note in the plot covered data); each source's
    assumption is in the subtitle, wrapped by width like every subtitle."""
    chart = outlook_charts.chart_models(dataset, views["zh"], ModelSettings(growth_model="two-flow"))
    panels = [a.text for a in chart.figure.layout.annotations if a.text and a.text.startswith("<b>")]
    assert len(panels) == 2 and all("<br>" not in p for p in panels)
    subtitle = chart.figure.layout.title.subtitle.text
    assert "。海关总署：" in subtitle and "。哈萨克斯坦国家统计局：" in subtitle, "sentences joined without a space"
    export = export_module.export_figure(chart.figure).layout.title.subtitle.text
    assert all(text_width(line) <= export_module.SUBTITLE_WIDTH for line in export.split("<br>")), "wrapped"
