"""The main charts in Russian, Kazakh and Chinese: every reader-facing text in the chart's language, numbers
in the language's formats, the tourism years never swapped, English unchanged; wrapping by display width."""

import re
import textwrap
from pathlib import Path

import plotly.graph_objects as go
import pytest

from tradetarget import charts, i18n, screen
from tradetarget.scenario import View, build

OTHER = ("ru", "kk", "zh")
ENGLISH_WORDS = {"turnover", "target", "projection", "projected", "actual", "year", "years", "sources", "source",
                 "deadline", "pledges", "pledged", "shaded", "visa", "free", "tourism", "visitors", "gap", "scenario",
                 "hollow", "markers", "data", "growth", "slider", "required", "milestones", "forecast", "outcome",
                 "conflict", "span", "calendar", "what", "if", "bn", "from", "and", "of", "the", "no", "figure", "yet"}
"""Words of the English chart templates that must not survive in another language (tags GACC, BNS, USD may)."""
KAZAKH_LETTERS = set("әғқңөұүһі")
CJK = re.compile(r"[\u4e00-\u9fff]")
TAG = re.compile(r"<[^>]+>|%\{[^}]*\}")


def _template_words() -> set[str]:
    """Every Latin word of four letters or more in the English chart templates (placeholders and tags left out)."""
    text = (Path(i18n.CATALOGUE) / "en" / "charts.po").read_text(encoding="utf-8")
    strings = re.findall(r'^msgstr "(.*)"$', text, flags=re.M)
    words = set()
    for value in strings:
        value = re.sub(r"\{[a-z_]+\}|<[^>]+>", " ", value)
        words |= {w.lower() for w in re.findall(r"[A-Za-z]{4,}", value)}
    return words - {"gacc"}


@pytest.fixture(scope="module")
def figures(dataset):
    """Every main chart of the default view and of a one-source what-if view, per language."""
    views = {"default": {}, "what-if": {"sources": ("BNS",), "base_year": 2022, "deadline": 2035}}
    return {lang: [chart for params in views.values()
                   for chart in charts.all_charts(dataset, build(dataset, View(lang=lang, **params)))]
            for lang in (*OTHER, "en")}


def _reader_texts(fig: go.Figure, footer: bool = True) -> dict[str, list[str]]:
    """The texts a reader sees on a figure, by kind, with tags and plotly's %{...} fields removed."""
    layout = fig.layout
    texts: dict[str, list[str]] = {"title": [layout.title.text or "", layout.title.subtitle.text or ""],
                                   "axis": [], "legend": [], "annotation": [], "hover": [], "label": []}
    for name in ("xaxis", "yaxis", "xaxis2", "yaxis2"):
        axis = getattr(layout, name, None)
        if axis is not None:
            texts["axis"] += [axis.title.text or "", *(axis.ticktext or ()), *map(str, axis.categoryarray or ())]
    for trace in fig.data:
        texts["legend"].append(trace.name or "")
        texts["hover"].append(trace.hovertemplate or "")
        if trace.text is not None:
            texts["label"] += [str(t) for t in (trace.text if isinstance(trace.text, tuple) else [trace.text])]
        if trace.customdata is not None:
            texts["hover"] += [str(c) for c in trace.customdata]
    for note in layout.annotations:
        if footer or note.name != "footer":
            texts["annotation"] += [note.text or "", (note.name or "").removeprefix("compact:")]
    return {kind: [TAG.sub(" ", t) for t in values] for kind, values in texts.items()}


def _english(text: str, words: set[str]) -> set[str]:
    return {w for w in re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)*", text) for part in w.lower().split("-")
            if part in words} - {"GACC", "BNS", "USD"}


@pytest.mark.parametrize("lang", OTHER)
def test_no_english_left_in_titles_axes_legends_annotations_or_hovers(figures, lang):
    words = ENGLISH_WORDS | _template_words()
    found = {}
    for chart in figures[lang]:
        for kind, values in _reader_texts(chart.figure).items():
            for text in values:
                hits = _english(text, words)
                if hits:
                    found.setdefault((chart.key, kind), set()).update(hits)
    assert not found, found


@pytest.mark.parametrize("lang", OTHER)
def test_every_chart_title_and_footer_in_its_script(figures, lang):
    for chart in figures[lang]:
        fig = chart.figure
        texts = [fig.layout.title.text, fig.layout.title.subtitle.text, chart.title,
                 *(a.text for a in fig.layout.annotations if a.name == "footer")]
        for text in texts:
            if lang == "zh":
                assert CJK.search(text), (chart.key, text)
            else:
                assert re.search("[а-яА-ЯёЁ" + "".join(KAZAKH_LETTERS) + "]", text), (chart.key, text)
        if lang == "kk":
            assert KAZAKH_LETTERS & set(" ".join(texts).lower()), (chart.key, texts)
        assert fig.layout.meta == {"lang": lang}


def test_kazakh_charts_use_kazakh_letters_and_chinese_charts_cjk(figures):
    for chart in figures["kk"]:
        every = " ".join(t for values in _reader_texts(chart.figure).values() for t in values).lower()
        assert len(KAZAKH_LETTERS & set(every)) >= 3, chart.key
    for chart in figures["zh"]:
        texts = _reader_texts(chart.figure)
        for kind in ("title", "axis", "legend"):
            shown = [t for t in texts[kind] if t.strip() and not re.fullmatch(r"[\d\s<>br]+", t)]
            assert all(CJK.search(t) or re.fullmatch(r"[A-Z]+|\d{4}", t.strip()) for t in shown), (chart.key, kind)


def test_numbers_in_the_languages_formats(figures):
    def texts(lang, key):
        chart = next(c for c in figures[lang] if c.key == key)
        text = " ".join(t for values in _reader_texts(chart.figure).values() for t in values)
        return text.replace("\xa0", " ").replace("\u202f", " ")

    gap_ru, gap_kk, gap_zh = texts("ru", "gap"), texts("kk", "gap"), texts("zh", "gap")
    assert "28,5 млрд долл." in gap_ru and "9,6 млрд долл." in gap_ru, "decimal comma, the Russian press's unit"
    assert "28,5 млрд доллар" in gap_kk
    assert "410.2亿美元" in gap_zh and "96.2亿美元" in gap_zh, "Chinese counts dollars in 亿"
    assert "$" not in gap_ru + gap_kk + gap_zh
    overview = texts("ru", "overview")
    assert "Цель 40 млрд долл." in overview and "48,7 млрд долл." in overview
    visitors_zh, visitors_ru = texts("zh", "visitors"), texts("ru", "visitors")
    assert "21.7万" in visitors_zh and "217 тыс." in visitors_ru and "217 000" in visitors_ru
    for lang in ("ru", "kk"):
        chart = next(c for c in figures[lang] if c.key == "overview")
        assert chart.figure.layout.separators == ",\xa0", "plotly's own numbers (ticks) with a decimal comma"
    assert all(c.figure.layout.separators is None for c in figures["zh"])


def test_dates_and_months_in_the_language(figures):
    ru = next(c for c in figures["ru"] if c.key == "milestones").figure
    assert ru.layout.xaxis2.ticktext[0] == "янв.<br>2021" and ru.layout.xaxis2.tickformat is None
    zh = next(c for c in figures["zh"] if c.key == "visitors").figure
    assert zh.layout.xaxis.ticktext[0] == "2022年<br>1月"
    legend = " ".join(t.name or "" for t in zh.data)
    assert "2023年11月10日起互免签证" in legend
    kk = next(c for c in figures["kk"] if c.key == "overview").figure
    notes = " ".join(a.text for a in kk.layout.annotations).replace("\u202f", " ")
    assert "2023 ж. мамыр" in notes, "the target's month, in Kazakh, written whole as its press does"


@pytest.mark.parametrize(("lang", "first", "second"), [
    ("ru", "Год туризма Казахстана в Китае (2024)", "Год туризма Китая в Казахстане (2025)"),
    ("kk", "Қытайдағы Қазақстан туризмі жылы (2024)", "Қытайдың Қазақстандағы туризм жылы (2025)"),
    ("zh", "中国“哈萨克斯坦旅游年”（2024）", "哈萨克斯坦“中国旅游年”（2025）"),
])
def test_tourism_years_named_right_and_never_swapped(figures, lang, first, second):
    overview = next(c for c in figures[lang] if c.key == "overview").figure
    shaded = next(t.name for t in overview.data if t.name and first in t.name)
    assert second in shaded and shaded.index(first) < shaded.index(second)


@pytest.mark.parametrize("builder", [charts.chart_milestones, charts.chart_gap, charts.chart_backtest,
                                     charts.chart_visitors])
def test_builders_without_an_outlook_take_a_language(dataset, builder):
    english = builder(dataset)
    chinese = builder(dataset, lang="zh")
    assert CJK.search(chinese.figure.layout.title.text) and CJK.search(chinese.title)
    assert chinese.filename == english.filename, "file names stay; export.py translates the stems"
    footer = next(a.text for a in chinese.figure.layout.annotations if a.name == "footer")
    assert footer.startswith("数据来源：") and "Sources" not in footer


def test_the_language_comes_from_the_outlook(dataset):
    outlook = build(dataset, View(lang="ru"))
    assert "Товарооборот" in charts.chart_gap(dataset, outlook, lang="zh").figure.layout.yaxis.title.text
    assert charts.source_line(("BNS",), "kk").startswith("Дереккөздер: ҚР Ұлттық статистика бюросы (BNS)")
    footer = next(a.text for a in charts.chart_overview(dataset, outlook).figure.layout.annotations
                  if a.name == "footer")
    plain = outlook.headline.replace("\xa0", " ").replace("\u202f", " ")  # Babel's non-breaking spaces
    assert plain.startswith("Цель: 40 млрд долл. к 2030 году. ГТУ КНР: достигнута в 2023 г.")
    assert footer.replace("<br>", " ").startswith(outlook.headline), "the headline leads the footer, in Russian"


def test_english_is_unchanged(dataset, figures):
    """The English templates reproduce the texts the charts had before the catalogue (test_charts.py checks more)."""
    default = charts.all_charts(dataset, build(dataset, View()))
    explicit = [c for c in figures["en"]][:len(default)]
    assert [c.figure.to_json() for c in default] == [c.figure.to_json() for c in explicit]
    t = i18n.messages("en")
    assert t("charts.pledges") == charts.PLEDGES
    assert t("charts.backtest.scenario", rate="+24%", year="2022", date="27 Nov 2023") == charts.BACKTEST_SCENARIO
    overview = default[0].figure
    assert overview.layout.title.text == "<b>China–Kazakhstan trade turnover vs the target</b>"
    assert overview.layout.meta is None and overview.layout.separators is None
    assert overview.layout.yaxis.title.text == "Turnover, USD bn"
    names = [t.name for t in overview.data]
    assert "GACC projection +24%/yr from 2025" in names and "Deadline 2030" in names
    assert "Shaded: Kazakhstan Tourism in China (2024); China Tourism in Kazakhstan (2025)" in names
    gacc = next(t for t in overview.data if t.name == "GACC actual")
    assert gacc.hovertemplate == "GACC %{x|%Y}: $%{y:.2f}bn (%{customdata})<extra></extra>"
    target = next(a for a in overview.layout.annotations if (a.name or "").startswith("compact:"))
    assert target.text == "Target $40bn (by 2030, set May 2023)" and target.name == "compact:Target $40bn"
    gap = next(c for c in default if c.key == "gap").figure
    assert gap.layout.annotations[0].text.startswith("<b>gap $") and gap.data[0].text[0].startswith("$")
    milestones = next(c for c in default if c.key == "milestones").figure
    assert milestones.layout.xaxis2.tickformat == "%b<br>%Y" and milestones.layout.xaxis2.ticktext is None


@pytest.mark.parametrize("lang", OTHER)
def test_phone_forms_keep_within_their_width(figures, lang):
    for chart in figures[lang]:
        compact = chart.compact
        for line in compact.layout.title.text.split("<br>"):
            one_word = " " not in line and lang != "zh"  # a Russian or Kazakh word longer than a line stays whole
            assert screen.text_width(line) <= screen.TITLE_CHARS or one_word, (chart.key, line)
        for trace in compact.data:
            for line in (trace.name or "").split("<br>"):
                assert screen.text_width(line) <= screen.NOTE_CHARS or lang != "zh", (chart.key, line)
        for name in ("xaxis", "xaxis2"):
            axis = getattr(compact.layout, name, None)
            if axis is not None and axis.ticktext and axis.type != "category":
                assert len(axis.ticktext) <= 5, "dates given as text are thinned on a phone"


def test_chinese_wraps_by_width_between_characters():
    text = "按哈萨克斯坦国家统计局（BNS）数据，“2030年前400亿美元”目标尚未实现：2024年为301亿美元（初步数据）。"
    lines = screen.wrap_lines(text, 30)
    assert "".join(lines) == text, "no character lost or added (Chinese joins without spaces)"
    assert all(screen.text_width(line) <= 30 for line in lines)
    assert not any(line[0] in "，。：；）”" for line in lines[1:]), "no line starts with closing punctuation"
    assert not any(line[-1] in "（“" for line in lines), "no line ends with opening punctuation"
    assert screen.text_width("中文") == 4 and screen.text_width("<b>ab</b>") == 2
    assert charts._short("首届中国—中亚峰会（西安）") == "首届中国—中亚<br>峰会（西安）", "an aside stays whole"
    assert charts._short("霍尔果斯公路口岸恢复通关") == "霍尔果斯公路<br>口岸恢复通关", "two even lines"
    assert screen.shorten("基础设施建设项目与物流", 16) == "基础设施建设项…"


def test_latin_and_cyrillic_wrap_at_spaces_as_before():
    for text in ["Scenario: +24% a year from each source's latest annual figure (GACC 2025, BNS 2024); target $40bn",
                 "Сценарий: +24% в год от последнего годового показателя каждого источника; цель 40 млрд долл."]:
        for width in (16, 22, 34, 44):
            expected = textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)
            assert screen.wrap_lines(text, width) == expected
    assert screen._wrap("<b>gap $9.6bn</b><br>23% of GACC", 8) == "<b>gap<br>$9.6bn</b><br>23% of<br>GACC"
    caption = screen.footer(go.Figure(layout={"annotations": [{"name": "footer", "text": "若要在2030年前<br>实现。"}]}))
    assert caption == ["若要在2030年前实现。"], "a Chinese line the export wrapped joins again without a space"


def test_a_rewrapped_title_joins_words_with_a_space_but_chinese_without():
    assert screen.join_lines(["таможня", "Китая"]) == "таможня Китая"
    assert screen.join_lines(["Қытай кедені мен", "Қазақстан"]) == "Қытай кедені мен Қазақстан"
    assert screen.join_lines(["中国海关总署与哈萨克斯坦", "国家统计局"]) == "中国海关总署与哈萨克斯坦国家统计局"
    assert screen.join_lines(["达到目标所需增速：", "与滑块对比"]) == "达到目标所需增速：与滑块对比"
    for title in ("Рост, необходимый для выхода<br>на 40 млрд долл. к 2030 году", "所需增速<br>与滑块及过去对比"):
        phone = screen.for_screen(go.Figure(layout={"title": {"text": f"<b>{title}</b>"}}), compact=True)
        expected = "".join(title.split("<br>")) if CJK.search(title) else title.replace("<br>", " ")
        assert screen.join_lines(screen._TAG.sub("", line) for line in phone.layout.title.text.split("<br>")) \
            == expected, "the phone's title has every word, none run together"


def test_budgets_per_language_and_even_lines():
    assert screen.budget(46, "en") == 46 and screen.budget(46, "zh") == 46 and screen.budget(46, "ru") == 40
    text = "BNS: 2030 жылға қарай 40\u00a0млрд\u00a0доллар деңгейіне жету ықтималдығы: >99%"
    lines = screen.balanced_lines(text, 31)
    assert len(lines) == len(screen.wrap_lines(text, 31)) and " ".join(lines) == text
    assert max(map(screen.text_width, lines)) - min(map(screen.text_width, lines)) <= 6, "even lines"
    assert all("40\u00a0млрд\u00a0доллар" in line or "40" not in line for line in lines), "an amount stays whole"
    chinese = screen.wrap_lines("BNS：2030年前达到400亿美元的概率：>99%", 20)
    assert chinese == ["BNS：2030年前达到", "400亿美元的概率：", ">99%"], "a number keeps its Chinese unit"


@pytest.mark.parametrize("lang", OTHER)
def test_gap_notes_fit_their_year_and_phone_labels_are_numbers(figures, lang):
    gap = next(c for c in figures[lang] if c.key == "gap")
    width = screen.budget(int(charts.GAP_NOTE_ROOM / len(gap.data) / charts.NOTE_LETTER_PX), lang)
    for note in gap.figure.layout.annotations:
        if note.name == "footer":
            continue
        assert all(screen.text_width(line) <= width for line in note.text.split("<br>")), note.text
        assert re.fullmatch(r"[\d.,\u00a0]+", note.name.removeprefix("compact:")), "the axis names the unit"
    for note in gap.compact.layout.annotations:
        assert screen.text_width(note.text) <= 5


def test_long_titles_wrap_to_even_lines_and_english_stays_on_one(dataset):
    from tradetarget import outlook as risk_model
    from tradetarget import outlook_charts

    for lang in ("en", "ru", "kk"):
        outlook = build(dataset, View(lang=lang, growth_pct=60.0, base_year=2022, deadline=2024))
        result = risk_model.risk(dataset, outlook, risk_model.ModelSettings(paths=1000))
        gauge = outlook_charts.chart_gauge(dataset, outlook, result).figure
        lines = gauge.layout.title.text.split("<br>")
        assert len(lines) == (1 if lang == "en" else 2), lines
        assert all(screen.text_width(line) <= screen.budget(charts.TITLE_WIDTH, lang) for line in lines)
        assert gauge.layout.title.pad.t == 14 + charts.TITLE_LINE * (len(lines) - 1)
        tornado = outlook_charts.chart_tornado(dataset, outlook, result).figure
        headings = [a.text for a in tornado.layout.annotations if a.name and a.name.startswith("compact:")]
        assert all("<br>" not in h for h in headings) if lang == "en" else any("<br>" in h for h in headings)
