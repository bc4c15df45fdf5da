"""The one answer: hand-checked cases, the examples that were inconsistent before, properties, and a grid of
views checked on every surface (core, one sentence, chart footers, ledger, Uncertainty, CLI, AppTest pages)."""

import json
from datetime import date

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT
from tradetarget import charts, headline, ledger
from tradetarget import outlook as o
from tradetarget.answer import answer_for, gap_words, shortfall
from tradetarget.cli import main
from tradetarget.scenario import View, build

TODAY = date(2026, 11, 29)


def one(dataset, source="BNS", **kw):
    return build(dataset, View(sources=(source,), as_of=TODAY, **kw)).answers[source]


# --- hand-checked cases -------------------------------------------------------------------------------
def test_defaults_by_hand(dataset):
    gacc, bns = one(dataset, "GACC"), one(dataset, "BNS")
    assert (gacc.status, gacc.met_year, gacc.when(), gacc.required()) == ("met", 2023, "2023 (actual)", "none: met")
    assert (bns.status, bns.start_year, bns.latest_year) == ("not_yet", 2024, 2024)
    assert bns.projected_year == 2026  # 30.1 * 1.24 = 37.3, * 1.24 = 46.3
    assert bns.required_pct == pytest.approx(((40 / 30.1) ** (1 / 6) - 1) * 100)
    assert bns.verdict() == "not yet: 2024 was $30.1bn, provisional, $9.9bn short"


def test_one_sign_convention():
    assert shortfall(30.1, 40) == pytest.approx(9.9) and gap_words(30.1, 40) == "$9.9bn short"
    assert shortfall(41.02, 40) == pytest.approx(-1.02) and gap_words(41.02, 40) == "$1.0bn over"


# --- the examples of the issue, each inconsistent before ----------------------------------------------
def test_gacc_passed_in_2023_is_met_whatever_the_slider(dataset):
    for growth in (-30.0, -5.0, 0.0, 24.0, 60.0):
        assert one(dataset, "GACC", growth_pct=growth).when() == "2023 (actual)"


def test_what_if_path_never_contradicts_the_actual_figures(dataset):
    a = one(dataset, growth_pct=60.0, base_year=2022, deadline=2024)
    assert a.status == "missed" and a.projected_year is None and a.crossed_year == 2024
    assert a.when() == "contradicted by the data"
    scenario = headline.scenario({"BNS": a}, a.growth_pct, a.lang)
    assert "would have shown $40bn in 2024; the actual 2024 figure was $30.1bn." in scenario, scenario
    assert "would" not in headline.headline({"BNS": a}, a.lang), "the headline holds the facts only"
    assert one(dataset, base_year=2010).projected_year is None  # the 2010 path passed $40bn in 2014


def test_a_missed_target_sets_its_deadline_and_says_missed(dataset):
    a = one(dataset, "GACC", target_id="40by2015")
    assert a.deadline == 2015 and a.status == "missed" and a.when() == "2023 (actual, late)"
    assert a.verdict().startswith("missed: deadline 2015 passed") and a.verdict().endswith("reached later, in 2023")


def test_no_deadline_no_required_growth(dataset):
    a = one(dataset, target_id="100")
    assert a.deadline is None and a.required_pct is None and a.required() == "no deadline"
    chart = charts.chart_overview(dataset, build(dataset, View(target_id="100", as_of=TODAY)))
    assert not any((t.name or "").startswith("Deadline") for t in chart.figure.data), "no deadline marker"


def test_already_met_never_gives_a_negative_required_growth(dataset):
    for base in (2023, 2025):
        assert one(dataset, "GACC", base_year=base).required_pct is None


def test_chance_up_to_the_latest_year_comes_from_the_data(dataset):
    view = build(dataset, View(as_of=TODAY))
    result = o.risk(dataset, view, o.ModelSettings(paths=2000))
    assert result.probability_by("GACC", 2023) == 1.0 and result.probability_by("BNS", 2024) == 0.0
    assert result.chance_text("GACC") == "met in 2023 (actual)"


def test_source_filter_applies_to_every_sentence(dataset):
    view = build(dataset, View(sources=("BNS",), as_of=TODAY))
    drawn = [c for c in charts.all_charts(dataset, view) if c.key != "gap"]  # the gap chart compares the two
    footers = " ".join(a.text or "" for c in drawn for a in c.figure.layout.annotations)
    assert "GACC" not in view.briefing and "China's customs" not in view.briefing
    assert "China's customs (GACC) and" not in footers


def test_the_doubling_pledge_is_in_the_ledger_without_a_deadline(dataset):
    row = dataset.target("double")
    assert pd.isna(row["deadline"])
    assert row["basis"] == "GACC" and "doubling" in row["quote"] and "headline" in row["note"]


# --- properties -------------------------------------------------------------------------------------
@settings(max_examples=150, deadline=None)
@given(growth=st.floats(-30, 60).map(lambda g: round(g * 2) / 2), source=st.sampled_from(["GACC", "BNS"]),
       target=st.sampled_from(["40by2015", "40by2020", "35by2030", "40by2030", "100", "double"]),
       base=st.sampled_from([None, 2013, 2018, 2021, 2022, 2023, 2024]),
       deadline=st.sampled_from([None, 2024, 2027, 2030, 2035, 2050]))
def test_properties_of_every_answer(dataset, growth, source, target, base, deadline):
    a = answer_for(dataset, source, dataset.target(target), growth, base, deadline, TODAY)
    if a.projected_year is not None:
        assert a.projected_year > a.latest_year, "a projection never calls a known year reached"
    if a.required_pct is not None:
        assert a.required_pct > 0 and a.status == "not_yet" and a.deadline is not None
    for year in range(2010, a.latest_year + 1):
        p = a.chance_by(year, 0.5)
        assert p in (0.0, 1.0), "up to the latest actual year the chance is given by the data"
        assert p == (1.0 if a.met_year is not None and a.met_year <= year else 0.0)
    if a.status == "met":
        assert a.when() == f"{a.met_year} (actual)" and a.required_pct is None


# --- one answer on every surface --------------------------------------------------------------------
GRID = [
    {},
    {"growth_pct": -5.0},
    {"growth_pct": 60.0, "base_year": 2022, "deadline": 2024},
    {"target_id": "40by2015"},
    {"target_id": "100"},
    {"target_id": "double", "growth_pct": 10.0},
    {"growth_pct": -30.0, "deadline": 2035},
    {"base_year": 2022},
    {"sources": ("BNS",), "growth_pct": 12.5, "deadline": 2040},
]


@pytest.mark.parametrize("kw", GRID)
def test_every_core_surface_gives_the_same_answer(dataset, kw, capsys):
    view = build(dataset, View(**{"as_of": TODAY, **kw}))
    answers = view.answers
    footer_text = " ".join(a.text or "" for a in charts.chart_overview(dataset, view).figure.layout.annotations)
    result = o.risk(dataset, view, o.ModelSettings(paths=1000))
    table = ledger.verdict_table(dataset, view.view.growth_pct, TODAY, view.view.base_year).set_index(
        ["target_id", "source"])
    squeezed = footer_text.replace("<br>", "").replace(" ", "")
    assert view.headline.replace(" ", "") in squeezed, "the headline leads the footer of a chart that projects"
    for source, a in answers.items():
        assert headline.source_fact(a) in view.headline and headline.pace_words(a) in view.scenario_text
        assert view.briefing == f"{view.headline} {view.scenario_text}"
        sr = result.by_source[source]
        assert sr.answer == a and sr.gauge.years_text() == a.when() and sr.required_pct == a.required_pct
        if view.view.deadline is None:  # the ledger judges each target on its own deadline
            row = table.loc[(view.view.target_id, source)]
            assert row["verdict"] == a.verdict() and row["projected"].startswith(a.when())
        args = ["project", "--source", source, "--growth", str(view.view.growth_pct), "--target",
                str(a.target_usd_bn), "--format", "json"]
        if a.deadline is None:
            args.append("--no-deadline")
        else:
            args += ["--deadline", str(a.deadline)]
        if view.view.base_year is None and a.target_label.startswith("$"):  # the CLI takes a number, not a label
            assert main(args) == 0
            out = json.loads(capsys.readouterr().out)
            assert out["actual_status"] == a.status and out["met_year"] == a.met_year
            assert out["year_reached"] == (a.met_year if a.met_year is not None else a.projected_year)
            assert out["required_growth_pct"] == (None if a.required_pct is None else round(a.required_pct, 4))
            if not a.overridden:  # the CLI names a target by its number: a deadline it is given is the target's own
                assert out["headline"] == headline.headline({source: a}, "en"), "the CLI quotes the same headline"


def _metrics(at: AppTest, where) -> dict[str, str]:
    return {m.label: m.value for m in where.get("metric")}


@pytest.mark.parametrize("params", [
    {}, {"growth": "-5"}, {"growth": "60", "deadline": "2024", "base": "2022"}, {"target": "$40bn by 2015 (set 2011)"},
    {"target": "$100bn, no deadline (set 2024)", "source": "BNS"},
])
def test_every_page_shows_the_same_answer(dataset, params):
    """The sidebar metric, the overview's KPIs and sentence, and the Uncertainty page's KPIs read one answer."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception and not at.sidebar.warning, [w.body for w in at.sidebar.warning]
    growth = float(params.get("growth", 24))
    target_id = {"$40bn by 2015 (set 2011)": "40by2015", "$100bn, no deadline (set 2024)": "100"}.get(
        params.get("target", ""), "40by2030")
    sources = ("BNS",) if params.get("source") == "BNS" else ("GACC", "BNS")
    view = build(dataset, View(sources=sources, growth_pct=growth, target_id=target_id,
                               base_year=int(params["base"]) if "base" in params else None,
                               deadline=int(params["deadline"]) if "deadline" in params else None))
    sidebar, main_kpis = _metrics(at, at.sidebar), _metrics(at, at.main)
    t = view.target_usd_bn
    for source, a in view.answers.items():
        assert sidebar[f"{source}: ${t:g}bn reached"] == a.when()
        assert main_kpis[f"{source}: ${t:g}bn reached"] == a.when()
        if a.deadline is None:  # no deadline, no required growth: the metric is left out (issue 20, item 7)
            assert not any("growth required" in label for label in main_kpis), main_kpis
        else:
            assert main_kpis[f"{source}: growth required by {a.deadline}"] == a.required()
    assert at.main.code[0].value == view.headline, "the headline, with its copy button"
    assert any(i.body == f"Assumption, not a forecast: {view.scenario_text}" for i in at.info), "the scenario"
    at.switch_page("pages/5_Uncertainty_and_scenarios.py").run()
    if params:  # AppTest does not carry bound values across switch_page: open the page from the link instead
        at = AppTest.from_file(str(ROOT / "pages/5_Uncertainty_and_scenarios.py"), default_timeout=60)
        for key, value in params.items():
            at.query_params[key] = value
        at.run()
    assert not at.exception
    risk_kpis = _metrics(at, at.main)
    for source, a in view.answers.items():
        assert risk_kpis[f"{source}: ${t:g}bn reached"] == a.when()
        if a.deadline is not None:  # no deadline: issue 20 item 7 wants no required-growth metric at all
            assert risk_kpis[f"{source}: required pace"] == a.required()


def test_freshness_flags_a_source_more_than_a_year_behind(dataset):
    gacc, bns = one(dataset, "GACC"), one(dataset, "BNS")
    assert not gacc.stale and gacc.freshness().startswith("Latest annual figure: 2025, $48.7bn (reported)")
    assert bns.stale and "no BNS figure for 2025 has been found yet" in bns.freshness()
    assert "(provisional), published 8 August 2025." in bns.freshness(), "the date in words"
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).run()
    captions = " ".join(c.value for c in at.caption)
    assert "More than a year behind: no BNS figure for" in captions and "published around January 2026" in captions
