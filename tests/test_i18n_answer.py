"""The answer, the ledger's words, table headers and data labels in Russian, Kazakh and Chinese.

English is the source language and must not change; the other languages must carry no English word of our
templates (only the tags GACC, BNS and USD stay in Latin letters), Kazakh must use its own letters, Chinese
money is in 亿美元, and Russian counts take the right plural form.
"""

import re
from datetime import date

import pytest

from tradetarget import columns, headline, ledger, model, wording
from tradetarget.answer import answer_for, gap_words, status_words, target_name
from tradetarget.i18n import messages
from tradetarget.scenario import View, build, projection_table, target_label

AS_OF = date(2026, 3, 1)
LANGS = ("ru", "kk", "zh")
TAGS = {"GACC", "BNS", "USD"}
KAZAKH = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
VIEWS = {
    "default": {},
    "missed": {"target_id": "40by2015"},
    "label": {"target_id": "double"},
    "no deadline, never": {"target_id": "100", "growth_pct": -5.0},
    "what-if": {"base_year": 2022, "deadline": 2035},
    "contradicted": {"base_year": 2022, "growth_pct": 60.0},
    "deadline passed, figures not in": {"deadline": 2025},
    "half a percent": {"growth_pct": 7.5},
}


def latin_words(text: str) -> set[str]:
    """Words in Latin letters other than the source tags."""
    return {w for w in re.findall(r"[A-Za-z]+", text) if w not in TAGS}


def texts(answer) -> dict[str, str]:
    return {"fact": headline.source_fact(answer), "verdict": answer.verdict(), "when": answer.when(),
            "when_help": answer.when_help(), "required": answer.required(), "freshness": answer.freshness(),
            "scenario": headline.scenario({answer.source: answer}, answer.growth_pct, answer.lang),
            "pace": headline.pace_words(answer), "deadline": answer.deadline_words, "name": answer.name}


@pytest.fixture(scope="module")
def outlooks(dataset):
    return {(name, lang): build(dataset, View(lang=lang, as_of=AS_OF, **kw))
            for name, kw in VIEWS.items() for lang in ("en", *LANGS)}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("view", list(VIEWS))
def test_no_english_words_in_the_answer(outlooks, view, lang):
    outlook = outlooks[(view, lang)]
    assert set(outlook.answers) == {"GACC", "BNS"}
    for source, answer in outlook.answers.items():
        assert answer.lang == lang
        for what, text in texts(answer).items():
            assert not latin_words(text), (source, what, text)
    for text in (outlook.headline, outlook.scenario_text, outlook.briefing, outlook.footer):
        assert not latin_words(text), text


@pytest.mark.parametrize("view", list(VIEWS))
def test_kazakh_uses_its_own_letters_and_chinese_money_is_in_yi(outlooks, view):
    for answer in outlooks[(view, "kk")].answers.values():
        fact = headline.source_fact(answer)
        assert KAZAKH & set(fact), fact
        assert "млрд доллар" in fact.replace("\u00a0", " ")
    zh = outlooks[(view, "zh")]
    for answer in zh.answers.values():
        fact = headline.source_fact(answer)
        assert "亿美元" in fact and "$" not in fact and fact.endswith("。"), fact
    for text in (zh.headline, zh.scenario_text):
        assert "亿美元" in text and text.endswith("。") and not re.search(r"[,;:()$]", text), text
        assert "，" in text or "；" in text, "Chinese punctuation"


def test_the_cases_cover_every_branch(outlooks):
    """The grid above reaches every verdict and projection the answer can give."""
    answers = [a for (_, lang), o in outlooks.items() if lang == "en" for a in o.answers.values()]
    assert {a.status for a in answers} == {"met", "missed", "not_yet"}
    assert {"reached", "never", "contradicted"} <= {a.projected for a in answers}
    assert any(a.verdict().startswith("not yet known") for a in answers)
    assert any(a.required_pct is not None for a in answers) and any(a.what_if for a in answers)


def test_chinese_money_and_russian_numbers(outlooks):
    gacc = outlooks[("default", "zh")].answers["GACC"]
    assert "410.2亿美元" in headline.source_fact(gacc)  # GACC 2023: $41.02bn
    russian = outlooks[("default", "ru")]
    bns = russian.answers["BNS"]
    fact = headline.source_fact(bns).replace("\u00a0", " ")  # Babel puts a non-breaking space before "млрд"
    assert "30,1 млрд долл. за 2024 год" in fact
    assert russian.headline.replace("\u00a0", " ").startswith("Цель: 40 млрд долл. к 2030 году.")
    assert bns.required() == "4,9% в год"
    assert outlooks[("half a percent", "ru")].scenario_text.startswith("Если рост товарооборота составит +7,5% в год")
    assert "БНС РК +18,7% в год (2021–2024 гг.)" in russian.scenario_text.replace("\u00a0", " ")


def test_russian_years_plural():
    t = messages("ru")
    forms = [t.n("answer.when.beyond", n, count=str(n)) for n in (1, 2, 5, 11, 21, 1000)]
    assert forms == ["более чем через 1 год", "более чем через 2 года", "более чем через 5 лет",
                     "более чем через 11 лет", "более чем через 21 год", "более чем через 1000 лет"]


def test_beyond_the_horizon_in_every_language(dataset):
    target = dataset.target("100").to_dict()
    words = {lang: answer_for(dataset, "GACC", target, 0.05, as_of=AS_OF, lang=lang).when() for lang in
             ("en", *LANGS)}
    assert words == {"en": "not within 1000 years", "ru": "более чем через 1000 лет",
                     "kk": "1000 жылда жетпейді", "zh": "1000年内无法实现"}


def test_english_is_unchanged(dataset, outlooks):
    """The default language is English, word for word as before."""
    target = dataset.target("40by2030").to_dict()
    plain = answer_for(dataset, "BNS", target, 24.0, as_of=AS_OF)
    assert plain.lang == "en" and texts(plain) == texts(outlooks[("default", "en")].answers["BNS"])
    assert headline.source_fact(plain) == "Kazakhstan's statistics: not yet met; $30.1bn in 2024 (provisional)."
    assert headline.scenario({"BNS": plain}, 24.0, "en") == (
        "If trade grew +24% a year (the pace the prime minister cited on 27 November 2023), Kazakhstan's statistics "
        "would show $40bn in 2026. Actual pace over the last three years: BNS +18.7% a year (2021–2024).")
    assert gap_words(39, 40) == "$1.0bn short" and status_words("not_yet") == "not yet"
    assert target_name(dataset.target("100")) == "$100bn, no deadline"
    assert outlooks[("what-if", "en")].footer == (
        "Scenario: +24% a year what-if, as projected from 2022; target $40bn, what-if deadline 2035")
    english = outlooks[("default", "en")]
    assert headline.headline(english.answers, "en") == english.headline
    assert english.briefing == f"{english.headline} {english.scenario_text}"


def test_chinese_briefing_joins_without_spaces(outlooks):
    text = outlooks[("default", "zh")].briefing
    assert "。哈萨克斯坦国家统计局：" in text and "。假设" in text and "。 " not in text and " " not in text


@pytest.mark.parametrize("lang", LANGS)
def test_problems_and_errors_in_the_language(dataset, lang):
    outlook = build(dataset, View(lang=lang, as_of=AS_OF, base_year=2025))  # BNS has no 2025 figure
    assert "BNS" in outlook.problems and not latin_words(outlook.problems["BNS"]), outlook.problems
    with pytest.raises(model.ScenarioError) as caught:
        model.Scenario("GACC", 2024, 40.0, -150.0, 40.0)
    assert "above -100%" in str(caught.value)
    assert not latin_words(model.error_text(caught.value, lang))
    assert not latin_words(model.source_name("GACC", lang))


@pytest.mark.parametrize("lang", LANGS)
def test_target_labels_and_the_projection_table(dataset, lang):
    labels = [target_label(row, lang) for _, row in dataset.targets.iterrows()]
    assert len(set(labels)) == len(labels) and not any(latin_words(label) for label in labels), labels
    assert target_label(dataset.target("40by2030")) == "$40bn by 2030 (set 2023)"
    outlook = build(dataset, View(lang=lang, as_of=AS_OF))
    table = projection_table(dataset, outlook)
    shown = [columns.header(name, lang) for name in table.columns]
    assert not any(latin_words(h) for h in shown), shown
    statuses = {s for name in table.columns if name.startswith("BNS") for s in table[name] if isinstance(s, str)}
    assert not any(latin_words(s) for s in statuses), statuses


@pytest.mark.parametrize("lang", LANGS)
def test_ledger_tables_in_the_language(dataset, lang):
    verdicts = ledger.verdict_table(dataset, 24.0, AS_OF, lang=lang)
    for column in ("target", "status", "verdict", "projected"):
        assert not any(latin_words(str(v)) for v in verdicts[column]), column
    matrix = ledger.verdict_matrix(dataset, AS_OF, lang=lang)
    assert not any(latin_words(c) for c in [*matrix.columns, matrix.index.name])
    claims = ledger.check_claims(dataset, lang=lang)
    for column in ("claimed", "recomputed", "how", "matches_source", "period"):
        assert not any(latin_words(str(v)) for v in claims[column]), (column, list(claims[column]))
    assert not any(latin_words(f) for f in ledger.flow_gaps(dataset, lang=lang)["flow"])
    assert not any(latin_words(s) for s in ledger.backtest(dataset, lang=lang)["status"])
    assert not any(latin_words(s) for s in ledger.milestone_growth(dataset, lang=lang)["milestone"])
    methods = model.ytd_estimates(dataset, lang=lang)["method"]
    assert not any(latin_words(m) for m in methods), list(methods)


@pytest.mark.parametrize("lang", LANGS)
def test_every_shipped_data_label_is_translated(dataset, lang):
    """No shipped milestone, category, status, visitor metric or direction falls back to its English text."""
    t = messages(lang)
    for _, row in dataset.milestones.iterrows():
        assert t.has(wording.milestone_key(row)), row["title"]
        assert not latin_words(wording.milestone_title(row, lang).replace("ICBC", "")), row["title"]
        assert not latin_words(wording.category(row["category"], lang))
    for _, row in dataset.visitors.iterrows():
        assert not latin_words(wording.metric(row["metric"], lang).replace("BNS", "")), row["metric"]
        assert not latin_words(wording.direction(row["direction"], lang))
    for word in ("reported", "provisional", "uncertain", "missing", "provisional/uncertain"):
        assert not latin_words(wording.status(word, lang))
    assert not latin_words(wording.target_label_text(dataset.target("double"), lang))
    assert wording.milestone_title({"start": "2030-01-01", "category": "summit", "title": "Upload"}, lang) == "Upload"
    assert wording.original("a quote", lang) == "a quote"
    assert wording.original_header(columns.header("quote", lang), lang) != columns.header("quote", lang)


def test_english_data_labels_are_the_data(dataset):
    row = dataset.milestones.iloc[0]
    assert wording.milestone_title(row) == row["title"] and wording.category("visa") == "visa"
    assert wording.status("provisional") == "provisional" and wording.period("Jan–Oct 2023") == "Jan–Oct 2023"
    assert wording.period("Jan–Oct 2023", "ru") == "январь–октябрь 2023\u202fг."  # one form with ytd_words.period
    assert wording.period("Jan–Oct 2023", "kk") == "2023\u202fж. қаңтар–қазан"  # the year first, as Kazakh writes
    assert wording.period("Jan–Oct 2023", "zh") == "2023年1—10月"


def test_numbers_in_tables_per_language():
    assert columns.formatted("turnover_usd_bn", 1234.5, 2) == "1,234.5"
    assert columns.formatted("turnover_usd_bn", 1234.5, 2, "ru") == "1\u00a0234,5"
    assert columns.formatted("error_pct", -3.25, 2, "kk") == "-3,2"
    assert columns.formatted("gap_usd_bn", 9.87, 1, "zh") == "98.7"  # 亿美元, as the header says
    assert columns.count(217000, "ru") == "217\u00a0000" and columns.count(217000) == "217,000"
    for text in ("1,234.5", "1\u00a0234,5", "-3,2", "12,0%", "—", "2023"):
        assert columns.is_number(text), text
    assert not columns.is_number("Источник")
    assert columns.header("turnover_usd_bn") == "Turnover (USD bn)"
    assert columns.header("turnover_usd_bn", "zh") == "贸易额（亿美元）"
    assert columns.header("other_usd_bn", "ru") == "Other (млрд долл.)"
