"""Chart builders: figures drawn from their data frame, gaps kept, footers carry source and scenario."""

import json
import math
from dataclasses import replace

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from tradetarget import charts, outlook_charts, ytd_charts
from tradetarget.outlook import ModelSettings
from tradetarget.scenario import View, build


@pytest.fixture(scope="module")
def outlook(dataset):
    return build(dataset, View())


def _texts(fig: go.Figure) -> str:
    return " ".join(a.text or "" for a in fig.layout.annotations)


DASHBOARD_BUILDERS = [charts.chart_overview, charts.chart_growth, charts.chart_milestones, charts.chart_gap,
                      charts.chart_backtest, charts.chart_visitors]
EVERY_BUILDER = [*DASHBOARD_BUILDERS, *outlook_charts.BUILDERS.values()]


def _figure(builder, dataset, outlook) -> go.Figure:
    """The figure of a dashboard builder, or of an uncertainty-page builder at the default settings."""
    if builder in DASHBOARD_BUILDERS:
        return builder(dataset, outlook).figure
    return builder(dataset, outlook, ModelSettings()).figure

@pytest.mark.parametrize("builder", [charts.chart_overview, charts.chart_growth, charts.chart_milestones,
                                     charts.chart_gap, charts.chart_visitors])
def test_every_chart_has_title_footer_and_data(dataset, outlook, builder):
    chart = builder(dataset, outlook)
    assert isinstance(chart.figure, go.Figure) and not chart.data.empty
    assert chart.figure.layout.title.text
    footer = _texts(chart.figure)
    assert "Sources: " in footer and "data/" not in footer, "the data named in words, not a repository path"
    scenario = "Scenario: +24% a year from each source's latest annual figure (GACC 2025, BNS 2024); target $40bn"
    dates = "GACC around January 2026, BNS 8 August 2025"  # GACC 2025 '~2026-01', BNS 2024 '2025-08-08'
    if builder in (charts.chart_overview, charts.chart_growth):  # the headline leads: it names the data dates
        assert scenario in footer and outlook.headline in footer.replace("<br>", " ")
        assert f"Data: {dates}." in footer.replace("<br>", " ") and "Latest source page" not in footer
    else:  # the milestones, gap and visitor charts do not draw the projection: no trade sentence, no scenario
        assert "Scenario:" not in footer and "target" not in footer.split("Sources:")[1]
        assert f"Latest source page: {dates}." in footer and "Target $40bn by 2030." not in footer
    assert ("Hollow markers" in footer) == (builder not in (charts.chart_gap, charts.chart_visitors))
    assert chart.filename.startswith("kz-cn-trade-")


def test_overview_keeps_gaps_and_draws_projection_and_target(dataset, outlook):
    chart = charts.chart_overview(dataset, outlook)
    gacc = next(t for t in chart.figure.data if t.name == "GACC actual")
    assert gacc.connectgaps is False
    years = [d.year for d in gacc.x]
    values = dict(zip(years, gacc.y, strict=True))
    assert math.isnan(values[2019]) and math.isnan(values[2016])  # no line through missing years
    assert values[2023] == 41.02
    projections = [t for t in chart.figure.data if "projection" in (t.name or "")]
    assert {t.legendgroup for t in projections} == {"GACC", "BNS"}
    assert "Target $40bn" in _texts(chart.figure)
    assert any(s.type == "rect" for s in chart.figure.layout.shapes)  # tourism band
    series = set(chart.data["series"])
    assert series == {"actual", "projection", "target", "pledge"}
    steps = next(t for t in chart.figure.data if t.name == charts.PLEDGES)
    assert "lines" not in steps.mode, "pledges as points, not a line that reads as a target being cut"
    assert list(steps.text) == [str(n) for n in range(1, len(steps.x) + 1)], "each triangle numbered"
    assert steps.meta["compact_text"] == list(steps.text), "on a phone too"
    key = chart.footer[-1]
    assert key.startswith("Pledges (grey triangles, numbered left to right): 1 $40bn by 2015, June 2011; "
                          "2 $40bn by 2020")
    assert key.endswith(f"; {len(steps.x)} Double 2023's $41bn (= $82bn), no deadline, July 2024.")
    # 2011, 2015, Nov 2022, May 2023, May 2024, Jul 2024 (doubling)
    assert list(steps.y) == [40, 40, 35, 40, 100, 82]
    assert [str(x) for x in steps.x[:5]] == ["2011-06-13", "2015-11-06", "2022-11-29", "2023-05-17", "2024-05-16"]
    proj = chart.data[(chart.data["series"] == "projection") & (chart.data["source"] == "BNS")].set_index("year")
    assert proj.index.min() == 2024, "the projection starts at BNS's latest figure"
    assert proj.loc[2025, "value_usd_bn"] == pytest.approx(30.1 * 1.24)


def test_single_source_view_draws_only_that_source(dataset):
    outlook = build(dataset, View(sources=("BNS",)))
    chart = charts.chart_overview(dataset, outlook)
    assert {t.legendgroup for t in chart.figure.data if t.legendgroup} == {"BNS"}
    assert set(chart.data["source"]) <= {"BNS", ""}


def test_slider_value_changes_the_figure(dataset, outlook):
    slow = build(dataset, replace(outlook.view, growth_pct=5.0))
    a = charts.chart_overview(dataset, outlook).data
    b = charts.chart_overview(dataset, slow).data
    last = a["year"].max()
    pick = lambda d: d[(d["series"] == "projection") & (d["year"] == last)]["value_usd_bn"].max()  # noqa: E731
    assert pick(b) < pick(a)


def test_gap_chart_only_uses_years_both_report(dataset, outlook):
    data = charts.chart_gap(dataset, outlook).data
    assert list(data["year"]) == [2013, 2018, 2021, 2022, 2023, 2024]
    row = data.set_index("year").loc[2023]
    assert row["gap_usd_bn"] == pytest.approx(41.02 - 31.4)
    assert row["gap_pct_of_gacc"] == pytest.approx((41.02 - 31.4) / 41.02 * 100)


def test_growth_chart_contains_required_and_history(dataset, outlook):
    data = charts.chart_growth(dataset, outlook).data
    required = data[data["measure"].str.startswith("required")].set_index("source")["growth_pct"]
    assert "GACC" not in required, "GACC met $40bn in 2023: no required rate, never a negative one"
    assert required["BNS"] == pytest.approx(((40 / 30.1) ** (1 / 6) - 1) * 100)  # 4.85%, from 2024
    assert (data["measure"] == "slider rate").sum() == 1


def test_milestone_labels_do_not_overlap_in_a_lane():
    from datetime import date
    starts = [date(2023, 5, 18), date(2023, 10, 17), date(2023, 11, 27)]
    lanes = charts._label_lanes(starts, ["a" * 20] * 3)
    assert len(set(lanes)) == 3


def test_milestone_labels_stay_inside_the_axis():
    """A label by a marker near the right edge goes to its left (it was cut off on a narrow screen)."""
    from datetime import date
    bounds = (date(2021, 1, 1), date(2026, 3, 31))
    assert charts._label_lanes([date(2025, 8, 1)], ["a" * 22], bounds)[0].endswith("left")
    assert charts._label_lanes([date(2021, 3, 1)], ["a" * 22], bounds)[0].endswith("right")
    assert charts._label_lanes([date(2025, 8, 1)], ["a" * 22])[0].endswith("right"), "unbounded: first choice"


def test_milestones_chart_has_every_milestone(dataset, outlook):
    chart = charts.chart_milestones(dataset, outlook)
    assert (chart.data["series"] == "milestone").sum() == len(dataset.milestones)
    assert chart.export_height > charts.EXPORT_HEIGHT


def test_briefing_is_in_the_footer(dataset, outlook):
    footer = _texts(charts.chart_overview(dataset, outlook).figure).replace("<br>", " ")
    assert "China's customs: met in 2023 ($41.0bn" in footer, "the headline's facts"
    assert "Kazakhstan's statistics: not yet met; $30.1bn in 2024 (provisional)." in footer
    assert "would" not in footer and "2026 (" not in footer, "no projection in the footer's words: the chart draws it"
    bns_only = _texts(charts.chart_overview(dataset, build(dataset, View(sources=("BNS",)))).figure)
    assert "GACC" not in bns_only and "China's customs" not in bns_only, "the source filter applies to the footer"


def test_backtest_chart_is_fixed_to_the_seed_scenario(dataset, outlook):
    chart = charts.chart_backtest(dataset, outlook)
    footer = _texts(chart.figure)
    assert "as stated on 27 Nov 2023" in footer and "BNS 2025:<br>no figure yet" in footer
    assert len(chart.data) == 6


def test_visitor_conflict_is_drawn_side_by_side(dataset, outlook):
    chart = charts.chart_visitors(dataset, outlook)
    bars = [t for t in chart.figure.data if t.type == "bar" and t.y[0] in (217000, 367000)]
    assert len(bars) == 2 and bars[0].x[0] != bars[1].x[0]
    assert all(b.marker.pattern.shape == "x" for b in bars)


@pytest.mark.parametrize("builder", EVERY_BUILDER)
def test_figures_hold_lists_not_numpy_arrays(dataset, outlook, builder):
    """st.plotly_chart base64-encodes numpy arrays on every rerun; the builders hand it lists."""
    fig = _figure(builder, dataset, outlook)

    def arrays(value, path):
        if isinstance(value, np.ndarray):
            yield path
        elif isinstance(value, dict):
            for key, inner in value.items():
                yield from arrays(inner, f"{path}.{key}")

    found = [p for i, trace in enumerate(fig.data) for p in arrays(trace.to_plotly_json(), f"data[{i}]")]
    assert found == []
    assert fig.data, "the check needs traces to look at"


@pytest.mark.parametrize("builder", DASHBOARD_BUILDERS)
def test_orjson_sends_the_same_spec_as_plain_json(dataset, outlook, builder):
    """orjson (a dependency) makes plotly's serialisation faster; the browser must get the same figure."""
    import orjson  # noqa: F401  # fails if the dependency is missing: plotly would fall back silently

    fig = builder(dataset, outlook).figure
    sent = json.loads(pio.to_json(fig, validate=False))
    assert sent == json.loads(pio.to_json(fig, validate=False, engine="json"))
    assert pio.json.config.default_engine in ("auto", "orjson")


def test_layout_helper_matches_plotly_merge_and_add():
    """charts._layout does on plain dicts what update_layout + add_annotation + add_shape do to a figure."""
    first = {"title": {"text": "t", "font": {"size": 9}}, "margin": {"l": 5, "t": 7}, "height": 300,
             "annotations": [{"text": "first", "x": 1, "y": 3}]}
    expected = go.Figure(go.Scatter(x=[1, 2], y=[3, 4]), layout=first)
    expected.update_layout(title={"subtitle": {"text": "s"}}, margin={"t": 9}, legend={"x": 0})
    expected.add_annotation(text="second", x=2, y=4, showarrow=False)
    expected.add_shape(type="line", x0=1, x1=2, y0=3, y1=3)

    layout = charts._layout(first, title={"subtitle": {"text": "s"}}, margin={"t": 9}, legend={"x": 0},
                            annotations=[{"text": "second", "x": 2, "y": 4, "showarrow": False}],
                            shapes=[{"type": "line", "x0": 1, "x1": 2, "y0": 3, "y1": 3}])
    mine = go.Figure(go.Scatter(x=[1, 2], y=[3, 4]), layout=layout)
    assert mine.to_dict() == expected.to_dict()
    assert mine.layout.title.font.size == 9 and mine.layout.margin.l == 5, "merged, not replaced"
    assert first["margin"] == {"l": 5, "t": 7} and len(first["annotations"]) == 1, "the input is not changed"


@pytest.mark.parametrize("builder", EVERY_BUILDER)
def test_footer_has_room_and_no_legend_below_the_plot(dataset, outlook, builder):
    """At any height (screen or PNG) the footer's lines fit in the bottom margin and no legend sits there:
    a legend placed below the plot as a fraction of its height ran into the footer in the exported PNG."""
    fig = _figure(builder, dataset, outlook)
    footer = next(a for a in fig.layout.annotations if "Sources:" in (a.text or ""))
    lines = footer.text.count("<br>") + 1
    assert fig.layout.margin.b >= -(footer.yshift or 0) + 14 * lines, (fig.layout.margin.b, footer.yshift, lines)
    legend = fig.layout.legend
    assert legend.yref == "container" or legend.y is None or legend.y >= 0, legend.y


def test_sources_only_charts_do_not_depend_on_the_slider(dataset):
    """ui/core.py caches these by the view's sources alone; they must not change with growth, start or target."""
    from ui.core import SOURCES_ONLY

    builders = {"milestones": charts.chart_milestones, "gap": charts.chart_gap, "visitors": charts.chart_visitors,
                "ytd": ytd_charts.chart_ytd}
    assert set(builders) == SOURCES_ONLY
    for name, builder in builders.items():
        plain = builder(dataset, build(dataset, View(sources=("BNS",)))).figure.to_json()
        other = build(dataset, View(sources=("BNS",), growth_pct=-7.5, base_year=2022, target_id="100", deadline=2040))
        assert builder(dataset, other).figure.to_json() == plain, name
