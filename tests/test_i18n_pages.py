"""The pages in Russian, Kazakh and Chinese: the visible text of the main area is in the reader's script, the
Kazakh pages use Kazakh letters, our own table labels are translated while quotes and notes stay as written,
and English is unchanged."""

import re
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT
from tradetarget import i18n, wording
from ui import tables

KAZAKH_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
KEPT_LATIN = re.compile(
    r"https?://\S+|:[a-z]+\[|\]\([^)]*\)|"
    r"\b(?:GACC|BNS|USD|CSV|PNG|SVG|UN Comtrade|CIF|FOB|Kursiv Research|Kursiv|Kazinform|desht\.org|V0|V\(t\)|t0|g)\b")
"""Latin text a translated page keeps: addresses, colour markup, the source tags, file formats and proper names."""


def visible_text(at: AppTest) -> str:
    """The text a reader sees in the main area: titles, headings, markdown, captions, notes, KPIs, tabs, buttons."""
    main = at.main
    parts: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "success", "error"):
        parts += [element.value if hasattr(element, "value") else element.body for element in main.get(kind)]
    for metric in main.get("metric"):
        parts += [metric.label, str(metric.value), metric.help or ""]
    parts += [tab.label for tab in main.get("tab")]
    parts += [expander.label for expander in main.get("expander")]
    parts += [button.proto.label for button in main.get("download_button")]
    return "\n".join(str(p) for p in parts if p)


def latin_share(text: str) -> float:
    letters = [c for c in KEPT_LATIN.sub(" ", text) if c.isalpha()]
    latin = [c for c in letters if c.isascii()]
    return len(latin) / max(len(letters), 1)


def latin_words(text: str) -> list[str]:
    return sorted(set(re.findall(r"[A-Za-z]{3,}", KEPT_LATIN.sub(" ", text))))


def open_in(page: str, lang: str, **params: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / page), default_timeout=90)
    at.query_params["lang"] = lang
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


PAGE_KEYS = {"dashboard.py": "overview", "pages/1_Projection.py": "projection", "pages/2_Milestones.py": "milestones",
             "pages/3_Data_and_sources.py": "data", "pages/4_Pledges_and_claims.py": "pledges",
             "pages/5_Uncertainty_and_scenarios.py": "uncertainty"}
# Each page once in one of the three languages, and the overview in all three: eight runs in all.
CASES = [
    ("dashboard.py", "ru"), ("dashboard.py", "kk"), ("dashboard.py", "zh"),
    ("pages/1_Projection.py", "kk"), ("pages/2_Milestones.py", "zh"), ("pages/3_Data_and_sources.py", "ru"),
    ("pages/4_Pledges_and_claims.py", "kk"), ("pages/5_Uncertainty_and_scenarios.py", "zh"),
]


@pytest.mark.parametrize(("page", "lang"), CASES)
def test_a_page_reads_in_its_language(page, lang):
    at = open_in(page, lang)
    text = visible_text(at)
    assert latin_share(text) < 0.1, (latin_share(text), latin_words(text))
    assert at.title[0].value == i18n.messages(lang)(f"pages.{PAGE_KEYS[page]}.title")
    if lang == "kk":
        assert KAZAKH_LETTERS & set(text), "Kazakh text uses Kazakh letters, not Russian spelling"
    if lang == "zh" and page == "dashboard.py":
        assert "亿美元" in text, "money in 亿美元"


def test_a_link_to_another_languages_tab_opens_the_same_tab():
    at = open_in("pages/5_Uncertainty_and_scenarios.py", "ru", chart="Scenarios")
    assert at.session_state["chart"] == "Сценарии"
    assert not [w.body for w in at.main.warning if "chart" in w.body], "no note: the tab was understood"


def test_a_category_link_from_another_language_filters_the_same_milestones():
    russian = wording.category("tourism", "ru")
    at = open_in("pages/2_Milestones.py", "zh", categories=russian)
    assert at.session_state["categories"] == ["tourism"]
    assert at.main.get("multiselect")[0].value == ["tourism"]
    assert not [w.body for w in at.main.warning if "categories" in w.body or russian in w.body], "no note"


def test_number_forms_per_language():
    en, ru, zh = (i18n.messages(lang) for lang in ("en", "ru", "zh"))
    assert [tables.rate(en, v) for v in (24.0, 5.5, -3.0)] == ["+24%", "+5.5%", "-3%"], "English as before"
    assert tables.rate(ru, 5.5) == "+5,5%" and tables.rate(ru, -3.0) == "-3%"
    assert tables.plain(en, 1.5) == "1.5" and tables.plain(en, 1.0) == "1" and tables.plain(ru, 1.5) == "1,5"
    assert tables.signed(en, -1.5) == "-1.5" and tables.signed(ru, -1.5) == "-1,5"
    assert tables.sentence_start("met in 2023", "en") == "Met in 2023"
    assert tables.sentence_start("достигнута по данным ГТУ", "ru") == "Достигнута по данным ГТУ"
    assert zh("pages.list_comma") == "、"


def test_english_page_text_is_unchanged():
    t = i18n.messages("en")
    assert t("pages.overview.title") == "China–Kazakhstan trade: the target tracker"
    assert t("pages.uncertainty.kpi.chance", source="GACC", target=t.money(40, digits=None), year="2030") == (
        "GACC: chance of $40bn by 2030")
    assert t("pages.kpi.reached", source="BNS", target=t.money(40, digits=None)) == "BNS: $40bn reached"
    assert t("pages.overview.kpi.required_delta", points=tables.signed(t, -1.5)) == "slider -1.5 pts vs required"
    assert tables.tab_labels("en") == ("Fan", "Scenarios", "Growth model", "Required pace", "Sensitivity")
    assert tables.same_tab(["Сценарии", "Fan", "junk"], "en") == ["Scenarios", "Fan", "junk"]
    assert [tables.file_name(t, n) for n in ("projection", "observations", "claims")] == [
        "kz-cn-trade-projection-table.csv", "kz-cn-trade-observations.csv", "kz-cn-trade-claim-checks.csv"]
    assert tables.file_name(i18n.messages("zh"), "observations") == "中哈贸易-观测值.csv"


def test_table_labels_are_translated_and_quotes_stay_as_written(dataset):
    english = tables.milestones(dataset)
    russian = tables.milestones(dataset, "ru")
    assert russian["detail"].tolist() == english["detail"].tolist(), "details stay as written"
    assert set(russian["category"]) == {wording.category(c, "ru") for c in english["category"]}
    assert (russian["title"] != english["title"]).any(), "milestone titles are translated"
    observations = tables.observations(dataset, "zh")
    assert observations["note"].equals(tables.observations(dataset)["note"]), "notes stay as written"
    assert not {"reported", "provisional"} & set(observations["status"])
    shown = tables.verdicts(dataset, 24.0, date(2026, 11, 28), None, ("BNS",), "kk")
    assert shown.columns[0] == tables.verdict_index("kk") == "Меже"
    assert tables.original(i18n.messages("ru"), "Цитата") != "Цитата", "a quote column says it is in the original"
    assert tables.original(i18n.messages("en"), "Quote") == "Quote"
