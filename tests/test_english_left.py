"""No English left in a Russian, Kazakh or Chinese page or export (issue 23, item 1): every text a reader gets from
the app in those languages (every element of every page and of every tab of the uncertainty page, the main area and
the sidebar; the texts of every chart figure and its export footer) is searched for Latin words, and for the
sources' Latin tags where the reader's own names for them belong. Allowed: the
source tags, file formats and units used deliberately, proper names and file-format column names, addresses, and
what ``data/`` keeps as written (quotes, who said them, notes, details)."""

import html
import json
import re
from functools import cache

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT
from tradetarget import charts, export, i18n, outlook_charts, ytd_charts
from tradetarget import outlook as risk_model
from tradetarget.data import load_dataset
from tradetarget.scenario import View, build
from ui import tables

LANGS = ("ru", "kk", "zh")
PAGES = ("dashboard.py", "pages/1_Projection.py", "pages/2_Milestones.py", "pages/3_Data_and_sources.py",
         "pages/4_Pledges_and_claims.py", "pages/6_Year_to_date.py")
UNCERTAINTY = "pages/5_Uncertainty_and_scenarios.py"
ALLOWED = {
    # the source tags and the units, file formats and code words used deliberately
    "GACC", "BNS", "USD", "MB", "PNG", "SVG", "PDF", "CSV", "HTML", "iframe", "CMS", "BibTeX", "TXT", "URL", "ISO",
    # proper names: the UN's database, the press and the trade terms the explanations cite
    "UN", "Comtrade", "Plus", "CIF", "FOB", "Kursiv", "Research", "Kazinform", "Chrome", "Chromium", "Debian", "Ubuntu",
    # the upload format's column names and codes, which a file must spell so (the help says what they are)
    "unit", "bn", "period", "reporterISO", "partnerISO", "Code", "Desc", "flowCode", "cmdCode", "TOTAL", "primaryValue",
}
"""Latin words a translated page or export may show."""
KEPT = re.compile(
    r"https?://\S+|\b[\w.-]+\.(?:com|kz|cn|org|net|ru|gov|info|biz|hk|io)\b\S*"  # addresses
    r"|:[a-z]+\[|:material/[a-z_]+:|\]\([^)]*\)"  # streamlit's colour and icon markup, link targets
    r"|lang=[a-z|]+|data/\w+\.csv|sudo apt-get install -y chromium"  # the address's code, files, a command
    r"|%\{[^}]*\}|<[^>]+>"  # plotly's fields and tags
)
AS_WRITTEN = {"targets": ("by", "quote", "note"), "milestones": ("detail",), "visitors": ("note",),
              "turnover": ("note",), "claims": ("who", "quote", "note")}
"""The columns of ``data/`` kept in the language they were written in (their headers say so)."""
PROTO_TEXT = {"label", "body", "help", "options", "captions", "placeholder", "text", "value"}
"""The fields of an element's message that hold text a reader sees."""
FIGURE_TEXT = {"text", "name", "hovertemplate", "texttemplate", "ticktext", "customdata"}
"""The keys of a plotly figure whose strings a reader sees (titles and annotations hold theirs under ``text``)."""


@cache
def as_written() -> tuple[str, ...]:
    """Every text ``data/`` keeps as written, longest first (so a quote is removed before a word inside it)."""
    dataset = load_dataset()
    found = {str(v) for name, cols in AS_WRITTEN.items() for col in cols
             for v in getattr(dataset, name)[col].dropna().tolist() if str(v).strip()}
    return tuple(sorted(found, key=len, reverse=True))


def english(text: str) -> set[str]:
    """The Latin words of ``text`` that are neither allowed nor part of something kept as written."""
    for kept in as_written():
        text = text.replace(kept, " ")
    text = KEPT.sub(" ", text)
    return {word for word in re.findall(r"[A-Za-z]{2,}", text) if word not in ALLOWED}


def _html_text(body: str) -> str:
    body = re.sub(r"<(script|style)\b[^>]*>.*?</\1>", " ", body, flags=re.S)
    text = " ".join(re.findall(r'(?:title|data-[a-z]+)="([^"]*)"', body)) + " " + re.sub(r"<[^>]+>", " ", body)
    return html.unescape(text)


def _figure_texts(node, key: str = "") -> list[str]:
    if isinstance(node, dict):
        return [text for k, v in node.items() for text in _figure_texts(v, k)]
    if isinstance(node, (list, tuple)):
        return [text for v in node for text in _figure_texts(v, key)]
    if key == "name" and isinstance(node, str):  # an annotation's role (tradetarget.screen): its own text, if any
        node = re.sub(r"^(?:footer|detail)$|^(?:legend|compact):", "", node)
    return [node] if key in FIGURE_TEXT and isinstance(node, str) else []


def _element_texts(node) -> list[tuple[str, str]]:
    """(where, text) for every text of an AppTest element tree."""
    kind = getattr(node, "type", "")
    found: list[tuple[str, str]] = []
    if kind == "plotly_chart":
        found += [("chart", text) for text in _figure_texts(json.loads(node.proto.spec))]
    elif kind in ("arrow_data_frame", "arrow_table", "dataframe", "table"):
        frame = node.value
        found += [("table header", str(col)) for col in frame.columns]
        found += [(f"table {col}", str(v)) for col in frame.columns if frame[col].dtype != bool
                  for v in frame[col].tolist()]
    elif kind == "html":
        found.append(("html", _html_text(node.proto.body)))
    elif getattr(node, "proto", None) is not None:
        for field, value in node.proto.ListFields():
            if field.name in PROTO_TEXT:
                values = [value] if isinstance(value, str) else [v for v in value if isinstance(v, str)] if (
                    hasattr(value, "__iter__") and not hasattr(value, "ListFields")) else []
                found += [(f"{kind}.{field.name}", v) for v in values]
    children = getattr(node, "children", None) or {}
    for child in (children.values() if isinstance(children, dict) else children):
        found += _element_texts(child)
    return found


def _left(texts: list[tuple[str, str]]) -> dict[str, list[str]]:
    """Each text that still holds English, with its words; and each that names a source by its bare Latin tag
    where the reader's own name belongs («ГТУ КНР», «海关总署»; a tag in brackets beside the name is fine)."""
    found = {f"{where}: {text[:160]}": sorted(words) for where, text in texts if (words := english(text))}
    return found | {f"{where}: {text[:160]}": tags for where, text in texts if (tags := bare_tags(text))}


BARE_TAG = re.compile(r"(?<![(（\[\w])(?:GACC|BNS)(?![)）\]\w])")


def bare_tags(text: str) -> list[str]:
    """The sources' Latin tags in ``text`` outside brackets and outside what ``data/`` keeps as written."""
    for kept in as_written():
        text = text.replace(kept, " ")
    return BARE_TAG.findall(KEPT.sub(" ", text))


def _run(page: str, lang: str, **params: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / page), default_timeout=120)
    at.query_params["lang"] = lang
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_check_finds_english():
    assert english("Сценарий «As reported, Nov 2023»: +24% в год") == {"As", "reported", "Nov"}
    assert english("Yours") == {"Yours"}
    assert english("ГТУ КНР (GACC), 41 млрд долл. USD; https://example.org/a?b=c; data/targets.csv") == set()
    assert english(as_written()[0]) == set(), "a text kept as written is allowed"
    assert bare_tags("GACC: факт; BNS 2024") == ["GACC", "BNS"]
    assert bare_tags("ГТУ КНР (GACC): факт; 海关总署（GACC）; [BNS]") == []
    assert english("<b>海关总署</b> %{y:.1f} :orange[注意]") == set()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", PAGES)
def test_no_english_left_on_a_page(page, lang):
    at = _run(page, lang)
    assert _left(_element_texts(at._tree)) == {}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("tab", tables.TAB_KEYS)
def test_no_english_left_on_a_tab_of_the_uncertainty_page(tab, lang):
    at = _run(UNCERTAINTY, lang, chart=tables.tab_labels(lang)[tables.TAB_KEYS.index(tab)])
    assert _left(_element_texts(at._tree)) == {}


@pytest.mark.parametrize("lang", LANGS)
def test_no_english_left_in_an_export(dataset, lang):
    outlook = build(dataset, View(lang=lang))
    figures = [chart.figure for chart in [*charts.all_charts(dataset, outlook), ytd_charts.chart_ytd(dataset, outlook)]]
    figures += [chart.figure for chart in outlook_charts.outlook_charts(dataset, outlook, risk_model.ModelSettings())]
    assert len(figures) >= 13
    left = {}
    for figure in figures:
        stamped = export.stamped(figure, "https://example.org/?lang=" + lang, lang=lang)
        texts = [("export", text) for text in _figure_texts(stamped.to_plotly_json())]
        left |= _left(texts)
    assert left == {}, i18n.LANG_NAMES[lang]
    english_export = export.stamped(charts.chart_overview(dataset, build(dataset, View())).figure, None)
    assert {"Turnover", "target"} <= english(" ".join(_figure_texts(english_export.to_plotly_json()))), (
        "the same reading finds the English chart's words")


def test_table_cells_in_the_readers_words():
    """Sources, dates and publication dates in a translated table read in the language (the CSV keeps the data's
    own forms); a period column is wide enough for a part-year («2010 ж. қаңтар–наурыз»), not cut to «2010 ж.»."""
    from datetime import date

    from tradetarget import columns

    assert columns.text_cell("source", "BNS", "ru") == "БНС\u00a0РК"
    assert columns.text_cell("source", "BNS", "en") == "BNS"
    assert columns.text_cell("date", date(2023, 11, 27), "kk") == "2023\u202fж. 27 қараша"
    assert columns.text_cell("published", "~2026-01", "ru") == "ориентировочно январь 2026\u202fг."
    assert columns.text_cell("published", "2025-08-08", "zh") == "2025年8月8日"
    assert columns.text_cell("note", "2025-08-08", "zh") == "2025-08-08", "only a date column's text is a date"
    at = _run("pages/3_Data_and_sources.py", "kk")
    frame = at.dataframe[0].value
    assert "2010\u202fж. қаңтар–наурыз" in set(frame["Кезең"]) and "ҚР ҰСБ" in set(frame["Дереккөз"])
    assert json.loads(at.dataframe[0].proto.columns)["Кезең"]["width"] == "medium"
